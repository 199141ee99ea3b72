// require-concurrent-partition-detach: ALTER TABLE ... DETACH PARTITION without CONCURRENTLY on an
// existing partitioned table (Postgres 14 and later), which blocks every query on the whole table.
// Before Postgres 14 there is no concurrent form: the plain statement passes, and a CONCURRENTLY
// there is reported because it fails.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class RequireConcurrentPartitionDetach final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-concurrent-partition-detach", {}, Severity::warning, true,
        "DETACH PARTITION without CONCURRENTLY blocks all reads and writes on the partitioned table"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const int pg = ctx.pg_version();
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_DetachPartition || cmd->def == nullptr || !IsA(cmd->def, PartitionCmd)) continue;
      const auto* partition_cmd = castNode(PartitionCmd, cmd->def);
      const std::string table = display_name(alter->relation);
      const std::string partition = display_name(partition_cmd->name);
      if (partition_cmd->concurrent && pg < 14) {
        out.report(stmt.span,
                   fmt::format("DETACH PARTITION CONCURRENTLY does not exist on Postgres {}, so this migration fails "
                               "there",
                               pg),
                   "the CONCURRENTLY form of DETACH PARTITION came in Postgres 14",
                   fmt::format("detach {} without CONCURRENTLY and keep its ACCESS EXCLUSIVE lock on {} short: set a "
                               "short lock_timeout before it and retry when it expires",
                               partition, table));
        continue;
      }
      if (partition_cmd->concurrent || pg < 14) continue;
      out.report(stmt.span,
                 fmt::format("detaching partition {} without CONCURRENTLY blocks all reads and writes on {}, every "
                             "partition included, until the detach is done",
                             partition, table),
                 fmt::format("DETACH PARTITION takes an ACCESS EXCLUSIVE lock on {}, so it waits for every running "
                             "query on the partitioned table while every new query queues behind it",
                             table),
                 fmt::format("use ALTER TABLE {} DETACH PARTITION {} CONCURRENTLY in a migration whose first line is "
                             "`-- sqlmigrate:no-transaction` (it cannot run in a transaction block, and Postgres "
                             "refuses it when {} has a default partition)",
                             table, partition, table));
    }
  }
};

}  // namespace

const linter::Rule& require_concurrent_partition_detach() {
  static const RequireConcurrentPartitionDetach k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
