// prefer-jsonb: a column declared (or retyped to) json rather than jsonb.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class PreferJsonb final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "prefer-jsonb",
        {},
        Severity::warning,
        false,
        "json keeps the input text: no equality operator, no GIN indexes, reparsed on every access; use jsonb"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (!is_builtin_type(column.type, "json")) return;
      out.report(type_span(stmt, ctx, column.type),
                 fmt::format("column {} of {} {} json, which stores the document as text and parses it again on "
                             "every access",
                             quote_ident(column.name), display_name(column.relation),
                             column.where == TypedColumn::Where::alter_type ? "becomes" : "is"),
                 "json has no equality operator, so DISTINCT, GROUP BY, UNION and unique indexes on it fail, and it "
                 "cannot be indexed with GIN for containment (@>) or key (?) lookups",
                 fmt::format("declare it jsonb{}, unless the exact input text (key order, duplicate keys, "
                             "whitespace) must be kept",
                             is_array_type(column.type) ? "[]" : ""));
    });
  }
};

}  // namespace

const linter::Rule& prefer_jsonb() {
  static const PreferJsonb k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
