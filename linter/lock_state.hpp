#pragma once
// What a migration has done so far that outlives one statement: the relation locks the current
// transaction holds, and the lock_timeout / statement_timeout settings in effect. The lint engine
// updates it after each statement; rules read it through LintContext.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/catalog.hpp"
#include "compiler/locks.hpp"
#include "compiler/pg/parse.hpp"

namespace sqlmigrate::linter {

// A lock the current transaction holds on a relation that existed before this migration.
struct HeldLock {
  std::string relation;  // catalog key
  std::string display;   // as first written
  compiler::LockMode mode = compiler::LockMode::none;
  compiler::Span taken_at;  // the statement that took the strongest mode
};

class LockState {
 public:
  // A new migration: a new session as far as the rules are concerned.
  void begin_migration();
  // Records what `statement` did. `in_transaction`: whether it ran inside a transaction block;
  // `catalog`: the schema before it (to leave out relations created in this migration).
  void after_statement(const compiler::Statement& statement, const compiler::LockFacts& facts, bool in_transaction,
                       const compiler::Catalog& catalog);

  // Locks held by the open transaction on relations that existed before this migration.
  const std::vector<HeldLock>& held() const { return m_held; }
  const HeldLock* held(std::string_view relation) const;
  // Whether a non-zero lock_timeout / statement_timeout is in effect (SET, SET LOCAL, set_config).
  bool lock_timeout_set() const { return m_lock_timeout.effective(); }
  bool statement_timeout_set() const { return m_statement_timeout.effective(); }

 private:
  struct Setting {
    bool session = false;
    std::optional<bool> local;  // SET LOCAL: until the transaction ends
    bool effective() const { return local.value_or(session); }
  };
  void end_transaction();
  void set(std::string_view name, bool on, bool local, bool in_transaction);

  std::vector<HeldLock> m_held;
  Setting m_lock_timeout;
  Setting m_statement_timeout;
};

}  // namespace sqlmigrate::linter
