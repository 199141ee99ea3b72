// adding-required-field: ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a DEFAULT on an existing
// table, which fails as soon as the table holds a row.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string_view>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// Unqualified type names that Postgres expands into an integer column with a nextval() default.
constexpr std::array<std::string_view, 6> k_serial_types = {"serial",  "serial4",     "bigserial",
                                                            "serial8", "smallserial", "serial2"};

bool is_serial(const TypeName* type) {
  return type != nullptr && list_length(type->names) == 1 &&
         std::ranges::find(k_serial_types, last_name(type->names)) != k_serial_types.end();
}

// Whether a DEFAULT expression is the NULL constant (possibly cast: `NULL::text`).
bool is_null_constant(const ::Node* expr) {
  while (expr != nullptr && IsA(expr, TypeCast)) expr = castNode(TypeCast, const_cast<::Node*>(expr))->arg;
  return expr != nullptr && IsA(expr, A_Const) && castNode(A_Const, const_cast<::Node*>(expr))->isnull;
}

// Byte offset just past `count` keywords starting at `pos` (such as NOT NULL or PRIMARY KEY).
std::uint32_t skip_keywords(std::string_view text, std::uint32_t pos, int count) {
  for (int i = 0; i < count; ++i) {
    if (i > 0) pos = compiler::skip_trivia(text, pos);
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])) != 0) ++pos;
  }
  return pos;
}

struct ColumnFacts {
  const Constraint* not_null = nullptr;     // NOT NULL
  const Constraint* primary_key = nullptr;  // PRIMARY KEY, which implies NOT NULL
  bool has_default = false;              // a DEFAULT other than NULL
  bool default_null = false;             // DEFAULT NULL, which NOT NULL still rejects
  bool generated = false;                // IDENTITY or GENERATED ALWAYS AS (...) STORED
};

ColumnFacts column_facts(const ColumnDef* column) {
  ColumnFacts facts;
  if (column->raw_default != nullptr) {
    (is_null_constant(column->raw_default) ? facts.default_null : facts.has_default) = true;
  }
  const ListCell* lc = nullptr;
  foreach (lc, column->constraints) {
    const auto* constraint = lfirst_node(Constraint, lc);
    switch (constraint->contype) {
      case CONSTR_NOTNULL:
        facts.not_null = constraint;
        break;
      case CONSTR_PRIMARY:
        facts.primary_key = constraint;
        break;
      case CONSTR_DEFAULT:
        (is_null_constant(constraint->raw_expr) ? facts.default_null : facts.has_default) = true;
        break;
      case CONSTR_IDENTITY:
      case CONSTR_GENERATED:
        facts.generated = true;
        break;
      default:
        break;
    }
  }
  return facts;
}

class AddingRequiredField final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-required-field", {}, Severity::error, true,
        "ADD COLUMN ... NOT NULL without a DEFAULT fails on any table that has rows"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AddColumn || cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) continue;
      check_column(stmt, ctx, alter, castNode(ColumnDef, cmd->def), out);
    }
  }

 private:
  static void check_column(const Statement& stmt, const linter::LintContext& ctx, const AlterTableStmt* alter,
                           const ColumnDef* column, linter::Sink& out) {
    // serial types come with a nextval() default, so existing rows get values (and a rewrite,
    // which adding-field-with-volatile-default reports).
    if (is_serial(column->typeName)) return;
    const ColumnFacts facts = column_facts(column);
    if (facts.has_default || facts.generated) return;
    // A primary key says more about what to do instead than a plain NOT NULL does.
    const Constraint* required = facts.primary_key != nullptr ? facts.primary_key : facts.not_null;
    if (required == nullptr && !column->is_not_null) return;

    const std::string table = display_name(alter->relation);
    const char* colname = column->colname != nullptr ? column->colname : "?";
    const std::string name = quote_ident(colname);
    const bool primary_key = facts.primary_key != nullptr;
    out.report(span_of(stmt, ctx, column, required),
               fmt::format("adding column {} to {} as {} {} fails if {} has any rows", name, table,
                           primary_key ? "a PRIMARY KEY" : "NOT NULL",
                           facts.default_null ? "with DEFAULT NULL" : "without a DEFAULT", table),
               fmt::format("every existing row gets NULL in the new column, which {} forbids, so ALTER TABLE aborts "
                           "with the error `column \"{}\" of relation \"{}\" contains null values`",
                           primary_key ? "a primary key" : "NOT NULL", colname,
                           alter->relation->relname != nullptr ? alter->relation->relname : "?"),
               help(ctx, primary_key));
  }

  static std::string help(const linter::LintContext& ctx, bool primary_key) {
    if (primary_key) {
      return "add the column as nullable, backfill it in batches, make it NOT NULL, build a unique index "
             "CONCURRENTLY, then add the key with ADD CONSTRAINT ... PRIMARY KEY USING INDEX";
    }
    if (ctx.pg_version() >= 11) {
      return "give the column a constant DEFAULT (stored without touching rows since PostgreSQL 11), or add it as "
             "nullable, backfill it in batches and set NOT NULL in a later migration as adding-not-nullable-field "
             "explains";
    }
    return fmt::format(
        "add the column as nullable, backfill it in batches and set NOT NULL in a later migration (on "
        "PostgreSQL {} a DEFAULT would rewrite the whole table)",
        ctx.pg_version());
  }

  // From the column name to the end of its NOT NULL or PRIMARY KEY clause when that clause is
  // unnamed (otherwise just the column name).
  static std::optional<Span> span_of(const Statement& stmt, const linter::LintContext& ctx, const ColumnDef* column,
                                     const Constraint* required) {
    if (column->location < 0) return stmt.span;
    const std::string name = quote_ident(column->colname != nullptr ? column->colname : "?");
    Span span = stmt.span_at(column->location, static_cast<std::uint32_t>(name.size()));
    if (required != nullptr && required->conname == nullptr && required->location > column->location) {
      const std::string_view text = ctx.script().source().text();
      const std::uint32_t begin = stmt.span_at(required->location).begin;
      span.end = std::min(skip_keywords(text, begin, 2), stmt.span.end);
    }
    return span;
  }
};

}  // namespace

const linter::Rule& adding_required_field() {
  static const AddingRequiredField k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
