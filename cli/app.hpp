#pragma once
// The command layer: option parsing, then calls into the libraries.

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/config.hpp"
#include "compiler/migration.hpp"

namespace sqlmigrate::cli {

// Exit codes are part of the interface (README.md, "Exit codes").
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;  // lint findings at or above --fail-on
inline constexpr int k_exit_input = 2;     // usage, config or input error
inline constexpr int k_exit_database = 3;  // database error
inline constexpr int k_exit_internal = 4;  // a bug in sqlmigrate (never expected)
inline constexpr int k_exit_lock_wait = 5; // another run held the migration lock longer than --lock-wait

struct GlobalOptions {
  std::optional<std::string> config_path;
};

// Each subcommand registers its options and returns the action to run when it is chosen.
using Action = std::function<int()>;
Action add_lint_command(CLI::App& app, const GlobalOptions& global);
Action add_rules_command(CLI::App& app, const GlobalOptions& global);
Action add_explain_command(CLI::App& app, const GlobalOptions& global);
Action add_plan_command(CLI::App& app, const GlobalOptions& global);
Action add_new_command(CLI::App& app, const GlobalOptions& global);
Action add_merge_command(CLI::App& app, const GlobalOptions& global);
Action add_init_command(CLI::App& app, const GlobalOptions& global);
// Commands that talk to a database (cli/db_commands.cpp).
Action add_upgrade_command(CLI::App& app, const GlobalOptions& global);
Action add_downgrade_command(CLI::App& app, const GlobalOptions& global);
Action add_status_command(CLI::App& app, const GlobalOptions& global);
Action add_history_command(CLI::App& app, const GlobalOptions& global);
Action add_stamp_command(CLI::App& app, const GlobalOptions& global);
Action add_rebaseline_command(CLI::App& app, const GlobalOptions& global);
Action add_validate_command(CLI::App& app, const GlobalOptions& global);
Action add_verify_command(CLI::App& app, const GlobalOptions& global);
Action add_locks_command(CLI::App& app, const GlobalOptions& global);

// The migration sets named by command-line paths (folders, .sql files, - for standard input); the
// configured migrations folder when there are none.
std::vector<compiler::MigrationSet> migration_sets(const std::vector<std::string>& paths, const compiler::Config& config,
                                                   const std::string& stdin_filename);

// Whether to colour output written to `stream` for `mode` ("auto", "always", "never").
bool use_color(const std::string& mode, int fd);

// `--pg-version`: a major version or a minor release ("15", "14.3"), checked by CLI11.
CLI::Option* add_pg_version_option(CLI::App* cmd, std::optional<std::string>& target);
// The Postgres version to check for: `--pg-version` when given (checked), else the config's.
compiler::PgVersion pg_version_of(const compiler::Config& config, const std::optional<std::string>& option);

int run(int argc, char** argv);

}  // namespace sqlmigrate::cli
