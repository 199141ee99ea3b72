// prefer-timestamptz: a column declared (or retyped to) timestamp without time zone.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class PreferTimestamptz final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "prefer-timestamptz",
        {},
        Severity::warning,
        true,
        "timestamp without time zone stores a wall-clock reading whose instant depends on the session time zone"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (!is_builtin_type(column.type, "timestamp")) return;
      out.report(type_span(stmt, ctx, column.type),
                 fmt::format("column {} of {} {} timestamp without time zone, which records a wall-clock reading "
                             "rather than an instant",
                             quote_ident(column.name), display_name(column.relation),
                             column.where == TypedColumn::Where::alter_type ? "becomes" : "is"),
                 "comparing it with now() or a timestamptz converts it through the session's TimeZone setting, so "
                 "the same row means different instants on different servers and is ambiguous across daylight "
                 "saving changes",
                 fmt::format("declare it timestamptz{} (timestamp with time zone): it stores an absolute instant "
                             "in the same 8 bytes",
                             is_array_type(column.type) ? "[]" : ""));
    });
  }
};

}  // namespace

const linter::Rule& prefer_timestamptz() {
  static const PreferTimestamptz k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
