// ban-drop-column: ALTER TABLE ... DROP COLUMN on a table that existed before this migration, which
// breaks application code that still uses the column and loses its data for good.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class BanDropColumn final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-drop-column", {}, Severity::warning, true,
        "DROP COLUMN breaks code that still uses the column and cannot be rolled back"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_DropColumn) continue;
      const std::string table = display_name(alter->relation);
      const std::string column = quote_ident(cmd->name != nullptr ? cmd->name : "?");
      out.report(
          alter_subcommand_span(stmt, ctx, alter, static_cast<std::size_t>(foreach_current_index(lc))),
          fmt::format("dropping column {} of {} breaks every query and application version that still uses "
                      "{}, and deletes its data{}",
                      column, table, column,
                      cmd->behavior == DROP_CASCADE ? " and every view, index and constraint that depends on it" : ""),
          "DROP COLUMN itself is quick (it only marks the column dropped), but code deployed before this "
          "migration keeps naming the column until it is replaced, and a down migration cannot bring the "
          "values back",
          fmt::format("first deploy code that no longer reads or writes {} (ORMs included), then drop it in a "
                      "later migration marked `-- sqlmigrate:ignore ban-drop-column -- <why it is safe>`",
                      column));
    }
  }
};

}  // namespace

const linter::Rule& ban_drop_column() {
  static const BanDropColumn k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
