#include "runner/offline.hpp"

#include <fmt/format.h>


namespace sqlmigrate::runner {
namespace {

using compiler::CompiledMigration;
using compiler::CompiledScript;
using compiler::Direction;
using compiler::Unit;

std::string timeouts(const RunSettings& settings) {
  std::string out;
  if (!settings.lock_timeout.empty()) out += fmt::format("SET lock_timeout = {};\n", quote_literal(settings.lock_timeout));
  if (!settings.statement_timeout.empty()) {
    out += fmt::format("SET statement_timeout = {};\n", quote_literal(settings.statement_timeout));
  }
  return out;
}

// Stops the script (ON_ERROR_STOP) when the database is not in the state the script was written for.
std::string guard(const RunSettings& settings, const CompiledMigration& m, Direction direction) {
  const std::string table = settings.history.qualified();
  const std::string version = quote_literal(m.version);
  if (direction == Direction::up) {
    return fmt::format(
        "DO $sqlmigrate$ BEGIN IF EXISTS (SELECT 1 FROM {0} WHERE version = {1} AND state = 'applied') THEN "
        "RAISE EXCEPTION 'migration {2} is already applied: this script was written for a database that does not have "
        "it' USING HINT = 'run `sqlmigrate status` against this database and write the script from its current "
        "version'; END IF; END $sqlmigrate$;\n",
        table, version, m.version);
  }
  return fmt::format(
      "DO $sqlmigrate$ BEGIN IF NOT EXISTS (SELECT 1 FROM {0} WHERE version = {1}) THEN "
      "RAISE EXCEPTION 'migration {2} is not applied: this script was written for a database that has it' "
      "USING HINT = 'run `sqlmigrate status` against this database and write the script from its current "
      "version'; END IF; END $sqlmigrate$;\n",
      table, version, m.version);
}

std::string progress(const RunSettings& settings, const CompiledMigration& m, Direction direction,
                     std::size_t units_done, const WriteContext& context) {
  return direction == Direction::up ? record_up_progress_sql(settings.history, m, units_done, context)
                                    : record_down_progress_sql(settings.history, m, units_done, context);
}

// "-- locks: ACCESS EXCLUSIVE on orders (rewrite: maybe), SHARE on users\n", or nothing.
std::string lock_comment(const Unit& unit) {
  std::string out;
  for (const auto& lock : unit.locks) {
    if (lock.created) continue;
    out += out.empty() ? "-- locks: " : ", ";
    out += fmt::format("{} on {}", compiler::to_string(lock.mode), lock.relation);
    if (lock.rewrite != compiler::Tri::no) out += fmt::format(" (rewrite: {})", compiler::to_string(lock.rewrite));
  }
  return out.empty() ? out : out + "\n";
}

void write_step(std::string& out, const RunSettings& settings, const CompiledMigration& m, Direction direction,
                const WriteContext& context) {
  const CompiledScript& script = direction == Direction::up ? m.up : *m.down;
  const std::size_t total = script.units.size();
  out += "\n-- ----------------------------------------------------------------------------\n";
  out += fmt::format("-- {} {} {}: {}\n", direction == Direction::up ? "Apply" : "Revert", m.version, m.name,
                     script.file);
  if (script.no_transaction) {
    out += fmt::format("-- Runs outside a transaction: {} unit(s), progress recorded after each.\n", total);
  }
  out += "SELECT clock_timestamp() AS sqlmigrate_started \\gset\n";
  out += log_start_sql(settings.history, m, direction, context) + " \\gset sqlmigrate_attempt_\n";
  const std::string attempt = ":sqlmigrate_attempt_id";
  const bool single_transaction = total == 1 && script.units.front().transactional;
  if (!single_transaction) out += guard(settings, m, direction);
  for (std::size_t u = 0; u < total; ++u) {
    const Unit& unit = script.units[u];
    const bool last = u + 1 == total;
    out += timeouts(settings);
    if (unit.transactional) {
      out += "BEGIN;\n";
      if (single_transaction) out += guard(settings, m, direction);
      if (unit.statements > 0) out += fmt::format("-- {}:{}\n{}{}", script.file, unit.line, lock_comment(unit), unit.sql);
      out += progress(settings, m, direction, u + 1, context);
      if (last) out += log_finish_sql(settings.history, attempt, total, "");
      out += "COMMIT;\n";
    } else {
      out += fmt::format("-- {}:{} (autocommit: {})\n{}{}", script.file, unit.line, unit.autocommit_reason,
                         lock_comment(unit), unit.sql);
      out += progress(settings, m, direction, u + 1, context);
      if (last) out += log_finish_sql(settings.history, attempt, total, "");
    }
  }
}

}  // namespace

std::string offline_script(const compiler::Project& project, const compiler::Plan& plan, const RunSettings& settings,
                           std::string_view from_label, std::string_view to_label) {
  const bool up = plan.direction == Direction::up;
  std::string out;
  out += fmt::format("-- sqlmigrate {} script: {} -> {}, {} migration(s)\n", up ? "upgrade" : "downgrade", from_label,
                     to_label, plan.steps.size());
  out += fmt::format("-- Written by sqlmigrate {}. Review it, then run it with: psql -X -f <this file>\n",
                     SQLMIGRATE_VERSION);
  out += "-- Each transactional migration commits together with its history row; statements that cannot run in a\n"
         "-- transaction run alone and their progress is recorded right after each one.\n";
  out += "\\set ON_ERROR_STOP on\n";
  out += "SET client_min_messages = warning;\n";
  if (up && from_label == "base") {
    out += "\n-- The history table and its attempt log (kept if they exist).\n";
    out += history_ddl(settings.history);
  }
  WriteContext context;
  context.started_at_sql = ":'sqlmigrate_started'::timestamptz";
  context.client = fmt::format("sqlmigrate {} (script)", SQLMIGRATE_VERSION);
  for (const auto& step : plan.steps) write_step(out, settings, project.migrations[step.migration], step.direction, context);
  out += "\n-- End of script.\n";
  return out;
}

}  // namespace sqlmigrate::runner
