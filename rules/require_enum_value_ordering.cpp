// require-enum-value-ordering (off by default): ALTER TYPE ... ADD VALUE without BEFORE or AFTER,
// which puts the new value last in the enum's sort order whether or not that is where it belongs.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// A string as an SQL literal, for messages.
std::string literal(const char* value) {
  std::string out = "'";
  for (const char* p = value; p != nullptr && *p != '\0'; ++p) {
    if (*p == '\'') out += '\'';
    out += *p;
  }
  return out + "'";
}

class RequireEnumValueOrdering final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-enum-value-ordering",
        {},
        Severity::warning,
        false,
        "ALTER TYPE ... ADD VALUE without BEFORE or AFTER silently puts the value last in the enum's sort order"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& /*ctx*/, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterEnumStmt)) return;
    const auto* alter = castNode(AlterEnumStmt, const_cast<::Node*>(stmt.node));
    if (alter->oldVal != nullptr || alter->newVal == nullptr || alter->newValNeighbor != nullptr) return;
    const std::string type = dotted_name(alter->typeName);
    const std::string value = literal(alter->newVal);
    out.report(stmt.span,
               fmt::format("ADD VALUE {} without BEFORE or AFTER makes {} the last value of {} in sort order", value,
                           value, type),
               "enum values compare and sort in the order they were declared, not alphabetically, so ORDER BY, <, >, "
               "min(), max() and range checks such as status < 'shipped' depend on where the value lands",
               fmt::format("say where it belongs: ADD VALUE {} BEFORE (or AFTER) an existing value, even when that "
                           "is the end",
                           value));
  }
};

}  // namespace

const linter::Rule& require_enum_value_ordering() {
  static const RequireEnumValueOrdering k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
