// renaming-table: ALTER TABLE ... RENAME TO on a table that existed before this migration, which
// breaks every query that uses the old name until all code is redeployed.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class RenamingTable final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "renaming-table", {}, Severity::warning, true,
        "RENAME TO breaks every query and application version that still uses the old table name"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, RenameStmt)) return;
    const auto* rename = castNode(RenameStmt, const_cast<::Node*>(stmt.node));
    if (rename->renameType != OBJECT_TABLE || rename->relation == nullptr || rename->newname == nullptr ||
        is_new_relation(rename->relation, ctx)) {
      return;
    }
    const std::string old_name = display_name(rename->relation);
    std::string new_name = quote_ident(rename->newname);
    if (rename->relation->schemaname != nullptr) new_name = quote_ident(rename->relation->schemaname) + "." + new_name;
    out.report(stmt.span,
               fmt::format("renaming table {} to {} breaks every query and application version that still uses the "
                           "name {}",
                           old_name, new_name, old_name),
               "the rename itself is instant, but code deployed before this migration keeps sending the old name "
               "and fails until it is replaced, and during a rolling deploy old and new code run side by side",
               fmt::format("in the same transaction as the rename, create a view under the old name (CREATE VIEW {} "
                           "AS SELECT * FROM {}), which simple queries can still read and write, and drop the view "
                           "in a later migration once no code uses the old name",
                           old_name, new_name));
  }
};

}  // namespace

const linter::Rule& renaming_table() {
  static const RenamingTable k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
