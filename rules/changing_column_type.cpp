// changing-column-type: ALTER COLUMN ... TYPE on an existing table, which rewrites the table and
// rebuilds its indexes under an ACCESS EXCLUSIVE lock unless the change is binary-coercible.

#include <fmt/format.h>

#include <cstring>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// Whether a USING expression is just the column itself, possibly cast or given a collation
// (`USING price`, `USING price::numeric(12, 2)`): Postgres then skips the rewrite exactly when it
// would without USING, when every cast on the way is binary-coercible. Anything else computes a
// new value for each row.
bool using_is_the_column(const ::Node* expr, const char* column) {
  while (expr != nullptr && (IsA(expr, TypeCast) || IsA(expr, CollateClause))) {
    expr = IsA(expr, TypeCast) ? castNode(TypeCast, const_cast<::Node*>(expr))->arg
                               : castNode(CollateClause, const_cast<::Node*>(expr))->arg;
  }
  if (expr == nullptr || !IsA(expr, ColumnRef) || column == nullptr) return false;
  const auto* ref = castNode(ColumnRef, const_cast<::Node*>(expr));
  const char* name = compiler::pg::str_value(static_cast<const ::Node*>(llast(ref->fields)));
  return name != nullptr && std::strcmp(name, column) == 0;
}

class ChangingColumnType final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "changing-column-type", {}, Severity::warning, true,
        "ALTER COLUMN ... TYPE rewrites the table and its indexes under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AlterColumnType || cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) continue;
      const auto* def = castNode(ColumnDef, cmd->def);
      const std::string table = display_name(alter->relation);
      const std::string column = quote_ident(cmd->name != nullptr ? cmd->name : "?");
      // The parser places the ColumnDef at the column name.
      const Span span = stmt.span_at(def->location, static_cast<std::uint32_t>(column.size()));
      const bool plain_using = def->raw_default == nullptr || using_is_the_column(def->raw_default, cmd->name);
      const compiler::Relation* known = ctx.catalog().known_relation(ctx.catalog().resolve(alter->relation));
      const compiler::Column* old = known != nullptr && cmd->name != nullptr ? known->column(cmd->name) : nullptr;
      const compiler::TypeRef to = ctx.catalog().normalize_type(def->typeName);
      if (old != nullptr && plain_using && compiler::type_change_skips_rewrite(old->type, to)) continue;
      if (old != nullptr && plain_using) {
        out.report(span,
                   fmt::format("changing column {} of {} from {} to {} rewrites every row of {} and rebuilds its "
                               "indexes while blocking all reads and writes",
                               column, table, old->type.display(), to.display(), table),
                   fmt::format("{} is not binary-coercible to {}, so ALTER TABLE rewrites the whole table under an "
                               "ACCESS EXCLUSIVE lock on {}, which blocks reads and writes until it finishes",
                               old->type.display(), to.display(), table),
                   "add a new column of the new type, backfill it in batches, switch readers and writers over to "
                   "it, then drop the old column");
        continue;
      }
      out.report(span,
                 fmt::format("changing the type of column {} on {} rewrites the table and rebuilds its indexes, "
                             "blocking all reads and writes, unless the new type is binary-coercible from the old one",
                             column, table),
                 fmt::format("sqlmigrate does not know the current type of {} (the migrations it saw do not tell it "
                             "for sure), and ALTER COLUMN ... TYPE holds an ACCESS EXCLUSIVE lock on {} for the whole "
                             "rewrite; only binary-coercible changes skip it, such as varchar(n) to varchar(m) with "
                             "m >= n or to text, or numeric(p, s) to numeric(q, s) with q >= p",
                             column, table),
                 "add a new column of the new type, backfill it in batches and switch over to it, or, if the change "
                 "is binary-coercible, ignore this finding with that reason");
    }
  }
};

}  // namespace

const linter::Rule& changing_column_type() {
  static const ChangingColumnType k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
