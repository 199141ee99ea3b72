// ban-char-field: a column declared (or retyped to) char(n) / character(n), the blank-padded type.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class BanCharField final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-char-field",
        {},
        Severity::warning,
        true,
        "char(n) pads values with spaces, which leak into comparisons, lengths and casts; use text"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      // `char(n)`, `character(n)` and `nchar(n)` are pg_catalog.bpchar; the quoted "char" is a
      // different, one-byte internal type.
      if (!is_builtin_type(column.type, "bpchar")) return;
      const int length = type_modifier(column.type, 0);
      const std::string type = fmt::format("char({})", length > 0 ? length : 1);
      out.report(
          type_span(stmt, ctx, column.type),
          fmt::format("column {} of {} {} {}, which pads every value with spaces to {} characters",
                      quote_ident(column.name), display_name(column.relation),
                      column.where == TypedColumn::Where::alter_type ? "becomes" : "is", type, length > 0 ? length : 1),
          "the padding is ignored when char values are compared with each other but dropped on the way to "
          "text, so LIKE, regular expressions, concatenation and comparisons with text behave differently "
          "from what was stored, and the type is no faster or smaller than text",
          fmt::format("declare it text{}, with CHECK (char_length({}) = {}) if the length must be fixed",
                      is_array_type(column.type) ? "[]" : "", quote_ident(column.name), length > 0 ? length : 1));
    });
  }
};

}  // namespace

const linter::Rule& ban_char_field() {
  static const BanCharField k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
