// The database module: connections through libpqxx (this folder is the only code that includes it).
// Built as libsqlmigrate_db.so and opened with dlopen by runner/database_loader.cpp, so libpq and the
// libraries it pulls in (TLS, GSSAPI, LDAP, ...) load only for commands that talk to a database.
//
// libpqxx opens and owns each connection. Statements go through libpq's PQexec on that connection,
// because libpqxx 6.4 exposes neither the error fields the runner reports (detail, hint, statement
// position) nor a way to run several statements as one simple query and keep all of them.

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

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
    if (!valid_conninfo(conninfo, error)) return nullptr;
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
    // libpq checks the numbers in a connection string only when it connects ("invalid integer
    // value ... for connection option"): still the string's fault, not the server's.
    error.invalid_conninfo = (error.message.find("invalid integer value") != std::string::npos &&
                              error.message.find("for connection option") != std::string::npos) ||
                             error.message.find("could not match ") != std::string::npos;  // hosts and ports
    return nullptr;
  }

 private:
  // An integer as libpq reads one in a connection string: digits, an optional sign, spaces around.
  static bool libpq_integer(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) return false;
    text.remove_prefix(first);
    text.remove_suffix(text.size() - (text.find_last_not_of(' ') + 1));
    if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
    return !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string_view::npos;
  }

  // What libpq can tell without connecting: the syntax of the string, and its numbers (which libpq
  // itself checks only when it gets to them, after trying to reach the server).
  static bool valid_conninfo(const std::string& conninfo, DbError& error) {
    char* message = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &message);
    if (options == nullptr) {
      error.invalid_conninfo = true;
      error.message = message != nullptr ? clean_message(message) : "the connection string cannot be read";
      if (message != nullptr) PQfreemem(message);
      return false;
    }
    constexpr std::string_view k_integers[] = {"port",
                                               "connect_timeout",
                                               "keepalives",
                                               "keepalives_idle",
                                               "keepalives_interval",
                                               "keepalives_count",
                                               "tcp_user_timeout"};
    bool ok = true;
    for (const PQconninfoOption* o = options; ok && o->keyword != nullptr; ++o) {
      const std::string_view keyword = o->keyword;
      if (o->val == nullptr ||
          std::find(std::begin(k_integers), std::end(k_integers), keyword) == std::end(k_integers)) {
        continue;
      }
      // A port per host, comma-separated, where an empty one means the default.
      const std::string_view values = o->val;
      std::size_t begin = 0;
      while (ok) {
        const std::size_t end = keyword == "port" ? std::min(values.find(',', begin), values.size()) : values.size();
        const std::string_view value = values.substr(begin, end - begin);
        if (!(keyword == "port" && value.empty()) && !libpq_integer(value)) {
          error.invalid_conninfo = true;
          error.message = "invalid integer value \"" + std::string(value) + "\" for connection option \"" +
                          std::string(keyword) + "\"";
          ok = false;
        }
        if (end == values.size()) break;
        begin = end + 1;
      }
    }
    PQconninfoFree(options);
    return ok;
  }

  std::string library_version() const override { return std::string("libpqxx ") + PQXX_VERSION; }
};

}  // namespace
}  // namespace sqlmigrate::runner

extern "C" __attribute__((visibility("default"))) sqlmigrate::runner::DatabaseDriver* sqlmigrate_database_driver_v1() {
  static sqlmigrate::runner::PqDriver driver;
  return &driver;
}

extern "C" __attribute__((visibility("default"))) const char* sqlmigrate_database_interface() {
  return sqlmigrate::runner::k_driver_interface;
}
