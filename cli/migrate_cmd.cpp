// `sqlmigrate upgrade` and `sqlmigrate downgrade`: offline scripts with --sql.

#include <fmt/format.h>

#include <memory>

#include "cli/app.hpp"
#include "cli/project.hpp"

namespace sqlmigrate::cli {
namespace {

struct MigrateOptions {
  std::string target;
  bool sql = false;
  std::optional<std::string> output;
};

int run_migrate(const MigrateOptions& opts, const GlobalOptions& global, compiler::Direction direction) {
  if (!opts.sql) {
    print_errors({compiler::input_error(
        "database-required", "", std::nullopt, "running migrations against a database needs the database runner",
        "add --sql to write the script for psql instead")});
    return k_exit_input;
  }
  return write_offline_script(global, opts.target, direction, opts.output);
}

void add_common(CLI::App* cmd, MigrateOptions& opts) {
  cmd->add_flag("--sql", opts.sql, "Write the psql script instead of running it (nothing connects to a database)");
  cmd->add_option("-o,--output", opts.output, "With --sql: write the script to FILE instead of standard output")
      ->type_name("FILE");
}

}  // namespace

Action add_upgrade_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<MigrateOptions>();
  CLI::App* cmd = app.add_subcommand("upgrade", "Apply migrations up to a target");
  cmd->footer(
      "TARGET is head (default), heads, a version or +N. With --sql, [FROM:]TARGET says where the database\n"
      "stands (FROM: base (default), a version, head or heads).\n"
      "Example: `sqlmigrate upgrade 0012:head --sql -o upgrade.sql`, then `psql -X -f upgrade.sql`.\n"
      "Exit codes: 0 done; 2 config, input or target error (nothing written); 3 database error.");
  cmd->add_option("TARGET", opts->target, "[FROM:]TARGET (default: head)")->default_str("head");
  add_common(cmd, *opts);
  return [opts, &global] {
    MigrateOptions o = *opts;
    if (o.target.empty()) o.target = "head";
    return run_migrate(o, global, compiler::Direction::up);
  };
}

Action add_downgrade_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<MigrateOptions>();
  CLI::App* cmd = app.add_subcommand("downgrade", "Revert migrations back to a target");
  cmd->footer(
      "TARGET is -N (the last N applied), a version (revert what came after it) or base (revert all).\n"
      "With --sql, write FROM:TARGET (FROM: a version, head or heads), since no database says where it stands.\n"
      "Example: `sqlmigrate downgrade head:0010 --sql -o downgrade.sql`.\n"
      "Exit codes: 0 done; 2 config, input or target error (nothing written); 3 database error.");
  cmd->add_option("TARGET", opts->target, "[FROM:]TARGET")->required();
  add_common(cmd, *opts);
  return [opts, &global] { return run_migrate(*opts, global, compiler::Direction::down); };
}

}  // namespace sqlmigrate::cli
