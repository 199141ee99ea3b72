// ban-uncommitted-transaction: a no-transaction migration opens a transaction block with BEGIN and
// never ends it with COMMIT or ROLLBACK. (In a migration that runs as one transaction, a BEGIN is
// transaction-nesting's business.)

#include <fmt/format.h>

#include "rules/transaction_blocks.hpp"

namespace sqlmigrate::rules {
namespace {

class BanUncommittedTransaction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-uncommitted-transaction",
        {},
        Severity::error,
        true,
        "a BEGIN with no COMMIT or ROLLBACK before the end of a no-transaction migration leaves its work "
        "uncommitted"};
    return k_meta;
  }

  // Runs once, at the last statement of the file, and reports at the BEGIN of the block left open.
  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    const auto& statements = ctx.script().statements();
    if (ctx.migration_transactional() || stmt.index + 1 != statements.size()) return;
    const std::optional<std::uint32_t> open =
        open_block_before(ctx.script(), static_cast<std::uint32_t>(statements.size()));
    if (!open) return;
    const Statement& begin = statements[*open];
    out.report(begin.span,
               fmt::format("this {} opens a transaction block that is still open at the end of the migration",
                           tx_keyword(begin.node)),
               "nothing from here on is committed: it is rolled back when the session ends, or committed later by "
               "whatever else runs on the same connection, so the migration's outcome depends on the tool that runs "
               "it",
               "end the block with COMMIT (or ROLLBACK) before the end of the file");
  }
};

}  // namespace

const linter::Rule& ban_uncommitted_transaction() {
  static const BanUncommittedTransaction k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
