// require-concurrent-reindex: REINDEX of an existing index, table, schema or database without
// CONCURRENTLY, which blocks writes (and, through the planner, nearly every read) while it rebuilds.
// REINDEX CONCURRENTLY exists from Postgres 12; before that the advice is to build a replacement.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

constexpr std::string_view k_swap =
    "build a replacement with CREATE INDEX CONCURRENTLY, then DROP INDEX CONCURRENTLY the old one and rename the "
    "new one to its name, each in a `-- sqlmigrate:no-transaction` migration";

class RequireConcurrentReindex final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-concurrent-reindex", {}, Severity::warning, true,
        "REINDEX without CONCURRENTLY blocks writes to the table, and nearly all reads, while it rebuilds"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, ReindexStmt)) return;
    const auto* reindex = castNode(ReindexStmt, const_cast<::Node*>(stmt.node));
    if (reindex->kind == REINDEX_OBJECT_SYSTEM) return;  // system catalogs: never concurrent, not a migration's job
    const int pg = ctx.pg_version();
    if (option_on(reindex->params, "concurrently")) {
      if (pg >= 12) return;
      out.report(stmt.span,
                 fmt::format("REINDEX CONCURRENTLY does not exist on Postgres {}, so this migration fails there", pg),
                 "the CONCURRENTLY option of REINDEX came in Postgres 12", fmt::format("{}", k_swap));
      return;
    }

    std::string what;
    std::string table_part = "its table";
    switch (reindex->kind) {
      case REINDEX_OBJECT_INDEX:
        if (reindex->relation == nullptr || is_new_index(relation_key(reindex->relation), stmt, ctx)) return;
        what = "index " + display_name(reindex->relation);
        break;
      case REINDEX_OBJECT_TABLE:
        if (reindex->relation == nullptr || is_new_relation(reindex->relation, ctx)) return;
        what = "every index of " + display_name(reindex->relation);
        table_part = display_name(reindex->relation);
        break;
      case REINDEX_OBJECT_SCHEMA:
        what = fmt::format("every index in schema {}", quote_ident(reindex->name != nullptr ? reindex->name : "?"));
        table_part = "each table in turn";
        break;
      case REINDEX_OBJECT_DATABASE:
        what = "every index of the database";
        table_part = "each table in turn";
        break;
      default:
        return;
    }
    const std::string kind = reindex->kind == REINDEX_OBJECT_INDEX    ? "INDEX"
                             : reindex->kind == REINDEX_OBJECT_TABLE  ? "TABLE"
                             : reindex->kind == REINDEX_OBJECT_SCHEMA ? "SCHEMA"
                                                                      : "DATABASE";
    std::string help;
    if (pg < 12) {
      help = fmt::format("Postgres {} has no REINDEX CONCURRENTLY (it came in 12), so for each index {}", pg, k_swap);
    } else if (concurrent_index_builds_corrupt(ctx)) {
      help = fmt::format("upgrade the server to 14.4 or later first, since REINDEX CONCURRENTLY on 14.{} can miss "
                         "rows, then use REINDEX {} CONCURRENTLY in a migration whose first line is "
                         "`-- sqlmigrate:no-transaction`",
                         *ctx.pg_minor(), kind);
    } else {
      help = fmt::format("use REINDEX {} CONCURRENTLY in a migration whose first line is "
                         "`-- sqlmigrate:no-transaction`",
                         kind);
    }
    out.report(stmt.span,
               fmt::format("rebuilding {} without CONCURRENTLY blocks writes to {}, and nearly every query on it, "
                           "until the rebuild finishes",
                           what, table_part),
               "REINDEX takes a SHARE lock on the table, which blocks writes, and an ACCESS EXCLUSIVE lock on each "
               "index it rebuilds, which blocks every query whose planning opens that index",
               help);
  }
};

}  // namespace

const linter::Rule& require_concurrent_reindex() {
  static const RequireConcurrentReindex k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
