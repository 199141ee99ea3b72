// ban-drop-not-null: ALTER COLUMN ... DROP NOT NULL on a table that existed before this migration,
// which lets NULLs into a column that readers were written to trust.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class BanDropNotNull final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-drop-not-null", {}, Severity::warning, true,
        "DROP NOT NULL lets NULLs into a column that existing readers assume is always set"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_DropNotNull) continue;
      const std::string table = display_name(alter->relation);
      const std::string column = quote_ident(cmd->name != nullptr ? cmd->name : "?");
      out.report(alter_subcommand_span(stmt, ctx, alter, static_cast<std::size_t>(foreach_current_index(lc))),
                 fmt::format("dropping NOT NULL from column {} of {} lets NULLs in, which breaks readers that "
                             "assume {} always has a value",
                             column, table, column),
                 "application versions deployed before this migration, reports and other services were written "
                 "against a column that never held NULL, and once a NULL is written the down migration's SET NOT "
                 "NULL fails",
                 fmt::format("first deploy every reader of {} with NULL handling, then drop the constraint in a later "
                             "migration marked `-- sqlmigrate:ignore ban-drop-not-null -- <why it is safe>`",
                             column));
    }
  }
};

}  // namespace

const linter::Rule& ban_drop_not_null() {
  static const BanDropNotNull k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
