// ban-drop-database: DROP DATABASE in a migration, which deletes a whole database and cannot be
// undone.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanDropDatabase final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{"ban-drop-database", {}, Severity::error, true,
                                         "DROP DATABASE deletes a whole database and cannot be undone"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, DropdbStmt)) return;
    const auto* drop = castNode(DropdbStmt, const_cast<::Node*>(stmt.node));
    const std::string name = drop->dbname != nullptr ? drop->dbname : "?";
    if (is_new_database(name, stmt, ctx)) return;
    out.report(stmt.span,
               fmt::format("dropping database {} deletes every table and row in it for good", quote_ident(name)),
               "DROP DATABASE cannot run in a transaction block, so nothing can roll it back, and a down migration "
               "cannot bring the data back",
               "drop databases by hand, after a backup, rather than from a migration that runs wherever it is "
               "deployed");
  }
};

}  // namespace

const linter::Rule& ban_drop_database() {
  static const BanDropDatabase k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
