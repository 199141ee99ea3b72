#pragma once
// The database as the runner sees it: connections that run SQL text and report Postgres's errors
// field by field. The implementation lives in runner/db/ (libpqxx), built as a module that
// `load_database_driver()` opens with dlopen only when a command talks to a database, so the lint
// path never loads libpq and the ~30 libraries behind it.
//
// Only standard types cross the module boundary (both sides are built from this header by the
// same compiler); nothing here throws.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sqlmigrate::runner {

// An error as Postgres reports it (PG_DIAG_* fields), or a connection failure.
struct DbError {
  std::string sqlstate;        // five characters; empty for client-side errors (connection lost, ...)
  std::string message;         // primary message, without "ERROR:"
  std::string detail;
  std::string hint;
  std::string context;         // PL/pgSQL call stack and the like
  int position = 0;            // 1-based character index into the query text sent; 0 when none
  bool connection_lost = false;
  bool invalid_conninfo = false;  // connect: the connection string itself is malformed (no server was tried)
};

using Row = std::vector<std::optional<std::string>>;

struct QueryResult {
  std::vector<Row> rows;  // of the last statement of the query text that returned rows
  std::optional<DbError> error;
  int completed = 0;      // statements of the query text that finished (before the error, if any)
  // exec_batch only: the rows of each finished statement, in order (empty for commands), so a caller
  // that sends many statements at once can read what each RETURNING gave.
  std::vector<std::vector<Row>> statement_rows;
  bool ok() const { return !error.has_value(); }
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs query text through the simple-query protocol: one or more statements, no parameters.
  virtual QueryResult exec(const std::string& sql) = 0;
  // The same, also keeping every statement's rows (QueryResult::statement_rows).
  virtual QueryResult exec_batch(const std::string& sql) = 0;
  virtual int backend_pid() const = 0;
  virtual int server_version() const = 0;  // e.g. 150004
  // Whether the session is inside a transaction block (idle in transaction or failed).
  virtual bool in_transaction() const = 0;
};

class DatabaseDriver {
 public:
  virtual ~DatabaseDriver() = default;
  // Opens a connection; `conninfo` is a URL, key=value text, or empty for libpq's defaults
  // (PG* variables, service file). On failure returns null and fills `error` (never a password).
  virtual std::unique_ptr<Connection> connect(const std::string& conninfo, const std::string& application_name,
                                              DbError& error) = 0;
  virtual std::string library_version() const = 0;
};

// The module's entry points, resolved with dlsym.
inline constexpr const char* k_driver_entry_point = "sqlmigrate_database_driver_v1";
inline constexpr const char* k_driver_interface_entry_point = "sqlmigrate_database_interface";
// A digest of this header, set by the build for the binary and the module alike: a module built from
// another version of this header is refused rather than called with other struct layouts.
inline constexpr const char* k_driver_interface = SQLMIGRATE_DB_INTERFACE;
inline constexpr const char* k_driver_module_name = "libsqlmigrate_db.so";

// Opens the module ($SQLMIGRATE_DB_MODULE when set, else next to the executable, else
// ../lib/sqlmigrate/ in an install) once per process. On failure returns null and sets `why` to a message
// that names the paths tried and what to do.
DatabaseDriver* load_database_driver(std::string& why);

}  // namespace sqlmigrate::runner

extern "C" {
// Defined by the module: a driver that lives as long as the process.
sqlmigrate::runner::DatabaseDriver* sqlmigrate_database_driver_v1();
// Defined by the module: the k_driver_interface it was built with.
const char* sqlmigrate_database_interface();
}
