// renaming-column: ALTER TABLE ... RENAME COLUMN on a table (or view) that existed before this
// migration, which breaks every query that uses the old name until all code is redeployed.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class RenamingColumn final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "renaming-column", {}, Severity::warning, true,
        "RENAME COLUMN breaks every query and application version that still uses the old name"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, RenameStmt)) return;
    const auto* rename = castNode(RenameStmt, const_cast<::Node*>(stmt.node));
    if (rename->renameType != OBJECT_COLUMN || rename->relation == nullptr || rename->subname == nullptr ||
        rename->newname == nullptr || is_new_relation(rename->relation, ctx)) {
      return;
    }
    const std::string table = display_name(rename->relation);
    const std::string old_name = quote_ident(rename->subname);
    const std::string new_name = quote_ident(rename->newname);
    out.report(stmt.span,
               fmt::format("renaming column {} of {} to {} breaks every query and application version that still "
                           "uses the name {}",
                           old_name, table, new_name, old_name),
               "the rename itself is instant, but code deployed before this migration keeps sending the old name "
               "and fails until it is replaced, and during a rolling deploy old and new code run side by side",
               fmt::format("add column {} next to {}, have the application write both and read {}, backfill it, and "
                           "drop {} in a later migration once no code uses it",
                           new_name, old_name, new_name, old_name));
  }
};

}  // namespace

const linter::Rule& renaming_column() {
  static const RenamingColumn k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
