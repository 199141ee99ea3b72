// adding-required-field: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingRequiredField final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-required-field", {}, Severity::error, true,
        "ADD COLUMN ... NOT NULL without a DEFAULT fails on any table that has rows"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& adding_required_field() {
  static const AddingRequiredField k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
