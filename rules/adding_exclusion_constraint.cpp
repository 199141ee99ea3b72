// adding-exclusion-constraint: ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE on an existing table, which
// builds the constraint's index and checks every row under an ACCESS EXCLUSIVE lock, with no
// NOT VALID or USING INDEX way around it.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingExclusionConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-exclusion-constraint",
        {},
        Severity::warning,
        true,
        "ADD CONSTRAINT ... EXCLUDE builds an index and checks every row under an ACCESS EXCLUSIVE lock, and "
        "cannot be added NOT VALID"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AddConstraint || cmd->def == nullptr || !IsA(cmd->def, Constraint)) continue;
      const auto* constraint = castNode(Constraint, cmd->def);
      if (constraint->contype != CONSTR_EXCLUSION || is_new_relation(alter->relation, ctx)) continue;
      const std::string table = display_name(alter->relation);
      out.report(word_span(stmt, ctx, constraint->location),
                 fmt::format("adding the exclusion constraint {}to {} builds its index and checks every row while "
                             "blocking all reads and writes of {}",
                             constraint->conname != nullptr ? quote_ident(constraint->conname) + " " : std::string(),
                             table, table),
                 "ADD CONSTRAINT ... EXCLUDE holds an ACCESS EXCLUSIVE lock for the whole index build, and unlike a "
                 "CHECK or foreign key it cannot be added NOT VALID, nor attached to an index built CONCURRENTLY",
                 "on a large table, build the constraint on a new table and move the rows over in batches, or run it "
                 "at a quiet time with a short lock_timeout so that it gives up rather than queue other queries");
    }
  }
};

}  // namespace

const linter::Rule& adding_exclusion_constraint() {
  static const AddingExclusionConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
