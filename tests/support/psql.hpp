#pragma once
// Runs psql against a database for tests: `<bindir>/psql -X -q -v ON_ERROR_STOP=1 -At -d <conninfo>`
// with `-c SQL` or `-f FILE`, through fork/exec (no shell), capturing stdout and stderr apart.

#include <filesystem>
#include <optional>
#include <string>

namespace sqlmigrate::runner {
class ScratchPostgres;
}

namespace sqlmigrate::testing {

struct PsqlResult {
  int exit_code = -1;  // psql's exit code; 128 + signal if killed; -1 if it could not be started
  std::string out;     // stdout (unaligned, tuples only: one row per line, columns separated by |)
  std::string err;     // stderr
  bool ok() const { return exit_code == 0; }
};

// Runs one SQL string (`-c`); several statements separated by `;` run in one implicit transaction.
PsqlResult psql_command(const std::string& bindir, const std::string& conninfo, const std::string& sql);
// Runs a SQL file (`-f`).
PsqlResult psql_file(const std::string& bindir, const std::string& conninfo, const std::filesystem::path& file);

// The same against a scratch server.
PsqlResult psql_command(const runner::ScratchPostgres& pg, const std::string& sql,
                        const std::string& dbname = "postgres");
PsqlResult psql_file(const runner::ScratchPostgres& pg, const std::filesystem::path& file,
                     const std::string& dbname = "postgres");

// Why no scratch server can be started here (no Postgres binaries), or nothing when one can.
std::optional<std::string> postgres_unavailable();
// SQLMIGRATE_STRICT=1 (scripts/test.sh sets it): a missing dependency fails a test instead of skipping it.
bool strict_mode();

// Skips the test when the Postgres binaries are missing, or fails it under SQLMIGRATE_STRICT=1.
#define SQLMIGRATE_REQUIRE_POSTGRES()                                                \
  do {                                                                               \
    if (const auto sqlmigrate_why = ::sqlmigrate::testing::postgres_unavailable()) { \
      if (::sqlmigrate::testing::strict_mode()) FAIL() << *sqlmigrate_why;           \
      GTEST_SKIP() << *sqlmigrate_why;                                               \
    }                                                                                \
  } while (false)

// `out` without its trailing newlines: the value of a one-row, one-column query.
std::string trimmed(const std::string& text);

}  // namespace sqlmigrate::testing
