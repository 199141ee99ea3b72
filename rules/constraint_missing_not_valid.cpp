// constraint-missing-not-valid: a CHECK constraint added to an existing table without NOT VALID
// (ALTER TABLE ... ADD CONSTRAINT ... CHECK, or a CHECK on a column added by ADD COLUMN), which
// validates every row under an ACCESS EXCLUSIVE lock. Foreign keys are adding-foreign-key-constraint's.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// The span of the keyword at a constraint's location (CONSTRAINT or CHECK).
Span keyword_span(const Statement& stmt, const linter::LintContext& ctx, int location) {
  const std::string& text = ctx.script().source().text();
  const Span at = stmt.span_at(location, 0);
  std::uint32_t end = at.begin;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) ++end;
  return stmt.span_at(location, std::max<std::uint32_t>(end - at.begin, 1));
}

class ConstraintMissingNotValid final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "constraint-missing-not-valid", {}, Severity::warning, true,
        "Adding a CHECK constraint without NOT VALID scans the table under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    // Postgres never checks the rows of a foreign table against its constraints.
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->def == nullptr) continue;
      if (cmd->subtype == AT_AddConstraint && IsA(cmd->def, Constraint)) {
        const auto* constraint = castNode(Constraint, cmd->def);
        if (constraint->contype == CONSTR_CHECK && !constraint->skip_validation) {
          report_add_constraint(stmt, ctx, out, display_name(alter->relation), constraint);
        }
      } else if (cmd->subtype == AT_AddColumn && IsA(cmd->def, ColumnDef)) {
        const auto* column = castNode(ColumnDef, cmd->def);
        const ListCell* cc = nullptr;
        foreach (cc, column->constraints) {
          const auto* constraint = lfirst_node(Constraint, cc);
          if (constraint->contype == CONSTR_CHECK) {
            report_column_check(stmt, ctx, out, display_name(alter->relation), column, constraint);
          }
        }
      }
    }
  }

 private:
  static void report_add_constraint(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out,
                                    const std::string& table, const Constraint* constraint) {
    const bool named = constraint->conname != nullptr;
    const std::string name = named ? quote_ident(constraint->conname) : std::string();
    out.report(keyword_span(stmt, ctx, constraint->location),
               fmt::format("adding the CHECK constraint {}to {} without NOT VALID blocks all reads and writes on {} "
                           "while every existing row is checked",
                           named ? name + " " : std::string(), table, table),
               fmt::format("ADD CONSTRAINT ... CHECK takes an ACCESS EXCLUSIVE lock on {} and keeps it while it "
                           "scans the whole table to validate the existing rows, minutes on a large table",
                           table),
               named ? fmt::format("add the constraint with NOT VALID (new and updated rows are checked at once), "
                                   "then run `ALTER TABLE {} VALIDATE CONSTRAINT {}` in a later migration, which "
                                   "takes only a SHARE UPDATE EXCLUSIVE lock so reads and writes continue",
                                   table, name)
                     : fmt::format("name the constraint and add it with NOT VALID (new and updated rows are checked "
                                   "at once), then run `ALTER TABLE {} VALIDATE CONSTRAINT <name>` in a later "
                                   "migration, which takes only a SHARE UPDATE EXCLUSIVE lock so reads and writes "
                                   "continue",
                                   table));
  }

  static void report_column_check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out,
                                  const std::string& table, const ColumnDef* column, const Constraint* constraint) {
    const std::string col = quote_ident(column->colname != nullptr ? column->colname : "?");
    out.report(keyword_span(stmt, ctx, constraint->location),
               fmt::format("adding column {} with a CHECK constraint blocks all reads and writes on {} while every "
                           "existing row is checked",
                           col, table),
               fmt::format("ADD COLUMN takes an ACCESS EXCLUSIVE lock on {}, and Postgres validates the new column's "
                           "CHECK against every existing row before it commits, although each row holds only NULL "
                           "or the column's default",
                           table),
               fmt::format("add column {} without the CHECK, add the check as a table constraint with `ALTER TABLE "
                           "{} ADD CONSTRAINT {} CHECK (...) NOT VALID` (a column constraint cannot be NOT VALID), "
                           "and validate it in a later migration",
                           col, table,
                           constraint->conname != nullptr ? quote_ident(constraint->conname) : std::string("<name>")));
  }
};

}  // namespace

const linter::Rule& constraint_missing_not_valid() {
  static const ConstraintMissingNotValid k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
