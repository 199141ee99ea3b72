// TEMPORARY: stand-ins for the lead's compiler/plan.cpp, compiler/checksum.cpp, runner/history.cpp and
// runner/offline.cpp so the runner can be exercised before they land. Deleted when main is merged.
#include <fmt/format.h>

#include <functional>

#include "compiler/checksum.hpp"
#include "compiler/directives.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/plan.hpp"
#include "compiler/source.hpp"
#include "runner/history.hpp"
#include "runner/offline.hpp"

namespace sqlmigrate::compiler {
std::string sha256_hex(std::string_view bytes) { return fmt::format("{:016x}", std::hash<std::string_view>{}(bytes)); }
std::string normalize_for_checksum(std::string_view text) { return std::string(text); }
std::string checksum(std::string_view text) { return sha256_hex(normalize_for_checksum(text)); }
std::string_view to_string(Direction d) { return d == Direction::up ? "up" : "down"; }

std::optional<std::size_t> Project::find(std::string_view version) const {
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (compare_versions(migrations[i].version, version) == 0) return i;
  return std::nullopt;
}
std::vector<std::size_t> Project::ancestors_inclusive(std::size_t index) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i <= index; ++i) out.push_back(i);
  return out;
}
std::vector<std::size_t> Project::descendants_inclusive(std::size_t index) const {
  std::vector<std::size_t> out;
  for (std::size_t i = index; i < migrations.size(); ++i) out.push_back(i);
  return out;
}

static Result<CompiledScript> compile_file(const MigrationFile& f) {
  auto src = SourceFile::read(f.path, f.display);
  if (!src) return src.take_errors();
  Script s = parse(*src);
  if (!s.ok()) return std::vector<Diagnostic>(s.errors());
  Directives d = read_directives(s);
  CompiledScript out;
  out.file = f.display;
  out.checksum = checksum(src->text());
  out.no_transaction = d.no_transaction;
  const auto& st = s.statements();
  const bool single_auto = st.size() == 1 && !st[0].autocommit_only.empty();
  if (d.no_transaction || single_auto) {
    for (const auto& x : st) {
      Unit u;
      u.transactional = false;
      u.sql = src->text().substr(x.span.begin, x.span.end - x.span.begin) + ";\n";
      u.offset = x.span.begin;
      u.line = src->line_col(x.span.begin).line;
      u.statements = 1;
      u.summary = u.sql.substr(0, 60);
      out.units.push_back(u);
    }
  } else {
    Unit u;
    if (!st.empty()) {
      u.offset = st[0].span.begin;
      u.sql = src->text().substr(u.offset) + "\n";
      u.line = src->line_col(u.offset).line;
      u.statements = static_cast<std::uint32_t>(st.size());
      u.summary = src->text().substr(u.offset, 60);
    }
    out.units.push_back(u);
  }
  return out;
}

Result<Project> compile_project(const MigrationSet& set, const CompileOptions&) {
  Project p;
  for (const auto& m : set.migrations) {
    CompiledMigration c;
    c.version = m.version;
    c.name = m.name;
    if (!p.migrations.empty()) c.parents.push_back(p.migrations.back().version);
    auto up = compile_file(m.up);
    if (!up) return up.take_errors();
    c.up = std::move(*up);
    if (m.down) {
      auto down = compile_file(*m.down);
      if (!down) return down.take_errors();
      c.down = std::move(*down);
    }
    p.migrations.push_back(std::move(c));
  }
  if (!p.migrations.empty()) p.heads.push_back(p.migrations.size() - 1);
  return p;
}

Result<Plan> plan_upgrade(const Project& p, const AppliedState& s, std::string_view target) {
  Plan plan;
  std::size_t limit = p.migrations.size();
  std::size_t count = limit;
  if (target.starts_with("+")) count = std::stoul(std::string(target.substr(1)));
  else if (target != "head" && target != "heads") {
    auto i = p.find(target);
    if (!i) return input_error("unknown-target", "", std::nullopt, fmt::format("no migration has version {}", target));
    limit = *i + 1;
  }
  for (std::size_t i = 0; i < limit && plan.steps.size() < count; ++i)
    if (!s.applied.count(p.migrations[i].version)) plan.steps.push_back({i, Direction::up, 0});
  return plan;
}
Result<Plan> plan_downgrade(const Project& p, const AppliedState& s, std::string_view target) {
  Plan plan;
  plan.direction = Direction::down;
  std::size_t count = p.migrations.size();
  std::size_t keep = 0;
  if (target.starts_with("-")) count = std::stoul(std::string(target.substr(1)));
  else if (target != "base") {
    auto i = p.find(target);
    if (!i) return input_error("unknown-target", "", std::nullopt, fmt::format("no migration has version {}", target));
    keep = *i + 1;
  }
  for (std::size_t i = p.migrations.size(); i-- > keep && plan.steps.size() < count;)
    if (s.applied.count(p.migrations[i].version)) {
      if (!p.migrations[i].down) return input_error("missing-down", p.migrations[i].up.file, std::nullopt, "no down file");
      plan.steps.push_back({i, Direction::down, 0});
    }
  return plan;
}
Result<AppliedState> state_at(const Project& p, std::string_view from) {
  AppliedState s;
  if (from == "base") return s;
  std::size_t limit = p.migrations.size();
  if (from != "heads") {
    auto i = p.find(from);
    if (!i) return input_error("unknown-target", "", std::nullopt, "unknown version");
    limit = *i + 1;
  }
  for (std::size_t i = 0; i < limit; ++i) s.applied.insert(p.migrations[i].version);
  return s;
}
TargetRange split_range(std::string_view t) {
  auto c = t.find(':');
  if (c == std::string_view::npos) return {std::nullopt, std::string(t)};
  TargetRange r;
  if (c > 0) r.from = std::string(t.substr(0, c));
  r.to = std::string(t.substr(c + 1));
  return r;
}
}  // namespace sqlmigrate::compiler

namespace sqlmigrate::runner {
std::string quote_literal(std::string_view text) {
  std::string o = "'";
  for (char c : text) {
    if (c == '\'') o += '\'';
    o += c;
  }
  return o + "'";
}
std::string quote_identifier(std::string_view name) {
  std::string o = "\"";
  for (char c : name) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}
std::string HistoryTable::qualified() const { return quote_identifier(schema) + "." + quote_identifier(table); }
std::string HistoryTable::log_qualified() const { return quote_identifier(schema) + "." + quote_identifier(table + "_log"); }
std::string history_ddl(const HistoryTable& t) {
  return fmt::format(
      "CREATE SCHEMA IF NOT EXISTS {}; CREATE TABLE IF NOT EXISTS {} (version text PRIMARY KEY, name text NOT NULL, "
      "checksum text NOT NULL, checksum_algorithm int NOT NULL, state text NOT NULL, units_done int NOT NULL, "
      "units_total int NOT NULL, applied_at timestamptz NOT NULL, duration_ms bigint, applied_by text NOT NULL DEFAULT "
      "current_user); CREATE TABLE IF NOT EXISTS {} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, version text, "
      "name text, direction text, started_at timestamptz, finished_at timestamptz, success boolean, units_done int, "
      "error text, applied_by text DEFAULT current_user, client text)",
      quote_identifier(t.schema), t.qualified(), t.log_qualified());
}
std::string record_up_progress_sql(const HistoryTable& t, const compiler::CompiledMigration& m, std::size_t done,
                                   const WriteContext& c) {
  const std::size_t total = m.up.units.size();
  return fmt::format(
      "INSERT INTO {0} (version, name, checksum, checksum_algorithm, state, units_done, units_total, applied_at, "
      "duration_ms) VALUES ({1}, {2}, {3}, 1, {4}, {5}, {6}, {7}, (extract(epoch FROM clock_timestamp() - {7}) * "
      "1000)::bigint) ON CONFLICT (version) DO UPDATE SET state = excluded.state, units_done = excluded.units_done, "
      "checksum = excluded.checksum, applied_at = excluded.applied_at, duration_ms = excluded.duration_ms",
      t.qualified(), quote_literal(m.version), quote_literal(m.name), quote_literal(m.up.checksum),
      quote_literal(done == total ? "applied" : "applying"), done, total, c.started_at_sql);
}
std::string record_down_progress_sql(const HistoryTable& t, const compiler::CompiledMigration& m, std::size_t done,
                                     const WriteContext&) {
  const std::size_t total = m.down ? m.down->units.size() : 0;
  if (done >= total) return fmt::format("DELETE FROM {} WHERE version = {}", t.qualified(), quote_literal(m.version));
  return fmt::format("UPDATE {} SET state = 'reverting', units_done = {}, units_total = {} WHERE version = {}",
                     t.qualified(), done, total, quote_literal(m.version));
}
std::string stamp_sql(const HistoryTable& t, const compiler::CompiledMigration& m, const WriteContext& c) {
  return fmt::format(
      "INSERT INTO {} (version, name, checksum, checksum_algorithm, state, units_done, units_total, applied_at, "
      "duration_ms) VALUES ({}, {}, {}, 1, 'applied', {}, {}, {}, 0)",
      t.qualified(), quote_literal(m.version), quote_literal(m.name), quote_literal(m.up.checksum), m.up.units.size(),
      m.up.units.size(), c.started_at_sql);
}
std::string unstamp_sql(const HistoryTable& t, const compiler::CompiledMigration& m) {
  return fmt::format("DELETE FROM {} WHERE version = {}", t.qualified(), quote_literal(m.version));
}
std::string log_start_sql(const HistoryTable& t, const compiler::CompiledMigration& m, compiler::Direction d,
                          const WriteContext& c) {
  return fmt::format(
      "INSERT INTO {} (version, name, direction, started_at, units_done, client) VALUES ({}, {}, {}, {}, 0, {}) "
      "RETURNING id",
      t.log_qualified(), quote_literal(m.version), quote_literal(m.name), quote_literal(compiler::to_string(d)),
      c.started_at_sql, quote_literal(c.client));
}
std::string log_finish_sql(const HistoryTable& t, std::string_view id, std::size_t done, std::string_view error) {
  return fmt::format("UPDATE {} SET finished_at = clock_timestamp(), success = {}, units_done = {}, error = {} WHERE id = {}",
                     t.log_qualified(), error.empty() ? "true" : "false", done,
                     error.empty() ? std::string("NULL") : quote_literal(error), id);
}
std::string offline_script(const compiler::Project&, const compiler::Plan&, const RunSettings&, std::string_view,
                           std::string_view) {
  return "-- offline script: not implemented in the temporary stub\n";
}
}  // namespace sqlmigrate::runner
