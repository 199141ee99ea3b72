#include "runner/executor.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "compiler/checksum.hpp"
#include "compiler/migration.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"
#include "runner/connection.hpp"

namespace sqlmigrate::runner {

using compiler::CompiledMigration;
using compiler::CompiledScript;
using compiler::Diagnostic;
using compiler::Direction;
using Clock = std::chrono::steady_clock;

namespace {

std::string version_key(std::string_view v) {
  std::size_t i = 0;
  while (i + 1 < v.size() && v[i] == '0') ++i;
  return std::string(v.substr(i));
}

std::string label(const CompiledMigration& m) { return m.name.empty() ? m.version : m.version + "_" + m.name; }

// Where a database with these migrations applied stands, for summaries: its newest applied
// migrations (those no other applied migration depends on), or base when none is applied.
std::string position_of(const compiler::Project& project, const compiler::AppliedState& state) {
  const auto applied = [&](std::size_t k) { return state.applied.contains(project.migrations[k].version); };
  std::vector<std::string> tips;
  for (std::size_t k = 0; k < project.migrations.size(); ++k) {
    if (!applied(k)) continue;
    const auto& children = project.child_indices[k];
    if (std::none_of(children.begin(), children.end(), applied)) tips.push_back(label(project.migrations[k]));
  }
  if (tips.empty()) return "base (no migration applied)";
  std::string out = tips[0];
  for (std::size_t i = 1; i < tips.size() && i < 3; ++i) out += (i + 1 == tips.size() ? " and " : ", ") + tips[i];
  if (tips.size() > 3) out += fmt::format(" and {} more heads", tips.size() - 3);
  return out;
}

// The state after a plan runs.
compiler::AppliedState after_plan(const compiler::Project& project, compiler::AppliedState state,
                                  const compiler::Plan& plan) {
  for (const compiler::Step& step : plan.steps) {
    const std::string& version = project.migrations[step.migration].version;
    if (step.direction == Direction::up) {
      state.applied.insert(version);
    } else {
      state.applied.erase(version);
    }
  }
  return state;
}

std::string now_literal() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("'{}.{:06d}+00'::timestamptz", buf, micros);
}

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

std::string ms_text(Clock::duration d) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  if (ms < 10000) return fmt::format("{} ms", ms);
  return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
}

std::string value(const Row& row, std::size_t i) { return i < row.size() && row[i] ? *row[i] : std::string(); }

Diagnostic error(std::string code, std::string message, std::vector<std::string> notes = {}, std::string help = {},
                 std::string file = {}) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.notes = std::move(notes);
  d.help = std::move(help);
  d.file = std::move(file);
  return d;
}

// `SET LOCAL`/`SET` of the configured timeouts; "" leaves the server's value.
std::string timeout_sql(const RunSettings& s, bool local) {
  std::string out;
  const char* scope = local ? "SET LOCAL " : "SET ";
  if (!s.lock_timeout.empty()) out += fmt::format("{}lock_timeout = {};\n", scope, quote_literal(s.lock_timeout));
  if (!s.statement_timeout.empty()) {
    out += fmt::format("{}statement_timeout = {};\n", scope, quote_literal(s.statement_timeout));
  }
  return out;
}

int count_statements(const RunSettings& s) {
  return static_cast<int>(!s.lock_timeout.empty()) + static_cast<int>(!s.statement_timeout.empty());
}

// CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table
struct ConcurrentIndex {
  std::string name;   // relname (unquoted)
  std::string table;  // as written, for to_regclass
};

std::string unquote(const std::string& ident) {
  if (ident.size() >= 2 && ident.front() == '"') return ident.substr(1, ident.size() - 2);
  std::string out = ident;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::optional<ConcurrentIndex> concurrent_index(const std::string& sql) {
  static const std::regex re(
      R"re(\bcreate\s+(?:unique\s+)?index\s+concurrently\s+(?:if\s+not\s+exists\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s+on\s+(?:only\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?))re",
      std::regex::icase | std::regex::ECMAScript);
  std::smatch m;
  if (!std::regex_search(sql, m, re)) return std::nullopt;
  std::string name = m[1].str();
  if (const auto dot = name.rfind('.'); dot != std::string::npos && name.back() != '"') name = name.substr(dot + 1);
  return ConcurrentIndex{unquote(name), m[2].str()};
}

}  // namespace

std::int64_t run_lock_key(const HistoryTable& table) {
  // FNV-1a over a fixed prefix and the qualified table, kept positive so it prints the same everywhere.
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : "sqlmigrate run lock " + table.qualified()) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<std::int64_t>(h & 0x3fffffffffffffffULL);
}

// ---------------------------------------------------------------------------------------------
// The run lock: advisory (a session lock on its own idle connection) or table (a lease row for
// PgBouncer's transaction pooling, kept fresh by a heartbeat thread).

struct Runner::Lock {
  std::unique_ptr<Connection> conn;
  LockMode mode = LockMode::advisory;
  std::int64_t key = 0;
  std::string lease_table;
  std::string holder;
  std::thread heartbeat;
  std::mutex mutex;
  std::condition_variable stop_cv;
  bool stop = false;

  ~Lock() { release(); }

  void release() {
    if (heartbeat.joinable()) {
      {
        std::lock_guard<std::mutex> g(mutex);
        stop = true;
      }
      stop_cv.notify_all();
      heartbeat.join();
    }
    if (!conn) return;
    if (mode == LockMode::advisory) {
      conn->exec(fmt::format("SELECT pg_advisory_unlock({})", key));
    } else {
      conn->exec(fmt::format("DELETE FROM {} WHERE holder = {}", lease_table, quote_literal(holder)));
    }
    conn.reset();
  }
};

Runner::Runner(const compiler::Project& project, RunnerOptions options, Output& output)
    : m_project(project), m_options(std::move(options)), m_output(output) {}

Runner::~Runner() { unlock(); }

Diagnostic Runner::database_error(const std::string& what, const DbError& e) const {
  std::vector<std::string> notes;
  if (!e.detail.empty()) notes.push_back("detail: " + scrub(e.detail));
  if (!e.hint.empty()) notes.push_back("hint: " + scrub(e.hint));
  if (!e.sqlstate.empty()) notes.push_back("SQLSTATE " + e.sqlstate);
  std::string help;
  if (e.sqlstate == "42501") help = "grant the missing privilege to the role sqlmigrate connects as, or connect as the schema's owner";
  else if (e.connection_lost) help = "check that the server at " + m_display + " is up and reachable, then run the command again";
  return error("database-error", what + ": " + scrub(e.message), std::move(notes), std::move(help));
}

std::string Runner::scrub(const std::string& text) const { return scrub_secrets(text, m_conninfo); }

std::string main_application_name(std::string_view command) {
  return fmt::format("sqlmigrate {} (pid {})", command, getpid());
}

std::string lock_application_name() { return fmt::format("sqlmigrate lock (pid {})", getpid()); }

Outcome Runner::connect(DatabaseDriver& driver, const std::string& conninfo, const std::string& display) {
  m_driver = &driver;
  m_conninfo = conninfo;
  m_display = display;
  DbError e;
  m_conn = driver.connect(conninfo, main_application_name(m_options.command), e);
  if (!m_conn && e.invalid_conninfo) {
    return Outcome::fail(
        Status::input,
        error("invalid-database-url", "the connection string " + display + " is not valid: " + scrub(e.message), {},
              "write a URL such as postgres://user@host:5432/dbname, or key=value pairs such as "
              "host=/var/run/postgresql dbname=app (see libpq's connection strings)"));
  }
  if (!m_conn) {
    std::string help = "check the connection string (" + display +
                       ") and that the server is running and accepts this user; the password is taken from the "
                       "URL, PGPASSWORD or ~/.pgpass";
    if (e.sqlstate == "28P01" || e.message.find("password authentication failed") != std::string::npos) {
      help = "the server refused the password for this user: fix it in the connection string, PGPASSWORD or ~/.pgpass";
    } else if (conninfo.empty()) {
      help = "no database was named, so libpq's defaults were tried: give one with --database-url, DATABASE_URL or "
             "`[database] url` in sqlmigrate.toml (or `scratch` for a throwaway local Postgres), or set PGHOST, "
             "PGPORT, PGDATABASE and PGUSER";
    }
    auto d = error("database-error", "cannot connect to " + display + ": " + scrub(e.message), {}, help);
    if (!e.sqlstate.empty()) d.notes.push_back("SQLSTATE " + e.sqlstate);
    return Outcome::fail(Status::database, std::move(d));
  }
  // A killed runner's session keeps executing what it was sent until it next writes to the socket;
  // with this (Postgres 14+) the server checks every second and aborts, so an interrupted batch of
  // migrations does not run on while the next runner waits for it. Best effort: a server that
  // refuses the setting (a platform without the check) runs as before.
  if (m_conn->server_version() >= 140000) m_conn->exec("SET client_connection_check_interval = '1s'");
  return {};
}

// ---------------------------------------------------------------------------------------------

Outcome Runner::lock() {
  auto lk = std::make_unique<Lock>();
  lk->mode = m_options.lock_mode;
  lk->key = run_lock_key(m_options.settings.history);
  lk->holder = fmt::format("sqlmigrate {} pid {} on {}", m_options.command, getpid(), host_name());
  DbError e;
  lk->conn = m_driver->connect(m_conninfo, lock_application_name(), e);
  if (!lk->conn) return Outcome::fail(Status::database, database_error("cannot open the lock connection", e));

  const HistoryTable& history = m_options.settings.history;
  // The lease table's name in both modes: a run in one mode also checks the other's lock, so that
  // two runs configured differently (one through PgBouncer with lock_mode = "table") still exclude
  // each other.
  const std::string lease_table = quote_identifier(history.schema) + "." + quote_identifier(history.table + "_lock");
  const auto key = static_cast<std::uint64_t>(lk->key);
  const std::string advisory_holder_sql = fmt::format(
      "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), "
      "coalesce(host(a.client_addr), 'local socket'), "
      "coalesce(to_char(a.state_change AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', '?'), "
      "coalesce(extract(epoch FROM now() - a.state_change)::bigint::text, '?') "
      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
      "AND l.classid = {}::oid AND l.objid = {}::oid AND l.objsubid = 1 AND l.pid <> pg_backend_pid()",
      key >> 32U, key & 0xffffffffULL);
  // Who holds the other mode's lock (empty: nobody). Asked only once this run holds its own lock.
  const auto other_mode_holder = [&]() -> std::string {
    if (lk->mode == LockMode::advisory) {
      auto t = lk->conn->exec(fmt::format("SELECT to_regclass({}) IS NOT NULL", quote_literal(lease_table)));
      if (!t.ok() || t.rows.empty() || value(t.rows[0], 0) != "t") return {};
      auto r = lk->conn->exec(
          fmt::format("SELECT holder, to_char(acquired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', "
                      "extract(epoch FROM now() - heartbeat_at)::bigint FROM {} WHERE heartbeat_at >= now() - interval "
                      "'{} seconds'",
                      lease_table, k_lease_seconds));
      if (!r.ok() || r.rows.empty()) return {};
      return fmt::format("{} with lock_mode = \"table\", holding it since {} (last heartbeat {} s ago)",
                         value(r.rows[0], 0), value(r.rows[0], 1), value(r.rows[0], 2));
    }
    auto r = lk->conn->exec(advisory_holder_sql);
    if (!r.ok() || r.rows.empty()) return {};
    const Row& row = r.rows[0];
    return fmt::format(
        "backend pid {} ({}, user {}, from {}) with lock_mode = \"advisory\", holding it since {} ({} s ago)",
        value(row, 0), value(row, 1), value(row, 2), value(row, 3), value(row, 4), value(row, 5));
  };
  const auto release_own = [&] {
    if (lk->mode == LockMode::advisory) {
      lk->conn->exec(fmt::format("SELECT pg_advisory_unlock({})", lk->key));
    } else {
      lk->conn->exec(fmt::format("DELETE FROM {} WHERE holder = {}", lease_table, quote_literal(lk->holder)));
    }
  };
  std::string other_holder;

  if (lk->mode == LockMode::table) {
    const HistoryTable& h = history;
    lk->lease_table = lease_table;
    const std::string ddl = fmt::format(
        "CREATE SCHEMA IF NOT EXISTS {}; CREATE TABLE IF NOT EXISTS {} (id int PRIMARY KEY CHECK (id = 1), "
        "holder text NOT NULL, acquired_at timestamptz NOT NULL, heartbeat_at timestamptz NOT NULL)",
        quote_identifier(h.schema), lk->lease_table);
    auto r = lk->conn->exec(ddl);
    if (!r.ok() && (r.error->sqlstate == "23505" || r.error->sqlstate == "42P07")) r = lk->conn->exec(ddl);  // raced
    if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot create the lock table " + lk->lease_table, *r.error));
  }

  const auto deadline = Clock::now() + m_options.lock_wait;
  std::mt19937 rng(static_cast<unsigned>(getpid()));
  auto sleep_for = std::chrono::milliseconds(20);
  bool announced = false;
  const auto started = Clock::now();
  for (;;) {
    QueryResult r;
    if (lk->mode == LockMode::advisory) {
      r = lk->conn->exec(fmt::format("SELECT pg_try_advisory_lock({})", lk->key));
    } else {
      r = lk->conn->exec(fmt::format(
          "INSERT INTO {0} AS l VALUES (1, {1}, now(), now()) ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, "
          "acquired_at = now(), heartbeat_at = now() WHERE l.heartbeat_at < now() - interval '{2} seconds' "
          "RETURNING 't'",
          lk->lease_table, quote_literal(lk->holder), k_lease_seconds));
    }
    if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot take the run lock", *r.error));
    if (!r.rows.empty() && value(r.rows[0], 0) == "t") {
      other_holder = other_mode_holder();
      if (other_holder.empty()) break;
      release_own();  // a run in the other lock mode is on: wait for it like for any other run
    } else {
      other_holder.clear();
    }
    if (Clock::now() >= deadline) {
      // Who holds it, and since when.
      std::string who = "another sqlmigrate run";
      QueryResult h;
      if (!other_holder.empty()) {
        who = other_holder;
      } else if (lk->mode == LockMode::advisory) {
        h = lk->conn->exec(advisory_holder_sql);
        if (h.ok() && !h.rows.empty()) {
          const Row& row = h.rows[0];
          who = fmt::format("backend pid {} ({}, user {}, from {}), holding it since {} ({} s ago)", value(row, 0),
                            value(row, 1), value(row, 2), value(row, 3), value(row, 4), value(row, 5));
        }
      } else {
        h = lk->conn->exec(fmt::format(
            "SELECT holder, to_char(acquired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', "
            "extract(epoch FROM now() - heartbeat_at)::bigint FROM {}",
            lk->lease_table));
        if (h.ok() && !h.rows.empty()) {
          who = fmt::format("{}, holding it since {} (last heartbeat {} s ago)", value(h.rows[0], 0),
                            value(h.rows[0], 1), value(h.rows[0], 2));
        }
      }
      return Outcome::fail(
          Status::lock_wait_exceeded,
          error("lock-wait-exceeded",
                fmt::format("another run holds the migration lock on {}: gave up after waiting {}", m_display,
                            ms_text(Clock::now() - started)),
                {"held by " + who,
                 "one run at a time may change the schema, so this run changed nothing"},
                "wait for that run to finish and run the command again, or raise --lock-wait"));
    }
    if (!announced && Clock::now() - started > std::chrono::seconds(2)) {
      m_output.progress("waiting for another run to release the migration lock...");
      announced = true;
    }
    // Poll with growing, jittered sleeps; never a blocking lock call (it would stall CONCURRENTLY builds).
    std::uniform_int_distribution<int> jitter(0, static_cast<int>(sleep_for.count() / 2));
    auto nap = sleep_for + std::chrono::milliseconds(jitter(rng));
    nap = std::min<std::chrono::milliseconds>(nap, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                       deadline - Clock::now() + std::chrono::milliseconds(1)));
    if (nap.count() > 0) std::this_thread::sleep_for(nap);
    sleep_for = std::min(sleep_for * 2, std::chrono::milliseconds(500));
  }

  if (lk->mode == LockMode::advisory) {
    // Leave the lock connection idle: pg_stat_activity.state_change now says when the lock was taken.
    lk->conn->exec(fmt::format("SET application_name = {}", quote_literal(lk->holder.substr(0, 63))));
  } else {
    Lock* raw = lk.get();
    raw->heartbeat = std::thread([raw] {
      std::unique_lock<std::mutex> g(raw->mutex);
      while (!raw->stop_cv.wait_for(g, std::chrono::seconds(k_lease_seconds / 4), [raw] { return raw->stop; })) {
        raw->conn->exec(fmt::format("UPDATE {} SET heartbeat_at = now() WHERE holder = {}", raw->lease_table,
                                    quote_literal(raw->holder)));
      }
    });
  }
  m_lock = std::move(lk);
  return {};
}

void Runner::unlock() {
  if (m_lock) m_lock->release();
  m_lock.reset();
}

// A run killed part-way can leave its last statement running on the server (the server notices a
// dead client only when it next talks to it). Wait for it before reading the history.
Outcome Runner::wait_for_orphans() {
  const auto deadline = Clock::now() + m_options.lock_wait;
  bool announced = false;
  for (;;) {
    auto r = m_conn->exec(
        // pg_stat_get_activity() is what the pg_stat_activity view reads, without its joins to
        // pg_database and pg_authid, which a fresh session would load first (about a millisecond).
        "SELECT a.pid, left(regexp_replace(a.query, '\\s+', ' ', 'g'), 80) FROM pg_stat_get_activity(NULL) a "
        "WHERE a.application_name LIKE 'sqlmigrate %' AND a.application_name NOT LIKE 'sqlmigrate lock%' "
        "AND a.application_name NOT LIKE 'sqlmigrate status%' AND a.pid <> pg_backend_pid() AND a.state <> 'idle' "
        "AND a.datid = (SELECT datid FROM pg_stat_get_activity(pg_backend_pid())) "
        "AND a.backend_type = 'client backend'");
    if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot read pg_stat_activity", *r.error));
    if (r.rows.empty()) return {};
    if (Clock::now() >= deadline) {
      return Outcome::fail(
          Status::lock_wait_exceeded,
          error("lock-wait-exceeded",
                fmt::format("a statement of an interrupted sqlmigrate run is still running on the server (backend pid "
                            "{}: {})",
                            value(r.rows[0], 0), value(r.rows[0], 1)),
                {"its client is gone, but the server finishes the statement before it notices; running the same "
                 "migration now would collide with it"},
                fmt::format("wait for it to finish, or stop it with SELECT pg_cancel_backend({}), then run the command "
                            "again",
                            value(r.rows[0], 0))));
    }
    if (!announced) {
      m_output.progress(fmt::format("waiting for backend pid {} of an interrupted run to finish: {}",
                                    value(r.rows[0], 0), value(r.rows[0], 1)));
      announced = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Outcome Runner::ensure_history_table() {
  // Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists.
  const HistoryTable& h = m_options.settings.history;
  auto r = m_conn->exec(fmt::format("SELECT to_regclass({}) IS NOT NULL AND to_regclass({}) IS NOT NULL",
                                    quote_literal(h.qualified()), quote_literal(h.log_qualified())));
  if (r.ok() && !r.rows.empty() && value(r.rows[0], 0) == "t") return {};
  r = m_conn->exec(history_ddl(m_options.settings.history));
  if (!r.ok()) {
    return Outcome::fail(Status::database,
                         database_error("cannot create the history table " + m_options.settings.history.qualified(),
                                        *r.error));
  }
  return {};
}

Outcome Runner::read_history() {
  m_rows.clear();
  const HistoryTable& h = m_options.settings.history;
  auto r = m_conn->exec(fmt::format("SELECT to_regclass({}) IS NOT NULL", quote_literal(h.qualified())));
  if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot read the history table", *r.error));
  m_history_exists = !r.rows.empty() && value(r.rows[0], 0) == "t";
  if (!m_history_exists) return {};
  r = m_conn->exec(fmt::format(
      "SELECT version, name, checksum, checksum_algorithm, state, units_done, units_total, "
      "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), duration_ms, applied_by FROM {}",
      h.qualified()));
  if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot read the history table " + h.qualified(), *r.error));
  for (const Row& row : r.rows) {
    HistoryRow x;
    x.version = value(row, 0);
    x.name = value(row, 1);
    x.checksum = value(row, 2);
    x.checksum_algorithm = std::atoi(value(row, 3).c_str());
    x.state = value(row, 4);
    x.units_done = std::atoi(value(row, 5).c_str());
    x.units_total = std::atoi(value(row, 6).c_str());
    x.applied_at = value(row, 7);
    x.duration_ms = value(row, 8);
    x.applied_by = value(row, 9);
    m_rows[version_key(x.version)] = std::move(x);
  }
  return {};
}

const HistoryRow* Runner::row_for(std::string_view version) const {
  const auto it = m_rows.find(version_key(version));
  return it == m_rows.end() ? nullptr : &it->second;
}

compiler::AppliedState Runner::applied_state(bool include_reverting) const {
  compiler::AppliedState s;
  for (const auto& m : m_project.migrations) {
    const HistoryRow* row = row_for(m.version);
    if (row == nullptr) continue;
    if (row->state == "applied" || (include_reverting && row->state == "reverting")) s.applied.insert(m.version);
  }
  return s;
}

// Edited applied migrations, applied versions without files, out-of-order pending ones, partial states.
Outcome Runner::check_against_files(bool for_upgrade, bool as_findings) {
  Outcome out;
  const Status bad = as_findings ? Status::findings : Status::input;
  const auto add = [&](Diagnostic d) {
    out.status = bad;
    out.errors.push_back(std::move(d));
  };
  std::set<std::string> known;
  for (std::size_t i = 0; i < m_project.migrations.size(); ++i) {
    const CompiledMigration& m = m_project.migrations[i];
    known.insert(version_key(m.version));
    const HistoryRow* row = row_for(m.version);
    if (row == nullptr) continue;
    if (row->checksum != m.up.checksum) {
      if (row->checksum_algorithm != compiler::k_checksum_algorithm) continue;  // cannot compare; rebaseline says so
      if (row->state == "applying") {
        // A no-transaction migration that stopped part-way, then edited: most likely the fix of the
        // statement that failed, which is what resuming needs.
        const int done = std::max(0, row->units_done);
        add(error(
            "edited-applied-migration",
            fmt::format("migration {} stopped part-way ({} of {} statements applied) and was edited since: its "
                        "checksum no longer matches the history",
                        label(m), done, row->units_total),
            {done == 0 ? std::string("none of its statements has run yet")
                       : fmt::format("statements 1 to {} ran from the old text; `sqlmigrate upgrade` resumes at "
                                     "statement {} of the file",
                                     done, done + 1)},
            fmt::format("if you changed only statement {} (the one that stopped the run) or later ones, record the "
                        "new text with `sqlmigrate rebaseline {}`, then run `sqlmigrate upgrade`; if you changed or "
                        "added statements before it, restore them and put the change in a new migration",
                        done + 1, m.version),
            m.up.file));
        continue;
      }
      add(error("edited-applied-migration",
                fmt::format("migration {} was edited after it was applied: its checksum no longer matches the history",
                            label(m)),
                {fmt::format("applied {}: checksum {}", row->applied_at.empty() ? "earlier" : row->applied_at, row->checksum),
                 fmt::format("file now:      checksum {}", m.up.checksum),
                 "the database has the old text's effects; the new text has never run"},
                fmt::format("restore the file and put the change in a new migration; if the edit changes nothing that ran "
                            "(comments, formatting), record the new checksum with `sqlmigrate rebaseline {}`",
                            m.version),
                m.up.file));
    }
  }
  for (const auto& [key, row] : m_rows) {
    if (known.count(key) != 0) continue;
    add(error("missing-migration-file",
              fmt::format("version {} ({}) is recorded as {} in {} but no migration file has that version", row.version,
                          row.name, row.state, m_options.settings.history.qualified()),
              {"without the file sqlmigrate cannot check it or roll it back"},
              fmt::format("restore its files (for example from version control: git log --diff-filter=D --name-only -- "
                          "'*{}_*'); if it was removed on purpose, delete its row: DELETE FROM {} WHERE version = {}",
                          row.version, m_options.settings.history.qualified(), quote_literal(row.version))));
  }
  // Out of order: a pending migration with an applied descendant (a merged branch is not out of order).
  if (!m_options.allow_out_of_order || !for_upgrade) {
    for (std::size_t i = 0; i < m_project.migrations.size(); ++i) {
      const CompiledMigration& m = m_project.migrations[i];
      if (row_for(m.version) != nullptr) continue;
      std::vector<std::string> later;
      for (std::size_t d : m_project.descendants_inclusive(i)) {
        if (d == i) continue;
        if (row_for(m_project.migrations[d].version) != nullptr) later.push_back(label(m_project.migrations[d]));
      }
      if (later.empty()) continue;
      Diagnostic d = error(
          "out-of-order-migration",
          fmt::format("pending migration {} comes before {} already applied {}", label(m),
                      later.size() == 1 ? "migration" : fmt::format("{} migrations", later.size()),
                      later.size() <= 3 ? fmt::format("({})", fmt::join(later, ", "))
                                        : fmt::format("({}, ...)", fmt::join(later.begin(), later.begin() + 3, ", "))),
          {"they were written after it and may depend on its absence, so applying it now runs it in an order no one "
           "tested"},
          "rename it to a version after the newest applied one, or apply it anyway with `sqlmigrate upgrade "
          "--allow-out-of-order`",
          m.up.file);
      if (m_options.allow_out_of_order) d.severity = compiler::Severity::warning;
      add(std::move(d));
    }
  }
  compiler::sort_diagnostics(out.errors);
  return out;
}

// ---------------------------------------------------------------------------------------------

std::string Runner::log_sql(const CompiledMigration& m, std::string_view direction) const {
  WriteContext context;
  context.client = std::string("sqlmigrate ") + SQLMIGRATE_VERSION;
  return log_event_sql(m_options.settings.history, m, direction, context);
}

Diagnostic Runner::unit_failure(const CompiledMigration& m, const CompiledScript& script, Direction direction,
                                std::size_t unit_index, const DbError& e, std::size_t prefix_chars,
                                int prefix_statements, int completed, const std::string& state_note,
                                const std::string& help) const {
  const compiler::Unit& unit = script.units[unit_index];
  Diagnostic d;
  d.code = "migration-failed";
  d.file = script.file;
  // Where in the file: Postgres's error position when it gave one, else the statement that did not complete.
  std::optional<std::uint32_t> offset;
  std::optional<std::uint32_t> end;
  const std::uint32_t unit_chars = compiler::count_code_points(unit.sql);
  if (e.position > 0 && static_cast<std::size_t>(e.position) > prefix_chars &&
      static_cast<std::size_t>(e.position) - 1 - prefix_chars < unit_chars) {
    const auto ch = static_cast<std::uint32_t>(static_cast<std::size_t>(e.position) - 1 - prefix_chars);
    offset = unit.offset + compiler::byte_offset_of_code_point(unit.sql, ch);
    end = *offset + 1;
  }
  std::uint32_t statement_number = 0;
  auto source = compiler::SourceFile::read(script.file, script.file);
  if (source) {
    // Statement spans of the unit, from the real parser.
    compiler::Script parsed = compiler::parse(*source);
    std::vector<compiler::Span> spans;
    std::uint32_t first_index = 0;
    bool first = true;
    for (const auto& st : parsed.statements()) {
      if (st.span.begin >= unit.offset && st.span.begin < unit.offset + unit.sql.size()) {
        if (first) first_index = st.index;
        first = false;
        spans.push_back(st.span);
      }
    }
    if (offset) {
      for (std::size_t k = 0; k < spans.size(); ++k) {
        if (*offset >= spans[k].begin && *offset < std::max(spans[k].end, spans[k].begin + 1)) {
          statement_number = first_index + static_cast<std::uint32_t>(k) + 1;
        }
      }
    } else {
      const int k = completed - prefix_statements;
      if (k >= 0 && static_cast<std::size_t>(k) < spans.size()) {
        offset = spans[static_cast<std::size_t>(k)].begin;
        end = spans[static_cast<std::size_t>(k)].end;
        statement_number = first_index + static_cast<std::uint32_t>(k) + 1;
      } else if (!spans.empty()) {
        offset = spans.front().begin;
        end = spans.front().end;
      }
    }
    if (offset) d.span = compiler::Span{*offset, std::max(*end, *offset + 1)};
  } else {
    d.span = compiler::Span{unit.offset, unit.offset + 1};
  }
  const std::string where = statement_number > 0 ? fmt::format(" at its statement {}", statement_number) : "";
  d.message = fmt::format("migration {} failed {}{}: {}", label(m), direction == Direction::up ? "going up" : "going down",
                          where, scrub(e.message));
  if (!e.detail.empty()) d.notes.push_back("detail: " + scrub(e.detail));
  if (!e.hint.empty()) d.notes.push_back("hint: " + scrub(e.hint));
  if (!e.context.empty()) d.notes.push_back("context: " + scrub(e.context));
  if (!e.sqlstate.empty()) d.notes.push_back("SQLSTATE " + e.sqlstate);
  d.notes.push_back(state_note);
  d.help = help;
  return d;
}

Diagnostic Runner::transaction_failure(const compiler::Step& step, std::size_t i, const DbError& e, std::size_t prefix_chars,
                                       int prefix_statements, int completed) const {
  const CompiledMigration& m = m_project.migrations[step.migration];
  const bool up = step.direction == Direction::up;
  const CompiledScript& script = up ? m.up : *m.down;
  const std::size_t n = script.units.size();
  const std::string verb = up ? "upgrade" : "downgrade";
  std::string state;
  std::string help;
  if (e.connection_lost) {
    state = "the connection was lost while the transaction ran: it either committed with its history row or "
            "not at all; `sqlmigrate status` shows which";
    help = "check the server, then run `sqlmigrate status` and the same command again";
  } else {
    state = i == 0 ? fmt::format("the database is as before this migration: its transaction was rolled back "
                                 "(migrations before it in this run stay {})",
                                 up ? "applied" : "reverted")
                   : fmt::format("units 1 to {} of {} of this migration are done and recorded; this unit was "
                                 "rolled back, and `sqlmigrate {}` resumes here",
                                 i, n, verb);
    help = e.sqlstate == "55P03"
               ? fmt::format("another session held a conflicting lock for longer than lock_timeout ({}) {} "
                             "times: find it in pg_stat_activity / pg_locks, then run `sqlmigrate {}` again",
                             m_options.settings.lock_timeout, m_options.lock_timeout_retries + 1, verb)
               : fmt::format("fix the statement (or the data it trips on), then run `sqlmigrate {}` again", verb);
  }
  return unit_failure(m, script, step.direction, i, e, prefix_chars, prefix_statements, completed, state, help);
}

Outcome Runner::run_step(const compiler::Step& step, std::size_t& units_run) {
  const CompiledMigration& m = m_project.migrations[step.migration];
  const HistoryTable& h = m_options.settings.history;
  WriteContext ctx;
  ctx.client = std::string("sqlmigrate ") + SQLMIGRATE_VERSION;
  const auto t0 = Clock::now();
  auto r = m_conn->exec(log_start_sql(h, m, step.direction, ctx));
  if (!r.ok() || r.rows.empty()) {
    return Outcome::fail(Status::database,
                         r.ok() ? error("database-error", "the attempt log returned no id")
                                : database_error("cannot write the attempt log " + h.log_qualified(), *r.error));
  }
  return run_units(step, step.first_unit, value(r.rows[0], 0), t0, units_run, 0, m_options.retry_backoff);
}

Outcome Runner::run_units(const compiler::Step& step, std::size_t from, const std::string& attempt,
                          std::chrono::steady_clock::time_point t0, std::size_t& units_run, int first_retry,
                          std::chrono::milliseconds first_backoff) {
  const CompiledMigration& m = m_project.migrations[step.migration];
  const bool up = step.direction == Direction::up;
  const CompiledScript& script = up ? m.up : *m.down;
  const HistoryTable& h = m_options.settings.history;
  const std::size_t n = script.units.size();
  WriteContext ctx;
  ctx.started_at_sql = fmt::format("(SELECT started_at FROM {} WHERE id = {})", h.log_qualified(), attempt);
  ctx.client = std::string("sqlmigrate ") + SQLMIGRATE_VERSION;
  const std::string verb = up ? "upgrade" : "downgrade";
  QueryResult r;

  for (std::size_t i = from; i < n; ++i) {
    const compiler::Unit& unit = script.units[i];
    const std::string record = up ? record_up_progress_sql(h, m, i + 1, ctx) : record_down_progress_sql(h, m, i + 1, ctx);
    const bool last = i + 1 == n;
    if (unit.transactional) {
      const std::string prefix = "BEGIN;\n" + timeout_sql(m_options.settings, true);
      const int prefix_statements = 1 + count_statements(m_options.settings);
      std::string q = prefix;
      q += unit.sql;
      q += "\n;\n";
      q += record;
      q += ";\n";
      if (last) q += log_finish_sql(h, attempt, i + 1, "") + ";\n";
      q += "COMMIT;";
      auto backoff = i == from ? first_backoff : m_options.retry_backoff;
      for (int attempt_no = i == from ? first_retry : 0;; ++attempt_no) {
        r = m_conn->exec(q);
        if (r.ok()) break;
        const bool lost = r.error->connection_lost;
        if (!lost) m_conn->exec("ROLLBACK");
        if (!lost && r.error->sqlstate == "55P03" && attempt_no < m_options.lock_timeout_retries) {
          m_output.progress(fmt::format("{}: lock_timeout ({}) reached; retrying in {} ({} of {})", label(m),
                                        m_options.settings.lock_timeout, ms_text(backoff), attempt_no + 1,
                                        m_options.lock_timeout_retries));
          std::this_thread::sleep_for(backoff);
          backoff *= 2;
          continue;
        }
        Diagnostic d = transaction_failure(step, i, *r.error, compiler::count_code_points(prefix), prefix_statements,
                                           r.completed);
        if (!lost) m_conn->exec(log_finish_sql(h, attempt, i, scrub(r.error->message)));
        Outcome o;
        o.status = Status::database;
        o.errors.push_back(std::move(d));
        return o;
      }
    } else {
      // Autocommit unit: session timeouts, then the statement alone, then its progress row.
      std::string set;
      if (m_session_lock_timeout != m_options.settings.lock_timeout ||
          m_session_statement_timeout != m_options.settings.statement_timeout) {
        set = timeout_sql(m_options.settings, false);
        if (!set.empty()) {
          r = m_conn->exec(set);
          if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot set the timeouts", *r.error));
        }
        m_session_lock_timeout = m_options.settings.lock_timeout;
        m_session_statement_timeout = m_options.settings.statement_timeout;
      }
      const auto index = up ? concurrent_index(unit.sql) : std::nullopt;
      std::string index_check;
      bool built_before = false;  // a VALID index left by a run that stopped before recording it
      if (index) {
        index_check = fmt::format(
            "SELECT i.indexrelid::regclass::text, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = {} AND i.indrelid = to_regclass({})",
            quote_literal(index->name), quote_literal(index->table));
        // Rerun after this very unit failed or was interrupted. An INVALID index of that name is the
        // leftover of our own build: drop it so the build can start again. A VALID one means the
        // build finished but the run stopped before recording it: record it instead of building it
        // again (which would fail with "already exists").
        const HistoryRow* row = row_for(m.version);
        const std::size_t stopped_at = row != nullptr && row->state == "applying" ? static_cast<std::size_t>(row->units_done) : 0;
        if (stopped_at == i) {
          auto c = m_conn->exec(index_check);
          if (c.ok() && !c.rows.empty()) {
            auto last_attempt = m_conn->exec(fmt::format(
                "SELECT coalesce(success, false) FROM {} WHERE version = {} AND direction = 'up' AND id < {} ORDER BY id "
                "DESC LIMIT 1",
                h.log_qualified(), quote_literal(m.version), attempt));
            const bool stopped_before =
                last_attempt.ok() && !last_attempt.rows.empty() && value(last_attempt.rows[0], 0) == "f";
            if (stopped_before && value(c.rows[0], 1) == "f") {
              m_output.progress(fmt::format("{}: dropping the INVALID index {} left by the failed build, then building it again",
                                            label(m), value(c.rows[0], 0)));
              auto dr = m_conn->exec("DROP INDEX CONCURRENTLY IF EXISTS " + value(c.rows[0], 0));
              if (!dr.ok()) {
                return Outcome::fail(Status::database,
                                     database_error("cannot drop the INVALID index " + value(c.rows[0], 0), *dr.error));
              }
            } else if (stopped_before && value(c.rows[0], 1) == "t") {
              m_output.progress(fmt::format("{}: the index {} is built and valid: the run that built it stopped before "
                                            "recording it, so it is recorded now instead of built again",
                                            label(m), value(c.rows[0], 0)));
              built_before = true;
            }
          }
        }
      }
      if (!built_before) r = m_conn->exec(unit.sql);
      if (!built_before && !r.ok()) {
        const bool lost = r.error->connection_lost;
        if (!lost && m_conn->in_transaction()) m_conn->exec("ROLLBACK");
        std::string state = i == 0 ? fmt::format("nothing of this migration is {}: it stopped at its first statement",
                                                 up ? "applied" : "reverted")
                                   : fmt::format("statements 1 to {} of {} of this migration ran and are recorded "
                                                 "(state '{}'); `sqlmigrate {}` resumes at this statement",
                                                 i, n, up ? "applying" : "reverting", verb);
        if (index && !lost) {
          auto c = m_conn->exec(index_check);
          if (c.ok() && !c.rows.empty() && value(c.rows[0], 1) == "f") {
            state += fmt::format("; the failed build left the INVALID index {} (unused by queries, still maintained "
                                 "on writes), which the next `sqlmigrate upgrade` drops before building it again",
                                 value(c.rows[0], 0));
          }
        }
        Diagnostic d = unit_failure(m, script, step.direction, i, *r.error, 0, 0, r.completed, state,
                                    fmt::format("fix the cause, then run `sqlmigrate {}` again", verb));
        if (!lost) m_conn->exec(log_finish_sql(h, attempt, i, scrub(r.error->message)));
        Outcome o;
        o.status = Status::database;
        o.errors.push_back(std::move(d));
        return o;
      }
      std::string q = record + ";\n";
      if (last) q += log_finish_sql(h, attempt, i + 1, "") + ";\n";
      r = m_conn->exec(q);
      if (!r.ok()) {
        return Outcome::fail(Status::database,
                             database_error(fmt::format("{} statement {} ran but its progress could not be recorded",
                                                        label(m), i + 1),
                                            *r.error));
      }
    }
    ++units_run;
  }
  if (n == 0) {
    // Nothing to run: still record it.
    r = m_conn->exec(log_finish_sql(h, attempt, 0, ""));
  }
  m_output.progress(fmt::format("{} {}  {} unit{}  {}", up ? "applied " : "reverted", label(m), n - step.first_unit,
                                n - step.first_unit == 1 ? "" : "s", ms_text(Clock::now() - t0)));
  return {};
}

// ---------------------------------------------------------------------------------------------
// Batches: consecutive migrations whose remaining units are all transactional go to the server as
// one simple-query string, so a run of small migrations costs one round trip per batch instead of
// two per migration. The string keeps every boundary the one-by-one path has:
//
//   PREPARE <p>_start, <p>_up, <p>_down ...;          -- the bookkeeping (first batch of a session only)
//   BEGIN; EXECUTE <p>_start(...); COMMIT;            -- the first attempt-log start row, committed first
//   BEGIN; SET LOCAL <timeouts>; <unit>;
//          EXECUTE <p>_up(...);                       -- history write + attempt finish, RETURNING ms
//          EXECUTE <p>_start(...); COMMIT;            -- the next migration's start row
//   ... the next migration ...
//   DEALLOCATE <p>_start; ...                         -- table lock mode only (see below)
//
// (a migration of several transactional units gets one transaction per unit, the intermediate ones
// with the plain progress write). In the simple protocol an error skips the rest of the string: the
// migrations before the failing one are committed (each in its own transaction, with its history
// row and finish row), the failing one is rolled back by the runner, and the ones after it never
// ran. `completed` (statements that finished) says which statement failed; the statement counts of
// every piece map it to a migration, unit and statement. The finish finds its start row through
// currval() of the log's own sequence: exact and session-local (a migration's own sequences do not
// move it; lastval() would).

namespace {

inline constexpr std::size_t k_batch_max_migrations = 64;
inline constexpr std::size_t k_batch_max_bytes = std::size_t{1} << 20;  // a larger migration goes alone
inline constexpr std::size_t k_first_batch = 8;
// Batches are sized from the time migrations took so far, so progress lines on a terminal come at
// least this often (and a killed client leaves at most about this much running on the server).
inline constexpr std::chrono::milliseconds k_batch_time_budget{200};

}  // namespace

bool Runner::batchable(const compiler::Step& step) const {
  if (m_attempt_sequence.empty()) return false;
  const CompiledMigration& m = m_project.migrations[step.migration];
  const CompiledScript& script = step.direction == Direction::up ? m.up : *m.down;
  if (step.first_unit >= script.units.size()) return false;
  return std::all_of(script.units.begin() + static_cast<std::ptrdiff_t>(step.first_unit), script.units.end(),
                     [](const compiler::Unit& u) { return u.transactional; });
}

Outcome Runner::run_batch(const std::vector<compiler::Step>& steps, std::size_t begin, std::size_t end,
                          std::size_t& units_run, std::size_t& done, std::size_t& next) {
  const HistoryTable& h = m_options.settings.history;
  // As a subquery: a bare currval() is volatile, so `id = currval(...)` would scan the whole log.
  const std::string id_sql = fmt::format("(SELECT currval({}))", quote_literal(m_attempt_sequence));
  WriteContext ctx;
  ctx.started_at_sql = fmt::format("(SELECT started_at FROM {} WHERE id = {})", h.log_qualified(), id_sql);
  ctx.client = std::string("sqlmigrate ") + SQLMIGRATE_VERSION;
  const std::string timeouts = timeout_sql(m_options.settings, true);
  const int timeout_statements = count_statements(m_options.settings);
  // The bookkeeping statements are prepared once per session and kept for the batches after (parsed
  // once, and planned generically after a few runs, instead of again for every batch); prepared
  // again, under new names, after anything that may have dropped them. Behind a pooler in
  // transaction mode (the table lock mode is for that) each batch may reach another server session,
  // and one that outlives this run: there every batch prepares them and deallocates them at its end.
  const bool per_batch = m_options.lock_mode == LockMode::table;
  if (m_writes && (per_batch || m_writes_sequence != m_attempt_sequence)) m_writes.reset();
  const bool prepare = !m_writes.has_value();
  if (prepare) {
    m_writes.emplace(h, fmt::format("sqlmigrate_{}_{}", getpid(), ++m_batches), id_sql, ctx);
    m_writes_sequence = m_attempt_sequence;
  }
  const PreparedWrites& writes = *m_writes;
  const int prepared_statements = prepare ? static_cast<int>(writes.names().size()) : 0;

  struct PieceUnit {
    std::size_t unit = 0;
    std::size_t prefix_chars = 0;  // code points of the string before the unit's SQL (error positions)
    int first_statement = 0;       // index in the string of the unit's first statement
    int statements = 0;            // the unit's own statements
    int finish_statement = -1;     // the attempt-log finish (last unit only)
    int next_start_insert = -1;    // the next migration's start row, in this transaction (last unit only)
    int commit_statement = 0;
  };
  struct Piece {
    std::size_t step = 0;
    int start_insert = 0;  // the attempt-log start row's INSERT ... RETURNING id
    int start_commit = 0;
    std::vector<PieceUnit> units;
  };
  std::vector<Piece> pieces;
  std::string sql;
  int statements = 0;
  std::size_t chars = 0;
  const auto add = [&](const std::string& text, int count) {
    sql += text;
    chars += compiler::count_code_points(text);
    statements += count;
  };
  if (prepare) add(writes.prepare(), prepared_statements);
  for (std::size_t s = begin; s < end; ++s) {
    const compiler::Step& step = steps[s];
    const CompiledMigration& m = m_project.migrations[step.migration];
    const bool up = step.direction == Direction::up;
    const CompiledScript& script = up ? m.up : *m.down;
    const std::size_t n = script.units.size();
    Piece p;
    p.step = s;
    if (pieces.empty()) {
      add("BEGIN;\n", 1);
      p.start_insert = statements;
      add(writes.log_start(m, step.direction), 1);
      p.start_commit = statements;
      add("COMMIT;\n", 1);
    }
    for (std::size_t i = step.first_unit; i < n; ++i) {
      const compiler::Unit& unit = script.units[i];
      PieceUnit u;
      u.unit = i;
      add("BEGIN;\n" + timeouts, 1 + timeout_statements);
      u.prefix_chars = chars;
      u.first_statement = statements;
      u.statements = static_cast<int>(unit.statements);
      add(unit.sql, static_cast<int>(unit.statements));
      add("\n;\n", 0);
      if (i + 1 == n) {
        u.finish_statement = statements;
        add(up ? writes.finish_up(m) : writes.finish_down(m), 1);
        if (s + 1 < end) {
          // The next migration's start row commits with this one's finish: it is still committed
          // before the next migration begins, with one transaction fewer per migration.
          const compiler::Step& after = steps[s + 1];
          u.next_start_insert = statements;
          add(writes.log_start(m_project.migrations[after.migration], after.direction), 1);
        }
      } else {
        add((up ? record_up_progress_sql(h, m, i + 1, ctx) : record_down_progress_sql(h, m, i + 1, ctx)) + ";\n", 1);
      }
      u.commit_statement = statements;
      add("COMMIT;\n", 1);
      p.units.push_back(u);
    }
    if (!pieces.empty()) {
      const PieceUnit& before = pieces.back().units.back();
      p.start_insert = before.next_start_insert;
      p.start_commit = before.commit_statement;
    }
    pieces.push_back(std::move(p));
  }

  if (per_batch) add(writes.deallocate(), prepared_statements);

  const auto t0 = Clock::now();
  QueryResult r = m_conn->exec_batch(sql);
  // Every migration whose last COMMIT finished is applied (reverted) and recorded.
  const int finished = r.ok() ? statements : r.completed;
  const auto rows_of = [&](int statement) -> const std::vector<Row>* {
    if (statement < 0 || static_cast<std::size_t>(statement) >= r.statement_rows.size()) return nullptr;
    return &r.statement_rows[static_cast<std::size_t>(statement)];
  };
  next = end;
  if (!r.ok() && !r.error->connection_lost && r.completed == 0) {
    // Nothing ran. Postgres parses the whole string before running any of it, so this is a syntax
    // error the server sees and the compiler did not (another server version; standard_conforming_strings
    // off) somewhere in the batch, or its first statement failed: run these migrations one by one, which
    // applies the ones before the culprit and names it exactly.
    if (m_conn->in_transaction()) m_conn->exec("ROLLBACK");
    if (prepare) m_writes.reset();  // its PREPAREs did not run either
    for (std::size_t s = begin; s < end; ++s) {
      Outcome o = run_step(steps[s], units_run);
      if (o.status != Status::ok) return o;
      ++done;
    }
    return {};
  }
  for (const Piece& p : pieces) {
    const compiler::Step& step = steps[p.step];
    const CompiledMigration& m = m_project.migrations[step.migration];
    const bool up = step.direction == Direction::up;
    const PieceUnit& last = p.units.back();
    if (last.commit_statement < finished) {
      // The duration is the attempt's, measured by the server (finish row minus start row), not a share
      // of the batch's time.
      const auto* ms_rows = rows_of(last.finish_statement);
      const long long ms =
          ms_rows != nullptr && !ms_rows->empty() ? std::atoll(value(ms_rows->front(), 0).c_str()) : 0;
      units_run += p.units.size();
      ++done;
      m_output.progress(fmt::format("{} {}  {} unit{}  {}", up ? "applied " : "reverted", label(m), p.units.size(),
                                    p.units.size() == 1 ? "" : "s", ms_text(std::chrono::milliseconds(ms))));
      continue;
    }

    // This migration failed (or was running when the connection broke); the ones after it never ran.
    const DbError& e = *r.error;
    const bool lost = e.connection_lost;
    if (lost) {
      // The server may have gone on with the string after the connection broke.
      const CompiledMigration& last_sent = m_project.migrations[steps[end - 1].migration];
      Diagnostic d = database_error(
          p.step + 1 == end ? fmt::format("the connection was lost while migration {} ran", label(m))
                            : fmt::format("the connection was lost while migrations {} to {} ran (sent together)",
                                          label(m), label(last_sent)),
          e);
      d.notes.push_back(fmt::format("each of them either committed with its history row or not at all; the ones "
                                    "before {} are done", label(m)));
      d.help = "check the server, then run `sqlmigrate status` to see which were " +
               std::string(up ? "applied" : "reverted") + " and run the same command again";
      Outcome o;
      o.status = Status::database;
      o.errors.push_back(std::move(d));
      return o;
    }
    if (!lost && m_conn->in_transaction()) m_conn->exec("ROLLBACK");
    // A migration may drop the session state the batch's bookkeeping relies on (DEALLOCATE ALL drops
    // the prepared writes, DISCARD SEQUENCES forgets currval): then the bookkeeping fails, not the
    // migration, and the migration goes the one-by-one way, which needs neither.
    const bool session_state_gone = !lost && (e.sqlstate == "26000" || e.sqlstate == "55000");
    if (lost || session_state_gone || per_batch || finished < prepared_statements) {
      // The writes may be gone (or half prepared), or are this batch's own: the next batch prepares
      // them again, under new names.
      if (!lost && !session_state_gone) {
        const auto names = writes.names();
        for (std::size_t k = 0; k < names.size() && static_cast<int>(k) < finished; ++k) {
          m_conn->exec("DEALLOCATE " + names[k]);
        }
      }
      m_writes.reset();
    }
    if (finished <= p.start_commit) {
      if (session_state_gone && !prepare && p.step == begin && finished >= p.start_insert) {
        // The writes prepared for an earlier batch are gone (a migration run on its own since then
        // dropped them) and nothing of this batch ran: send it again, preparing them first.
        next = begin;
        return {};
      }
      if (session_state_gone && p.step > begin && finished >= p.start_insert) {
        next = p.step;  // its start row was rolled back: the next batch starts with it, freshly prepared
        return {};
      }
      return Outcome::fail(Status::database, database_error("cannot write the attempt log " + h.log_qualified(), e));
    }
    const auto* id_rows = rows_of(p.start_insert);
    const std::string attempt = id_rows != nullptr && !id_rows->empty() ? value(id_rows->front(), 0) : std::string();
    std::size_t k = 0;
    while (k + 1 < p.units.size() && p.units[k].commit_statement < finished) {
      ++units_run;  // committed with its progress row
      ++k;
    }
    const PieceUnit& u = p.units[k];
    const bool in_unit = finished >= u.first_statement && finished < u.first_statement + u.statements;
    if (session_state_gone && !in_unit && !attempt.empty()) {
      Outcome o = run_units(step, u.unit, attempt, t0, units_run, 0, m_options.retry_backoff);
      if (o.status != Status::ok) return o;
      ++done;
      next = p.step + 1;
      return {};
    }
    if (u.next_start_insert >= 0 && finished == u.next_start_insert) {
      // The next migration's start row failed, and this migration's transaction rolled back with it.
      if (!attempt.empty()) m_conn->exec(log_finish_sql(h, attempt, u.unit, scrub(e.message)));
      Diagnostic d = database_error("cannot write the attempt log " + h.log_qualified(), e);
      d.notes.push_back(fmt::format("migration {} was rolled back with it; the ones before it in this run are done",
                                    label(m)));
      return Outcome::fail(Status::database, std::move(d));
    }
    if (!lost && !attempt.empty() && e.sqlstate == "55P03" && m_options.lock_timeout_retries > 0) {
      // Retry this unit on its own, under the same attempt-log row, as the one-by-one path does; the
      // next batch starts after this migration.
      const auto backoff = m_options.retry_backoff;
      m_output.progress(fmt::format("{}: lock_timeout ({}) reached; retrying in {} ({} of {})", label(m),
                                    m_options.settings.lock_timeout, ms_text(backoff), 1,
                                    m_options.lock_timeout_retries));
      std::this_thread::sleep_for(backoff);
      Outcome o = run_units(step, u.unit, attempt, t0, units_run, 1, backoff * 2);
      if (o.status != Status::ok) return o;
      ++done;
      next = p.step + 1;
      return {};
    }
    Diagnostic d = transaction_failure(step, u.unit, e, u.prefix_chars, u.first_statement, r.completed);
    if (!lost && !attempt.empty()) m_conn->exec(log_finish_sql(h, attempt, u.unit, scrub(e.message)));
    Outcome o;
    o.status = Status::database;
    o.errors.push_back(std::move(d));
    return o;
  }
  if (per_batch) {
    // Every migration committed. An error can only have come from the closing DEALLOCATEs (a
    // migration ran DEALLOCATE ALL itself): nothing to undo, and the names are this batch's own.
    if (!r.ok() && !r.error->connection_lost && m_conn->in_transaction()) m_conn->exec("ROLLBACK");
    m_writes.reset();
  }
  return {};
}

Outcome Runner::run_plan(const compiler::Plan& plan, std::string_view target, const compiler::AppliedState& before) {
  const auto t0 = Clock::now();
  std::size_t units = 0;
  std::size_t done = 0;
  // The attempt log's id sequence, for currval() in batches. Without it, or without the right to call
  // currval() on it (a role granted the history tables but not their sequence), every migration runs
  // alone, as the one-by-one path needs neither.
  m_attempt_sequence.clear();
  if (auto r = m_conn->exec(fmt::format(
          "SELECT s, has_sequence_privilege(s, 'USAGE, SELECT') FROM pg_get_serial_sequence({}, 'id') s",
          quote_literal(m_options.settings.history.log_qualified())));
      r.ok() && !r.rows.empty() && value(r.rows[0], 1) == "t") {
    m_attempt_sequence = value(r.rows[0], 0);
  }
  std::size_t batch_size = k_first_batch;
  const auto fail = [&](Outcome o) {
    if (done > 0) {
      o.errors.back().notes.push_back(fmt::format("{} migration{} before it {} {} in this run", done,
                                                  done == 1 ? "" : "s", done == 1 ? "was" : "were",
                                                  plan.direction == Direction::up ? "applied" : "reverted"));
    }
    return o;
  };
  for (std::size_t i = 0; i < plan.steps.size();) {
    if (!batchable(plan.steps[i])) {
      Outcome o = run_step(plan.steps[i], units);
      if (o.status != Status::ok) return fail(std::move(o));
      ++done;
      ++i;
      continue;
    }
    std::size_t end = i;
    std::size_t bytes = 0;
    while (end < plan.steps.size() && end - i < batch_size && batchable(plan.steps[end])) {
      const compiler::Step& step = plan.steps[end];
      const CompiledMigration& m = m_project.migrations[step.migration];
      const CompiledScript& script = step.direction == Direction::up ? m.up : *m.down;
      std::size_t size = 0;
      for (std::size_t u = step.first_unit; u < script.units.size(); ++u) size += script.units[u].sql.size();
      if (end > i && bytes + size > k_batch_max_bytes) break;
      bytes += size;
      ++end;
    }
    const auto bt = Clock::now();
    const std::size_t done_before = done;
    std::size_t next = end;
    Outcome o = run_batch(plan.steps, i, end, units, done, next);
    if (o.status != Status::ok) return fail(std::move(o));
    // Size the next batch so that it takes about k_batch_time_budget at the pace seen in this one.
    const auto per = std::max<Clock::duration>(
        std::chrono::microseconds(50),
        (Clock::now() - bt) / static_cast<long>(std::max<std::size_t>(1, done - done_before)));
    batch_size = std::clamp<std::size_t>(static_cast<std::size_t>(k_batch_time_budget / per), 1, k_batch_max_migrations);
    i = next;
  }
  const bool up = plan.direction == Direction::up;
  if (plan.steps.empty()) {
    m_output.result(
        fmt::format("nothing to do for `{}`: the database is at {}", target, position_of(m_project, before)));
  } else {
    m_output.result(fmt::format("{} {} migration{} ({} unit{}) in {}: the database is at {}",
                                up ? "applied" : "reverted", done, done == 1 ? "" : "s", units, units == 1 ? "" : "s",
                                ms_text(Clock::now() - t0),
                                position_of(m_project, after_plan(m_project, before, plan))));
  }
  return {};
}

namespace {

std::string describe_plan(const compiler::Project& project, const compiler::Plan& plan) {
  std::string out;
  for (const auto& step : plan.steps) {
    const auto& m = project.migrations[step.migration];
    const CompiledScript& s = step.direction == Direction::up ? m.up : *m.down;
    out += fmt::format("  {} {} ({})\n", step.direction == Direction::up ? "up  " : "down", label(m), s.file);
    for (std::size_t i = step.first_unit; i < s.units.size(); ++i) {
      const auto& u = s.units[i];
      out += fmt::format("       {} {}: {}\n", u.transactional ? "transaction" : "autocommit ",
                         fmt::format("line {}", u.line), u.summary);
    }
  }
  return out;
}

}  // namespace

Outcome Runner::upgrade(std::string_view target) {
  if (!m_options.dry_run) {
    if (Outcome o = lock(); o.status != Status::ok) return o;
    if (Outcome o = ensure_history_table(); o.status != Status::ok) return o;
    if (Outcome o = wait_for_orphans(); o.status != Status::ok) return o;
  }
  if (Outcome o = read_history(); o.status != Status::ok) return o;  // after the lock: another run may have moved on
  if (Outcome o = check_against_files(true, false); o.status != Status::ok) {
    bool only_warnings = std::all_of(o.errors.begin(), o.errors.end(),
                                     [](const Diagnostic& d) { return d.severity != compiler::Severity::error; });
    if (!only_warnings) return o;
  }
  for (const auto& [key, row] : m_rows) {
    if (row.state != "reverting") continue;
    const auto idx = m_project.find(row.version);
    return Outcome::fail(
        Status::input,
        error("partial-migration",
              fmt::format("migration {} stopped part-way through its down script ({} of {} statements reverted)",
                          idx ? label(m_project.migrations[*idx]) : row.version, row.units_done, row.units_total),
              {"going up from a half-reverted state would run statements whose effects are partly still there"},
              "finish reverting it with `sqlmigrate downgrade` to a version before it, then upgrade"));
  }
  const compiler::AppliedState before = applied_state(false);
  auto plan = compiler::plan_upgrade(m_project, before, target);
  if (!plan) {
    Outcome o;
    o.status = Status::input;
    o.errors = plan.take_errors();
    return o;
  }
  // Resume no-transaction migrations that stopped part-way.
  for (auto& step : plan->steps) {
    const HistoryRow* row = row_for(m_project.migrations[step.migration].version);
    if (row != nullptr && row->state == "applying") {
      step.first_unit = static_cast<std::size_t>(std::max(0, row->units_done));
      m_output.progress(fmt::format("{}: resuming at statement {} of {} (the previous run stopped there)",
                                    label(m_project.migrations[step.migration]), step.first_unit + 1, row->units_total));
    }
  }
  if (m_options.dry_run) {
    m_output.result(
        plan->steps.empty()
            ? fmt::format("nothing to do for `{}`: the database is at {}", target, position_of(m_project, before))
            : fmt::format("would apply {} migration{} (dry run: nothing was changed):\n{}", plan->steps.size(),
                          plan->steps.size() == 1 ? "" : "s", describe_plan(m_project, *plan)));
    return {};
  }
  Outcome o = run_plan(*plan, target, before);
  unlock();
  return o;
}

Outcome Runner::downgrade(std::string_view target) {
  if (!m_options.dry_run) {
    if (Outcome o = lock(); o.status != Status::ok) return o;
    if (Outcome o = ensure_history_table(); o.status != Status::ok) return o;
    if (Outcome o = wait_for_orphans(); o.status != Status::ok) return o;
  }
  if (Outcome o = read_history(); o.status != Status::ok) return o;
  if (Outcome o = check_against_files(false, false); o.status != Status::ok) {
    // Out-of-order pending migrations do not block going down.
    std::erase_if(o.errors, [](const Diagnostic& d) { return d.code == "out-of-order-migration"; });
    if (!o.errors.empty()) return o;
  }
  for (const auto& [key, row] : m_rows) {
    if (row.state != "applying") continue;
    const auto idx = m_project.find(row.version);
    return Outcome::fail(
        Status::input,
        error("partial-migration",
              fmt::format("migration {} stopped part-way through its up script ({} of {} statements applied)",
                          idx ? label(m_project.migrations[*idx]) : row.version, row.units_done, row.units_total),
              {"its down script expects all of it applied"},
              "finish it first with `sqlmigrate upgrade " + row.version + "`, then downgrade"));
  }
  const compiler::AppliedState before = applied_state(true);
  auto plan = compiler::plan_downgrade(m_project, before, target);
  if (!plan) {
    Outcome o;
    o.status = Status::input;
    o.errors = plan.take_errors();
    return o;
  }
  for (auto& step : plan->steps) {
    const HistoryRow* row = row_for(m_project.migrations[step.migration].version);
    if (row != nullptr && row->state == "reverting") step.first_unit = static_cast<std::size_t>(std::max(0, row->units_done));
  }
  if (m_options.dry_run) {
    m_output.result(
        plan->steps.empty()
            ? fmt::format("nothing to do for `{}`: the database is at {}", target, position_of(m_project, before))
            : fmt::format("would revert {} migration{} (dry run: nothing was changed):\n{}", plan->steps.size(),
                          plan->steps.size() == 1 ? "" : "s", describe_plan(m_project, *plan)));
    return {};
  }
  Outcome o = run_plan(*plan, target, before);
  unlock();
  return o;
}

Outcome Runner::stamp(std::string_view target) {
  const std::string_view state_target = target == "head" ? std::string_view("heads") : target;
  auto desired = compiler::state_at(m_project, state_target);
  if (!desired) {
    Outcome o;
    o.status = Status::input;
    o.errors = desired.take_errors();
    return o;
  }
  if (!m_options.dry_run) {
    if (Outcome o = lock(); o.status != Status::ok) return o;
    if (Outcome o = ensure_history_table(); o.status != Status::ok) return o;
  }
  if (Outcome o = read_history(); o.status != Status::ok) return o;
  const HistoryTable& h = m_options.settings.history;
  WriteContext ctx;
  ctx.started_at_sql = now_literal();
  ctx.client = std::string("sqlmigrate ") + SQLMIGRATE_VERSION;
  std::string sql = "BEGIN;\n";
  std::vector<std::string> added;
  std::vector<std::string> removed;
  for (const auto& m : m_project.migrations) {
    const HistoryRow* row = row_for(m.version);
    const bool want = desired->applied.count(m.version) != 0;
    if (want && (row == nullptr || row->state != "applied")) {
      if (row != nullptr) sql += unstamp_sql(h, m) + ";\n";
      sql += stamp_sql(h, m, ctx) + ";\n" + log_sql(m, "stamp") + ";\n";
      added.push_back(label(m));
    } else if (!want && row != nullptr) {
      sql += unstamp_sql(h, m) + ";\n" + log_sql(m, "unstamp") + ";\n";
      removed.push_back(label(m));
    }
  }
  sql += "COMMIT;";
  if (added.empty() && removed.empty()) {
    m_output.result(fmt::format("nothing to do: the history already records {}", target));
    return {};
  }
  std::string what;
  if (!added.empty()) what += fmt::format("recorded as applied (not run): {}", fmt::join(added, ", "));
  if (!removed.empty()) what += fmt::format("{}removed from the history (not reverted): {}", what.empty() ? "" : "; ",
                                            fmt::join(removed, ", "));
  if (m_options.dry_run) {
    m_output.result("would change the history (dry run: nothing was changed): " + what);
    return {};
  }
  auto r = m_conn->exec(sql);
  if (!r.ok()) {
    m_conn->exec("ROLLBACK");
    return Outcome::fail(Status::database, database_error("cannot write the history table " + h.qualified(), *r.error));
  }
  m_output.result(what);
  unlock();
  return {};
}

Outcome Runner::rebaseline(const std::vector<std::string>& versions) {
  if (!m_options.dry_run) {
    if (Outcome o = lock(); o.status != Status::ok) return o;
  }
  if (Outcome o = read_history(); o.status != Status::ok) return o;
  const HistoryTable& h = m_options.settings.history;
  std::string sql = "BEGIN;\n";
  std::vector<std::string> changed;
  for (const auto& v : versions) {
    if (!m_project.find(v)) {
      return Outcome::fail(Status::input, error("unknown-version", fmt::format("no migration has version {}", v), {},
                                                "run `sqlmigrate status` to see the versions"));
    }
    if (row_for(v) == nullptr) {
      return Outcome::fail(Status::input,
                           error("not-applied", fmt::format("migration {} is not applied, so it has no checksum to re-baseline", v),
                                 {}, "re-baseline only applies to migrations recorded in the history"));
    }
  }
  for (const auto& m : m_project.migrations) {
    const HistoryRow* row = row_for(m.version);
    if (row == nullptr) continue;
    const bool named = std::any_of(versions.begin(), versions.end(),
                                   [&](const std::string& v) { return compiler::compare_versions(v, m.version) == 0; });
    if (!versions.empty() && !named) continue;
    if (row->checksum == m.up.checksum && row->checksum_algorithm == compiler::k_checksum_algorithm) continue;
    sql += rebaseline_sql(h, m, row->version) + ";\n";
    sql += log_sql(m, "rebaseline") + ";\n";
    changed.push_back(fmt::format("{} ({} -> {})", label(m), row->checksum.substr(0, 12), m.up.checksum.substr(0, 12)));
  }
  sql += "COMMIT;";
  if (changed.empty()) {
    m_output.result("nothing to do: every applied migration matches its file");
    return {};
  }
  if (m_options.dry_run) {
    m_output.result("would record new checksums (dry run: nothing was changed): " + fmt::format("{}", fmt::join(changed, ", ")));
    return {};
  }
  auto r = m_conn->exec(sql);
  if (!r.ok()) {
    m_conn->exec("ROLLBACK");
    return Outcome::fail(Status::database, database_error("cannot write the history table " + h.qualified(), *r.error));
  }
  m_output.result(fmt::format("recorded the current checksum of {}", fmt::join(changed, ", ")));
  unlock();
  return {};
}

Outcome Runner::status(bool pending_is_finding) {
  if (Outcome o = read_history(); o.status != Status::ok) return o;
  Outcome checks = check_against_files(false, true);
  std::set<std::string> edited;
  std::set<std::string> out_of_order;
  for (const auto& d : checks.errors) {
    if (d.code == "edited-applied-migration") edited.insert(d.file);
    if (d.code == "out-of-order-migration") out_of_order.insert(d.file);
  }
  std::size_t applied = 0;
  std::size_t pending = 0;
  std::string table;
  for (const auto& m : m_project.migrations) {
    const HistoryRow* row = row_for(m.version);
    std::string state;
    if (row == nullptr) {
      state = out_of_order.count(m.up.file) != 0 ? "pending (out of order)" : "pending";
      ++pending;
    } else if (row->state == "applied") {
      state = "applied " + row->applied_at;
      if (edited.count(m.up.file) != 0) state += " (edited since: checksum mismatch)";
      ++applied;
    } else {
      state = fmt::format("{} ({} of {} statements)", row->state == "applying" ? "partly applied" : "partly reverted",
                          row->units_done, row->units_total);
      ++pending;
    }
    table += fmt::format("  {:<40} {}\n", label(m), state);
  }
  for (const auto& [key, row] : m_rows) {
    if (!m_project.find(row.version)) table += fmt::format("  {:<40} {} (file missing)\n", row.version + "_" + row.name, row.state);
  }
  std::vector<std::string> heads;
  for (std::size_t i : m_project.heads) heads.push_back(label(m_project.migrations[i]));
  m_output.result(fmt::format("database: {}\nhistory:  {}{}\nheads:    {}\n{}{} applied, {} pending", m_display,
                              m_options.settings.history.qualified(), m_history_exists ? "" : " (not created yet)",
                              fmt::join(heads, ", "), table, applied, pending));
  Outcome o;
  if (!checks.errors.empty()) {
    o.status = Status::findings;
    o.errors = std::move(checks.errors);
    for (auto& d : o.errors) d.severity = compiler::Severity::warning;
  }
  if (pending_is_finding && pending > 0) o.status = Status::findings;
  if (!pending_is_finding && o.status == Status::findings) o.status = Status::ok;
  return o;
}

Outcome Runner::history(bool attempts) {
  if (Outcome o = read_history(); o.status != Status::ok) return o;
  if (!m_history_exists) {
    m_output.result(fmt::format("no history yet: {} does not exist on {}", m_options.settings.history.qualified(), m_display));
    return {};
  }
  const HistoryTable& h = m_options.settings.history;
  QueryResult r;
  if (attempts) {
    r = m_conn->exec(fmt::format(
        "SELECT id, version, name, direction, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
        "CASE WHEN finished_at IS NULL THEN 'unfinished' WHEN success THEN 'ok' ELSE 'failed' END, "
        "coalesce(round(extract(epoch FROM finished_at - started_at) * 1000)::text, '-'), units_done, applied_by, "
        "coalesce(error, '') FROM {} ORDER BY id",
        h.log_qualified()));
  } else {
    r = m_conn->exec(fmt::format(
        "SELECT version, name, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), duration_ms, applied_by, "
        "state, units_done, units_total FROM {} ORDER BY applied_at, version",
        h.qualified()));
  }
  if (!r.ok()) return Outcome::fail(Status::database, database_error("cannot read the history", *r.error));
  std::string out;
  if (attempts) {
    out += fmt::format("{:>5}  {:<32} {:<10} {:<19} {:<10} {:>8}  {:<5} {}\n", "id", "migration", "direction",
                       "started (UTC)", "result", "ms", "units", "by");
    for (const Row& row : r.rows) {
      out += fmt::format("{:>5}  {:<32} {:<10} {:<19} {:<10} {:>8}  {:<5} {}{}\n", value(row, 0),
                         value(row, 1) + "_" + value(row, 2), value(row, 3), value(row, 4), value(row, 5), value(row, 6),
                         value(row, 7), value(row, 8), value(row, 9).empty() ? "" : "  error: " + value(row, 9));
    }
  } else {
    out += fmt::format("{:<40} {:<19} {:>8}  {}\n", "migration", "applied (UTC)", "ms", "by");
    for (const Row& row : r.rows) {
      std::string extra;
      if (value(row, 5) != "applied") extra = fmt::format("  ({}: {} of {})", value(row, 5), value(row, 6), value(row, 7));
      out += fmt::format("{:<40} {:<19} {:>8}  {}{}\n", value(row, 0) + "_" + value(row, 1), value(row, 2),
                         value(row, 3), value(row, 4), extra);
    }
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  m_output.result(out);
  return {};
}

Outcome Runner::validate() {
  if (Outcome o = read_history(); o.status != Status::ok) return o;
  Outcome o = check_against_files(false, true);
  for (const auto& [key, row] : m_rows) {
    if (row.state == "applied") continue;
    const auto idx = m_project.find(row.version);
    Diagnostic d = error("partial-migration",
                         fmt::format("migration {} stopped part-way ({} {} of {} statements)",
                                     idx ? label(m_project.migrations[*idx]) : row.version,
                                     row.state == "applying" ? "applied" : "reverted", row.units_done, row.units_total),
                         {"a no-transaction migration was interrupted or failed"},
                         row.state == "applying" ? "run `sqlmigrate upgrade` to resume it at the statement that stopped"
                                                 : "run `sqlmigrate downgrade` to finish reverting it");
    if (idx) d.file = m_project.migrations[*idx].up.file;
    o.errors.push_back(std::move(d));
    o.status = Status::findings;
  }
  if (o.errors.empty()) {
    m_output.result(fmt::format("history matches the migration files ({} applied)", m_rows.size()));
  }
  return o;
}

compiler::Result<std::string> Runner::schema_listing() {
  const HistoryTable& h = m_options.settings.history;
  // The attempt log's id sequence is found through its dependency: for a long history_table Postgres
  // shortens `<table>_log_id_seq` to fit its name limit.
  const std::string skip = fmt::format(
      "c.relname NOT IN ({}, {}, {}) AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = "
      "'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = "
      "to_regclass({}))",
      quote_literal(h.table), quote_literal(h.table + "_log"), quote_literal(h.table + "_lock"),
      quote_literal(h.log_qualified()));
  const std::string sql = fmt::format(R"sql(
WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema')
SELECT line FROM (
  SELECT 'schema ' || nspname AS line FROM ns
  UNION ALL
  SELECT 'relation ' || n.nspname || '.' || c.relname || ' kind ' || c.relkind::text
  FROM pg_class c JOIN ns n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','v','m','S','f','p','c') AND {0}
  UNION ALL
  SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','v','m','f','p','c') AND {0}
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN ns n ON n.oid = c.relnamespace WHERE {0}
  UNION ALL
  SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
  FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN ns n ON n.oid = c.relnamespace WHERE {0}
  UNION ALL
  SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)
  FROM pg_class c JOIN ns n ON n.oid = c.relnamespace WHERE c.relkind IN ('v','m')
  UNION ALL
  SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
         || md5(coalesce(p.prosrc, ''))
  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  JOIN ns n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal
  UNION ALL
  SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text
         || coalesce(' (' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e
                              WHERE e.enumtypid = t.oid) || ')', '')
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace WHERE t.typtype IN ('e','d','r','m')
  UNION ALL
  SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
) s ORDER BY line COLLATE "C")sql",
                                      skip);
  auto r = m_conn->exec(sql);
  if (!r.ok()) return database_error("cannot read the schema", *r.error);
  std::string out;
  for (const Row& row : r.rows) out += value(row, 0) + "\n";
  return out;
}

}  // namespace sqlmigrate::runner
