// disallowed-unique-constraint: ALTER TABLE ... ADD CONSTRAINT ... UNIQUE without USING INDEX on an
// existing table, which builds the unique index while holding an ACCESS EXCLUSIVE lock.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class DisallowedUniqueConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "disallowed-unique-constraint", {}, Severity::warning, true,
        "ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock"};
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
      if (con->contype != CONSTR_UNIQUE || con->indexname != nullptr) continue;
      const std::string t = display_name(alter->relation);
      const std::string name = con->conname != nullptr ? quote_ident(con->conname) : std::string("<name>");
      std::string columns;
      const ListCell* kc = nullptr;
      foreach (kc, con->keys) {
        const char* c = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(kc)));
        columns += (columns.empty() ? "" : ", ") + quote_ident(c != nullptr ? c : "?");
      }
      out.report(stmt.span_at(con->location, 1),
                 fmt::format("adding the unique constraint {} builds its index on {} while all reads and writes of "
                             "{} wait",
                             name, t, t),
                 fmt::format("ADD CONSTRAINT ... UNIQUE takes an ACCESS EXCLUSIVE lock on {} and holds it while it "
                             "reads the whole table and builds the index, then until commit",
                             t),
                 fmt::format("build the index first with `CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({})` in a "
                             "no-transaction migration, then `ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}`, "
                             "which only updates the catalog",
                             name, t, columns, t, name, name));
    }
  }
};

}  // namespace

const linter::Rule& disallowed_unique_constraint() {
  static const DisallowedUniqueConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
