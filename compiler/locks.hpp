#pragma once
// Lock facts: for one parsed statement, which relations Postgres locks, in which mode, whether it
// scans or rewrites them, and what each mode blocks. The one table of these facts in the code;
// rules, `sqlmigrate locks` and the lint context all read it from here.
//
// Sources: the Postgres documentation, "Explicit Locking" (13.3.1), and the lock levels that
// tablecmds.c (AlterTableGetLockLevel), indexcmds.c, trigger.c, matview.c, ... take. Checked against
// a live server by tests/compiler/locks_pg_test.cpp.
//
// Facts that depend on the schema (the old type of a column, the table an index belongs to) are
// asked of an optional SchemaKnowledge; without it they are `maybe` or left out.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/pg/parse.hpp"

namespace sqlmigrate::compiler {

// Table-level lock modes, weakest to strongest (Postgres's numbering, less NoLock).
enum class LockMode : std::uint8_t {
  none = 0,
  access_share,            // SELECT
  row_share,               // SELECT FOR UPDATE/SHARE
  row_exclusive,           // INSERT, UPDATE, DELETE, MERGE
  share_update_exclusive,  // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT, ...
  share,                   // CREATE INDEX
  share_row_exclusive,     // CREATE TRIGGER, ADD FOREIGN KEY
  exclusive,               // REFRESH MATERIALIZED VIEW CONCURRENTLY
  access_exclusive,        // most ALTER TABLE, DROP, TRUNCATE, VACUUM FULL, CLUSTER
};

// "ACCESS EXCLUSIVE", as the documentation and LOCK TABLE spell it.
std::string_view to_string(LockMode mode);
// "AccessExclusiveLock", as pg_locks.mode spells it.
std::string_view pg_locks_name(LockMode mode);
std::optional<LockMode> lock_mode_from_pg_locks(std::string_view name);
// The conflict table of "Explicit Locking" (Table 13.2).
bool conflicts(LockMode a, LockMode b);

// What a lock held by one session blocks in the others.
struct Blocks {
  bool reads = false;   // SELECT (conflicts with ACCESS SHARE)
  bool writes = false;  // INSERT, UPDATE, DELETE (conflicts with ROW EXCLUSIVE)
  bool ddl = false;     // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, most DDL (conflicts with SHARE UPDATE EXCLUSIVE)
  bool any() const { return reads || writes || ddl; }
};
Blocks blocks(LockMode mode);
// "reads, writes and DDL", "writes and DDL", "DDL", "only ACCESS EXCLUSIVE DDL", ...
std::string describe_blocks(LockMode mode);

// A fact that may hinge on something the statement alone does not say.
enum class Tri : std::uint8_t { no, maybe, yes };
std::string_view to_string(Tri value);

struct RelationLock {
  std::string key;      // "schema.name" (see relation_key); unqualified names are in public
  std::string display;  // as written in the statement
  LockMode mode = LockMode::none;
  std::string why;      // the part of the statement that needs this mode ("ADD COLUMN", "REFERENCES")
  Tri scan = Tri::no;      // reads every row while holding the lock (validation, index build)
  Tri rewrite = Tri::no;   // writes a new copy of the table (and rebuilds its indexes)
  std::string scan_why;
  std::string rewrite_why;
  bool new_storage = false;  // TRUNCATE: swaps in new, empty files (fast; nothing is copied)
  bool created = false;      // the statement creates this relation: nobody else can be using it
};

struct LockFacts {
  std::string command;  // the command, in capitals: "ALTER TABLE", "CREATE INDEX CONCURRENTLY"
  std::vector<RelationLock> relations;  // one entry per relation, with its strongest mode
  // False when the statement can do anything at all (DO, CALL, a function call in SELECT) or is not
  // in the table: the listed relations are then only the ones it names.
  bool known = true;

  LockMode strongest() const;
  const RelationLock* find(std::string_view key) const;
};

// Schema knowledge the facts may use (the static catalog plugs in here).
class SchemaKnowledge {
 public:
  virtual ~SchemaKnowledge() = default;
  // Whether ALTER COLUMN ... TYPE to `type_name` (a TypeName node), without USING or with a USING
  // that is the column itself, rewrites the table: `no` when the change is binary-coercible.
  virtual Tri type_change_rewrites(std::string_view /*relation_key*/, std::string_view /*column*/,
                                   const ::Node* /*type_name*/) const {
    return Tri::maybe;
  }
  // The table ("schema.name") an index ("schema.name") belongs to.
  virtual std::optional<std::string> table_of_index(std::string_view /*index_key*/) const { return std::nullopt; }
  // Whether a relation exists before the statement (schema null: found through the search path):
  // `no` only when the knowledge covers the whole schema (a project replayed from its first migration).
  virtual Tri relation_exists(const char* /*schema*/, const char* /*name*/) const { return Tri::maybe; }
};

struct LockOptions {
  int pg_version = 15;                          // rewrite rules changed across versions (fast defaults in 11)
  const SchemaKnowledge* knowledge = nullptr;  // null: schema-dependent facts are `maybe` or left out
};

LockFacts lock_facts(const Statement& statement, const LockOptions& options = {});

// A run-time setting a statement changes: `SET [LOCAL] name = value`, `SET name TO DEFAULT`,
// `RESET name`, `RESET ALL` (one change per setting), `SELECT set_config('name', 'value', is_local)`.
struct SettingChange {
  std::string name;
  bool on = false;     // a value other than 0 / off / DEFAULT (for timeouts: the timeout is set)
  bool local = false;  // SET LOCAL / set_config(..., true): until the end of the transaction
};
std::vector<SettingChange> setting_changes(const Statement& statement);

}  // namespace sqlmigrate::compiler
