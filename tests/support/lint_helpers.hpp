#pragma once
// Helpers for tests that lint files in-process.

#include <filesystem>
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

// Lints a migrations folder or .sql files with the given rules (all rules when `only` is empty).
LintRun lint_paths(const std::vector<std::string>& paths, const std::vector<std::string>& only = {},
                   int pg_version = 15);
// Lints SQL text as one standalone migration.
LintRun lint_text(const std::string& sql, const std::vector<std::string>& only = {}, int pg_version = 15,
                  const std::string& name = "test.sql");

}  // namespace sqlmigrate::testing
