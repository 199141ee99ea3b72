// require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY on an existing table.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class RequireConcurrentIndexCreation final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-concurrent-index-creation", {}, Severity::warning, true,
        "CREATE INDEX without CONCURRENTLY blocks writes to the table while the index builds"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, IndexStmt)) return;
    const auto* index = castNode(IndexStmt, const_cast<::Node*>(stmt.node));
    if (index->concurrent || is_new_relation(index->relation, ctx)) return;
    const std::string table = display_name(index->relation);
    out.report(stmt.span,
               fmt::format("building {}index {}on {} without CONCURRENTLY blocks all writes to {} until it finishes",
                           index->unique ? "a unique " : "an ",
                           index->idxname != nullptr ? quote_ident(index->idxname) + " " : std::string(), table, table),
               fmt::format("CREATE INDEX takes a SHARE lock on {}, which blocks INSERT, UPDATE and DELETE for the "
                           "whole build, minutes on a large table",
                           table),
               concurrent_index_builds_corrupt(ctx)
                   ? fmt::format("upgrade the server to 14.4 or later first, since CREATE INDEX CONCURRENTLY on 14.{} "
                                 "can build an index that misses rows, then use CREATE INDEX CONCURRENTLY in a "
                                 "migration whose first line is `-- sqlmigrate:no-transaction`",
                                 *ctx.pg_minor())
                   : "use CREATE INDEX CONCURRENTLY in a migration whose first line is `-- sqlmigrate:no-transaction`");
  }
};

}  // namespace

const linter::Rule& require_concurrent_index_creation() {
  static const RequireConcurrentIndexCreation k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
