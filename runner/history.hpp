#pragma once
// The history table and the attempt log: their DDL and every statement that writes them, as SQL
// text. Both executors use these builders (the live runner and the offline psql script), so a
// database migrated by script can later be migrated live and the other way round, with identical rows.
//
// Layout (schema and table name configurable; the log table is `<table>_log`):
//
//   <table>:      version text PK, name, checksum, checksum_algorithm, state ('applied' | 'applying' |
//                 'reverting'), units_done, units_total, applied_at, duration_ms, applied_by
//   <table>_log:  id identity PK, version, name, direction ('up' | 'down' | 'stamp' | 'unstamp' |
//                 'rebaseline'), started_at, finished_at, success, units_done, error, applied_by, client
//
// A row with state 'applied' is a complete migration. 'applying' (units_done of units_total) is a
// no-transaction migration that stopped part-way going up; 'reverting' the same going down (its
// units_done counts down units done). Transactional migrations never leave such rows: their history
// write commits with them.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/plan.hpp"

namespace sqlmigrate::runner {

struct HistoryTable {
  std::string schema = "public";
  std::string table = "sqlmigrate_history";
  std::string qualified() const;      // "schema"."table", quoted as needed
  std::string log_qualified() const;  // "schema"."table_log"
};

// SQL literal and identifier quoting.
std::string quote_literal(std::string_view text);
std::string quote_identifier(std::string_view name);

// CREATE SCHEMA / TABLE IF NOT EXISTS for both tables; safe to run every time.
std::string history_ddl(const HistoryTable& table);

// How a write refers to values known only while running: an SQL expression for the time the
// migration started (a literal in the live runner, a psql variable in the offline script).
struct WriteContext {
  std::string started_at_sql;  // e.g. "'2026-11-21 10:00:00+00'::timestamptz" or ":'sqlmigrate_started'::timestamptz"
  std::string client;          // "sqlmigrate 0.1.0" (live) or "sqlmigrate 0.1.0 (script)"
};

// After unit `units_done` (1-based count) of an up migration: the row becomes 'applying', or
// 'applied' when units_done == units_total. One upsert, run in the unit's transaction when it has one.
std::string record_up_progress_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                                   std::size_t units_done, const WriteContext& context);
// After unit `units_done` of a down migration: 'reverting', or the row deleted when all are done.
std::string record_down_progress_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                                     std::size_t units_done, const WriteContext& context);

// Records an applied migration without running it (`stamp`), or removes its row (`stamp` backwards).
std::string stamp_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                      const WriteContext& context);
std::string unstamp_sql(const HistoryTable& table, const compiler::CompiledMigration& migration);

// Attempt log: a start row (returns `id`), then its end. `error` empty means success.
std::string log_start_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                          compiler::Direction direction, const WriteContext& context);
std::string log_finish_sql(const HistoryTable& table, std::string_view attempt_id_sql, std::size_t units_done,
                           std::string_view error);

// The live runner's per-migration writes in a batch (see runner/executor.cpp) as prepared statements:
// the same SQL as the builders above with parameters, so a batch parses and plans each once. Names
// start with `prefix` (unique per batch: they are created and dropped inside the batch's own string,
// which stays on one server connection even behind a transaction-pooling PgBouncer).
class PreparedWrites {
 public:
  // `attempt_id_sql` names the current attempt (the finish's WHERE and the history duration's start).
  PreparedWrites(const HistoryTable& table, std::string prefix, std::string_view attempt_id_sql,
                 const WriteContext& context);
  const std::string& prepare() const { return m_prepare; }
  std::vector<std::string> names() const;  // one PREPARE each, in this order
  std::string deallocate() const;          // one DEALLOCATE per name
  // The attempt-log start row (returns its id), like log_start_sql.
  std::string log_start(const compiler::CompiledMigration& migration, compiler::Direction direction) const;
  // After the last unit: the history write (record_*_progress_sql with all units done) and the attempt's
  // successful finish (log_finish_sql), in one statement that returns the attempt's milliseconds.
  std::string finish_up(const compiler::CompiledMigration& migration) const;
  std::string finish_down(const compiler::CompiledMigration& migration) const;

 private:
  std::string m_prefix;
  std::string m_prepare;
};

// A finished attempt-log row for an action that runs no migration SQL: "stamp", "unstamp", "rebaseline".
std::string log_event_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                          std::string_view action, const WriteContext& context);

// Records the file's current checksum for an applied migration (`rebaseline`, after a harmless edit).
// `recorded_version` is the version as the history row spells it.
std::string rebaseline_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                           std::string_view recorded_version);

}  // namespace sqlmigrate::runner
