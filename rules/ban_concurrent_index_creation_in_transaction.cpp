// ban-concurrent-index-creation-in-transaction: TODO (stub, being written).

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class BanConcurrentIndexCreationInTransaction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-concurrent-index-creation-in-transaction", {}, Severity::error, true,
        "CREATE INDEX CONCURRENTLY inside a transaction fails"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}
};

}  // namespace

const linter::Rule& ban_concurrent_index_creation_in_transaction() {
  static const BanConcurrentIndexCreationInTransaction k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
