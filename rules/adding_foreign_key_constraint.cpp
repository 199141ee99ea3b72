// adding-foreign-key-constraint: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingForeignKeyConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-foreign-key-constraint", {}, Severity::warning, true,
        "Adding a foreign key without NOT VALID scans the table while blocking writes to both tables"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& adding_foreign_key_constraint() {
  static const AddingForeignKeyConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
