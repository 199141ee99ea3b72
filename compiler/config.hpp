#pragma once
// sqlmigrate.toml: every key, its default, and where each value was written.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::compiler {

// Oldest and newest Postgres major versions the rules know.
inline constexpr int k_min_pg_version = 10;
inline constexpr int k_max_pg_version = 18;
inline constexpr int k_default_pg_version = 15;

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
  int pg_version = k_default_pg_version;
  FailOn fail_on = FailOn::warning;
  std::map<std::string, RuleSetting> rules;
  // [lint] start_after: migrations up to this version are grandfathered (replayed, not reported).
  std::optional<std::string> start_after;
};

struct LoadedConfig {
  std::optional<Config> config;             // empty when the file has errors
  std::vector<Diagnostic> errors;           // sorted by position
  std::shared_ptr<const SourceFile> file;   // the file read, to render the errors; may be null
};

// Finds the config file: `explicit_path` when given, else sqlmigrate.toml in the current folder
// or the nearest parent (stopping at a git repository's top). No file means defaults.
LoadedConfig load_config(const std::optional<std::string>& explicit_path);

// Parses config text (exposed for tests).
Result<Config> parse_config(std::shared_ptr<const SourceFile> file, std::filesystem::path root);

}  // namespace sqlmigrate::compiler
