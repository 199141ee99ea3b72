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

// Whether ALTER COLUMN ... TYPE from `from` to `to` leaves the stored data as it is, so Postgres
// skips the rewrite (ATColumnChangeRequiresRewrite): the cast is binary-coercible (pg_cast with
// castmethod 'b', a RelabelType) and any length coercion is a no-op by its support function
// (varchar_support, numeric_support, varbit_support, timestamp_support and friends). Arrays and
// domains are treated as rewrites, as is timestamp to timestamptz (free only when the session
// TimeZone is UTC, which a migration cannot promise).
bool skips_rewrite(const compiler::TypeRef& from, const compiler::TypeRef& to) {
  if (from.exotic_mods || to.exotic_mods) return false;
  if (from == to) return true;
  if (from.array_dims != 0 || to.array_dims != 0) return false;
  const auto widens = [&](bool scale_matters) {
    if (to.mod1 < 0) return true;                      // to unconstrained
    if (from.mod1 < 0) return false;                   // unconstrained to constrained
    if (scale_matters && from.mod2 != to.mod2) return false;
    if (scale_matters) return to.mod1 - to.mod2 >= from.mod1 - from.mod2 && to.mod1 >= from.mod1;
    return to.mod1 >= from.mod1;
  };
  const std::string& f = from.name;
  const std::string& t = to.name;
  if (f == t) {
    if (f == "varchar" || f == "varbit" || f == "timestamp" || f == "timestamptz" || f == "time" || f == "timetz") {
      return widens(false);
    }
    if (f == "numeric") return widens(true);
    return false;  // bpchar(n) to bpchar(m), bit(n) to bit(m): a real length coercion
  }
  // Binary-coercible casts between different types (pg_cast castmethod 'b').
  if ((f == "varchar" && t == "text") || (f == "text" && t == "varchar" && to.mod1 < 0)) return true;
  if (f == "cidr" && t == "inet") return true;
  if ((f == "text" || f == "varchar") && t == "citext" && to.mod1 < 0) return true;
  if (f == "citext" && (t == "text" || (t == "varchar" && to.mod1 < 0))) return true;
  return false;
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
    const std::string table = display_name(alter->relation);
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AlterColumnType || cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) continue;
      const auto* def = castNode(ColumnDef, cmd->def);
      const std::string column = quote_ident(cmd->name != nullptr ? cmd->name : "?");
      // The parser places the ColumnDef at the column name.
      const Span span = stmt.span_at(def->location, static_cast<std::uint32_t>(column.size()));
      const bool plain_using = def->raw_default == nullptr || using_is_the_column(def->raw_default, cmd->name);
      const compiler::Relation* known = ctx.catalog().known_relation(ctx.catalog().resolve(alter->relation));
      const compiler::Column* old = known != nullptr && cmd->name != nullptr ? known->column(cmd->name) : nullptr;
      const compiler::TypeRef to = ctx.catalog().normalize_type(def->typeName);
      if (old != nullptr && plain_using && skips_rewrite(old->type, to)) continue;
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
