#pragma once
// A throwaway PostgreSQL server: initdb + pg_ctl in a fresh temp dir, reachable only through a unix
// socket in that dir, stopped and deleted when the object goes away. It is the default target of the
// quick start, of `verify`, and of every test that needs a database.
//
// It runs the Postgres binaries (fork/exec, no shell of ours, no libpq), so it stays off the lint path.
// When we are root, Postgres refuses to run as root: the temp dir is given to the `postgres` OS user
// and initdb/pg_ctl run as that user.
//
// Cleanup when the process dies: a small watchdog process (`/bin/sh`, detached into its own session)
// holds one end of a socket pair whose other end only this process holds. If this process ends
// without the destructor having run (crash, SIGKILL, a test timeout), the watchdog sees end-of-file,
// runs `pg_ctl stop -m immediate` and removes the temp dir. Limits: a server still being started
// when the process dies (before pg_ctl wrote postmaster.pid) is missed; a machine crash or killing
// the watchdog itself leaves the dir in $TMPDIR (its name starts with `sqlmigrate-pg-`).
//
// Errors are returned as diagnostics (what failed, the tail of the tool's output or the server log,
// what to do); nothing here throws or prints.

#include <sys/types.h>

#include <string>

#include "compiler/diagnostic.hpp"

namespace sqlmigrate::runner {

// Where the Postgres server binaries are, and their major version.
struct PostgresInstall {
  std::string bindir;  // holds initdb, pg_ctl, postgres (and psql on Debian)
  int major_version = 0;
};

// Finds the Postgres binaries: `$SQLMIGRATE_PG_BINDIR` if set (then it must be right), else the bindir
// of a `pg_config` on PATH that reports version 15, else `/usr/lib/postgresql/<N>/bin` for the newest N.
compiler::Result<PostgresInstall> find_postgres();

struct ScratchPostgresOptions {
  std::string bindir;      // empty: find_postgres()
  int port = 0;            // 0: pick one (the socket lives in a private dir, so any port works)
  std::string parent_dir;  // empty: $TMPDIR, else /tmp
  int start_timeout_seconds = 60;
  bool watchdog = true;  // clean up after this process if it dies without running the destructor
};

class ScratchPostgres {
 public:
  // Creates the temp dir, runs initdb and starts the server; returns once it accepts connections.
  static compiler::Result<ScratchPostgres> start(const ScratchPostgresOptions& options = {});

  ScratchPostgres(ScratchPostgres&& other) noexcept;
  ScratchPostgres& operator=(ScratchPostgres&& other) noexcept;
  ScratchPostgres(const ScratchPostgres&) = delete;
  ScratchPostgres& operator=(const ScratchPostgres&) = delete;
  // Stops the server (`pg_ctl stop -m immediate -w`) and removes the temp dir.
  ~ScratchPostgres();

  const std::string& socket_dir() const { return m_dir; }  // the temp dir; holds data/, log, the socket
  std::string data_dir() const { return m_dir + "/data"; }
  std::string log_file() const { return m_dir + "/log"; }
  int port() const { return m_port; }
  const std::string& bindir() const { return m_bindir; }
  int major_version() const { return m_major_version; }
  pid_t server_pid() const { return m_server_pid; }  // the postmaster, 0 if unknown

  // libpq key=value form: host=<dir> port=<port> user=postgres dbname=<dbname>
  std::string conninfo(const std::string& dbname = "postgres") const;
  // URL form: postgresql://postgres@/<dbname>?host=<dir, percent-encoded>&port=<port>
  std::string url(const std::string& dbname = "postgres") const;

 private:
  ScratchPostgres() = default;
  void shutdown() noexcept;

  std::string m_dir;
  std::string m_bindir;
  int m_port = 0;
  int m_major_version = 0;
  pid_t m_server_pid = 0;
  bool m_running = false;
  bool m_as_postgres_user = false;
  uid_t m_uid = 0;
  gid_t m_gid = 0;
  int m_watchdog_fd = -1;  // our end of the socket pair; the watchdog cleans up when it closes unannounced
};

}  // namespace sqlmigrate::runner
