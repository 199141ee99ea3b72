#pragma once
// Helpers for tests that lint files in-process.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "linter/engine.hpp"

namespace sqlmigrate::testing {

std::filesystem::path source_dir();
std::string read_file(const std::filesystem::path& path);

struct LintRun {
  std::vector<compiler::Diagnostic> diagnostics;
  linter::LintSummary summary;
  // "line:code" for each diagnostic (line 0 when it has no span), in output order.
  std::vector<std::string> line_codes;
};

// Lints a migrations folder or .sql files with the given rules (all rules when `only` is empty), for
// Postgres `pg_version` (and minor release `pg_minor`, when given).
LintRun lint_paths(const std::vector<std::string>& paths, const std::vector<std::string>& only = {},
                   int pg_version = 15, std::optional<int> pg_minor = std::nullopt);
// Lints a migrations folder with every rule on `jobs` threads, the other threads parsing only the
// up files smaller than `parse_ahead_below` (linter::LintOptions).
LintRun lint_folder_on_threads(const std::string& folder, unsigned jobs, std::size_t parse_ahead_below);
// Lints SQL text as one standalone migration.
LintRun lint_text(const std::string& sql, const std::vector<std::string>& only = {}, int pg_version = 15,
                  const std::string& name = "test.sql", std::optional<int> pg_minor = std::nullopt);

}  // namespace sqlmigrate::testing
