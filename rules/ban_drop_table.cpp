// ban-drop-table: DROP TABLE of a table that existed before this migration, which deletes its data
// for good and breaks application code that still uses it.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanDropTable final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-drop-table", {}, Severity::warning, true,
        "DROP TABLE deletes data for good and breaks code that still uses the table"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, DropStmt)) return;
    const auto* drop = castNode(DropStmt, const_cast<::Node*>(stmt.node));
    if (drop->removeType != OBJECT_TABLE) return;
    std::vector<std::string> existing;
    const ListCell* lc = nullptr;
    foreach (lc, drop->objects) {
      const auto* names = static_cast<const List*>(lfirst(lc));
      if (!ctx.created_in_migration(qualified_key(names))) existing.push_back(display_names(names));
    }
    if (existing.empty()) return;
    const bool plural = existing.size() > 1;
    out.report(stmt.span,
               fmt::format("dropping {} {} deletes {} rows for good and breaks every query and application version "
                           "that still uses {}{}",
                           plural ? "tables" : "table", join_names(existing), plural ? "their" : "its",
                           plural ? "them" : "it",
                           drop->behavior == DROP_CASCADE
                               ? fmt::format(", and CASCADE also drops the views and foreign keys that depend on {}",
                                             plural ? "them" : "it")
                               : std::string()),
               "a down migration can recreate a table but not its rows, and code deployed before this migration "
               "keeps using the table until it is replaced",
               "first deploy code that no longer uses the table and make sure its data is backed up or no longer "
               "needed, then mark the drop `-- sqlmigrate:ignore ban-drop-table -- <why it is safe>`");
  }
};

}  // namespace

const linter::Rule& ban_drop_table() {
  static const BanDropTable k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
