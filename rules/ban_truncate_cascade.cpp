// ban-truncate-cascade: TRUNCATE ... CASCADE, which also empties every table whose foreign keys
// reference the named tables, recursively.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanTruncateCascade final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-truncate-cascade", {}, Severity::error, true,
        "TRUNCATE ... CASCADE also empties every table that references the named ones, recursively"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, TruncateStmt)) return;
    const auto* truncate = castNode(TruncateStmt, const_cast<::Node*>(stmt.node));
    if (truncate->behavior != DROP_CASCADE) return;
    // Tables that reference a table created in this migration were created after it, so in this
    // migration too: CASCADE reaches only new tables when every named table is new.
    std::vector<std::string> tables;
    bool all_new = true;
    const ListCell* lc = nullptr;
    foreach (lc, truncate->relations) {
      const auto* relation = lfirst_node(RangeVar, lc);
      tables.push_back(display_name(relation));
      all_new = all_new && is_new_relation(relation, ctx);
    }
    if (all_new) return;
    out.report(stmt.span,
               fmt::format("TRUNCATE ... CASCADE empties {} and also every table whose foreign keys reference {}, "
                           "recursively, not only the tables named",
                           join_names(tables), tables.size() > 1 ? "them" : "it"),
               "which tables CASCADE reaches depends on foreign keys that may have been added since this migration "
               "was written, and the deleted rows cannot be brought back once it commits",
               "name every table to empty in the TRUNCATE and drop CASCADE, so that Postgres refuses to run if "
               "another table still references them");
  }
};

}  // namespace

const linter::Rule& ban_truncate_cascade() {
  static const BanTruncateCascade k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
