#pragma once
// sqlmigrate.toml: every key, its default, and where each value was written.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/migration.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::compiler {

// Oldest and newest Postgres major versions the rules know.
inline constexpr int k_min_pg_version = 10;
inline constexpr int k_max_pg_version = 18;
inline constexpr int k_default_pg_version = 15;

// The target server as written in `pg_version` or `--pg-version`: a major version ("15"), or a major
// and minor release ("14.3") for rules about bugs fixed in a minor release.
struct PgVersion {
  int major = k_default_pg_version;
  std::optional<int> minor;
};
// Parses "15" or "14.3" (major from k_min_pg_version to k_max_pg_version, minor 0 to 99); nullopt
// when the text is not such a version.
std::optional<PgVersion> parse_pg_version(std::string_view text);

// Parses "60s", "500ms", "2min", "1h", or a bare number of seconds ([runner] lock_wait, --lock-wait).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
// Whether PostgreSQL accepts `text` as the value of a time setting such as lock_timeout or
// statement_timeout: a number (milliseconds), or a number and a unit (us, ms, s, min, h, d), up to
// 2,147,483,647 ms.
bool is_pg_time_setting(std::string_view text);

// Postgres keeps at most 63 bytes of a name (NAMEDATALEN - 1). The history table's name gets
// `_lock` appended for the lease table of lock_mode = "table" (and `_log` for the attempt log), so
// it may have at most 58 bytes; `[runner] history_table` and `history_schema` are checked against
// these when the config is read.
inline constexpr std::size_t k_max_identifier_bytes = 63;
inline constexpr std::size_t k_max_history_table_bytes = k_max_identifier_bytes - 5;  // "_lock"

// When lint findings make the command fail (exit 1).
enum class FailOn : std::uint8_t { info, warning, error, none };
std::optional<FailOn> parse_fail_on(std::string_view text);
bool fails(FailOn fail_on, Severity severity);

// A `[rules]` entry: "off", "info", "warning", "error", or "on" (the rule's default severity).
struct RuleSetting {
  std::string value;
  Span span;  // of the key in the config file
};

struct Config {
  std::shared_ptr<const SourceFile> file;  // the config file, when one was read
  std::filesystem::path root = ".";        // paths in the config are relative to its folder

  std::string migrations_dir = "migrations";
  std::optional<Layout> migrations_layout;  // `[migrations] layout`; none: detected from the files
  int pg_version = k_default_pg_version;
  std::optional<int> pg_minor;  // set when pg_version names a minor release ("14.3")
  FailOn fail_on = FailOn::warning;
  std::map<std::string, RuleSetting> rules;

  // [database]: where the runner connects (after --database-url and $DATABASE_URL; empty: libpq's defaults).
  std::string database_url;
  // [runner]
  std::string history_schema = "public";
  std::string history_table = "sqlmigrate_history";  // the attempt log is `<history_table>_log`
  std::string lock_timeout = "5s";                   // set before every unit ("0" disables)
  std::string statement_timeout = "0";               // likewise
  std::string lock_wait = "60s";                     // how long a second runner waits for the run lock
  std::string lock_mode = "advisory";                // "advisory" or "table" (for PgBouncer transaction pooling)
  // [lint] start_after: migrations up to this version are grandfathered (replayed, not reported).
  std::optional<std::string> start_after;
  Span start_after_span;  // of its value in the config file
};

struct LoadedConfig {
  std::optional<Config> config;             // empty when the file has errors
  std::vector<Diagnostic> errors;           // sorted by position
  std::shared_ptr<const SourceFile> file;   // the file read, to render the errors; may be null
};

// Finds the config file: `explicit_path` when given, else sqlmigrate.toml in the current folder
// or the nearest parent (stopping at a git repository's top). No file means defaults.
LoadedConfig load_config(const std::optional<std::string>& explicit_path);

// The migrations folder, and how to show it: relative to the current folder when it lies inside it,
// so messages and scripts read the same on every machine.
std::filesystem::path migrations_path(const Config& config);
std::string migrations_display(const Config& config);

// Parses config text (exposed for tests).
Result<Config> parse_config(std::shared_ptr<const SourceFile> file, std::filesystem::path root);

// A diesel migration's metadata.toml (toml++ stays in config.cpp).
struct DieselMetadata {
  bool run_in_transaction = true;
};
// Reads `path` (shown as `display`); only `run_in_transaction` means anything to sqlmigrate.
Result<DieselMetadata> read_diesel_metadata(const std::filesystem::path& path, const std::string& display);

}  // namespace sqlmigrate::compiler
