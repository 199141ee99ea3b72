// attaching-partition-without-check: ALTER TABLE ... ATTACH PARTITION of a table that existed before
// this migration, with no CHECK constraint that this migration visibly added and validated on it.
// Postgres then scans the whole partition under an ACCESS EXCLUSIVE lock to prove the partition bound.
//
// Whether an existing CHECK implies the bound needs the catalog (and Postgres's own proof); this rule
// only trusts what it sees in the same file: a CHECK added to the partition without NOT VALID, or added
// NOT VALID and then validated. It does not compare the CHECK with the bound.

#include <fmt/format.h>

#include <set>
#include <string>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// Whether statements before `stmt` in this file added a CHECK to `key` and validated it.
bool validated_check_seen(const Statement& stmt, const linter::LintContext& ctx, const std::string& key) {
  std::set<std::string> not_valid;  // CHECKs added NOT VALID, by name
  for (const Statement& earlier : ctx.script().statements()) {
    if (earlier.index >= stmt.index) break;
    if (!IsA(earlier.node, AlterTableStmt)) continue;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(earlier.node));
    if (alter->relation == nullptr || relation_key(alter->relation) != key) continue;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype == AT_AddConstraint && cmd->def != nullptr && IsA(cmd->def, Constraint)) {
        const auto* constraint = castNode(Constraint, cmd->def);
        if (constraint->contype != CONSTR_CHECK) continue;
        if (!constraint->skip_validation) return true;
        if (constraint->conname != nullptr) not_valid.insert(constraint->conname);
      } else if (cmd->subtype == AT_ValidateConstraint && cmd->name != nullptr && not_valid.contains(cmd->name)) {
        return true;
      }
    }
  }
  return false;
}

class AttachingPartitionWithoutCheck final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "attaching-partition-without-check",
        {},
        Severity::warning,
        true,
        "ATTACH PARTITION scans the whole table under an ACCESS EXCLUSIVE lock unless a validated CHECK already "
        "proves the partition bound"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AttachPartition || cmd->def == nullptr || !IsA(cmd->def, PartitionCmd)) continue;
      const RangeVar* partition = castNode(PartitionCmd, cmd->def)->name;
      if (partition == nullptr || is_new_relation(partition, ctx)) continue;
      if (validated_check_seen(stmt, ctx, relation_key(partition))) continue;
      const std::string child = display_name(partition);
      const std::string parent = display_name(alter->relation);
      out.report(
          stmt.span_at(partition->location, static_cast<std::uint32_t>(child.size())),
          fmt::format("attaching {} as a partition of {} scans every row of {} to check the partition bound, "
                      "while blocking all reads and writes of {}",
                      child, parent, child, child),
          fmt::format("ATTACH PARTITION holds an ACCESS EXCLUSIVE lock on the table being attached{} for the "
                      "whole scan, which Postgres skips only when a validated CHECK constraint already implies "
                      "the bound, including that the partition key is not null",
                      ctx.pg_version() < 12 ? fmt::format(" and, on PostgreSQL {}, on {} too", ctx.pg_version(), parent)
                                            : std::string()),
          fmt::format("first add a CHECK matching the bound (with the key IS NOT NULL) to {} as NOT VALID, "
                      "VALIDATE it, which does not block reads or writes, then attach and drop the CHECK",
                      child));
    }
  }
};

}  // namespace

const linter::Rule& attaching_partition_without_check() {
  static const AttachingPartitionWithoutCheck k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
