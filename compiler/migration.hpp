#pragma once
// Migrations found on disk: versions, names and their up/down files (not yet read).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"

namespace sqlmigrate::compiler {

struct MigrationFile {
  std::filesystem::path path;  // where to read it
  std::string display;         // how to name it in messages
  std::string stdin_text;      // the text when the file is standard input (path is then empty)
  bool from_stdin = false;
};

struct Migration {
  std::string version;  // digits as written in the file name; empty for a standalone file
  std::string name;     // the slug after the version
  MigrationFile up;
  std::optional<MigrationFile> down;
  bool standalone = false;  // a lone .sql file outside the migration layout: no down file expected
};

struct MigrationSet {
  std::vector<Migration> migrations;  // in version order
  std::vector<Diagnostic> errors;     // duplicate versions, orphan down files, bad names, ...
};

// Compares two digit strings numerically (any length, leading zeros ignored).
int compare_versions(std::string_view a, std::string_view b);

// Reads a migrations folder in the native layout `<version>_<slug>.up.sql` (+ optional `.down.sql`).
// `display_dir` prefixes the file names shown to the user.
MigrationSet discover_migrations(const std::filesystem::path& dir, const std::string& display_dir);

// Groups explicitly named .sql files: files that fit the native layout become migrations (with
// their down sibling on disk); any other .sql file is a standalone, one-file migration.
MigrationSet migrations_from_files(const std::vector<std::string>& files);

}  // namespace sqlmigrate::compiler
