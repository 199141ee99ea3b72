#pragma once
// What rules may ask about the statement they check, computed once by the engine.

#include <optional>
#include <string_view>

#include "compiler/catalog.hpp"
#include "compiler/locks.hpp"
#include "compiler/migration.hpp"
#include "compiler/pg/parse.hpp"
#include "linter/lock_state.hpp"

namespace sqlmigrate::linter {

struct LintSettings {
  int pg_version = 15;  // the Postgres major version migrations are deployed to
  std::optional<int> pg_minor;  // its minor release, when configured ("14.3"); most rules need only the major
};

class LintContext {
 public:
  LintContext(const compiler::Migration& migration, const compiler::Script& script, const compiler::Catalog& catalog,
              const LintSettings& settings, bool migration_transactional, bool in_transaction)
      : m_migration(migration), m_script(script), m_catalog(catalog), m_settings(settings),
        m_migration_transactional(migration_transactional), m_in_transaction(in_transaction) {}

  const compiler::Migration& migration() const { return m_migration; }
  const compiler::Script& script() const { return m_script; }
  // The schema before this statement.
  const compiler::Catalog& catalog() const { return m_catalog; }
  int pg_version() const { return m_settings.pg_version; }
  std::optional<int> pg_minor() const { return m_settings.pg_minor; }
  // Whether the statement runs inside a transaction block (known from the migration's directives,
  // its statements and any explicit BEGIN in a no-transaction migration).
  bool in_transaction() const { return m_in_transaction; }
  // Whether the whole migration runs as one transaction.
  bool migration_transactional() const { return m_migration_transactional; }
  // Whether the relation ("schema.name", see compiler::relation_key) was created earlier in this
  // migration: it is then new and empty, and locking it blocks nobody.
  bool created_in_migration(std::string_view relation_key) const {
    return m_catalog.created_in_migration(relation_key);
  }
  // created_in_migration for a relation of the parse tree, remembered for the last one asked
  // about: a dozen rules ask about the same ALTER TABLE target.
  template <class KeyOf>
  bool created_in_migration(const void* relation, KeyOf&& key_of) const {
    if (relation != m_last_relation) {
      m_last_relation = relation;
      m_last_relation_new = created_in_migration(key_of());
    }
    return m_last_relation_new;
  }

  // Lock facts of this statement (compiler/locks.hpp), and the locks and timeouts of the migration
  // so far (linter/lock_state.hpp), before this statement. Set by the engine.
  const compiler::LockFacts& lock_facts() const { return m_lock_facts != nullptr ? *m_lock_facts : k_no_facts; }
  const LockState& lock_state() const { return m_lock_state != nullptr ? *m_lock_state : k_no_state; }
  void set_locks(const compiler::LockFacts* facts, const LockState* state) {
    m_lock_facts = facts;
    m_lock_state = state;
  }

 private:
  static inline const compiler::LockFacts k_no_facts{};
  static inline const LockState k_no_state{};
  const compiler::LockFacts* m_lock_facts = nullptr;
  const LockState* m_lock_state = nullptr;
  const compiler::Migration& m_migration;
  const compiler::Script& m_script;
  const compiler::Catalog& m_catalog;
  const LintSettings& m_settings;
  bool m_migration_transactional;
  bool m_in_transaction;
  mutable const void* m_last_relation = nullptr;
  mutable bool m_last_relation_new = false;
};

class MigrationContext {
 public:
  MigrationContext(const compiler::Migration& migration, const compiler::Script& up, const compiler::Script* down,
                   const LintSettings& settings)
      : m_migration(migration), m_up(up), m_down(down), m_settings(settings) {}
  const compiler::Migration& migration() const { return m_migration; }
  const compiler::Script& up() const { return m_up; }
  const compiler::Script* down() const { return m_down; }  // null when there is no down file
  int pg_version() const { return m_settings.pg_version; }

 private:
  const compiler::Migration& m_migration;
  const compiler::Script& m_up;
  const compiler::Script* m_down;
  const LintSettings& m_settings;
};

}  // namespace sqlmigrate::linter
