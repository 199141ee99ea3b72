#include "tests/support/lint_helpers.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "compiler/migration.hpp"
#include "rules/registry.hpp"

namespace sqlmigrate::testing {

std::filesystem::path source_dir() { return SQLMIGRATE_SOURCE_DIR; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

namespace {

LintRun run(const compiler::MigrationSet& set, const std::vector<std::string>& only, int pg_version,
            std::optional<int> pg_minor, unsigned jobs = 1, std::size_t parse_ahead_below = 64 * 1024) {
  LintRun out;
  linter::LintOptions options;
  options.settings.pg_version = pg_version;
  options.settings.pg_minor = pg_minor;
  options.all_rules = rules::all_rules();
  compiler::Config config;
  for (const linter::Rule* rule : rules::all_rules()) {
    const bool wanted =
        only.empty() || std::find(only.begin(), only.end(), std::string(rule->meta().id)) != only.end();
    if (!wanted) config.rules[std::string(rule->meta().id)] = compiler::RuleSetting{"off", {}};
    if (wanted && !rule->meta().enabled_by_default) config.rules[std::string(rule->meta().id)] = {"on", {}};
  }
  options.rules = linter::select_rules(rules::all_rules(), config).active;
  options.jobs = jobs;
  options.parse_ahead_below = parse_ahead_below;
  out.summary = linter::lint(set, options, [&](const linter::MigrationReport& report) {
    for (const auto& d : report.diagnostics) {
      std::uint32_t line = 0;
      for (const auto* src : report.sources) {
        if (src->path() == d.file && d.span) line = src->line_col(d.span->begin).line;
      }
      out.line_codes.push_back(fmt::format("{}:{}", line, d.code));
      out.diagnostics.push_back(d);
    }
  });
  return out;
}

}  // namespace

LintRun lint_paths(const std::vector<std::string>& paths, const std::vector<std::string>& only, int pg_version,
                   std::optional<int> pg_minor) {
  compiler::MigrationSet set;
  if (paths.size() == 1 && std::filesystem::is_directory(paths[0])) {
    set = compiler::discover_migrations(paths[0], paths[0]);
  } else {
    set = compiler::migrations_from_files(paths);
  }
  return run(set, only, pg_version, pg_minor);
}

LintRun lint_folder_on_threads(const std::string& folder, unsigned jobs, std::size_t parse_ahead_below) {
  return run(compiler::discover_migrations(folder, folder), {}, 15, std::nullopt, jobs, parse_ahead_below);
}

LintRun lint_text(const std::string& sql, const std::vector<std::string>& only, int pg_version,
                  const std::string& name, std::optional<int> pg_minor) {
  compiler::MigrationSet set;
  compiler::Migration m;
  m.name = name;
  m.up.display = name;
  m.up.from_stdin = true;
  m.up.rare.edit().stdin_text = std::make_shared<const std::string>(sql);
  m.standalone = true;
  set.migrations.push_back(std::move(m));
  return run(set, only, pg_version, pg_minor);
}

}  // namespace sqlmigrate::testing
