// missing-down-migration: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class MissingDownMigration final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "missing-down-migration", {}, Severity::warning, true,
        "A migration has no down file, so it cannot be rolled back"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& missing_down_migration() {
  static const MissingDownMigration k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
