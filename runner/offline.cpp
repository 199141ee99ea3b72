#include "runner/offline.hpp"

#include <fmt/format.h>

#include "runner/executor.hpp"

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

// Stops the script (ON_ERROR_STOP) when the database is not in the state the script was written for:
// going up, the migration must not be applied, nor partly applied (its first statements would run
// again); going down, it must be fully applied (a partly applied or partly reverted migration is
// finished by `sqlmigrate upgrade` or `downgrade`, which know where it stopped).
std::string guard(const RunSettings& settings, const CompiledMigration& m, Direction direction) {
  const std::string table = settings.history.qualified();
  const std::string version = quote_literal(m.version);
  const std::string partial = fmt::format(
      "IF EXISTS (SELECT 1 FROM {0} WHERE version = {1} AND state <> 'applied') THEN "
      "RAISE EXCEPTION 'migration {2} is partly %: this script would run its statements from the first one', "
      "(SELECT CASE state WHEN 'applying' THEN 'applied' ELSE 'reverted' END || ' (' || units_done || ' of ' || "
      "units_total || ' units)' FROM {0} WHERE version = {1}) "
      "USING HINT = 'finish it with `sqlmigrate upgrade {2}` or `sqlmigrate downgrade` against this database (they "
      "resume where it stopped), then write the script from where the database stands'; END IF; ",
      table, version, m.version);
  if (direction == Direction::up) {
    return fmt::format(
        "DO $sqlmigrate$ BEGIN IF EXISTS (SELECT 1 FROM {0} WHERE version = {1} AND state = 'applied') THEN "
        "RAISE EXCEPTION 'migration {2} is already applied: this script was written for a database that does not have "
        "it' USING HINT = 'run `sqlmigrate status` against this database and write the script from its current "
        "version'; END IF; {3}END $sqlmigrate$;\n",
        table, version, m.version, partial);
  }
  return fmt::format(
      "DO $sqlmigrate$ BEGIN IF NOT EXISTS (SELECT 1 FROM {0} WHERE version = {1}) THEN "
      "RAISE EXCEPTION 'migration {2} is not applied: this script was written for a database that has it' "
      "USING HINT = 'run `sqlmigrate status` against this database and write the script from its current "
      "version'; END IF; {3}END $sqlmigrate$;\n",
      table, version, m.version, partial);
}

// The run lock `sqlmigrate upgrade` and `downgrade` take (the session advisory lock, held until psql
// exits), and a check that no run with lock_mode = "table" holds a live lease: this script and a
// live run, or two copies of it, never interleave. It does not wait: the run that holds the lock
// may be applying the very migrations this script would.
std::string run_lock(const RunSettings& settings, std::int64_t key, int lease_seconds) {
  const HistoryTable& h = settings.history;
  const std::string lease_name = h.schema + "." + h.table + "_lock";
  const std::string lease_table = quote_identifier(h.schema) + "." + quote_identifier(h.table + "_lock");
  return fmt::format(
      "DO $sqlmigrate$ DECLARE sqlmigrate_live boolean; BEGIN\n"
      "  IF NOT pg_try_advisory_lock({0}) THEN\n"
      "    RAISE EXCEPTION 'another sqlmigrate run holds the migration lock of {1}' USING HINT = 'wait for it to "
      "finish, "
      "then run `sqlmigrate status` against this database: the script may be out of date';\n"
      "  END IF;\n"
      "  IF to_regclass({2}) IS NOT NULL THEN\n"
      "    EXECUTE {3} INTO STRICT sqlmigrate_live;\n"
      "    IF sqlmigrate_live THEN\n"
      "      RAISE EXCEPTION 'a sqlmigrate run with lock_mode = \"table\" holds the migration lease in {4}' USING HINT "
      "= "
      "'wait for it to finish, then run `sqlmigrate status` against this database: the script may be out of date';\n"
      "    END IF;\n"
      "  END IF;\n"
      "END $sqlmigrate$;\n",
      key, quote_literal(h.qualified()).substr(1, quote_literal(h.qualified()).size() - 2), quote_literal(lease_table),
      quote_literal(fmt::format("SELECT EXISTS (SELECT 1 FROM {} WHERE heartbeat_at >= now() - interval '{} seconds')",
                                lease_table, lease_seconds)),
      quote_literal(lease_name).substr(1, quote_literal(lease_name).size() - 2));
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
  out += "\n-- The migration lock, as `sqlmigrate upgrade` takes it: no other run may go on at the same time.\n";
  out += run_lock(settings, run_lock_key(settings.history), k_lease_seconds);
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
