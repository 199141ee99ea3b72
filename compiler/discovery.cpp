// Migration discovery: the native layout and the layouts of diesel, golang-migrate, dbmate and
// Flyway (docs/layouts.md), with detection of the layout a folder uses.

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>

#include "compiler/config.hpp"
#include "compiler/migration.hpp"
#include "compiler/name_map.hpp"

namespace sqlmigrate::compiler {
namespace fs = std::filesystem;

std::string_view to_string(Layout layout) {
  switch (layout) {
    case Layout::native: return "native";
    case Layout::diesel: return "diesel";
    case Layout::golang_migrate: return "golang-migrate";
    case Layout::dbmate: return "dbmate";
    case Layout::flyway: return "flyway";
  }
  return "native";
}

std::optional<Layout> parse_layout(std::string_view text) {
  for (const Layout l : {Layout::native, Layout::diesel, Layout::golang_migrate, Layout::dbmate, Layout::flyway}) {
    if (to_string(l) == text) return l;
  }
  return std::nullopt;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_slug_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

std::string strip_zeros(std::string_view v) {
  while (v.size() > 1 && v.front() == '0') v.remove_prefix(1);
  return std::string(v);
}

// Sized exactly: a folder holds tens of thousands of these for the whole run.
std::string join_display(const std::string& dir, const std::string& file) {
  if (dir.empty() || dir == ".") return file;
  const bool slash = dir.back() != '/';
  std::string out;
  out.reserve(dir.size() + (slash ? 1 : 0) + file.size());
  out += dir;
  if (slash) out += '/';
  out += file;
  return out;
}

MigrationFile file_named(std::string path, std::string display) {
  MigrationFile f;
  f.set_path(std::move(path));
  f.display = std::move(display);
  return f;
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

// One up or down file of a layout that keeps them in two files (native, golang-migrate, Flyway).
struct Entry {
  std::string version;  // as written (Flyway: `_` shown as `.`)
  std::string key;      // Migration::version_key
  std::string name;
  bool up = true;
  MigrationFile file;
  Layout layout = Layout::native;
};

// ---- native and golang-migrate: `<version>_<name>.up.sql` / `.down.sql` ----

// `loose`: golang-migrate's rule, where the name may be empty and hold any character.
std::optional<Entry> parse_native_name(std::string_view name, bool loose) {
  Entry out;
  if (name.ends_with(".up.sql")) {
    name.remove_suffix(7);
  } else if (name.ends_with(".down.sql")) {
    name.remove_suffix(9);
    out.up = false;
  } else {
    return std::nullopt;
  }
  std::size_t i = 0;
  while (i < name.size() && is_digit(name[i])) ++i;
  if (i == 0 || i >= name.size() || name[i] != '_') return std::nullopt;
  const std::string_view slug = name.substr(i + 1);
  if (!loose && (slug.empty() || !std::all_of(slug.begin(), slug.end(), [](char c) { return is_slug_char(c); }))) {
    return std::nullopt;
  }
  out.version = std::string(name.substr(0, i));
  out.key = strip_zeros(out.version);
  out.name = std::string(slug);
  return out;
}

// A suggestion for a .sql file whose name does not fit the native layout: the same version and
// name, written the native way. `0001-init.sql`, `V0001.Initial_Schema.up.sql` (a letter before
// the version, `.` between the parts, as some tools write them) and `0001_init.sql` all map to
// `0001_<name>.up.sql`; a `.down.sql` file keeps its direction.
std::string rename_help(std::string_view name) {
  std::string_view stem = name.substr(0, name.size() - 4);  // without ".sql"
  std::string_view direction;
  if (stem.ends_with(".up")) {
    direction = "up";
  } else if (stem.ends_with(".down")) {
    direction = "down";
  }
  if (!direction.empty()) stem.remove_suffix(direction.size() + 1);
  // The name as the native layout allows it: other characters become `_`, runs of them one `_`.
  const auto slug_of = [](std::string_view text) {
    std::string out;
    for (const char c : text) {
      if (is_slug_char(c)) {
        out += c;
      } else if (!out.empty() && out.back() != '_') {
        out += '_';
      }
    }
    while (!out.empty() && (out.back() == '_' || out.back() == '-')) out.pop_back();
    const std::size_t first = out.find_first_not_of("_-");
    return first == std::string::npos ? std::string() : out.substr(first);
  };
  std::string_view body = stem;
  const bool letter_first =
      body.size() > 1 && std::isalpha(static_cast<unsigned char>(body[0])) != 0 && is_digit(body[1]);
  if (letter_first) body.remove_prefix(1);
  std::size_t i = 0;
  while (i < body.size() && is_digit(body[i])) ++i;
  const std::string file_kind = direction.empty() ? "up" : std::string(direction);
  if (i == 0) {
    std::string slug = slug_of(stem);
    if (slug.empty()) slug = "<description>";
    return fmt::format("start the name with a version number: `<version>_{0}.{1}.sql`, for example `0001_{0}.{1}.sql`",
                       slug, file_kind);
  }
  const std::string_view version = body.substr(0, i);
  const std::string slug = slug_of(body.substr(i));
  if (slug.empty()) return fmt::format("add a name after the version: `{}_<description>.{}.sql`", version, file_kind);
  const std::string renamed = fmt::format("{}_{}.{}.sql", version, slug, file_kind);
  if (!direction.empty()) return fmt::format("rename it to `{}`", renamed);
  return fmt::format(
      "rename it to `{}` (versions and names are joined by `_`; a rollback goes in a matching "
      "`.down.sql` file)",
      renamed);
}

// A file whose extension is `.sql`, `.up.sql` or `.down.sql` in capitals, in part or whole
// (`0001_init.up.SQL`): its name with that extension in lower case, which is the only spelling read.
std::optional<std::string> lowercase_extension(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::size_t extension = lower.ends_with(".down.sql") ? 9
                                : lower.ends_with(".up.sql") ? 7
                                : lower.ends_with(".sql")    ? 4
                                                             : 0;
  if (extension == 0 ||
      name.substr(name.size() - extension) == std::string_view(lower).substr(lower.size() - extension)) {
    return std::nullopt;
  }
  std::string fixed(name.substr(0, name.size() - extension));
  fixed += lower.substr(lower.size() - extension);
  return fixed;
}

// ---- Flyway: `V<version>__<desc>.sql`, `U<version>__<desc>.sql`, `R__<desc>.sql` ----

struct FlywayName {
  char prefix = 'V';
  std::string version;  // `_` shown as `.`, as Flyway shows it
  std::string key;
  std::string description;
};

std::optional<FlywayName> parse_flyway_name(std::string_view name) {
  if (!name.ends_with(".sql") || name.size() < 4) return std::nullopt;
  name.remove_suffix(4);
  FlywayName out;
  out.prefix = name.front();
  if (out.prefix == 'R') {
    if (!name.starts_with("R__")) return std::nullopt;
    out.description = std::string(name.substr(3));
    return out;
  }
  if (out.prefix != 'V' && out.prefix != 'U') return std::nullopt;
  const std::size_t sep = name.find("__", 1);
  if (sep == std::string_view::npos || sep == 1) return std::nullopt;
  const std::string_view version = name.substr(1, sep - 1);
  // Numeric parts separated by `.` or `_`.
  std::vector<std::string> parts(1);
  for (const char c : version) {
    if (is_digit(c)) {
      parts.back() += c;
    } else if ((c == '.' || c == '_') && !parts.back().empty()) {
      parts.emplace_back();
    } else {
      return std::nullopt;
    }
  }
  if (parts.back().empty()) return std::nullopt;
  for (auto& p : parts) p = strip_zeros(p);
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  for (std::size_t i = 0; i < parts.size(); ++i) out.key += (i == 0 ? "" : ".") + parts[i];
  out.version = std::string(version);
  std::replace(out.version.begin(), out.version.end(), '_', '.');
  out.description = std::string(name.substr(sep + 2));
  return out;
}

bool is_flyway_callback(std::string_view name) {
  return (name.starts_with("before") || name.starts_with("after")) && name.ends_with(".sql");
}

// `<script>.conf` beside a Flyway script: `executeInTransaction=false` means no transaction.
void read_flyway_conf(const fs::path& script, const std::string& script_display, MigrationFile& file,
                      std::vector<Diagnostic>& errors) {
  fs::path conf = script;
  conf += ".conf";
  std::error_code ec;
  if (!fs::is_regular_file(conf, ec)) return;
  const std::string display = script_display + ".conf";
  const auto text = read_text(conf);
  if (!text) {
    errors.push_back(input_error("unreadable-file", display, std::nullopt, "cannot read the Flyway script config",
                                 "check that the file exists and that you may read it"));
    return;
  }
  std::istringstream lines(*text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const auto trim = [](std::string s) {
      const auto b = s.find_first_not_of(" \t\r");
      const auto e = s.find_last_not_of(" \t\r");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    if (trim(line.substr(0, eq)) != "executeInTransaction") continue;
    std::string value = trim(line.substr(eq + 1));
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    if (value == "false") {
      file.no_transaction_by_layout = true;
      file.rare.edit().no_transaction_origin = display + ": executeInTransaction=false";
    } else if (value != "true") {
      errors.push_back(input_error(
          "invalid-metadata", display, std::nullopt,
          fmt::format("`executeInTransaction` must be true or false (line {})", number),
          "write executeInTransaction=false to run the script outside a transaction"));
    }
  }
}

// ---- dbmate: one file, `-- migrate:up [options]` and `-- migrate:down [options]` sections ----

struct DbmateMarker {
  std::uint32_t begin = 0;  // start of the marker's line
  bool no_transaction = false;
};

// The first `-- migrate:<which>` line (at a line start, as dbmate matches it).
std::optional<DbmateMarker> find_dbmate_marker(std::string_view text, std::string_view which) {
  std::size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("--")) {
      std::string_view rest = line.substr(2);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      if (rest.starts_with("migrate:") && rest.substr(8).starts_with(which)) {
        rest.remove_prefix(8 + which.size());
        if (rest.empty() || rest.front() == ' ' || rest.front() == '\t') {
          DbmateMarker m;
          m.begin = static_cast<std::uint32_t>(pos);
          // Options are `key:value` words; dbmate knows `transaction:false`.
          m.no_transaction = rest.find("transaction:false") != std::string_view::npos;
          return m;
        }
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

bool mentions_dbmate_up(std::string_view text) { return find_dbmate_marker(text, "up").has_value(); }

// `<digits>…sql` (dbmate's own pattern is `^\d+.*\.sql$`); not the native `.up.sql`/`.down.sql`.
bool fits_dbmate_name(std::string_view name) {
  return !name.empty() && is_digit(name.front()) && name.ends_with(".sql") && !name.ends_with(".up.sql") &&
         !name.ends_with(".down.sql");
}

std::uint32_t line_of(std::string_view text, std::uint32_t offset) {
  return 1 + static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// `text`: the file's text when it does not come from the disk (standard input).
std::optional<Migration> dbmate_migration(const fs::path& path, const std::string& file_name,
                                          const std::string& display, std::vector<Diagnostic>& errors,
                                          const std::string* text_read = nullptr) {
  const auto text = text_read != nullptr ? std::optional<std::string>(*text_read) : read_text(path);
  if (!text) {
    errors.push_back(input_error("unreadable-file", display, std::nullopt, "cannot read the file",
                                 "check that the file exists and that you may read it"));
    return std::nullopt;
  }
  const auto up = find_dbmate_marker(*text, "up");
  const auto down = find_dbmate_marker(*text, "down");
  const auto section_error = [&](std::string message, std::string help) {
    errors.push_back(input_error("invalid-sections", display, std::nullopt, std::move(message), std::move(help)));
    return std::nullopt;
  };
  if (!up) {
    return section_error("this dbmate migration has no `-- migrate:up` line, so it has nothing to apply",
                         "start the migration's statements with a line `-- migrate:up`, and its rollback with "
                         "`-- migrate:down`");
  }
  if (!down) {
    return section_error("this dbmate migration has no `-- migrate:down` line; dbmate refuses such a file",
                         "add a line `-- migrate:down` after the up statements (it may be followed by nothing)");
  }
  if (down->begin < up->begin) {
    return section_error(fmt::format("`-- migrate:down` (line {}) comes before `-- migrate:up` (line {})",
                                     line_of(*text, down->begin), line_of(*text, up->begin)),
                         "move the up section first; dbmate refuses the file as it is");
  }
  // Only blank lines and comments may precede `-- migrate:up`.
  {
    std::size_t pos = 0;
    while (pos < up->begin) {
      std::size_t end = std::min<std::size_t>(text->find('\n', pos), up->begin);
      std::string_view line = std::string_view(*text).substr(pos, end - pos);
      const auto first = line.find_first_not_of(" \t\r\xEF\xBB\xBF");
      if (first != std::string_view::npos && !line.substr(first).starts_with("--")) {
        return section_error(fmt::format("line {} holds SQL before `-- migrate:up`, which belongs to neither section",
                                         line_of(*text, static_cast<std::uint32_t>(pos))),
                             "move it below `-- migrate:up` (dbmate refuses the file as it is)");
      }
      pos = end + 1;
    }
  }
  std::size_t i = 0;
  while (i < file_name.size() && is_digit(file_name[i])) ++i;
  Migration m;
  m.layout = Layout::dbmate;
  m.version = file_name.substr(0, i);
  m.version_key = m.version;
  std::string rest = file_name.substr(i, file_name.size() - 4 - i);
  if (!rest.empty() && rest.front() == '_') rest.erase(0, 1);
  m.name = rest;
  m.up = file_named(path, display);
  m.up.rare.edit().section = Span{up->begin, down->begin};
  m.down = file_named(path, display);
  m.down->rare.edit().section = Span{down->begin, static_cast<std::uint32_t>(text->size())};
  const auto mark = [&](MigrationFile& f, const DbmateMarker& marker, const char* which) {
    if (!marker.no_transaction) return;
    f.no_transaction_by_layout = true;
    f.rare.edit().no_transaction_origin =
        fmt::format("{}:{}: `-- migrate:{} transaction:false`", display, line_of(*text, marker.begin), which);
  };
  mark(m.up, *up, "up");
  mark(*m.down, *down, "down");
  return m;
}

// ---- diesel: `<version>_<name>/up.sql`, `down.sql`, `metadata.toml` ----

struct DieselName {
  std::string version;
  std::string key;
  std::string name;
};

// diesel takes the text before the first `_` as the version and drops its `-`.
std::optional<DieselName> parse_diesel_name(std::string_view dir_name) {
  const std::size_t sep = dir_name.find('_');
  if (sep == std::string_view::npos || sep == 0 || sep + 1 >= dir_name.size()) return std::nullopt;
  DieselName out;
  out.version = std::string(dir_name.substr(0, sep));
  if (!is_digit(out.version.front())) return std::nullopt;
  for (const char c : out.version) {
    if (is_digit(c)) {
      out.key += c;
    } else if (c != '-') {
      return std::nullopt;
    }
  }
  out.name = std::string(dir_name.substr(sep + 1));
  return out;
}

std::optional<Migration> diesel_migration(const fs::path& dir, const std::string& display,
                                          std::vector<Diagnostic>& errors) {
  const std::string dir_name = dir.filename().string();
  auto parsed = parse_diesel_name(dir_name);
  std::error_code ec;
  const bool has_up = fs::is_regular_file(dir / "up.sql", ec);
  if (!parsed) {
    errors.push_back(input_error(
        "invalid-file-name", display, std::nullopt,
        fmt::format("the folder `{}` does not fit the diesel layout `<version>_<name>/up.sql`", dir_name),
        "name the folder `<version>_<name>` with a version of digits (and `-`), for example "
        "`2024-01-31-120000_add_users`, or move it out of the migrations folder"));
    return std::nullopt;
  }
  if (!has_up) {
    errors.push_back(input_error("missing-up-migration", display, std::nullopt,
                                 fmt::format("the migration folder `{}` has no up.sql", dir_name),
                                 "add up.sql with the migration's statements, or move the folder out of the "
                                 "migrations folder (diesel refuses it too)"));
    return std::nullopt;
  }
  Migration m;
  m.layout = Layout::diesel;
  m.version = parsed->version;
  m.version_key = parsed->key;
  m.name = parsed->name;
  m.up = file_named(dir / "up.sql", join_display(display, "up.sql"));
  if (fs::is_regular_file(dir / "down.sql", ec)) {
    m.down = file_named(dir / "down.sql", join_display(display, "down.sql"));
  }
  if (fs::is_regular_file(dir / "metadata.toml", ec)) {
    const std::string meta_display = join_display(display, "metadata.toml");
    auto meta = read_diesel_metadata(dir / "metadata.toml", meta_display);
    if (!meta) {
      for (auto& e : meta.take_errors()) errors.push_back(std::move(e));
    } else if (!meta->run_in_transaction) {
      // diesel runs both the migration and its revert outside a transaction.
      for (MigrationFile* f : {&m.up, m.down ? &*m.down : nullptr}) {
        if (f == nullptr) continue;
        f->no_transaction_by_layout = true;
        f->rare.edit().no_transaction_origin = meta_display + ": run_in_transaction = false";
      }
    }
  }
  return m;
}

// ---- order, duplicates, up/down pairing ----

// The last component of a path: what follows the last `/`.
std::string_view file_name_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool apply_order_less(const Migration& a, const Migration& b) {
  if (a.layout != b.layout) return a.layout < b.layout;
  switch (a.layout) {
    case Layout::diesel:
      // diesel compares its versions as text: 2025-11-19-091444-0000 (18 digits) before 20260120162913.
      if (a.version_key != b.version_key) return a.version_key < b.version_key;
      break;
    case Layout::dbmate:
      // dbmate applies files in file-name order.
      if (const auto fa = file_name_of(a.up.location()), fb = file_name_of(b.up.location()); fa != fb) return fa < fb;
      break;
    default:
      if (const int c = compare_versions(a.version_key, b.version_key); c != 0) return c < 0;
  }
  return a.up.display < b.up.display;
}

std::string example_up_name(Layout layout, const std::string& version, const std::string& name) {
  switch (layout) {
    case Layout::flyway: return fmt::format("V{}__{}.sql", version, name);
    default: return fmt::format("{}_{}.up.sql", version, name);
  }
}

// Sorts the migrations into apply order and keeps the first of each version; adds the down files
// of two-file layouts by version.
void assemble(MigrationSet& set, std::vector<Migration> candidates, std::vector<Entry> downs) {
  // Folders list in name order, which is usually the apply order already: check before sorting,
  // and sort positions rather than the (large) migrations themselves.
  if (!std::is_sorted(candidates.begin(), candidates.end(), apply_order_less)) {
    std::vector<std::size_t> order(candidates.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return apply_order_less(candidates[a], candidates[b]); });
    std::vector<Migration> sorted;
    sorted.reserve(candidates.size());
    for (const std::size_t i : order) sorted.push_back(std::move(candidates[i]));
    candidates = std::move(sorted);
  }
  // Duplicates are dropped in place, so that the list is not held twice while it is built.
  const std::size_t base = set.migrations.size();
  NameMap<std::size_t> by_key;  // layout + version key -> index in set.migrations
  by_key.reserve(candidates.size());
  const auto key_of = [](Layout layout, const std::string& version_key) {
    std::string k(1, static_cast<char>('0' + static_cast<int>(layout)));
    k += version_key;
    return k;
  };
  std::size_t kept = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Migration& m = candidates[i];
    if (!m.standalone) {
      const auto [it, inserted] = by_key.try_emplace(key_of(m.layout, m.version_key), base + kept);
      if (!inserted) {
        const Migration& first = candidates[it->second - base];
        set.errors.push_back(input_error(
            "duplicate-version", m.up.display, std::nullopt,
            fmt::format("version {} is used by two migrations: {} and {}", m.version, first.up.display, m.up.display),
            "give one of them a new, higher version number; versions must be unique"));
        continue;
      }
    }
    if (kept != i) candidates[kept] = std::move(m);
    ++kept;
  }
  candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(kept), candidates.end());
  if (set.migrations.empty()) {
    set.migrations = std::move(candidates);
  } else {
    set.migrations.reserve(base + candidates.size());
    for (Migration& m : candidates) set.migrations.push_back(std::move(m));
  }
  const auto by_display = [](const Entry& a, const Entry& b) { return a.file.display < b.file.display; };
  if (!std::is_sorted(downs.begin(), downs.end(), by_display)) std::sort(downs.begin(), downs.end(), by_display);
  for (Entry& e : downs) {
    const auto it = by_key.find(key_of(e.layout, e.key));
    if (it == by_key.end()) {
      set.errors.push_back(input_error(
          "orphan-down-migration", e.file.display, std::nullopt,
          fmt::format("this down migration has no up migration: no file `{}` was found",
                      example_up_name(e.layout, e.version, e.name)),
          e.layout == Layout::flyway
              ? "add the versioned V file of the same version, or delete this undo file"
              : "add the matching .up.sql file, rename this file to match its up file, or delete it"));
      continue;
    }
    Migration& m = set.migrations[it->second];
    // Flyway pairs an undo file by version alone; the other layouts by the whole name.
    if (e.layout != Layout::flyway && (m.name != e.name || m.version != e.version)) {
      set.errors.push_back(input_error(
          "orphan-down-migration", e.file.display, std::nullopt,
          fmt::format("this down migration does not match the up migration of version {}, `{}`", e.version,
                      m.up.display),
          fmt::format("rename it to `{}_{}.down.sql`", m.version, m.name)));
      continue;
    }
    if (m.down) {
      set.errors.push_back(input_error("duplicate-version", e.file.display, std::nullopt,
                                       fmt::format("version {} has two down migrations: {} and {}", m.version,
                                                   m.down->display, e.file.display),
                                       "keep one down file per migration"));
      continue;
    }
    m.down = std::move(e.file);
  }
}

Migration migration_from_entry(Layout layout, Entry e) {
  Migration m;
  m.layout = layout;
  m.version = std::move(e.version);
  m.version_key = std::move(e.key);
  m.name = std::move(e.name);
  m.up = std::move(e.file);
  return m;
}

Entry flyway_entry(const FlywayName& f, MigrationFile file) {
  return Entry{f.version, f.key, f.description, f.prefix == 'V', std::move(file), Layout::flyway};
}

Diagnostic repeatable_error(const std::string& display) {
  return input_error("unsupported-migration", display, std::nullopt,
                     "Flyway repeatable migrations (R__) are not supported: sqlmigrate applies each migration once, "
                     "in version order",
                     "turn its current content into a versioned migration (V<next version>__<name>.sql) and do "
                     "the same for each later change, or move the file out of the migrations folder");
}

// ---- reading a folder, one layout ----


struct DirEntry {
  std::string name;
  bool file = false;  // a regular file, or a link to one
  bool dir = false;   // a folder, or a link to one
};

struct Listing {
  fs::path dir;
  std::vector<DirEntry> entries;  // sorted by name, dot-files left out
  std::vector<Diagnostic> errors;
  std::string path_of(const DirEntry& e) const {
    const std::string& d = dir.native();
    const bool slash = !d.empty() && d.back() != '/';
    std::string p;
    p.reserve(d.size() + (slash ? 1 : 0) + e.name.size());
    p += d;
    if (slash) p += '/';
    p += e.name;
    return p;
  }
};

// Sorts by name, byte by byte. Names are compared by their first eight bytes as one number first
// (the version digits, which usually decide): fewer visits to the strings, which are spread over
// the heap, for folders of tens of thousands of files.
void sort_by_name(std::vector<DirEntry>& entries) {
  struct Key {
    std::uint64_t prefix;
    std::uint32_t index;
  };
  std::vector<Key> keys(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::uint64_t prefix = 0;
    const std::string& n = entries[i].name;
    for (std::size_t b = 0; b < 8; ++b) {
      prefix = (prefix << 8) | (b < n.size() ? static_cast<unsigned char>(n[b]) : 0U);
    }
    keys[i] = Key{prefix, static_cast<std::uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return entries[a.index].name < entries[b.index].name;
  });
  std::vector<DirEntry> sorted;
  sorted.reserve(entries.size());
  for (const Key& k : keys) sorted.push_back(std::move(entries[k.index]));
  entries = std::move(sorted);
}

// readdir with the entry types it reports (a stat only for links and file systems that do not say):
// std::filesystem builds a path object per entry and per question asked of it, which made listing
// a folder of 40,000 migrations a sizeable part of a lint run.
Listing list_dir(const fs::path& dir, const std::string& display_dir) {
  Listing out;
  out.dir = dir;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    out.errors.push_back(input_error("unreadable-file", display_dir, std::nullopt,
                                     fmt::format("cannot list the folder: {}", std::strerror(errno)),
                                     "check that the folder exists and that you may read it"));
    return out;
  }
  const int dfd = ::dirfd(d);
  while (true) {
    errno = 0;
    const dirent* e = ::readdir(d);
    if (e == nullptr) {
      if (errno != 0) {
        out.errors.push_back(input_error("unreadable-file", display_dir, std::nullopt,
                                         fmt::format("cannot list the folder: {}", std::strerror(errno)),
                                         "check the folder's permissions"));
      }
      break;
    }
    if (e->d_name[0] == '.' || e->d_name[0] == '\0') continue;
    DirEntry entry{e->d_name, e->d_type == DT_REG, e->d_type == DT_DIR};
    if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(dfd, e->d_name, &st, 0) == 0) {
        entry.file = S_ISREG(st.st_mode);
        entry.dir = S_ISDIR(st.st_mode);
      }
    }
    out.entries.push_back(std::move(entry));
  }
  ::closedir(d);
  sort_by_name(out.entries);
  return out;
}

bool is_file(const fs::directory_entry& e) {
  std::error_code ec;
  return e.is_regular_file(ec);
}
bool is_dir(const fs::directory_entry& e) {
  std::error_code ec;
  return e.is_directory(ec);
}

void read_two_file_layout(Layout layout, const Listing& listing, const std::string& display_dir, MigrationSet& set) {
  std::vector<Migration> ups;
  std::vector<Entry> downs;
  std::size_t up_count = 0;  // reserved exactly: a migration is 440 bytes, and a list that doubles past
                             // its size holds twice that per migration for the whole run
  for (const auto& entry : listing.entries) up_count += entry.name.ends_with(".up.sql") ? 1 : 0;
  const auto dir = OpenDirectory::open(listing.dir.native());
  ups.reserve(up_count);
  downs.reserve(listing.entries.size() - std::min(up_count, listing.entries.size()));
  // Shown as it is read (the folder named as it is on the command line): no second string per file.
  const bool shown_as_read = join_display(display_dir, "x") == listing.path_of(DirEntry{"x", true, false});
  for (const auto& entry : listing.entries) {
    const std::string& file_name = entry.name;
    if (!entry.file && (file_name.ends_with(".up.sql") || file_name.ends_with(".down.sql"))) {
      // Named like a migration but not a file to read: said, never skipped in silence.
      set.errors.push_back(
          input_error("unreadable-file", join_display(display_dir, file_name), std::nullopt,
                      entry.dir ? "this is a folder named like a migration file, not a file"
                                : "this is not a regular file that can be read: a link to nothing, a pipe or a device",
                      "put the migration's SQL file here, or move this out of the migrations folder"));
      continue;
    }
    if (entry.file) {
      if (const auto fixed = lowercase_extension(file_name)) {
        // Left out by the `.sql` test below, and so never checked nor run: said instead.
        set.errors.push_back(input_error(
            "invalid-file-name", join_display(display_dir, file_name), std::nullopt,
            fmt::format("`{}` has its extension in capitals: migration files must end in lowercase `.up.sql` or "
                        "`.down.sql`, so this file would be neither checked nor run",
                        file_name),
            parse_native_name(*fixed, layout == Layout::golang_migrate) ? fmt::format("rename it to `{}`", *fixed)
                                                                        : rename_help(*fixed)));
        continue;
      }
    }
    if (!entry.file || !file_name.ends_with(".sql")) continue;  // subfolders, READMEs and the like
    std::string display = join_display(display_dir, file_name);
    std::string path = shown_as_read ? std::string() : listing.path_of(entry);
    auto parsed = parse_native_name(file_name, layout == Layout::golang_migrate);
    if (!parsed) {
      const bool loose_fits = parse_native_name(file_name, true).has_value();
      set.errors.push_back(input_error(
          "invalid-file-name", display, std::nullopt,
          fmt::format("`{}` does not fit the migration file layout `<version>_<name>.up.sql` / "
                      "`<version>_<name>.down.sql`",
                      file_name),
          loose_fits ? "use only letters, digits, `_` and `-` in the name, or set `[migrations] layout = "
                       "\"golang-migrate\"` in sqlmigrate.toml to accept any name"
                     : rename_help(file_name)));
      continue;
    }
    if (parsed->up) {
      // Built in place: a migration is large, and a folder holds tens of thousands.
      Migration& m = ups.emplace_back();
      m.layout = layout;
      m.version = std::move(parsed->version);
      m.version_key = std::move(parsed->key);
      m.name = std::move(parsed->name);
      m.up.set_path(std::move(path));
      m.up.display = std::move(display);
      m.up.dir = dir;
    } else {
      parsed->file = file_named(std::move(path), std::move(display));
      parsed->file.dir = dir;
      parsed->layout = layout;
      downs.push_back(std::move(*parsed));
    }
  }
  assemble(set, std::move(ups), std::move(downs));
}

void read_diesel(const Listing& listing, const std::string& display_dir, MigrationSet& set) {
  std::vector<Migration> migrations;
  for (const auto& entry : listing.entries) {
    if (!entry.dir) continue;  // diesel ignores files beside the migration folders
    auto m = diesel_migration(listing.path_of(entry), join_display(display_dir, entry.name), set.errors);
    if (m) migrations.push_back(std::move(*m));
  }
  assemble(set, std::move(migrations), {});
}

void read_dbmate(const Listing& listing, const std::string& display_dir, MigrationSet& set) {
  std::vector<Migration> migrations;
  for (const auto& entry : listing.entries) {
    const std::string& file_name = entry.name;
    if (!entry.file || !file_name.ends_with(".sql")) continue;
    const std::string display = join_display(display_dir, file_name);
    if (!fits_dbmate_name(file_name)) {
      set.errors.push_back(input_error(
          "invalid-file-name", display, std::nullopt,
          fmt::format("`{}` does not fit the dbmate file layout `<version>_<name>.sql`", file_name),
          file_name.ends_with(".up.sql") || file_name.ends_with(".down.sql")
              ? "dbmate keeps up and down in one file: merge them into `<version>_<name>.sql` with `-- migrate:up` "
                "and `-- migrate:down` sections"
              : fmt::format("start the name with a version, for example `20240131120000_{}`", file_name)));
      continue;
    }
    auto m = dbmate_migration(listing.path_of(entry), file_name, display, set.errors);
    if (m) migrations.push_back(std::move(*m));
  }
  assemble(set, std::move(migrations), {});
}

void read_flyway(const fs::path& dir, const std::string& display_dir, MigrationSet& set) {
  std::vector<Migration> ups;
  std::vector<Entry> downs;
  std::error_code ec;
  // Flyway reads its locations recursively.
  fs::recursive_directory_iterator it(dir, ec);
  std::vector<fs::directory_entry> files;
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.') {
      if (is_dir(*it)) it.disable_recursion_pending();
      continue;
    }
    if (is_file(*it) && name.ends_with(".sql")) files.push_back(*it);
  }
  if (ec) {
    set.errors.push_back(input_error("unreadable-file", display_dir, std::nullopt,
                                     fmt::format("cannot list the folder: {}", ec.message()),
                                     "check the folder's permissions"));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& entry : files) {
    const std::string file_name = entry.path().filename().string();
    const std::string display = join_display(display_dir, entry.path().lexically_relative(dir).generic_string());
    const auto parsed = parse_flyway_name(file_name);
    if (!parsed) {
      if (is_flyway_callback(file_name)) {
        set.errors.push_back(input_error(
            "unsupported-migration", display, std::nullopt,
            fmt::format("Flyway callback scripts such as `{}` are not supported: sqlmigrate would not run it",
                        file_name),
            "fold its statements into the migrations that need them, or move it out of the migrations folder"));
      } else {
        set.errors.push_back(input_error(
            "invalid-file-name", display, std::nullopt,
            fmt::format("`{}` does not fit the Flyway file layout `V<version>__<description>.sql`", file_name),
            "rename it to `V<version>__<description>.sql` (two underscores; an undo script starts with `U`), "
            "for example `V1__create_users.sql`"));
      }
      continue;
    }
    if (parsed->prefix == 'R') {
      set.errors.push_back(repeatable_error(display));
      continue;
    }
    MigrationFile file = file_named(entry.path(), display);
    read_flyway_conf(entry.path(), display, file, set.errors);
    Entry e = flyway_entry(*parsed, std::move(file));
    if (e.up) {
      ups.push_back(migration_from_entry(Layout::flyway, std::move(e)));
    } else {
      downs.push_back(std::move(e));
    }
  }
  assemble(set, std::move(ups), std::move(downs));
}

// ---- detection ----

// The layout a folder's entries fit, or an error naming files of each layout when they mix.
std::optional<Layout> detect_layout(const fs::path& dir, const Listing& listing, const std::string& display_dir,
                                    std::vector<Diagnostic>& errors) {
  // One bucket per family of layouts; native and golang-migrate share the same shape of name.
  enum Family : std::uint8_t { k_two_file, k_diesel, k_dbmate, k_flyway, k_families };
  std::array<std::vector<std::string>, k_families> examples;
  for (const auto& entry : listing.entries) {
    const std::string& name = entry.name;
    std::error_code ec;
    if (entry.dir) {
      if (fs::is_regular_file(fs::path(listing.path_of(entry)) / "up.sql", ec)) examples[k_diesel].push_back(name + "/up.sql");
      continue;
    }
    if (!entry.file || !name.ends_with(".sql")) continue;
    if (parse_flyway_name(name)) {
      examples[k_flyway].push_back(name);
    } else if (parse_native_name(name, true)) {
      examples[k_two_file].push_back(name);
    } else if (fits_dbmate_name(name)) {
      const auto text = read_text(dir / name);
      if (text && mentions_dbmate_up(*text)) examples[k_dbmate].push_back(name);
    }
  }
  constexpr std::array<Layout, k_families> k_layout_of = {Layout::native, Layout::diesel, Layout::dbmate,
                                                          Layout::flyway};
  std::vector<int> found;
  for (int f = 0; f < k_families; ++f) {
    if (!examples[f].empty()) found.push_back(f);
  }
  if (found.empty()) return Layout::native;
  if (found.size() == 1) {
    // golang-migrate's names are the native ones with any character allowed in the name: a folder
    // is read with the native, stricter rule unless `layout = "golang-migrate"` says otherwise.
    return k_layout_of[found.front()];
  }
  std::string list;
  int most = found.front();
  for (std::size_t i = 0; i < found.size(); ++i) {
    const int f = found[i];
    if (examples[f].size() > examples[most].size()) most = f;
    list += i == 0 ? "" : (i + 1 == found.size() ? " and " : ", ");
    list += fmt::format("{} (`{}`{})", to_string(k_layout_of[f]), join_display(display_dir, examples[f].front()),
                        examples[f].size() > 1 ? fmt::format(" and {} more", examples[f].size() - 1) : "");
  }
  Diagnostic d = input_error(
      "mixed-layouts", display_dir, std::nullopt,
      fmt::format("the migrations folder mixes file layouts: {}", list),
      fmt::format("keep one layout per folder, or set `[migrations] layout = \"{}\"` in sqlmigrate.toml to read the "
                  "folder as that layout (docs/layouts.md)",
                  to_string(k_layout_of[most])));
  d.notes.push_back("sqlmigrate cannot tell which files are migrations, nor in which order they run");
  errors.push_back(std::move(d));
  return std::nullopt;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    const std::size_t ea = std::min(a.find('.'), a.size());
    const std::size_t eb = std::min(b.find('.'), b.size());
    std::string_view pa = a.substr(0, ea);
    std::string_view pb = b.substr(0, eb);
    while (!pa.empty() && pa.front() == '0') pa.remove_prefix(1);
    while (!pb.empty() && pb.front() == '0') pb.remove_prefix(1);
    if (pa.size() != pb.size()) return pa.size() < pb.size() ? -1 : 1;
    if (const int c = pa.compare(pb); c != 0) return c < 0 ? -1 : 1;
    a.remove_prefix(std::min(ea + 1, a.size()));
    b.remove_prefix(std::min(eb + 1, b.size()));
  }
  return 0;
}

OpenDirectory::~OpenDirectory() {
  if (m_fd >= 0) ::close(m_fd);
}

std::shared_ptr<const OpenDirectory> OpenDirectory::open(const std::string& path) {
  const int fd = ::open(path.empty() ? "." : path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  return std::make_shared<const OpenDirectory>(fd);
}

namespace {

// A folder with no migrations of its own whose subfolders hold .sql files was most likely named one
// level too high (`migrations/` of a project that keeps one folder per database). Checking it would
// find nothing and pass: an error instead, naming the folders.
std::optional<Diagnostic> nested_sql_error(const Listing& listing, const std::string& display_dir) {
  std::vector<std::string> holding;
  for (const DirEntry& entry : listing.entries) {
    if (!entry.dir) continue;
    std::error_code ec;
    for (const auto& inner : fs::directory_iterator(listing.dir / entry.name, ec)) {
      if (inner.path().extension() == ".sql") {
        holding.push_back(entry.name);
        break;
      }
    }
  }
  if (holding.empty()) return std::nullopt;
  std::string names;
  const std::size_t shown = std::min<std::size_t>(holding.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) names += i + 1 == shown && holding.size() <= 3 ? " and " : ", ";
    names += "`" + holding[i] + "`";
  }
  if (holding.size() > 3) names += fmt::format(" and {} more", holding.size() - 3);
  const std::string example = join_display(display_dir, holding.front());
  return input_error(
      "no-migrations", display_dir, std::nullopt,
      fmt::format("`{}` holds no migrations, but {} {} inside it hold{} .sql files", display_dir,
                  holding.size() == 1 ? "the folder" : "the folders", names, holding.size() == 1 ? "s" : ""),
      fmt::format("migrations are read from the folder named, not from the folders inside it: name the folder "
                  "that holds them (`sqlmigrate lint {}`, or `[migrations] dir` in sqlmigrate.toml)",
                  example));
}

}  // namespace

MigrationSet discover_migrations(const fs::path& dir, const std::string& display_dir, std::optional<Layout> layout) {
  MigrationSet set;
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (ec || !fs::exists(status)) {
    set.errors.push_back(input_error(
        "missing-migrations-dir", display_dir, std::nullopt,
        fmt::format("the migrations folder `{}` does not exist", display_dir),
        "start a project here with `sqlmigrate init`, create the folder (`mkdir -p " + display_dir +
            "`), or set `[migrations] dir` in sqlmigrate.toml to where the migrations are (`sqlmigrate lint` also "
            "takes the folder: `sqlmigrate lint path/to/migrations`)"));
    return set;
  }
  if (!fs::is_directory(status)) {
    set.errors.push_back(input_error("missing-migrations-dir", display_dir, std::nullopt,
                                     fmt::format("`{}` is not a folder", display_dir),
                                     "name a folder of migrations, or .sql files"));
    return set;
  }
  Listing listing = list_dir(dir, display_dir);
  set.errors = std::move(listing.errors);
  set.complete = true;
  set.display = display_dir;
  if (!layout) layout = detect_layout(dir, listing, display_dir, set.errors);
  if (!layout) return set;
  set.layout = *layout;
  switch (*layout) {
    case Layout::native:
    case Layout::golang_migrate: read_two_file_layout(*layout, listing, display_dir, set); break;
    case Layout::diesel: read_diesel(listing, display_dir, set); break;
    case Layout::dbmate: read_dbmate(listing, display_dir, set); break;
    case Layout::flyway: read_flyway(dir, display_dir, set); break;
  }
  if ((*layout == Layout::native || *layout == Layout::golang_migrate) && set.migrations.empty() &&
      set.errors.empty()) {
    if (auto error = nested_sql_error(listing, display_dir)) set.errors.push_back(std::move(*error));
  }
  return set;
}

MigrationSet migrations_from_files(const std::vector<std::string>& files, std::optional<Layout> layout,
                                   const StdinScript* stdin_script) {
  MigrationSet set;
  set.layout = layout.value_or(Layout::native);
  const auto allows = [&](Layout l) { return !layout || *layout == l; };
  const auto listed = [&](const fs::path& p) {
    return std::find(files.begin(), files.end(), p.string()) != files.end();
  };
  std::vector<Migration> migrations;
  std::vector<Entry> downs;
  std::vector<Migration> standalone;
  std::set<std::string> diesel_dirs;  // each diesel folder once, whichever of its files was named
  for (const std::string& f : files) {
    const fs::path path(f);
    const std::string file_name = path.filename().string();
    const fs::path parent = path.parent_path();
    std::error_code ec;
    // diesel: .../<version>_<name>/up.sql or down.sql
    if (allows(Layout::diesel) && (file_name == "up.sql" || file_name == "down.sql") &&
        parse_diesel_name(parent.filename().string())) {
      if (diesel_dirs.insert(parent.string()).second) {
        auto m = diesel_migration(parent, parent.generic_string(), set.errors);
        if (m) migrations.push_back(std::move(*m));
      }
      continue;
    }
    // Flyway: V<version>__<desc>.sql, with its undo file beside it (and the other way round).
    if (const auto fw = allows(Layout::flyway) ? parse_flyway_name(file_name) : std::nullopt) {
      if (fw->prefix == 'R') {
        set.errors.push_back(repeatable_error(f));
        continue;
      }
      set.layout = Layout::flyway;
      MigrationFile file = file_named(path, f);
      read_flyway_conf(path, f, file, set.errors);
      Entry e = flyway_entry(*fw, std::move(file));
      // The sibling of the other kind with the same version, when it sits beside it on disk.
      for (const auto& sibling : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec)) {
        const std::string sname = sibling.path().filename().string();
        const auto sfw = parse_flyway_name(sname);
        if (!sfw || sfw->prefix == 'R' || (sfw->prefix == 'V') == e.up || sfw->key != e.key) continue;
        const fs::path spath = parent / sname;
        if (listed(spath)) continue;  // taken in on its own turn
        MigrationFile sfile = file_named(spath, spath.string());
        read_flyway_conf(spath, spath.string(), sfile, set.errors);
        Entry se = flyway_entry(*sfw, std::move(sfile));
        if (se.up) {
          migrations.push_back(migration_from_entry(Layout::flyway, std::move(se)));
        } else {
          downs.push_back(std::move(se));
        }
      }
      if (e.up) {
        migrations.push_back(migration_from_entry(Layout::flyway, std::move(e)));
      } else {
        downs.push_back(std::move(e));
      }
      continue;
    }
    // Native and golang-migrate: <version>_<name>.up.sql with its .down.sql beside it.
    const bool two_file = allows(Layout::native) || allows(Layout::golang_migrate);
    if (auto parsed = two_file ? parse_native_name(file_name, layout == Layout::golang_migrate) : std::nullopt) {
      const Layout l = layout.value_or(Layout::native);
      const fs::path twin =
          parent / fmt::format("{}_{}.{}.sql", parsed->version, parsed->name, parsed->up ? "down" : "up");
      parsed->file = file_named(path, f);
      parsed->layout = l;
      const bool up = parsed->up;
      if (up) {
        migrations.push_back(migration_from_entry(l, std::move(*parsed)));
      } else {
        downs.push_back(*parsed);
      }
      if (!listed(twin) && fs::is_regular_file(twin, ec)) {
        auto other = parse_native_name(twin.filename().string(), true);
        other->file = file_named(twin, twin.string());
        other->layout = l;
        if (other->up) {
          migrations.push_back(migration_from_entry(l, std::move(*other)));
        } else {
          downs.push_back(std::move(*other));
        }
      }
      continue;
    }
    // dbmate: <version>_<name>.sql with `-- migrate:up`.
    if (allows(Layout::dbmate) && fits_dbmate_name(file_name)) {
      const std::string* from_stdin =
          stdin_script != nullptr && f == stdin_script->name ? stdin_script->text.get() : nullptr;
      const auto text = from_stdin != nullptr ? std::optional<std::string>(*from_stdin) : read_text(path);
      if (text && mentions_dbmate_up(*text)) {
        set.layout = Layout::dbmate;
        auto m = dbmate_migration(path, file_name, f, set.errors, from_stdin);
        if (m) migrations.push_back(std::move(*m));
        continue;
      }
    }
    Migration m;
    m.name = path.stem().string();
    m.up = file_named(path, f);
    m.standalone = true;
    // Named as a down file: checked as one, never as an up file.
    m.down_only = file_name.ends_with(".down.sql");
    standalone.push_back(std::move(m));
  }
  assemble(set, std::move(migrations), std::move(downs));
  // Standalone files keep the order they were given in, after the versioned migrations.
  for (auto& m : standalone) set.migrations.push_back(std::move(m));
  if (stdin_script != nullptr) {
    for (Migration& m : set.migrations) {
      for (MigrationFile* file : {&m.up, m.down ? &*m.down : nullptr}) {
        if (file == nullptr || file->display != stdin_script->name) continue;
        file->from_stdin = true;
        file->rare.edit().stdin_text = stdin_script->text;
      }
    }
  }
  return set;
}

}  // namespace sqlmigrate::compiler
