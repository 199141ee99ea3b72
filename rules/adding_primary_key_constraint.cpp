// adding-primary-key-constraint: ALTER TABLE ... ADD PRIMARY KEY on an existing table. Without USING
// INDEX it builds the index under an ACCESS EXCLUSIVE lock; either way, columns not yet NOT NULL are
// made NOT NULL, which scans the table under that lock unless a validated CHECK (col IS NOT NULL)
// proves it (PostgreSQL 12+).

#include <fmt/format.h>

#include <vector>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingPrimaryKeyConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-primary-key-constraint", {}, Severity::warning, true,
        "ADD PRIMARY KEY builds its index, and scans for NULLs, under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AddConstraint || cmd->def == nullptr || !IsA(cmd->def, Constraint)) continue;
      const auto* con = castNode(Constraint, cmd->def);
      if (con->contype != CONSTR_PRIMARY) continue;
      const std::string key = ctx.catalog().resolve(alter->relation);
      const compiler::Relation* known = ctx.catalog().known_relation(key);
      const std::string t = display_name(alter->relation);
      // The key columns (from USING INDEX: the index's, when the catalog has it).
      std::vector<std::string> columns;
      if (con->indexname != nullptr) {
        if (const compiler::Index* ix = ctx.catalog().index(ctx.catalog().resolve(alter->relation->schemaname,
                                                                                  con->indexname))) {
          columns = compiler::texts_of(ix->columns);
        }
      } else {
        const ListCell* kc = nullptr;
        foreach (kc, con->keys) {
          const char* c = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(kc)));
          columns.emplace_back(c != nullptr ? c : "");
        }
      }
      // Columns that SET NOT NULL must scan for: unknown counts as needing the scan.
      bool scan = known == nullptr || columns.empty();
      for (const std::string& c : columns) {
        const compiler::Column* col = known != nullptr ? known->column(c) : nullptr;
        const bool proven = col != nullptr && (col->not_null || (ctx.pg_version() >= 12 &&
                                                                 ctx.catalog().has_validated_not_null_check(key, c)));
        scan = scan || !proven;
      }
      std::string list;
      for (const auto& c : columns) list += (list.empty() ? "" : ", ") + quote_ident(c);
      if (list.empty()) list = "...";
      const std::string not_null_help =
          ctx.pg_version() >= 12
              ? " and, for columns not yet NOT NULL, first add CHECK (column IS NOT NULL) NOT VALID and validate it in "
                "an earlier migration, so that the implied SET NOT NULL needs no scan"
              : std::string();
      if (con->indexname == nullptr) {
        out.report(stmt.span_at(con->location, 1),
                   fmt::format("adding a primary key to {} builds its index{} while all reads and writes of {} wait",
                               t, scan ? " and checks every row for NULLs" : "", t),
                   fmt::format("ADD PRIMARY KEY takes an ACCESS EXCLUSIVE lock on {} and holds it while it reads the "
                               "whole table to build the unique index, then until commit",
                               t),
                   fmt::format("build the index first with `CREATE UNIQUE INDEX CONCURRENTLY <index> ON {} ({})` in a "
                               "no-transaction migration, then `ALTER TABLE {} ADD CONSTRAINT <name> PRIMARY KEY USING "
                               "INDEX <index>`{}",
                               t, list, t, not_null_help));
      } else if (scan) {
        out.report(stmt.span_at(con->location, 1),
                   fmt::format("adding a primary key to {} makes its columns NOT NULL, which reads every row while "
                               "all reads and writes of {} wait",
                               t, t),
                   fmt::format("columns of a primary key must be NOT NULL, and for a column that is not yet, Postgres "
                               "scans {} for NULLs under the ACCESS EXCLUSIVE lock of ALTER TABLE",
                               t),
                   ctx.pg_version() >= 12
                       ? std::string("first add CHECK (column IS NOT NULL) NOT VALID and validate it in an earlier "
                                     "migration, so that Postgres can skip the scan")
                       : std::string("run it when the table is small or traffic is low: before PostgreSQL 12 the "
                                     "scan cannot be avoided"));
      }
    }
  }
};

}  // namespace

const linter::Rule& adding_primary_key_constraint() {
  static const AddingPrimaryKeyConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
