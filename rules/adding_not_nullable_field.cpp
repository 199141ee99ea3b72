// adding-not-nullable-field: ALTER COLUMN ... SET NOT NULL on an existing table, which reads every
// row to look for NULLs while holding an ACCESS EXCLUSIVE lock.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingNotNullableField final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-not-nullable-field", {}, Severity::warning, true,
        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_SetNotNull) continue;
      // From PostgreSQL 12, a validated CHECK (column IS NOT NULL) lets SET NOT NULL skip the scan
      // (NotNullImpliedByRelConstraints). Trusted only when the catalog knows the whole table.
      if (ctx.pg_version() >= 12 && cmd->name != nullptr) {
        const std::string key = ctx.catalog().resolve(alter->relation);
        if (ctx.catalog().known_relation(key) != nullptr &&
            ctx.catalog().has_validated_not_null_check(key, cmd->name)) {
          continue;
        }
      }
      const std::string table = display_name(alter->relation);
      const std::string column = quote_ident(cmd->name != nullptr ? cmd->name : "?");
      out.report(alter_subcommand_span(stmt, ctx, alter, static_cast<std::size_t>(foreach_current_index(lc))),
                 fmt::format("setting column {} of {} to NOT NULL reads every row of {} while blocking all reads "
                             "and writes",
                             column, table, table),
                 fmt::format("SET NOT NULL takes an ACCESS EXCLUSIVE lock on {} and holds it while it scans the "
                             "whole table for NULLs, minutes on a large table",
                             table),
                 help(ctx, column));
    }
  }

 private:
  static std::string help(const linter::LintContext& ctx, const std::string& column) {
    if (ctx.pg_version() >= 12) {
      return fmt::format(
          "add CHECK ({} IS NOT NULL) NOT VALID, run VALIDATE CONSTRAINT in a later migration (its SHARE UPDATE "
          "EXCLUSIVE lock lets reads and writes continue), then SET NOT NULL, which Postgres proves from the validated "
          "check without a scan, and drop the check",
          column);
    }
    return fmt::format(
        "on PostgreSQL {} SET NOT NULL always scans the table (skipping the scan thanks to a validated CHECK only "
        "works from PostgreSQL 12), so run it when the table is small or traffic is low, or keep NULLs out with CHECK "
        "({} "
        "IS NOT NULL) NOT VALID, validated in a later migration, instead of NOT NULL",
        ctx.pg_version(), column);
  }
};

}  // namespace

const linter::Rule& adding_not_nullable_field() {
  static const AddingNotNullableField k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
