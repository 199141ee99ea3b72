#pragma once
// The live executor: runs a plan against a database through the module in runner/db/, under the
// run lock, writing the history table and attempt log with the same SQL the offline script uses
// (runner/history.hpp). Every command that talks to a database goes through a Runner.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/config.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/plan.hpp"
#include "runner/database.hpp"
#include "runner/history.hpp"
#include "runner/offline.hpp"

namespace sqlmigrate::runner {

enum class LockMode : std::uint8_t { advisory, table };

struct RunnerOptions {
  RunSettings settings;                       // history table, lock_timeout, statement_timeout
  std::chrono::milliseconds lock_wait{60000};  // how long to wait for another run to finish
  LockMode lock_mode = LockMode::advisory;
  bool dry_run = false;
  bool allow_out_of_order = false;
  int lock_timeout_retries = 4;               // retries of a transactional unit after SQLSTATE 55P03
  std::chrono::milliseconds retry_backoff{500};  // doubled after each retry
  std::string command = "upgrade";            // shown to other sessions in application_name
};

// How a command ended; the CLI turns it into an exit code.
enum class Status : std::uint8_t {
  ok,
  findings,            // validate / status --exit-code / verify found something (exit 1)
  input,               // the project or its files do not fit the database (exit 2)
  database,            // the database refused or failed (exit 3)
  lock_wait_exceeded,  // another run held the lock longer than --lock-wait (exit 5)
};

struct Outcome {
  Status status = Status::ok;
  std::vector<compiler::Diagnostic> errors;
  static Outcome fail(Status status, compiler::Diagnostic d) {
    Outcome o;
    o.status = status;
    o.errors.push_back(std::move(d));
    return o;
  }
};

// Where the runner writes what it did: results (always) and progress lines (the CLI shows them on a terminal).
class Output {
 public:
  virtual ~Output() = default;
  virtual void result(const std::string& line) = 0;
  virtual void progress(const std::string& line) = 0;
};

// One row of the history table.
struct HistoryRow {
  std::string version;
  std::string name;
  std::string checksum;
  int checksum_algorithm = 0;
  std::string state;  // applied, applying, reverting
  int units_done = 0;
  int units_total = 0;
  std::string applied_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::string duration_ms;
  std::string applied_by;
};

using compiler::parse_duration;  // "60s", "500ms", "2min" (compiler/config.hpp)

// The application_name (pg_stat_activity) of the runner's connections: the main one of `command`,
// and the one that holds the run lock. Connections opened ahead of time (EarlyConnections) use them.
std::string main_application_name(std::string_view command);
std::string lock_application_name();

// The advisory lock key for a history table (stable across versions of sqlmigrate).
std::int64_t run_lock_key(const HistoryTable& table);
// A lease of lock_mode = "table" not refreshed for this long is stale.
inline constexpr int k_lease_seconds = 120;

class Runner {
 public:
  Runner(const compiler::Project& project, RunnerOptions options, Output& output);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Opens the main connection. `display` is the redacted target named in messages.
  Outcome connect(DatabaseDriver& driver, const std::string& conninfo, const std::string& display);

  Outcome upgrade(std::string_view target);
  Outcome downgrade(std::string_view target);
  Outcome stamp(std::string_view target);
  Outcome rebaseline(const std::vector<std::string>& versions);  // empty: every edited applied migration
  Outcome status(bool pending_is_finding);
  Outcome history(bool attempts);
  Outcome validate();

  // A text listing of the schema (relations, columns, indexes, constraints, functions, types, ...),
  // without the history tables: two equal listings mean the same schema.
  compiler::Result<std::string> schema_listing();

 private:
  struct Lock;
  Outcome lock();
  void unlock();
  Outcome read_history();
  Outcome wait_for_orphans();
  Outcome ensure_history_table();
  Outcome check_against_files(bool for_upgrade, bool as_findings);
  compiler::AppliedState applied_state(bool include_reverting) const;
  Outcome run_plan(const compiler::Plan& plan, std::string_view target, const compiler::AppliedState& before);
  Outcome run_step(const compiler::Step& step, std::size_t& units_run);
  // The units of `step` from `from` on, under the attempt-log row `attempt` (already written). The
  // first of them has already hit lock_timeout `first_retry` times and waits `first_backoff` next.
  Outcome run_units(const compiler::Step& step, std::size_t from, const std::string& attempt,
                    std::chrono::steady_clock::time_point t0, std::size_t& units_run, int first_retry,
                    std::chrono::milliseconds first_backoff);
  // Whether the step's remaining units are all transactional, so it can go in a batch.
  bool batchable(const compiler::Step& step) const;
  // steps[begin, end) as one query string; `next` is the step to continue with.
  Outcome run_batch(const std::vector<compiler::Step>& steps, std::size_t begin, std::size_t end,
                    std::size_t& units_run, std::size_t& done, std::size_t& next);
  compiler::Diagnostic transaction_failure(const compiler::Step& step, std::size_t unit_index, const DbError& error,
                                           std::size_t prefix_chars, int prefix_statements, int completed) const;
  compiler::Diagnostic unit_failure(const compiler::CompiledMigration& m, const compiler::CompiledScript& script,
                                    compiler::Direction direction, std::size_t unit_index, const DbError& error,
                                    std::size_t prefix_chars, int prefix_statements, int completed,
                                    const std::string& state_note, const std::string& help) const;
  compiler::Diagnostic database_error(const std::string& what, const DbError& error) const;
  const HistoryRow* row_for(std::string_view version) const;
  std::string scrub(const std::string& text) const;
  std::string log_sql(const compiler::CompiledMigration& m, std::string_view direction) const;

  const compiler::Project& m_project;
  RunnerOptions m_options;
  Output& m_output;
  DatabaseDriver* m_driver = nullptr;
  std::string m_conninfo;
  std::string m_display;
  std::unique_ptr<Connection> m_conn;
  std::unique_ptr<Lock> m_lock;
  bool m_history_exists = false;
  std::map<std::string, HistoryRow> m_rows;  // by version without leading zeros
  std::string m_session_lock_timeout;        // session values already set for autocommit units
  std::string m_session_statement_timeout;
  int m_batches = 0;               // sets of prepared writes so far (names them)
  std::optional<PreparedWrites> m_writes;  // prepared in this session, for batches
  std::string m_writes_sequence;           // the attempt sequence m_writes were prepared with
  std::string m_attempt_sequence;  // the attempt log's id sequence (batches use its currval); empty: no batches
};

}  // namespace sqlmigrate::runner
