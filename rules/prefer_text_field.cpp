// prefer-text-field: a column declared (or retyped to) varchar(n), whose limit can only change
// through ALTER COLUMN ... TYPE.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class PreferTextField final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "prefer-text-field",
        {},
        Severity::warning,
        false,
        "varchar(n) makes the length limit part of the type; text with a CHECK constraint is easier to change"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (!is_builtin_type(column.type, "varchar") || list_length(column.type->typmods) == 0) return;
      const int length = type_modifier(column.type, 0);
      const std::string limit = length > 0 ? std::to_string(length) : std::string("n");
      out.report(type_span(stmt, ctx, column.type),
                 fmt::format("column {} of {} {} varchar({}), so changing its length limit later means changing "
                             "its type",
                             quote_ident(column.name), display_name(column.relation),
                             column.where == TypedColumn::Where::alter_type ? "becomes" : "is", limit),
                 "ALTER COLUMN ... TYPE takes an ACCESS EXCLUSIVE lock even when raising the limit needs no "
                 "rewrite, lowering it rewrites the table, and either fails while a view uses the column; a CHECK "
                 "constraint can instead be replaced with NOT VALID and validated without blocking writes",
                 fmt::format("declare it text{} with CHECK (char_length({}) <= {})",
                             is_array_type(column.type) ? "[]" : "", quote_ident(column.name), limit));
    });
  }
};

}  // namespace

const linter::Rule& prefer_text_field() {
  static const PreferTextField k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
