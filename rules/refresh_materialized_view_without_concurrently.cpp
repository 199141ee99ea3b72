// refresh-materialized-view-without-concurrently: REFRESH MATERIALIZED VIEW without CONCURRENTLY on a
// view that existed before this migration, which blocks every read of the view while it refreshes.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class RefreshMaterializedViewWithoutConcurrently final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "refresh-materialized-view-without-concurrently", {}, Severity::warning, true,
        "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view while it runs"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, RefreshMatViewStmt)) return;
    const auto* refresh = castNode(RefreshMatViewStmt, const_cast<::Node*>(stmt.node));
    // WITH NO DATA empties the view on purpose and cannot be concurrent: not this rule's business.
    if (refresh->concurrent || refresh->skipData || is_new_relation(refresh->relation, ctx)) return;
    const std::string view = display_name(refresh->relation);
    out.report(stmt.span,
               fmt::format("refreshing materialized view {} without CONCURRENTLY blocks every read of {} until the "
                           "refresh finishes",
                           view, view),
               fmt::format("REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on {} while it reruns the view's "
                           "whole query",
                           view),
               fmt::format("use REFRESH MATERIALIZED VIEW CONCURRENTLY {}, which lets reads continue; it needs a "
                           "unique index on {} over plain columns with no WHERE clause, and a view that is already "
                           "populated",
                           view, view));
  }
};

}  // namespace

const linter::Rule& refresh_materialized_view_without_concurrently() {
  static const RefreshMaterializedViewWithoutConcurrently k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
