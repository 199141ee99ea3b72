// transaction-nesting: transaction control that does not fit the transaction the statement runs in.
// In a migration that sqlmigrate runs as one transaction: any BEGIN, COMMIT or ROLLBACK. In a
// `-- sqlmigrate:no-transaction` migration: BEGIN inside an open block, COMMIT / ROLLBACK with no
// block open, and SAVEPOINT / RELEASE / ROLLBACK TO or ... AND CHAIN outside a block.

#include <fmt/format.h>

#include "rules/transaction_blocks.hpp"

namespace sqlmigrate::rules {
namespace {

class TransactionNesting final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "transaction-nesting",
        {},
        Severity::error,
        true,
        "BEGIN, COMMIT or ROLLBACK that breaks the migration's transaction: nested, unmatched, or inside the "
        "transaction sqlmigrate opens"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    const TxEffect effect = tx_effect(stmt.node);
    if (effect == TxEffect::none) return;
    const char* keyword = tx_keyword(stmt.node);
    if (ctx.migration_transactional()) {
      check_in_migration_transaction(stmt, ctx, effect, keyword, out);
      return;
    }
    const std::optional<std::uint32_t> open = open_block_before(ctx.script(), stmt.index);
    if (effect == TxEffect::begin && open) {
      const std::uint32_t line = ctx.script().source().line_col(ctx.script().statements()[*open].span.begin).line;
      out.report(stmt.span,
                 fmt::format("{} inside the transaction block opened on line {} does not nest: Postgres ignores it "
                             "with a warning",
                             keyword, line),
                 "Postgres has no nested transactions, so the COMMIT meant for this inner block ends the outer one "
                 "and the statements after it run outside any transaction",
                 "remove the inner BEGIN and its COMMIT, or use SAVEPOINT and RELEASE SAVEPOINT for a nested unit");
    } else if ((effect == TxEffect::end || effect == TxEffect::end_and_chain) && !open) {
      const bool chain = effect == TxEffect::end_and_chain;
      out.report(stmt.span,
                 fmt::format("{} with no transaction block open {}", keyword,
                             chain ? "fails: Postgres allows AND CHAIN only inside a block"
                                   : "does nothing but raise a warning"),
                 "every statement before it in this no-transaction migration already ran and committed on its own, "
                 "so the atomic block this suggests does not exist",
                 "add the BEGIN this block is missing before the statements that must commit together, or remove "
                 "the statement");
    } else if (effect == TxEffect::in_block && !open) {
      out.report(
          stmt.span,
          fmt::format("{} outside a transaction block fails, so the migration stops here when it is deployed", keyword),
          "Postgres allows savepoints only inside a transaction block, and in a no-transaction migration each "
          "statement outside BEGIN ... COMMIT runs on its own",
          "open a block with BEGIN before the savepoint, or remove the savepoint statements");
    }
  }

 private:
  static void check_in_migration_transaction(const Statement& stmt, const linter::LintContext& ctx, TxEffect effect,
                                             const char* keyword, linter::Sink& out) {
    constexpr std::string_view k_help =
        "remove the transaction control: sqlmigrate already runs this migration as one transaction; or put "
        "`-- sqlmigrate:no-transaction` on its first line to manage transactions yourself";
    if (effect == TxEffect::begin) {
      out.report(stmt.span,
                 fmt::format("{} inside a migration that sqlmigrate already runs as one transaction is ignored by "
                             "Postgres, and the COMMIT that ends it ends sqlmigrate's transaction instead",
                             keyword),
                 "the statements after that COMMIT, and the history row that records the migration, then no longer "
                 "commit or roll back together with the ones before it",
                 std::string(k_help));
      return;
    }
    if (effect == TxEffect::in_block) return;  // savepoints work inside the migration's transaction
    // A COMMIT or ROLLBACK that closes a BEGIN reported above is part of that finding.
    bool after_begin = false;
    for (const Statement& earlier : ctx.script().statements()) {
      if (earlier.index >= stmt.index) break;
      const TxEffect e = tx_effect(earlier.node);
      if (e == TxEffect::begin) after_begin = true;
      if (e == TxEffect::end) after_begin = false;
    }
    if (after_begin) return;
    const bool rollback = castNode(TransactionStmt, const_cast<::Node*>(stmt.node))->kind == TRANS_STMT_ROLLBACK;
    out.report(stmt.span,
               fmt::format("{} ends the transaction that sqlmigrate opened for this migration{}", keyword,
                           rollback ? ", discarding every statement before it" : " before the migration is done"),
               "the statements after it then run outside that transaction, so a later failure leaves the migration "
               "half-applied while its history row may say it ran",
               std::string(k_help));
  }
};

}  // namespace

const linter::Rule& transaction_nesting() {
  static const TransactionNesting k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
