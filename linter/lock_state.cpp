#include "linter/lock_state.hpp"

#include <string_view>

namespace sqlmigrate::linter {


void LockState::begin_migration() {
  m_held.clear();
  m_lock_timeout = {};
  m_statement_timeout = {};
}

const HeldLock* LockState::held(std::string_view relation) const {
  for (const auto& h : m_held) {
    if (h.relation == relation) return &h;
  }
  return nullptr;
}

void LockState::end_transaction() {
  m_held.clear();
  m_lock_timeout.local.reset();
  m_statement_timeout.local.reset();
}

void LockState::set(std::string_view name, bool on, bool local, bool in_transaction) {
  Setting* setting = name == "lock_timeout" ? &m_lock_timeout : name == "statement_timeout" ? &m_statement_timeout : nullptr;
  if (setting == nullptr) return;
  if (!local) {
    setting->session = on;
    setting->local.reset();
  } else if (in_transaction) {
    setting->local = on;  // outside a transaction block SET LOCAL has no effect
  }
}

void LockState::after_statement(const compiler::Statement& statement, const compiler::LockFacts& facts,
                                bool in_transaction, const compiler::Catalog& catalog) {
  for (const compiler::SettingChange& change : compiler::setting_changes(statement)) {
    set(change.name, change.on, change.local, in_transaction);
  }
  if (in_transaction) {
    for (const compiler::RelationLock& r : facts.relations) {
      if (r.created || r.mode == compiler::LockMode::none || catalog.created_in_migration(r.key)) continue;
      bool found = false;
      for (auto& h : m_held) {
        if (h.relation != r.key) continue;
        found = true;
        if (r.mode > h.mode) {
          h.mode = r.mode;
          h.taken_at = statement.span;
        }
      }
      if (!found) m_held.push_back(HeldLock{r.key, r.display, r.mode, statement.span});
    }
  }
  // A statement outside a transaction block is its own transaction; COMMIT and ROLLBACK end one.
  if (!in_transaction || statement.tx_control == compiler::TxControl::commit ||
      statement.tx_control == compiler::TxControl::rollback) {
    end_transaction();
  }
}

}  // namespace sqlmigrate::linter
