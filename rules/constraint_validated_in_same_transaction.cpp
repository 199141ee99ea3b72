// constraint-validated-in-same-transaction: VALIDATE CONSTRAINT on a constraint that the same
// transaction added NOT VALID. The ADD CONSTRAINT took an ACCESS EXCLUSIVE lock (SHARE ROW EXCLUSIVE
// for a foreign key) that is held until commit, so the validation scan runs under it: NOT VALID
// gained nothing.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class ConstraintValidatedInSameTransaction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "constraint-validated-in-same-transaction", {}, Severity::warning, true,
        "VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID scans under the ADD's lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt) || !ctx.migration_transactional()) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE) return;
    // The table is looked up only for a VALIDATE CONSTRAINT: most ALTER TABLEs have none.
    const compiler::Relation* table = nullptr;
    bool looked_up = false;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_ValidateConstraint || cmd->name == nullptr) continue;
      if (!looked_up) {
        looked_up = true;
        if (!is_new_relation(alter->relation, ctx)) {
          table = ctx.catalog().relation(ctx.catalog().resolve(alter->relation));
        }
      }
      if (table == nullptr) return;
      const compiler::TableConstraint* con = table->constraint(cmd->name);
      if (con == nullptr || con->validated || con->created_in != ctx.catalog().migration_number()) continue;
      const bool fk = con->kind == compiler::ConstraintKind::foreign_key;
      const std::string t = display_name(alter->relation);
      out.report(alter_subcommand_span(stmt, ctx, alter, static_cast<std::size_t>(foreach_current_index(lc))),
                 fmt::format("constraint {} is validated in the same transaction that added it NOT VALID, so the "
                             "scan of {} runs while {} stays locked",
                             quote_ident(cmd->name), t, fk ? "writes to " + t : "all reads and writes of " + t),
                 fmt::format("ADD CONSTRAINT took {} lock on {} that is held until the migration commits, so "
                             "VALIDATE CONSTRAINT's lighter SHARE UPDATE EXCLUSIVE lock does not help",
                             fk ? "a SHARE ROW EXCLUSIVE" : "an ACCESS EXCLUSIVE", t),
                 "move the VALIDATE CONSTRAINT into a later migration, so that it runs in its own transaction");
    }
  }
};

}  // namespace

const linter::Rule& constraint_validated_in_same_transaction() {
  static const ConstraintValidatedInSameTransaction k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
