// constraint-missing-not-valid: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class ConstraintMissingNotValid final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "constraint-missing-not-valid", {}, Severity::warning, true,
        "Adding a CHECK constraint without NOT VALID scans the table under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& constraint_missing_not_valid() {
  static const ConstraintMissingNotValid k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
