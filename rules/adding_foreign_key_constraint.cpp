// adding-foreign-key-constraint: a foreign key added to an existing table in a way that validates
// every row while writes to both tables wait: ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY without
// NOT VALID, or ADD COLUMN ... REFERENCES on a column that has a default.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// The span of the keyword at a constraint's location (CONSTRAINT, FOREIGN or REFERENCES).
Span keyword_span(const Statement& stmt, const linter::LintContext& ctx, int location) {
  const std::string& text = ctx.script().source().text();
  const Span at = stmt.span_at(location, 0);
  std::uint32_t end = at.begin;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) ++end;
  return stmt.span_at(location, std::max<std::uint32_t>(end - at.begin, 1));
}

// Whether an added column has a DEFAULT (even DEFAULT NULL) or a generation expression: Postgres then
// validates a REFERENCES constraint on it against every row. Without one, every existing value is
// NULL and Postgres skips the validation (transformFKConstraints in parse_utilcmd.c).
bool has_default(const ColumnDef* column) {
  if (column->raw_default != nullptr) return true;
  const ListCell* lc = nullptr;
  foreach (lc, column->constraints) {
    const auto* constraint = lfirst_node(Constraint, lc);
    if (constraint->contype == CONSTR_DEFAULT || constraint->contype == CONSTR_GENERATED) return true;
  }
  return false;
}

// "a, b" for a list of column names.
std::string column_list(const List* names) {
  std::string out;
  const ListCell* lc = nullptr;
  foreach (lc, names) {
    const char* name = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
    out += (out.empty() ? "" : ", ") + quote_ident(name != nullptr ? name : "?");
  }
  return out;
}

// Whether the foreign key points back at the table it is added to.
bool references_itself(const RangeVar* table, const Constraint* constraint) {
  return constraint->pktable == nullptr || relation_key(constraint->pktable) == relation_key(table);
}

class AddingForeignKeyConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-foreign-key-constraint", {}, Severity::warning, true,
        "Adding a foreign key without NOT VALID scans the table while blocking writes to both tables"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->def == nullptr) continue;
      if (cmd->subtype == AT_AddConstraint && IsA(cmd->def, Constraint)) {
        const auto* constraint = castNode(Constraint, cmd->def);
        if (constraint->contype == CONSTR_FOREIGN && !constraint->skip_validation) {
          report_add_constraint(stmt, ctx, out, alter->relation, constraint);
        }
      } else if (cmd->subtype == AT_AddColumn && IsA(cmd->def, ColumnDef)) {
        const auto* column = castNode(ColumnDef, cmd->def);
        if (!has_default(column)) continue;
        const ListCell* cc = nullptr;
        foreach (cc, column->constraints) {
          const auto* constraint = lfirst_node(Constraint, cc);
          if (constraint->contype == CONSTR_FOREIGN) report_column(stmt, ctx, out, alter->relation, column, constraint);
        }
      }
    }
  }

 private:
  static void report_add_constraint(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out,
                                    const RangeVar* relation, const Constraint* constraint) {
    const std::string table = display_name(relation);
    const std::string referenced = display_name(constraint->pktable);
    const bool self = references_itself(relation, constraint);
    const bool named = constraint->conname != nullptr;
    const std::string name = named ? quote_ident(constraint->conname) : std::string("<name>");
    out.report(
        keyword_span(stmt, ctx, constraint->location),
        fmt::format("adding the foreign key {}from {} to {} without NOT VALID blocks writes to {} while every "
                    "existing row of {} is checked",
                    named ? name + " " : std::string(), table, referenced,
                    self || is_new_relation(constraint->pktable, ctx) ? table : table + " and " + referenced, table),
        fmt::format("ADD CONSTRAINT ... FOREIGN KEY takes a SHARE ROW EXCLUSIVE lock on {} and keeps it while "
                    "it scans {} to validate the existing rows, so INSERT, UPDATE and DELETE wait (reads "
                    "continue)",
                    self ? table : table + " and " + referenced, table),
        fmt::format("{}add the foreign key with NOT VALID (new and updated rows are checked at once), then run "
                    "`ALTER TABLE {} VALIDATE CONSTRAINT {}` in a later migration, which takes only a SHARE "
                    "UPDATE EXCLUSIVE lock on {}{}, so reads and writes continue{}",
                    named ? "" : "name the constraint, ", table, name, table,
                    self ? std::string() : " and a ROW SHARE lock on " + referenced,
                    index_advice(ctx, relation, constraint)));
  }

  // The referencing columns without a leading index (known from the catalog): every DELETE or key
  // UPDATE on the referenced table then scans this table to find referencing rows.
  static std::string index_advice(const linter::LintContext& ctx, const RangeVar* relation,
                                  const Constraint* constraint) {
    const std::string key = ctx.catalog().resolve(relation);
    if (ctx.catalog().known_relation(key) == nullptr || list_length(constraint->fk_attrs) == 0) return {};
    std::vector<std::string> columns;
    const ListCell* lc = nullptr;
    foreach (lc, constraint->fk_attrs) {
      const char* name = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
      columns.emplace_back(name != nullptr ? name : "");
    }
    if (ctx.catalog().has_leading_index(key, columns)) return {};
    return fmt::format("; also create an index on {} ({}) with CREATE INDEX CONCURRENTLY first, since no index "
                       "starts with those columns and every DELETE on {} would scan {}",
                       display_name(relation), column_list(constraint->fk_attrs), display_name(constraint->pktable),
                       display_name(relation));
  }

  static void report_column(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out,
                            const RangeVar* relation, const ColumnDef* column, const Constraint* constraint) {
    const std::string table = display_name(relation);
    const std::string referenced = display_name(constraint->pktable);
    const bool self = references_itself(relation, constraint);
    const std::string col = quote_ident(column->colname != nullptr ? column->colname : "?");
    const std::string name = constraint->conname != nullptr ? quote_ident(constraint->conname) : std::string("<name>");
    const std::string referenced_columns =
        list_length(constraint->pk_attrs) > 0 ? " (" + column_list(constraint->pk_attrs) + ")" : std::string();
    out.report(
        keyword_span(stmt, ctx, constraint->location),
        fmt::format(
            "adding column {} with a default and a REFERENCES constraint checks every existing row of "
            "{} against {} while reads and writes on {}{} wait",
            col, table, referenced, table,
            self || is_new_relation(constraint->pktable, ctx) ? std::string() : ", and writes to " + referenced + ","),
        fmt::format("ADD COLUMN takes an ACCESS EXCLUSIVE lock on {}{}, and because the column has a default "
                    "Postgres validates the foreign key against every existing row before it commits",
                    table, self ? std::string() : " and the foreign key a SHARE ROW EXCLUSIVE lock on " + referenced),
        fmt::format("add column {} without REFERENCES, then add the foreign key with `ALTER TABLE {} ADD "
                    "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}{} NOT VALID` and validate it in a later "
                    "migration",
                    col, table, name, col, referenced, referenced_columns));
  }
};

}  // namespace

const linter::Rule& adding_foreign_key_constraint() {
  static const AddingForeignKeyConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
