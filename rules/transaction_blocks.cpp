#include "rules/transaction_blocks.hpp"

namespace sqlmigrate::rules {

TxEffect tx_effect(const ::Node* node) {
  if (node == nullptr || !IsA(node, TransactionStmt)) return TxEffect::none;
  const auto* tx = castNode(TransactionStmt, const_cast<::Node*>(node));
  switch (tx->kind) {
    case TRANS_STMT_BEGIN:
    case TRANS_STMT_START:
      return TxEffect::begin;
    case TRANS_STMT_COMMIT:
    case TRANS_STMT_ROLLBACK:
      return tx->chain ? TxEffect::end_and_chain : TxEffect::end;
    case TRANS_STMT_PREPARE:
      return TxEffect::end;
    case TRANS_STMT_SAVEPOINT:
    case TRANS_STMT_RELEASE:
    case TRANS_STMT_ROLLBACK_TO:
      return TxEffect::in_block;
    default:
      return TxEffect::none;  // COMMIT PREPARED, ROLLBACK PREPARED: not about this session's block
  }
}

const char* tx_keyword(const ::Node* node) {
  if (node == nullptr || !IsA(node, TransactionStmt)) return "?";
  const auto* tx = castNode(TransactionStmt, const_cast<::Node*>(node));
  switch (tx->kind) {
    case TRANS_STMT_BEGIN:
      return "BEGIN";
    case TRANS_STMT_START:
      return "START TRANSACTION";
    case TRANS_STMT_COMMIT:
      return tx->chain ? "COMMIT AND CHAIN" : "COMMIT";
    case TRANS_STMT_ROLLBACK:
      return tx->chain ? "ROLLBACK AND CHAIN" : "ROLLBACK";
    case TRANS_STMT_PREPARE:
      return "PREPARE TRANSACTION";
    case TRANS_STMT_SAVEPOINT:
      return "SAVEPOINT";
    case TRANS_STMT_RELEASE:
      return "RELEASE SAVEPOINT";
    case TRANS_STMT_ROLLBACK_TO:
      return "ROLLBACK TO SAVEPOINT";
    default:
      return "?";
  }
}

std::optional<std::uint32_t> open_block_before(const compiler::Script& script, std::uint32_t index) {
  std::optional<std::uint32_t> open;
  for (const Statement& stmt : script.statements()) {
    if (stmt.index >= index) break;
    switch (tx_effect(stmt.node)) {
      case TxEffect::begin:
        if (!open) open = stmt.index;
        break;
      case TxEffect::end:
        open.reset();
        break;
      case TxEffect::end_and_chain:
        if (open) open = stmt.index;  // outside a block, AND CHAIN is an error and opens nothing
        break;
      default:
        break;
    }
  }
  return open;
}

}  // namespace sqlmigrate::rules
