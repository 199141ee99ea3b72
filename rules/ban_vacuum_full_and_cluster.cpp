// ban-vacuum-full-and-cluster: VACUUM FULL and CLUSTER on tables that existed before this migration,
// which rewrite the whole table while holding an ACCESS EXCLUSIVE lock.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanVacuumFullAndCluster final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-vacuum-full-and-cluster", {}, Severity::warning, true,
        "VACUUM FULL and CLUSTER rewrite the table while blocking all reads and writes"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (IsA(stmt.node, VacuumStmt)) {
      const auto* vacuum = castNode(VacuumStmt, const_cast<::Node*>(stmt.node));
      if (!vacuum->is_vacuumcmd || !option_on(vacuum->options, "full")) return;
      std::vector<std::string> tables;
      const ListCell* lc = nullptr;
      foreach (lc, vacuum->rels) {
        const auto* rel = lfirst_node(VacuumRelation, lc);
        if (rel->relation != nullptr && !is_new_relation(rel->relation, ctx)) tables.push_back(display_name(rel->relation));
      }
      if (list_length(vacuum->rels) > 0 && tables.empty()) return;
      const std::string what = tables.empty() ? "every table of the database, one after another" : join_names(tables);
      out.report(stmt.span,
                 fmt::format("VACUUM FULL rewrites {} and blocks all reads and writes on {} until {} finishes", what,
                             tables.size() == 1 ? tables.front() : std::string("each table"),
                             tables.size() == 1 ? "the rewrite" : "its own rewrite"),
                 "VACUUM FULL takes an ACCESS EXCLUSIVE lock for the whole rewrite of the table and its indexes, "
                 "minutes to hours on a large table, and needs disk space for a full copy",
                 "drop the statement and let plain VACUUM (which blocks no reads or writes) keep the table in shape, "
                 "or reclaim space online with pg_repack or pg_squeeze");
      return;
    }
    if (!IsA(stmt.node, ClusterStmt)) return;
    const auto* cluster = castNode(ClusterStmt, const_cast<::Node*>(stmt.node));
    if (cluster->relation != nullptr && is_new_relation(cluster->relation, ctx)) return;
    const bool one = cluster->relation != nullptr;
    const std::string what = one ? display_name(cluster->relation)
                                 : std::string("every table of the database that was clustered before, one after another");
    out.report(stmt.span,
               fmt::format("CLUSTER rewrites {} in index order and blocks all reads and writes on {} until {} finishes",
                           what, one ? what : std::string("each table"), one ? "the rewrite" : "its own rewrite"),
               "CLUSTER takes an ACCESS EXCLUSIVE lock for the whole rewrite of the table and its indexes, minutes "
               "to hours on a large table, and the order it gives decays again as rows change",
               "drop the statement, or reorder the table online with pg_repack (--order-by or the table's cluster "
               "index) at a quiet time");
  }
};

}  // namespace

const linter::Rule& ban_vacuum_full_and_cluster() {
  static const BanVacuumFullAndCluster k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
