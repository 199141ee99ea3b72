// ban-concurrent-index-build-on-pg14-before-14-4: CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY
// when the target is Postgres 14.0 to 14.3, whose concurrent builds can silently miss rows (fixed in
// 14.4). Needs pg_version with a minor release ("14.3"); a bare major version never triggers it.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanConcurrentIndexBuildOnPg14Before144 final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-concurrent-index-build-on-pg14-before-14-4", {}, Severity::error, true,
        "CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY can corrupt indexes on Postgres 14.0 to 14.3"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!concurrent_index_builds_corrupt(ctx)) return;
    std::string what;
    if (IsA(stmt.node, IndexStmt)) {
      const auto* index = castNode(IndexStmt, const_cast<::Node*>(stmt.node));
      // A table created earlier in this migration has no concurrent writers, which the bug needs.
      if (!index->concurrent || is_new_relation(index->relation, ctx)) return;
      what = fmt::format("CREATE INDEX CONCURRENTLY {}on {}",
                         index->idxname != nullptr ? quote_ident(index->idxname) + " " : std::string(),
                         display_name(index->relation));
    } else if (IsA(stmt.node, ReindexStmt)) {
      const auto* reindex = castNode(ReindexStmt, const_cast<::Node*>(stmt.node));
      if (!option_on(reindex->params, "concurrently")) return;
      if (reindex->kind == REINDEX_OBJECT_TABLE && is_new_relation(reindex->relation, ctx)) return;
      if (reindex->kind == REINDEX_OBJECT_INDEX && reindex->relation != nullptr &&
          is_new_index(relation_key(reindex->relation), stmt, ctx)) {
        return;
      }
      what = reindex->relation != nullptr ? "REINDEX CONCURRENTLY of " + display_name(reindex->relation)
                                          : std::string("REINDEX CONCURRENTLY");
    } else {
      return;
    }
    out.report(stmt.span,
               fmt::format("{} on Postgres 14.{} can build an index that misses rows, so queries using it silently "
                           "return wrong results",
                           what, *ctx.pg_minor()),
               "Postgres 14.0 to 14.3 have a bug, fixed in 14.4, by which concurrent index builds can skip rows "
               "that are updated while the build runs",
               "upgrade the server to 14.4 or later before this migration runs, and there REINDEX every index built "
               "concurrently on 14.0 to 14.3; if pg_version is out of date, set it to the server's real version");
  }
};

}  // namespace

const linter::Rule& ban_concurrent_index_build_on_pg14_before_14_4() {
  static const BanConcurrentIndexBuildOnPg14Before144 k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
