#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <system_error>

#include "compiler/migration.hpp"

namespace sqlmigrate::compiler {
namespace fs = std::filesystem;
namespace {

struct ParsedName {
  std::string version;
  std::string slug;
  bool up = true;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_slug_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

// `<version>_<slug>.up.sql` / `.down.sql`.
std::optional<ParsedName> parse_file_name(std::string_view name) {
  ParsedName out;
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
  if (slug.empty() || !std::all_of(slug.begin(), slug.end(), is_slug_char)) return std::nullopt;
  out.version = std::string(name.substr(0, i));
  out.slug = std::string(slug);
  return out;
}

std::string join_display(const std::string& dir, const std::string& file) {
  if (dir.empty() || dir == ".") return file;
  return dir.back() == '/' ? dir + file : dir + "/" + file;
}

// A suggestion for a .sql file whose name does not fit.
std::string rename_help(std::string_view name) {
  std::string stem(name.substr(0, name.size() - 4));  // without ".sql"
  std::size_t i = 0;
  while (i < stem.size() && is_digit(stem[i])) ++i;
  if (i > 0 && i < stem.size() && (stem[i] == '-' || stem[i] == '.')) {
    return fmt::format("rename it to `{}_{}.up.sql` (versions and names are joined by `_`; a rollback goes in "
                       "a matching `.down.sql` file)",
                       stem.substr(0, i), stem.substr(i + 1));
  }
  if (i > 0 && i == stem.size()) {
    return fmt::format("add a name after the version: `{}_<description>.up.sql`", stem);
  }
  if (i > 0) return fmt::format("rename it to `{}.up.sql` (and its rollback to `{}.down.sql`)", stem, stem);
  return fmt::format("start the name with a version number: `<version>_{}.up.sql`, for example `0001_{}.up.sql`",
                     stem, stem);
}

std::string strip_zeros(std::string_view v) {
  while (v.size() > 1 && v.front() == '0') v.remove_prefix(1);
  return std::string(v);
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  const std::string x = strip_zeros(a);
  const std::string y = strip_zeros(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  const int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

namespace {

struct Entry {
  ParsedName name;
  MigrationFile file;
};

MigrationSet assemble(std::vector<Entry> entries, std::vector<Diagnostic> errors) {
  MigrationSet set;
  set.errors = std::move(errors);
  // Sort by version (numerically), then by file name, so that messages come out in a stable order.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (const int c = compare_versions(a.name.version, b.name.version); c != 0) return c < 0;
    return a.file.display < b.file.display;
  });
  std::map<std::string, std::size_t> by_version;  // normalized version -> index in set.migrations
  std::vector<const Entry*> downs;
  for (const Entry& e : entries) {
    if (!e.name.up) {
      downs.push_back(&e);
      continue;
    }
    const std::string key = strip_zeros(e.name.version);
    if (const auto it = by_version.find(key); it != by_version.end()) {
      const Migration& first = set.migrations[it->second];
      Diagnostic d = input_error(
          "duplicate-version", e.file.display, std::nullopt,
          fmt::format("version {} is used by two migrations: {} and {}", e.name.version, first.up.display,
                      e.file.display),
          "give one of them a new, higher version number; versions must be unique");
      set.errors.push_back(std::move(d));
      continue;
    }
    Migration m;
    m.version = e.name.version;
    m.name = e.name.slug;
    m.up = e.file;
    by_version.emplace(key, set.migrations.size());
    set.migrations.push_back(std::move(m));
  }
  for (const Entry* e : downs) {
    const auto it = by_version.find(strip_zeros(e->name.version));
    if (it == by_version.end()) {
      set.errors.push_back(input_error(
          "orphan-down-migration", e->file.display, std::nullopt,
          fmt::format("this down migration has no up migration: no file `{}_{}.up.sql` was found", e->name.version,
                      e->name.slug),
          "add the matching .up.sql file, rename this file to match its up file, or delete it"));
      continue;
    }
    Migration& m = set.migrations[it->second];
    if (m.name != e->name.slug || m.version != e->name.version) {
      set.errors.push_back(input_error(
          "orphan-down-migration", e->file.display, std::nullopt,
          fmt::format("this down migration does not match the up migration of version {}, `{}`", e->name.version,
                      m.up.display),
          fmt::format("rename it to `{}_{}.down.sql`", m.version, m.name)));
      continue;
    }
    if (m.down) {
      set.errors.push_back(input_error("duplicate-version", e->file.display, std::nullopt,
                                       fmt::format("version {} has two down migrations: {} and {}", m.version,
                                                   m.down->display, e->file.display),
                                       "keep one down file per migration"));
      continue;
    }
    m.down = e->file;
  }
  return set;
}

}  // namespace

MigrationSet discover_migrations(const fs::path& dir, const std::string& display_dir) {
  std::vector<Diagnostic> errors;
  std::vector<Entry> entries;
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (ec || !fs::exists(status)) {
    errors.push_back(input_error(
        "missing-migrations-dir", display_dir, std::nullopt,
        fmt::format("the migrations folder `{}` does not exist", display_dir),
        "create it (`mkdir -p " + display_dir + "`), set `[migrations] dir` in sqlmigrate.toml, or name the folder: "
        "`sqlmigrate lint path/to/migrations`"));
    return assemble({}, std::move(errors));
  }
  if (!fs::is_directory(status)) {
    errors.push_back(input_error("missing-migrations-dir", display_dir, std::nullopt,
                                 fmt::format("`{}` is not a folder", display_dir),
                                 "name a folder of migrations, or .sql files"));
    return assemble({}, std::move(errors));
  }
  fs::directory_iterator it(dir, ec);
  if (ec) {
    errors.push_back(input_error("unreadable-file", display_dir, std::nullopt,
                                 fmt::format("cannot list the folder: {}", ec.message()),
                                 "check that the folder exists and that you may read it"));
    return assemble({}, std::move(errors));
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string file_name = it->path().filename().string();
    if (file_name.empty() || file_name.front() == '.') continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;  // subfolders and specials are not migrations
    if (!file_name.ends_with(".sql")) continue;   // READMEs and the like
    const std::string display = join_display(display_dir, file_name);
    auto parsed = parse_file_name(file_name);
    if (!parsed) {
      errors.push_back(input_error("invalid-file-name", display, std::nullopt,
                                   fmt::format("`{}` does not fit the migration file layout "
                                               "`<version>_<name>.up.sql` / `<version>_<name>.down.sql`",
                                               file_name),
                                   rename_help(file_name)));
      continue;
    }
    entries.push_back(Entry{std::move(*parsed), MigrationFile{it->path(), display, {}, false}});
  }
  if (ec) {
    errors.push_back(input_error("unreadable-file", display_dir, std::nullopt,
                                 fmt::format("cannot list the folder: {}", ec.message()),
                                 "check the folder's permissions"));
  }
  return assemble(std::move(entries), std::move(errors));
}

MigrationSet migrations_from_files(const std::vector<std::string>& files) {
  std::vector<Entry> entries;
  std::vector<Diagnostic> errors;
  std::vector<Migration> standalone;
  for (const std::string& f : files) {
    const fs::path path(f);
    const std::string file_name = path.filename().string();
    auto parsed = parse_file_name(file_name);
    if (parsed && parsed->up) {
      Entry e{*parsed, MigrationFile{path, f, {}, false}};
      entries.push_back(e);
      // Its rollback, when it sits beside it on disk.
      const fs::path down = path.parent_path() / fmt::format("{}_{}.down.sql", parsed->version, parsed->slug);
      std::error_code ec;
      const bool listed = std::find(files.begin(), files.end(), down.string()) != files.end();
      if (!listed && fs::is_regular_file(down, ec)) {
        ParsedName dn = *parsed;
        dn.up = false;
        entries.push_back(Entry{dn, MigrationFile{down, down.string(), {}, false}});
      }
    } else if (parsed && !parsed->up) {
      // A down file is checked together with its up file.
      const fs::path up = path.parent_path() / fmt::format("{}_{}.up.sql", parsed->version, parsed->slug);
      const bool listed = std::find(files.begin(), files.end(), up.string()) != files.end();
      std::error_code ec;
      entries.push_back(Entry{*parsed, MigrationFile{path, f, {}, false}});
      if (!listed && fs::is_regular_file(up, ec)) {
        ParsedName un = *parsed;
        un.up = true;
        entries.push_back(Entry{un, MigrationFile{up, up.string(), {}, false}});
      }
    } else {
      Migration m;
      m.name = path.stem().string();
      m.up = MigrationFile{path, f, {}, false};
      m.standalone = true;
      standalone.push_back(std::move(m));
    }
  }
  MigrationSet set = assemble(std::move(entries), std::move(errors));
  // Standalone files keep the order they were given in, after the versioned migrations.
  for (auto& m : standalone) set.migrations.push_back(std::move(m));
  return set;
}

}  // namespace sqlmigrate::compiler
