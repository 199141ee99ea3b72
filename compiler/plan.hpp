#pragma once
// The compiled project and the plan: migrations as a graph (each depends on the one before it in
// version order unless `-- sqlmigrate:depends-on` names its parents), each file split into the units
// that run (one transaction, or autocommit statements), and targets resolved into ordered steps.
// One plan drives both executors: the live runner and the offline psql script.
//
// Nothing here holds a parse tree: units keep their SQL text, so a Project outlives parsing.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/load.hpp"
#include "compiler/locks.hpp"
#include "compiler/migration.hpp"

namespace sqlmigrate::compiler {

// A lock a unit takes (the strongest over its statements), from the same lock facts as the linter.
struct UnitLock {
  std::string relation;  // as written in the statement
  LockMode mode = LockMode::none;
  Tri scan = Tri::no;
  Tri rewrite = Tri::no;
  bool created = false;  // created by this unit: nobody else can be waiting on it
};

// What runs as one piece: a transactional unit runs inside BEGIN ... COMMIT together with its history
// write; an autocommit unit is one statement run alone, and its progress is recorded right after it.
struct Unit {
  bool transactional = true;
  std::string sql;                // the statements as written, each ended by ';', ending in a newline
  std::uint32_t offset = 0;       // byte offset in the file where `sql` starts (maps error positions)
  std::uint32_t line = 1;         // 1-based line of the unit's first statement
  std::uint32_t statements = 0;   // how many statements it holds (0 for an empty migration)
  std::string summary;            // the first statement, shortened to one line, for plans and progress
  std::string autocommit_reason;  // why it runs outside a transaction; empty for transactional units
  std::vector<UnitLock> locks;    // in first-locked order; schema-dependent facts may be `maybe`
  bool locks_known = true;        // false when a statement can run arbitrary code (DO, a function call)
};

// One file (up or down) compiled into units.
struct CompiledScript {
  std::string file;              // display path
  std::vector<Unit> units;       // never empty: an empty file is one empty transactional unit
  bool no_transaction = false;   // each statement is its own autocommit unit
  std::string checksum;          // k_checksum_algorithm over the normalized text (see checksum.hpp)
  bool nothing_to_undo = false;  // a down file marked `-- sqlmigrate:nothing-to-undo`
};

struct CompiledMigration {
  std::string version;      // as written in the file name; what the history table records
  std::string version_key;  // identity (Migration::version_key): "0042" and "42" are the same migration
  std::string name;
  std::vector<std::string> parents;  // versions this one depends on (empty for a root)
  bool explicit_parents = false;     // from `-- sqlmigrate:depends-on`
  CompiledScript up;
  std::optional<CompiledScript> down;
  // Other tools' layouts (diesel, dbmate, Flyway, golang-migrate) run an empty down file as a no-op,
  // and so does sqlmigrate there; in the native layout an empty down file needs
  // `-- sqlmigrate:nothing-to-undo` (lint's down-migration rules report the rest).
  bool empty_down_is_no_op = false;
};

// All migrations of a project, in a deterministic topological order (among migrations whose
// parents are all placed, the lowest version comes first; for a linear history this is version order).
struct Project {
  std::vector<CompiledMigration> migrations;
  std::vector<std::size_t> heads;  // indices of migrations nothing depends on, in version order
  std::vector<std::vector<std::size_t>> parent_indices;  // per migration, its parents' indices
  std::vector<std::vector<std::size_t>> child_indices;   // per migration, its children's indices
  std::map<std::string, std::size_t, std::less<>> by_version;  // version as written -> index
  std::map<std::string, std::size_t, std::less<>> by_key;      // identity key -> index

  // Index of a version (any spelling compare_versions treats as equal), or none.
  std::optional<std::size_t> find(std::string_view version) const;
  // The migration and all its ancestors, as indices in topological order.
  std::vector<std::size_t> ancestors_inclusive(std::size_t index) const;
  // The migration and all its descendants, as indices in topological order.
  std::vector<std::size_t> descendants_inclusive(std::size_t index) const;
};

struct CompileOptions {
  // Allow more than one head (branches not merged yet). `plan`, `heads` targets and lint allow it;
  // `head` as a target refuses it with the merge command.
  bool allow_multiple_heads = true;
  unsigned jobs = 0;  // parsing threads; 0: one per core
};

// Parses every file and builds the graph and the units. Errors (syntax errors, unknown or cyclic
// parents, a statement that cannot run in a transaction block inside a transactional migration,
// BEGIN/COMMIT written in a transactional migration, ...) name the files involved and what to do.
Result<Project> compile_project(const MigrationSet& set, const CompileOptions& options = {});

// What keeps one script from running as compile_project splits it: a statement that cannot run in
// a transaction block where it would run in one, BEGIN/COMMIT in a transactional script, a BEGIN never
// committed; for a down file (`up_file` given), directives that belong in the up file. The lint
// engine reports these too, so that lint fails wherever `plan` and `upgrade` would refuse.
std::vector<Diagnostic> script_errors(const LoadedScript& loaded, const MigrationFile& file, Layout layout,
                                      const MigrationFile* up_file = nullptr);

// A migration as the dependency graph sees it; the views point into the caller's data.
struct DependencyNode {
  std::string_view version;               // as written
  std::string_view version_key;           // identity
  std::string_view file;                  // the up file, where `depends-on` is written
  std::vector<std::string_view> parents;  // from `depends-on`, else the previous version (none for the first)
  std::optional<Span> span;               // the `depends-on` directive
};
struct DependencyGraph {
  std::vector<std::vector<std::size_t>> parents;   // per node, its parents' indices
  std::vector<std::vector<std::size_t>> children;  // per node, its children's indices
  std::vector<std::size_t> order;  // topological, lowest version first among ready ones; partial on a cycle
};
// Resolves parents and orders the nodes (given in version order). Unknown parents and cycles are
// added to `errors`.
DependencyGraph resolve_dependencies(const std::vector<DependencyNode>& nodes, std::vector<Diagnostic>& errors);

enum class Direction : std::uint8_t { up, down };
std::string_view to_string(Direction direction);

// One migration to run in one direction, starting at `first_unit` (non-zero when resuming a
// no-transaction migration that stopped part-way).
struct Step {
  std::size_t migration = 0;  // index into Project::migrations
  Direction direction = Direction::up;
  std::size_t first_unit = 0;
};

struct Plan {
  Direction direction = Direction::up;
  std::vector<Step> steps;
};

// Orders version strings as compare_versions does (so "1" and "0001" are the same key).
struct VersionLess {
  bool operator()(std::string_view a, std::string_view b) const { return compare_versions(a, b) < 0; }
  using is_transparent = void;
};

// What the database holds: the versions applied completely.
struct AppliedState {
  std::set<std::string, VersionLess> applied;
};

// Upgrade targets: `head` (the single head), `heads` (all), a version, `+N` (the next N pending
// migrations in plan order). Downgrade targets: `-N` (the last N applied, newest first), a version
// (revert everything applied after it: its descendants), `base` (revert everything).
Result<Plan> plan_upgrade(const Project& project, const AppliedState& state, std::string_view target);
Result<Plan> plan_downgrade(const Project& project, const AppliedState& state, std::string_view target);

// The state a database is in at `from` (offline scripts): `base` is empty; a version means it and
// all its ancestors are applied; `heads` means everything.
Result<AppliedState> state_at(const Project& project, std::string_view from);

// Splits "FROM:TO" (FROM may be empty); no colon means no FROM.
struct TargetRange {
  std::optional<std::string> from;
  std::string to;
};
TargetRange split_range(std::string_view text);

}  // namespace sqlmigrate::compiler
