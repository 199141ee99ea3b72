// prefer-identity: a column declared serial / bigserial / smallserial instead of an identity column.

#include <fmt/format.h>

#include <array>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

// The serial pseudo-types and the integer type each stands for.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_serials = {{
    {"serial", "integer"},
    {"serial4", "integer"},
    {"bigserial", "bigint"},
    {"serial8", "bigint"},
    {"smallserial", "smallint"},
    {"serial2", "smallint"},
}};

class PreferIdentity final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "prefer-identity",
        {},
        Severity::warning,
        false,
        "serial columns borrow a separate sequence through a DEFAULT; identity columns (PostgreSQL 10+) own theirs"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (ctx.pg_version() < 10) return;  // identity columns arrived in PostgreSQL 10
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (list_length(column.type->names) != 1 || is_array_type(column.type)) return;
      const std::string name = last_name(column.type->names);
      for (const auto& [serial, integer] : k_serials) {
        if (name != serial) continue;
        out.report(type_span(stmt, ctx, column.type),
                   fmt::format("column {} of {} is {}: a plain {} column with a DEFAULT that draws from a separate "
                               "sequence",
                               quote_ident(column.name), display_name(column.relation), serial, integer),
                   "the sequence needs grants of its own, CREATE TABLE ... LIKE copies the DEFAULT so two tables "
                   "share one sequence, and an explicit insert of an id passes silently until it collides with a "
                   "later generated one",
                   fmt::format("declare it {} GENERATED ALWAYS AS IDENTITY (BY DEFAULT if the application must "
                               "sometimes supply ids)",
                               integer == "integer" ? "bigint" : integer));
      }
    });
  }
};

}  // namespace

const linter::Rule& prefer_identity() {
  static const PreferIdentity k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
