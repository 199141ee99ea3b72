// adding-not-nullable-field: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingNotNullableField final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-not-nullable-field", {}, Severity::warning, true,
        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& adding_not_nullable_field() {
  static const AddingNotNullableField k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
