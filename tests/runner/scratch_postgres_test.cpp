// The throwaway local Postgres: starts, answers queries, and leaves nothing behind.

#include "runner/scratch_postgres.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "tests/support/psql.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;
using runner::ScratchPostgres;

std::string describe(const std::vector<compiler::Diagnostic>& errors) {
  std::string s;
  for (const compiler::Diagnostic& d : errors) {
    s += d.message + "\n";
    for (const std::string& note : d.notes) s += "  note: " + note + "\n";
    if (!d.help.empty()) s += "  help: " + d.help + "\n";
  }
  return s;
}

// Alive and not a zombie waiting for a parent (or a container's init) to reap it.
bool process_alive(pid_t pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const std::size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

// Restores an environment variable when the test ends.
class EnvOverride {
 public:
  EnvOverride(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value, 1);
  }
  ~EnvOverride() {
    if (m_old) {
      ::setenv(m_name.c_str(), m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name.c_str());
    }
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

 private:
  std::string m_name;
  std::optional<std::string> m_old;
};

TEST(ScratchPostgres, StartsAnswersQueriesAndLeavesNothingBehind) {
  SQLMIGRATE_REQUIRE_POSTGRES();
  std::string dir;
  std::string bindir;
  std::string conninfo;
  pid_t server = 0;
  {
    auto started = ScratchPostgres::start();
    ASSERT_TRUE(started.ok()) << describe(started.errors());
    const ScratchPostgres& pg = *started;
    dir = pg.socket_dir();
    bindir = pg.bindir();
    conninfo = pg.conninfo();
    server = pg.server_pid();
    EXPECT_TRUE(fs::is_directory(dir));
    EXPECT_TRUE(process_alive(server)) << "postmaster pid " << server;
    EXPECT_EQ(conninfo, "host=" + dir + " port=" + std::to_string(pg.port()) + " user=postgres dbname=postgres");

    const PsqlResult version = psql_command(pg, "SELECT version()");
    ASSERT_TRUE(version.ok()) << version.err;
    EXPECT_EQ(trimmed(version.out).rfind("PostgreSQL " + std::to_string(pg.major_version()) + ".", 0), 0U)
        << version.out;
    if (std::getenv("SQLMIGRATE_PG_BINDIR") == nullptr) {
      EXPECT_EQ(pg.major_version(), 15) << "bindir " << pg.bindir();
    }

    const PsqlResult write = psql_command(pg,
                                          "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);"
                                          "INSERT INTO t VALUES (1, 'one'), (2, 'two');");
    ASSERT_TRUE(write.ok()) << write.err;
    const PsqlResult read = psql_command(pg, "SELECT id, name FROM t ORDER BY id");
    ASSERT_TRUE(read.ok()) << read.err;
    EXPECT_EQ(read.out, "1|one\n2|two\n");

    // The URL form reaches the same server.
    const PsqlResult by_url = psql_command(pg.bindir(), pg.url(), "SELECT count(*) FROM t");
    ASSERT_TRUE(by_url.ok()) << pg.url() << ": " << by_url.err;
    EXPECT_EQ(trimmed(by_url.out), "2");

    // An error fails psql (ON_ERROR_STOP) and says why.
    const PsqlResult bad = psql_command(pg, "SELECT * FROM no_such_table");
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("no_such_table"), std::string::npos) << bad.err;
  }
  EXPECT_FALSE(fs::exists(dir)) << dir;
  EXPECT_FALSE(process_alive(server)) << "postmaster pid " << server << " still runs";
  const PsqlResult after = psql_command(bindir, conninfo, "SELECT 1");
  EXPECT_NE(after.exit_code, 0) << "a server still answers at " << conninfo;
}

TEST(ScratchPostgres, MovedServerIsStoppedOnce) {
  SQLMIGRATE_REQUIRE_POSTGRES();
  auto started = ScratchPostgres::start();
  ASSERT_TRUE(started.ok()) << describe(started.errors());
  ScratchPostgres moved = std::move(*started);
  const std::string& dir = moved.socket_dir();
  const PsqlResult one = psql_command(moved, "SELECT 1");
  ASSERT_TRUE(one.ok()) << one.err;
  EXPECT_EQ(trimmed(one.out), "1");
  started = compiler::Result<ScratchPostgres>(compiler::Diagnostic{});  // destroys the moved-from shell
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(psql_command(moved, "SELECT 1").ok());
}

// A process that dies without running destructors (SIGKILL, a test timeout) leaves no server behind:
// the watchdog stops it and removes the dir.
TEST(ScratchPostgres, WatchdogCleansUpAfterAKilledProcess) {
  SQLMIGRATE_REQUIRE_POSTGRES();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    auto started = ScratchPostgres::start();
    std::string report = started.ok() ? started->socket_dir() + "\n" + std::to_string(started->server_pid()) + "\n"
                                      : "error\n" + describe(started.errors());
    (void)!::write(fds[1], report.data(), report.size());
    ::close(fds[1]);
    ::kill(::getpid(), SIGKILL);
    ::_exit(1);
  }
  ::close(fds[1]);
  std::string report;
  char buffer[1024];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) report.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << report;
  ASSERT_NE(report.rfind("error\n", 0), 0U) << report;
  const std::string dir = report.substr(0, report.find('\n'));
  const pid_t server = static_cast<pid_t>(std::stol(report.substr(report.find('\n') + 1)));
  ASSERT_FALSE(dir.empty());
  EXPECT_TRUE(eventually([&] { return !process_alive(server); }, std::chrono::seconds(15)))
      << "postmaster " << server << " outlived its owner";
  EXPECT_TRUE(eventually([&] { return !fs::exists(dir); }, std::chrono::seconds(15))) << dir << " was left behind";
}

TEST(ScratchPostgres, MissingBinariesAreAnErrorThatSaysWhatToInstall) {
  const EnvOverride bindir("SQLMIGRATE_PG_BINDIR", "/nonexistent/sqlmigrate/bin");
  auto started = ScratchPostgres::start();
  ASSERT_FALSE(started.ok());
  ASSERT_EQ(started.errors().size(), 1U);
  const compiler::Diagnostic& d = started.errors().front();
  EXPECT_EQ(d.code, "scratch-postgres");
  EXPECT_NE(d.message.find("/nonexistent/sqlmigrate/bin"), std::string::npos) << d.message;
  EXPECT_NE(d.help.find("postgresql-15"), std::string::npos) << d.help;
}

}  // namespace
}  // namespace sqlmigrate::testing
