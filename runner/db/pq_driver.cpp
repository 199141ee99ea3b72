// The database module: connections through libpqxx (this folder is the only code that includes it).
// Built as libsqlmigrate_db.so and opened with dlopen by runner/database_loader.cpp, so libpq and the
// libraries it pulls in (TLS, GSSAPI, LDAP, ...) load only for commands that talk to a database.
//
// libpqxx opens and owns each connection. Statements go through libpq's PQexec on that connection,
// because libpqxx 6.4 exposes neither the error fields the runner reports (detail, hint, statement
// position) nor a way to run several statements as one simple query and keep all of them.

#include <libpq-fe.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "runner/database.hpp"

namespace sqlmigrate::runner {
namespace {

// libpqxx keeps the libpq handle behind a protected accessor of its large-object class.
struct RawHandle : pqxx::largeobject {
  static PGconn* of(const pqxx::dbtransaction& t) { return raw_connection(t); }
};

std::string field(const PGresult* r, int code) {
  const char* v = PQresultErrorField(r, code);
  return v != nullptr ? std::string(v) : std::string();
}

// libpq messages end with a newline and may start with "ERROR:  " / "FATAL:  ".
std::string clean_message(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

class PqConnection final : public Connection {
 public:
  explicit PqConnection(std::unique_ptr<pqxx::connection> conn) : m_conn(std::move(conn)) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    m_conn->inhibit_reactivation(true);  // never reconnect behind our back: session state matters
#pragma GCC diagnostic pop
    {
      pqxx::work probe(*m_conn);
      m_raw = RawHandle::of(probe);
      probe.abort();
    }
    PQsetNoticeProcessor(m_raw, ignore_notice, nullptr);
  }

  QueryResult exec(const std::string& sql) override { return run(sql, false); }
  QueryResult exec_batch(const std::string& sql) override { return run(sql, true); }

  int backend_pid() const override { return PQbackendPID(m_raw); }
  int server_version() const override { return PQserverVersion(m_raw); }
  bool in_transaction() const override { return PQtransactionStatus(m_raw) != PQTRANS_IDLE; }

 private:
  QueryResult run(const std::string& sql, bool keep_each) {
    QueryResult out;
    if (PQsendQuery(m_raw, sql.c_str()) == 0) {
      out.error = lost();
      return out;
    }
    // One result per statement: count those that finished, keep the rows of the last query and the error.
    while (PGresult* r = PQgetResult(m_raw)) {
      switch (PQresultStatus(r)) {
        case PGRES_TUPLES_OK: {
          ++out.completed;
          const int n = PQntuples(r);
          const int f = PQnfields(r);
          out.rows.clear();
          out.rows.reserve(static_cast<std::size_t>(n));
          for (int i = 0; i < n; ++i) {
            Row row;
            row.reserve(static_cast<std::size_t>(f));
            for (int j = 0; j < f; ++j) {
              if (PQgetisnull(r, i, j) != 0) {
                row.emplace_back(std::nullopt);
              } else {
                row.emplace_back(std::string(PQgetvalue(r, i, j), static_cast<std::size_t>(PQgetlength(r, i, j))));
              }
            }
            out.rows.push_back(std::move(row));
          }
          if (keep_each) out.statement_rows.push_back(out.rows);
          break;
        }
        case PGRES_COMMAND_OK:
          ++out.completed;
          if (keep_each) out.statement_rows.emplace_back();
          break;
        case PGRES_EMPTY_QUERY:
          break;
        default:
          if (!out.error) out.error = error_of(r);
          break;
      }
      PQclear(r);
    }
    if (!out.error && PQstatus(m_raw) == CONNECTION_BAD) out.error = lost();
    return out;
  }

  DbError error_of(const PGresult* r) const {
    DbError e;
    e.sqlstate = field(r, PG_DIAG_SQLSTATE);
    e.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
    if (e.message.empty()) e.message = clean_message(PQresultErrorMessage(r));
    e.detail = field(r, PG_DIAG_MESSAGE_DETAIL);
    e.hint = field(r, PG_DIAG_MESSAGE_HINT);
    e.context = field(r, PG_DIAG_CONTEXT);
    const std::string pos = field(r, PG_DIAG_STATEMENT_POSITION);
    if (!pos.empty()) e.position = std::atoi(pos.c_str());
    if (e.sqlstate.empty() && PQstatus(m_raw) == CONNECTION_BAD) e.connection_lost = true;
    if (e.message.empty()) e.message = clean_message(PQerrorMessage(m_raw));
    return e;
  }

  DbError lost() const {
    DbError e;
    e.connection_lost = PQstatus(m_raw) == CONNECTION_BAD;
    e.message = clean_message(PQerrorMessage(m_raw));
    if (e.message.empty()) e.message = "the server returned no result";
    return e;
  }

  std::unique_ptr<pqxx::connection> m_conn;
  PGconn* m_raw = nullptr;
};

class PqDriver final : public DatabaseDriver {
 public:
  std::unique_ptr<Connection> connect(const std::string& conninfo, const std::string& application_name,
                                      DbError& error) override {
    try {
      auto conn = std::make_unique<pqxx::connection>(conninfo);
      auto result = std::make_unique<PqConnection>(std::move(conn));
      // Quiet notices ("already exists, skipping") and a name other sessions can see in pg_stat_activity.
      std::string set = "SET client_min_messages = warning; SET application_name = '";
      for (char c : application_name) {
        if (c == '\'') set += '\'';
        set += c;
      }
      set += "'";
      auto r = result->exec(set);
      if (!r.ok()) {
        error = *r.error;
        return nullptr;
      }
      return result;
    } catch (const pqxx::broken_connection& e) {
      error.connection_lost = true;
      error.message = clean_message(e.what());
    } catch (const pqxx::sql_error& e) {
      error.sqlstate = e.sqlstate();
      error.message = clean_message(e.what());
    } catch (const std::exception& e) {
      error.message = clean_message(e.what());
    }
    return nullptr;
  }

  std::string library_version() const override { return std::string("libpqxx ") + PQXX_VERSION; }
};

}  // namespace
}  // namespace sqlmigrate::runner

extern "C" __attribute__((visibility("default"))) sqlmigrate::runner::DatabaseDriver* sqlmigrate_database_driver_v1() {
  static sqlmigrate::runner::PqDriver driver;
  return &driver;
}
