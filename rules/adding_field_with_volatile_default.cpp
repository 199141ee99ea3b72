// adding-field-with-volatile-default: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingFieldWithVolatileDefault final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-field-with-volatile-default", {}, Severity::warning, true,
        "ADD COLUMN with a volatile DEFAULT rewrites the whole table under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& adding_field_with_volatile_default() {
  static const AddingFieldWithVolatileDefault k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
