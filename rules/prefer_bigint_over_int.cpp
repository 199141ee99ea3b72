// prefer-bigint-over-int: an identifier column (primary key, identity, serial, sequence default,
// foreign key, or named id / ..._id) declared integer, which runs out at 2^31 - 1.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class PreferBigintOverInt final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "prefer-bigint-over-int",
        {"prefer-big-int"},
        Severity::warning,
        true,
        "an id column declared integer (or serial) overflows at 2,147,483,647 and is costly to widen later"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (is_array_type(column.type)) return;
      const bool serial = is_builtin_type(column.type, "serial") || is_builtin_type(column.type, "serial4");
      if (!serial && !is_builtin_type(column.type, "int4")) return;
      const std::string type = serial ? last_name(column.type->names) : std::string("integer");
      const std::string reason = serial ? std::string() : identifier_column_reason(column);
      if (!serial && reason.empty()) return;
      out.report(type_span(stmt, ctx, column.type),
                 serial ? fmt::format("column {} of {} is {}, an integer numbered by a sequence, which runs out "
                                      "at 2,147,483,647",
                                      quote_ident(column.name), display_name(column.relation), type)
                        : fmt::format("column {} of {} holds identifiers ({}) but {} integer, which runs out at "
                                      "2,147,483,647",
                                      quote_ident(column.name), display_name(column.relation), reason,
                                      column.where == TypedColumn::Where::alter_type ? "becomes" : "is"),
                 "once the values pass that limit every insert fails, and widening the column then rewrites the "
                 "table and its indexes under an ACCESS EXCLUSIVE lock, together with every column that references "
                 "it",
                 serial ? "declare it bigint GENERATED ALWAYS AS IDENTITY (or bigserial): 4 more bytes per row"
                        : "declare it bigint, as are the columns it references or that reference it: 4 more bytes "
                          "per row");
    });
  }
};

}  // namespace

const linter::Rule& prefer_bigint_over_int() {
  static const PreferBigintOverInt k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
