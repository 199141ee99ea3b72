#include "runner/history.hpp"

#include <fmt/format.h>

#include "compiler/checksum.hpp"

namespace sqlmigrate::runner {

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  // A backslash in a standard-conforming string is literal; E'' strings are never produced here.
  return out;
}

std::string quote_identifier(std::string_view name) {
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string HistoryTable::qualified() const { return quote_identifier(schema) + "." + quote_identifier(table); }
std::string HistoryTable::log_qualified() const {
  return quote_identifier(schema) + "." + quote_identifier(table + "_log");
}

std::string history_ddl(const HistoryTable& table) {
  std::string out;
  // CREATE SCHEMA needs the CREATE privilege on the database even when the schema exists, so it is
  // left out for `public`, which every database has.
  if (table.schema != "public") out += fmt::format("CREATE SCHEMA IF NOT EXISTS {};\n", quote_identifier(table.schema));
  out += fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "    version text PRIMARY KEY,\n"
      "    name text NOT NULL,\n"
      "    checksum text NOT NULL,\n"
      "    checksum_algorithm smallint NOT NULL,\n"
      "    state text NOT NULL CHECK (state IN ('applied', 'applying', 'reverting')),\n"
      "    units_done integer NOT NULL,\n"
      "    units_total integer NOT NULL,\n"
      "    applied_at timestamptz NOT NULL,\n"
      "    duration_ms bigint NOT NULL,\n"
      "    applied_by text NOT NULL DEFAULT current_user\n"
      ");\n",
      table.qualified());
  out += fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
      "    version text NOT NULL,\n"
      "    name text NOT NULL,\n"
      "    direction text NOT NULL,\n"
      "    started_at timestamptz NOT NULL,\n"
      "    finished_at timestamptz,\n"
      "    success boolean,\n"
      "    units_done integer,\n"
      "    error text,\n"
      "    applied_by text NOT NULL DEFAULT current_user,\n"
      "    client text NOT NULL\n"
      ");\n",
      table.log_qualified());
  return out;
}

namespace {

// The history upsert with each value given as an SQL expression (literals, or $n in a prepared statement).
std::string upsert_of(const HistoryTable& table, std::string_view version, std::string_view name,
                      std::string_view checksum, std::string_view algorithm, std::string_view state,
                      std::string_view units_done, std::string_view units_total, std::string_view duration_sql) {
  return fmt::format(
      "INSERT INTO {} (version, name, checksum, checksum_algorithm, state, units_done, units_total, applied_at, "
      "duration_ms)\n"
      "VALUES ({}, {}, {}, {}, {}, {}, {}, clock_timestamp(), {})\n"
      "ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, "
      "checksum_algorithm = EXCLUDED.checksum_algorithm, state = EXCLUDED.state, units_done = EXCLUDED.units_done, "
      "units_total = EXCLUDED.units_total, applied_at = EXCLUDED.applied_at, duration_ms = EXCLUDED.duration_ms, "
      "applied_by = EXCLUDED.applied_by;\n",
      table.qualified(), version, name, checksum, algorithm, state, units_done, units_total, duration_sql);
}

std::string upsert(const HistoryTable& table, const compiler::CompiledMigration& migration, std::string_view state,
                   std::size_t units_done, std::string_view duration_sql) {
  return upsert_of(table, quote_literal(migration.version), quote_literal(migration.name),
                   quote_literal(migration.up.checksum), std::to_string(compiler::k_checksum_algorithm),
                   fmt::format("'{}'", state), std::to_string(units_done), std::to_string(migration.up.units.size()),
                   duration_sql);
}

std::string duration_since(std::string_view started_at_sql) {
  return fmt::format("(extract(epoch FROM clock_timestamp() - {}) * 1000)::bigint", started_at_sql);
}

}  // namespace

std::string record_up_progress_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                                   std::size_t units_done, const WriteContext& context) {
  const bool done = units_done >= migration.up.units.size();
  return upsert(table, migration, done ? "applied" : "applying", units_done, duration_since(context.started_at_sql));
}

std::string record_down_progress_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                                     std::size_t units_done, const WriteContext& /*context*/) {
  const std::size_t total = migration.down ? migration.down->units.size() : 0;
  if (units_done >= total) {
    return fmt::format("DELETE FROM {} WHERE version = {};\n", table.qualified(), quote_literal(migration.version));
  }
  return fmt::format("UPDATE {} SET state = 'reverting', units_done = {}, units_total = {} WHERE version = {};\n",
                     table.qualified(), units_done, total, quote_literal(migration.version));
}

std::string stamp_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                      const WriteContext& /*context*/) {
  return upsert(table, migration, "applied", migration.up.units.size(), "0");
}

std::string unstamp_sql(const HistoryTable& table, const compiler::CompiledMigration& migration) {
  return fmt::format("DELETE FROM {} WHERE version = {};\n", table.qualified(), quote_literal(migration.version));
}

std::string log_start_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                          compiler::Direction direction, const WriteContext& context) {
  return fmt::format(
      "INSERT INTO {} (version, name, direction, started_at, client) VALUES ({}, {}, '{}', clock_timestamp(), {}) "
      "RETURNING id",
      table.log_qualified(), quote_literal(migration.version), quote_literal(migration.name),
      compiler::to_string(direction), quote_literal(context.client));
}

std::string log_finish_sql(const HistoryTable& table, std::string_view attempt_id_sql, std::size_t units_done,
                           std::string_view error) {
  return fmt::format(
      "UPDATE {} SET finished_at = clock_timestamp(), success = {}, units_done = {}, error = {} WHERE id = {};\n",
      table.log_qualified(), error.empty() ? "true" : "false", units_done,
      error.empty() ? std::string("NULL") : quote_literal(error), attempt_id_sql);
}

PreparedWrites::PreparedWrites(const HistoryTable& table, std::string prefix, std::string_view attempt_id_sql,
                               const WriteContext& context)
    : m_prefix(std::move(prefix)) {
  m_prepare = fmt::format(
      "PREPARE {}_start (text, text, text) AS INSERT INTO {} (version, name, direction, started_at, client) "
      "VALUES ($1, $2, $3, clock_timestamp(), {}) RETURNING id;\n",
      m_prefix, table.log_qualified(), quote_literal(context.client));
  // The history write of a migration's last unit and the attempt's finish, as one statement (one
  // transaction either way): a data-modifying WITH runs to completion whatever the outer statement reads.
  const std::string finish = fmt::format(
      "UPDATE {} SET finished_at = clock_timestamp(), success = true, units_done = $UNITS, error = NULL WHERE id = {} "
      "RETURNING round(extract(epoch FROM finished_at - started_at) * 1000)::bigint;\n",
      table.log_qualified(), attempt_id_sql);
  std::string up = upsert_of(table, "$1", "$2", "$3", "$4", "'applied'", "$5", "$5", duration_since(context.started_at_sql));
  up.resize(up.size() - 2);  // ";\n"
  std::string up_finish = finish;
  up_finish.replace(up_finish.find("$UNITS"), 6, "$5");
  m_prepare += fmt::format("PREPARE {}_up (text, text, text, smallint, integer) AS WITH history AS ({}) {}", m_prefix,
                           up, up_finish);
  std::string down_finish = finish;
  down_finish.replace(down_finish.find("$UNITS"), 6, "$2");
  m_prepare += fmt::format("PREPARE {}_down (text, integer) AS WITH history AS (DELETE FROM {} WHERE version = $1) {}",
                           m_prefix, table.qualified(), down_finish);
}

std::vector<std::string> PreparedWrites::names() const {
  return {m_prefix + "_start", m_prefix + "_up", m_prefix + "_down"};
}

std::string PreparedWrites::deallocate() const {
  std::string out;
  for (const auto& name : names()) out += "DEALLOCATE " + name + ";\n";
  return out;
}

std::string PreparedWrites::log_start(const compiler::CompiledMigration& migration, compiler::Direction direction) const {
  return fmt::format("EXECUTE {}_start ({}, {}, '{}');\n", m_prefix, quote_literal(migration.version),
                     quote_literal(migration.name), compiler::to_string(direction));
}

std::string PreparedWrites::finish_up(const compiler::CompiledMigration& migration) const {
  return fmt::format("EXECUTE {}_up ({}, {}, {}, {}, {});\n", m_prefix, quote_literal(migration.version),
                     quote_literal(migration.name), quote_literal(migration.up.checksum), compiler::k_checksum_algorithm,
                     migration.up.units.size());
}

std::string PreparedWrites::finish_down(const compiler::CompiledMigration& migration) const {
  return fmt::format("EXECUTE {}_down ({}, {});\n", m_prefix, quote_literal(migration.version),
                     migration.down ? migration.down->units.size() : 0);
}

std::string log_event_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                          std::string_view action, const WriteContext& context) {
  return fmt::format(
      "INSERT INTO {} (version, name, direction, started_at, finished_at, success, units_done, client) "
      "VALUES ({}, {}, {}, clock_timestamp(), clock_timestamp(), true, 0, {})",
      table.log_qualified(), quote_literal(migration.version), quote_literal(migration.name), quote_literal(action),
      quote_literal(context.client));
}

std::string rebaseline_sql(const HistoryTable& table, const compiler::CompiledMigration& migration,
                           std::string_view recorded_version) {
  return fmt::format("UPDATE {} SET checksum = {}, checksum_algorithm = {} WHERE version = {}", table.qualified(),
                     quote_literal(migration.up.checksum), compiler::k_checksum_algorithm,
                     quote_literal(recorded_version));
}

}  // namespace sqlmigrate::runner
