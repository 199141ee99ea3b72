#pragma once
// Explicit transaction blocks (BEGIN ... COMMIT) in a script, as Postgres would track them in one
// session: shared by transaction-nesting and ban-uncommitted-transaction.

#include <cstdint>
#include <optional>

#include "rules/util.hpp"

namespace sqlmigrate::rules {

// What a transaction-control statement does to the block state.
enum class TxEffect : std::uint8_t {
  none,           // not a transaction-control statement
  begin,          // BEGIN, START TRANSACTION
  end,            // COMMIT, ROLLBACK, END, ABORT, PREPARE TRANSACTION
  end_and_chain,  // COMMIT AND CHAIN, ROLLBACK AND CHAIN: ends the block and opens a new one at once
  in_block,       // SAVEPOINT, RELEASE, ROLLBACK TO SAVEPOINT: valid only inside a block
};

TxEffect tx_effect(const ::Node* node);
// The statement's keyword as written in messages ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", ...).
const char* tx_keyword(const ::Node* node);

// Index of the BEGIN that opened the block still open just before statement `index` of the script
// when each statement outside a block runs on its own (a no-transaction migration); nullopt when no
// block is open. A BEGIN inside an open block changes nothing (Postgres ignores it with a warning).
std::optional<std::uint32_t> open_block_before(const compiler::Script& script, std::uint32_t index);

}  // namespace sqlmigrate::rules
