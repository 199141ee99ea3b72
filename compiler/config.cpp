#include "compiler/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <system_error>

#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

namespace sqlmigrate::compiler {
namespace fs = std::filesystem;

std::optional<FailOn> parse_fail_on(std::string_view text) {
  if (text == "info") return FailOn::info;
  if (text == "warning") return FailOn::warning;
  if (text == "error") return FailOn::error;
  if (text == "none") return FailOn::none;
  return std::nullopt;
}

bool fails(FailOn fail_on, Severity severity) {
  switch (fail_on) {
    case FailOn::info: return true;
    case FailOn::warning: return severity >= Severity::warning;
    case FailOn::error: return severity >= Severity::error;
    case FailOn::none: return false;
  }
  return false;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t digits = i;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) != 0 || text[digits] == '.')) {
    ++digits;
  }
  if (digits == i) return std::nullopt;
  double number = 0;
  try {
    number = std::stod(std::string(text.substr(i, digits - i)));
  } catch (...) {
    return std::nullopt;
  }
  std::string unit(text.substr(digits));
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  while (!unit.empty() && unit.back() == ' ') unit.pop_back();
  double factor = 0;
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "seconds")
    factor = 1000;
  else if (unit == "ms")
    factor = 1;
  else if (unit == "min" || unit == "m")
    factor = 60000;
  else if (unit == "h")
    factor = 3600000;
  else
    return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(number * factor));
}

bool is_pg_time_setting(std::string_view text) {
  // As PostgreSQL's parse_int() reads a setting with units: a number as strtod() reads it (spaces
  // before it; a fraction is rounded), spaces, a unit in lower case, spaces.
  const std::string copy(text);
  const char* begin = copy.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(value) || value < 0) return false;
  std::string_view rest(end);
  const auto trim_spaces = [&] {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  };
  trim_spaces();
  std::size_t unit_length = 0;
  while (unit_length < rest.size() && rest[unit_length] >= 'a' && rest[unit_length] <= 'z') ++unit_length;
  const std::string_view unit = rest.substr(0, unit_length);
  rest.remove_prefix(unit_length);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  trim_spaces();
  if (!rest.empty()) return false;
  static const std::map<std::string_view, double> k_ms = {{"", 1},        {"us", 0.001},  {"ms", 1},      {"s", 1000},
                                                          {"min", 60000}, {"h", 3600000}, {"d", 86400000}};
  const auto factor = k_ms.find(unit);
  return factor != k_ms.end() && value * factor->second <= 2147483647.0;
}

std::optional<PgVersion> parse_pg_version(std::string_view text) {
  const auto number = [](std::string_view digits, int max) -> std::optional<int> {
    if (digits.empty() || digits.size() > 2) return std::nullopt;
    int value = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value <= max ? std::optional<int>(value) : std::nullopt;
  };
  const std::size_t dot = text.find('.');
  const auto major = number(text.substr(0, dot), k_max_pg_version);
  if (!major || *major < k_min_pg_version) return std::nullopt;
  PgVersion out{*major, std::nullopt};
  if (dot != std::string_view::npos) {
    out.minor = number(text.substr(dot + 1), 99);
    if (!out.minor) return std::nullopt;
  }
  return out;
}

namespace {

Span span_of(const SourceFile& file, const toml::source_region& region) {
  if (region.begin.line == 0) return Span{0, 0};
  const std::uint32_t line_start = file.line_start(region.begin.line);
  const std::string_view rest(file.text().data() + line_start, file.text().size() - line_start);
  const std::uint32_t begin = line_start + byte_offset_of_code_point(rest, region.begin.column - 1);
  std::uint32_t end = begin;
  while (end < file.text().size() && file.text()[end] != '\n' && file.text()[end] != '\r' && file.text()[end] != '=' &&
         file.text()[end] != ' ') {
    ++end;
  }
  return Span{begin, std::max(end, begin + 1)};
}

Diagnostic config_error(const SourceFile& file, Span span, std::string message, std::string help) {
  return input_error("invalid-config", file.path(), span, std::move(message), std::move(help));
}

// Why `[runner] history_schema` or `history_table` cannot name what the runner creates, or "".
std::string history_name_problem(std::string_view key, std::string_view value) {
  if (key != "history_schema" && key != "history_table") return {};
  if (value.empty()) {
    return key == "history_table" ? "is empty: the history table needs a name" : "is empty: the schema needs a name";
  }
  const std::size_t limit = key == "history_table" ? k_max_history_table_bytes : k_max_identifier_bytes;
  if (value.size() > limit) {
    return key == "history_table"
               ? fmt::format(
                     "is {} bytes long, more than the {} it may have: the lock table named "
                     "`<history_table>_lock` would exceed Postgres's limit of {} bytes for a name, and "
                     "Postgres would cut it short",
                     value.size(), limit, k_max_identifier_bytes)
               : fmt::format(
                     "is {} bytes long, more than Postgres's limit of {} bytes for a name, and Postgres "
                     "would cut it short",
                     value.size(), limit);
  }
  return {};
}

}  // namespace

Result<Config> parse_config(std::shared_ptr<const SourceFile> file, fs::path root) {
  Config config;
  config.root = std::move(root);
  toml::table table;
  try {
    table = toml::parse(file->text(), std::string_view(file->path()));
  } catch (const toml::parse_error& err) {
    return config_error(*file, span_of(*file, err.source()),
                        fmt::format("the file is not valid TOML: {}", err.description()),
                        "fix the TOML syntax at this position (see docs/configuration.md)");
  }
  config.file = file;
  std::vector<Diagnostic> errors;
  const auto error = [&](const toml::node& node, std::string message, std::string help) {
    errors.push_back(config_error(*file, span_of(*file, node.source()), std::move(message), std::move(help)));
  };
  const auto unknown_key = [&](const toml::key& key, std::string_view section, std::string_view known) {
    errors.push_back(config_error(
        *file, span_of(*file, key.source()),
        section.empty() ? fmt::format("unknown section `{}`", key.str())
                        : fmt::format("unknown key `{}` in [{}]", key.str(), section),
        fmt::format("the keys of {} are: {}", section.empty() ? "sqlmigrate.toml" : fmt::format("[{}]", section), known)));
  };

  for (auto&& [key, node] : table) {
    const auto* section = node.as_table();
    if (key.str() != "migrations" && key.str() != "lint" && key.str() != "rules" && key.str() != "database" &&
        key.str() != "runner") {
      unknown_key(key, "", "[migrations], [lint], [rules], [database], [runner]");
      continue;
    }
    if (section == nullptr) {
      error(node, fmt::format("`{}` must be a table (a `[{}]` section)", key.str(), key.str()),
            fmt::format("write it as a section: `[{}]`", key.str()));
      continue;
    }
    if (key.str() == "migrations") {
      for (auto&& [k, v] : *section) {
        if (k.str() == "dir") {
          if (const auto* s = v.as_string()) {
            config.migrations_dir = s->get();
          } else {
            error(v, "`dir` must be a string", "write the folder in quotes: dir = \"migrations\"");
          }
        } else if (k.str() == "layout") {
          const auto* s = v.as_string();
          const auto parsed = s != nullptr ? parse_layout(s->get()) : std::nullopt;
          if (!parsed) {
            error(v, fmt::format("`layout` must be one of {}", k_layout_values),
                  "name the tool whose file names the folder uses, for example: layout = \"diesel\" "
                  "(docs/layouts.md), or remove the key to detect it");
          } else {
            config.migrations_layout = *parsed;
          }
        } else {
          unknown_key(k, "migrations", "dir, layout");
        }
      }
    } else if (key.str() == "lint") {
      for (auto&& [k, v] : *section) {
        if (k.str() == "pg_version") {
          // An integer (15), or a string for a minor release ("14.3"): a TOML float would read 14.10 as 14.1.
          std::optional<PgVersion> parsed;
          if (const auto* i = v.as_integer()) {
            if (i->get() >= k_min_pg_version && i->get() <= k_max_pg_version) {
              parsed = PgVersion{static_cast<int>(i->get()), std::nullopt};
            }
          } else if (const auto* s = v.as_string()) {
            parsed = parse_pg_version(s->get());
          }
          if (!parsed) {
            error(v,
                  fmt::format("`pg_version` must be a Postgres major version from {} to {}, or a minor release "
                              "written as a string",
                              k_min_pg_version, k_max_pg_version),
                  v.is_floating_point()
                      ? "write a minor release in quotes, for example: pg_version = \"14.3\" (as a number, 14.10 "
                        "would read as 14.1)"
                      : "write the version of the server you deploy to, for example: pg_version = 15, or "
                        "pg_version = \"14.3\"");
          } else {
            config.pg_version = parsed->major;
            config.pg_minor = parsed->minor;
          }
        } else if (k.str() == "fail_on") {
          const auto* s = v.as_string();
          const auto parsed = s != nullptr ? parse_fail_on(s->get()) : std::nullopt;
          if (!parsed) {
            error(v, "`fail_on` must be one of \"info\", \"warning\", \"error\", \"none\"",
                  "for example: fail_on = \"warning\"");
          } else {
            config.fail_on = *parsed;
          }
        } else if (k.str() == "start_after") {
          const auto* s = v.as_string();
          // Digits, with the separators of diesel ("2024-03-06-000000") and Flyway ("1.1", "1_1") versions.
          const bool version = s != nullptr && !s->get().empty() &&
                               std::isdigit(static_cast<unsigned char>(s->get()[0])) != 0 &&
                               s->get().find_first_not_of("0123456789.-_") == std::string::npos;
          if (!version) {
            error(v, "`start_after` must be a migration version in quotes, as its file name starts",
                  "for example: start_after = \"0042\" lints only migrations after 0042");
          } else {
            config.start_after = s->get();
            config.start_after_span = span_of(*file, v.source());
          }
        } else {
          unknown_key(k, "lint", "pg_version, fail_on, start_after");
        }
      }
    } else if (key.str() == "database" || key.str() == "runner") {
      // String settings; the [runner] values are checked below, the names where they are used.
      static const std::map<std::string, std::string Config::*, std::less<>> k_database = {
          {"url", &Config::database_url}};
      static const std::map<std::string, std::string Config::*, std::less<>> k_runner = {
          {"history_schema", &Config::history_schema},   {"history_table", &Config::history_table},
          {"lock_timeout", &Config::lock_timeout},       {"statement_timeout", &Config::statement_timeout},
          {"lock_wait", &Config::lock_wait},             {"lock_mode", &Config::lock_mode}};
      const auto& keys = key.str() == "database" ? k_database : k_runner;
      for (auto&& [k, v] : *section) {
        const auto found = keys.find(k.str());
        if (found == keys.end()) {
          std::string known;
          for (const auto& [name, member] : keys) known += (known.empty() ? "" : ", ") + name;
          unknown_key(k, key.str(), known);
        } else if (const auto* s = v.as_string()) {
          const std::string& text = s->get();
          const std::string_view name = k.str();
          // Checked here, so that a typo fails every command (lint, plan, offline scripts) at its
          // line, and not only a live run, at its first migration.
          if ((name == "lock_timeout" || name == "statement_timeout") && !text.empty() && !is_pg_time_setting(text)) {
            error(v, fmt::format("`{}` = \"{}\" is not a time PostgreSQL accepts", name, text),
                  "write a number and a unit (us, ms, s, min, h, d), for example \"5s\" or \"500ms\"; \"0\" turns "
                  "the timeout off, and \"\" leaves the server's setting alone");
          } else if (name == "lock_wait" && !parse_duration(text)) {
            error(v, fmt::format("`lock_wait` = \"{}\" is not a duration", text),
                  "write how long to wait for another run's migration lock, for example \"60s\", \"500ms\" or "
                  "\"2min\" (\"0\": do not wait)");
          } else if (const std::string problem = history_name_problem(name, text); !problem.empty()) {
            error(v, fmt::format("`{}` = \"{}\" {}", name, text, problem),
                  name == "history_table"
                      ? fmt::format("write a table name of 1 to {} bytes, for example history_table = "
                                    "\"sqlmigrate_history\" (sqlmigrate also creates `<history_table>_log` and "
                                    "`<history_table>_lock`, and Postgres cuts every name at {} bytes)",
                                    k_max_history_table_bytes, k_max_identifier_bytes)
                      : fmt::format("write a schema name of 1 to {} bytes (Postgres's limit for a name), for "
                                    "example history_schema = \"public\"",
                                    k_max_identifier_bytes));
          } else if (name == "lock_mode" && text != "advisory" && text != "table") {
            error(v, fmt::format("`lock_mode` = \"{}\" is not a lock mode", text),
                  "use \"advisory\" (the default: a session advisory lock) or \"table\" (a lease row, for PgBouncer "
                  "in transaction pooling)");
          } else {
            config.*(found->second) = text;
          }
        } else {
          error(v, fmt::format("`{}` must be a string", k.str()),
                fmt::format("write the value in quotes, for example: {} = \"{}\"", k.str(),
                            config.*(found->second)));
        }
      }
    } else {  // rules
      for (auto&& [k, v] : *section) {
        const auto* s = v.as_string();
        static const std::set<std::string, std::less<>> k_values = {"off", "on", "info", "warning", "error"};
        if (s == nullptr || !k_values.contains(s->get())) {
          error(v, fmt::format("the setting of rule `{}` must be one of \"off\", \"on\", \"info\", \"warning\", \"error\"",
                               k.str()),
                fmt::format("for example: {} = \"off\"", k.str()));
          continue;
        }
        config.rules[std::string(k.str())] = RuleSetting{s->get(), span_of(*file, k.source())};
      }
    }
  }
  if (!errors.empty()) {
    sort_diagnostics(errors);
    return errors;
  }
  return config;
}

fs::path migrations_path(const Config& config) { return config.root / config.migrations_dir; }

std::string migrations_display(const Config& config) {
  const fs::path dir = migrations_path(config).lexically_normal();
  // Written as an absolute path: shown as written, not as a climb out of the current folder.
  if (config.root == "." || fs::path(config.migrations_dir).is_absolute()) {
    return fs::path(config.migrations_dir).lexically_normal().generic_string();
  }
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    const fs::path rel = dir.lexically_relative(cwd);
    if (!rel.empty()) return rel.generic_string();
  }
  return dir.generic_string();
}

Result<DieselMetadata> read_diesel_metadata(const fs::path& path, const std::string& display) {
  auto file = SourceFile::read(path, display);
  if (!file) return file.take_errors();
  DieselMetadata out;
  toml::table table;
  try {
    table = toml::parse(file->text(), std::string_view(display));
  } catch (const toml::parse_error& err) {
    return input_error("invalid-metadata", display, std::nullopt,
                       fmt::format("the diesel metadata file is not valid TOML (line {}): {}", err.source().begin.line,
                                   err.description()),
                       "fix the TOML syntax here; diesel ignores a broken metadata.toml and runs the migration "
                       "in a transaction");
  }
  if (const toml::node* node = table.get("run_in_transaction")) {
    if (const auto* b = node->as_boolean()) {
      out.run_in_transaction = b->get();
    } else {
      return input_error("invalid-metadata", display, std::nullopt,
                         fmt::format("`run_in_transaction` must be true or false (line {})", node->source().begin.line),
                         "write run_in_transaction = false (no quotes) to run the migration outside a transaction");
    }
  }
  return out;
}

LoadedConfig load_config(const std::optional<std::string>& explicit_path) {
  LoadedConfig out;
  fs::path path;
  std::string display;
  if (explicit_path) {
    path = *explicit_path;
    display = *explicit_path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      const bool folder = fs::is_directory(path, ec);
      const bool exists = fs::exists(path, ec);
      out.errors.push_back(
          input_error("invalid-config", display, std::nullopt,
                      folder   ? fmt::format("`{}` is a folder, not a config file", display)
                      : exists ? fmt::format("`{}` is not a regular file (a device, pipe or socket)", display)
                               : fmt::format("the config file `{}` does not exist", display),
                      folder ? fmt::format("name the file: --config {}", (path / "sqlmigrate.toml").generic_string())
                             : "check the path given to --config, or run without it to use sqlmigrate.toml"));
      return out;
    }
  } else {
    std::error_code ec;
    fs::path dir = fs::current_path(ec);
    if (ec) {
      out.config = Config{};
      return out;
    }
    fs::path rel;
    while (true) {
      if (fs::is_regular_file(dir / "sqlmigrate.toml", ec)) {
        path = dir / "sqlmigrate.toml";
        display = (rel / "sqlmigrate.toml").generic_string();
        break;
      }
      if (fs::exists(dir / ".git", ec) || !dir.has_parent_path() || dir.parent_path() == dir) {
        out.config = Config{};
        return out;
      }
      dir = dir.parent_path();
      rel /= "..";
    }
  }
  auto file = SourceFile::read(path, display);
  if (!file) {
    out.errors = file.take_errors();
    return out;
  }
  out.file = std::make_shared<const SourceFile>(std::move(*file));
  fs::path root = path.parent_path();
  if (root.empty()) root = ".";
  auto parsed = parse_config(out.file, root);
  if (parsed) {
    out.config = std::move(*parsed);
  } else {
    out.errors = parsed.take_errors();
  }
  return out;
}

}  // namespace sqlmigrate::compiler
