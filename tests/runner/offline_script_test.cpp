// Offline scripts (`upgrade --sql`, `downgrade --sql`) run with psql against a throwaway Postgres:
// they build the schema, revert it to nothing, build it again identically, and record history
// exactly as the plan says.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>

#include "compiler/migration.hpp"
#include "runner/database.hpp"
#include "runner/executor.hpp"
#include "runner/scratch_postgres.hpp"
#include "tests/support/lint_helpers.hpp"
#include "tests/support/pg_snapshot.hpp"
#include "tests/support/process.hpp"
#include "tests/support/psql.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

class OfflineScript : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (postgres_unavailable()) return;
    auto started = runner::ScratchPostgres::start();
    if (started.ok()) s_pg.emplace(std::move(*started));
  }
  static void TearDownTestSuite() { s_pg.reset(); }

  void SetUp() override {
    SQLMIGRATE_REQUIRE_POSTGRES();
    ASSERT_TRUE(s_pg.has_value()) << "the scratch server did not start";
    static int counter = 0;
    m_db = "offline_" + std::to_string(++counter);
    ASSERT_TRUE(psql_command(*s_pg, "CREATE DATABASE " + m_db).ok());
  }

  // Runs sqlmigrate in `dir` with `args`; returns the process result.
  static ProcessResult sqlmigrate(const fs::path& dir, const std::string& args) {
    return run_shell("cd " + shell_quote(dir.string()) + " && " + sqlmigrate_binary() + " " + args);
  }
  // Writes `script` to a file and runs it as a DBA would.
  PsqlResult apply(const std::string& script) {
    const fs::path file = m_tmp.write("script.sql", script);
    return psql_file(*s_pg, file, m_db);
  }
  std::string query(const std::string& sql) { return psql_command(*s_pg, sql, m_db).out; }
  std::string history() {
    return query(
        "SELECT version, name, checksum, checksum_algorithm, state, units_done, units_total, applied_by "
        "FROM sqlmigrate_history ORDER BY version");
  }

  static inline std::optional<runner::ScratchPostgres> s_pg;
  std::string m_db;
  TempDir m_tmp;
};

TEST_F(OfflineScript, SampleProjectUpDownUpReproducesTheSchema) {
  const fs::path root = source_dir();
  const auto up = sqlmigrate(root, "upgrade --sql");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.err, "");
  const auto applied = apply(up.out);
  ASSERT_TRUE(applied.ok()) << applied.err;
  const std::string first = schema_snapshot(*s_pg, m_db);
  EXPECT_NE(first.find("relation public.orders r"), std::string::npos) << first;
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "14\n");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_log WHERE success AND finished_at IS NOT NULL"), "14\n");

  const auto down = sqlmigrate(root, "downgrade head:base --sql");
  ASSERT_EQ(down.exit_code, 0) << down.err;
  const auto reverted = apply(down.out);
  ASSERT_TRUE(reverted.ok()) << reverted.err;
  EXPECT_EQ(schema_snapshot(*s_pg, m_db), "");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history"), "0\n");

  const auto again = apply(up.out);
  ASSERT_TRUE(again.ok()) << again.err;
  EXPECT_EQ(schema_snapshot(*s_pg, m_db), first);
}

TEST_F(OfflineScript, ScriptsAreByteIdenticalAndStepwiseEqualsWhole) {
  const fs::path root = source_dir();
  const auto whole = sqlmigrate(root, "upgrade base:head --sql");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(sqlmigrate(root, "upgrade --sql").out, whole.out);
  ASSERT_TRUE(apply(whole.out).ok());
  const std::string whole_schema = schema_snapshot(*s_pg, m_db);
  const std::string whole_history = history();

  SetUp();  // a fresh database
  const auto first = sqlmigrate(root, "upgrade base:0005 --sql");
  const auto second = sqlmigrate(root, "upgrade 0005:head --sql");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.find("CREATE TABLE IF NOT EXISTS public.sqlmigrate_history"), std::string::npos);
  ASSERT_TRUE(apply(first.out).ok());
  EXPECT_EQ(query("SELECT max(version) FROM sqlmigrate_history"), "0005\n");
  ASSERT_TRUE(apply(second.out).ok());
  EXPECT_EQ(schema_snapshot(*s_pg, m_db), whole_schema);
  EXPECT_EQ(history(), whole_history);

  // Relative downgrade from a stated FROM.
  const auto back = sqlmigrate(root, "downgrade head:-3 --sql");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  ASSERT_TRUE(apply(back.out).ok());
  EXPECT_EQ(query("SELECT max(version) FROM sqlmigrate_history"), "0011\n");
}

TEST_F(OfflineScript, RunningAScriptTwiceStopsBeforeChangingAnything) {
  const auto up = sqlmigrate(source_dir(), "upgrade base:0003 --sql");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_TRUE(apply(up.out).ok());
  const std::string before = history();
  const auto twice = apply(up.out);
  EXPECT_EQ(twice.exit_code, 3);  // psql: error with ON_ERROR_STOP
  EXPECT_NE(twice.err.find("migration 0001 is already applied"), std::string::npos) << twice.err;
  EXPECT_EQ(history(), before);
}

TEST_F(OfflineScript, ErrorsGoToStderrAndStdoutStaysEmpty) {
  const fs::path root = source_dir();
  for (const char* args : {"upgrade 9999 --sql", "downgrade base --sql", "upgrade base --sql", "downgrade head:+1 --sql",
                           "upgrade 0003:-1 --sql", "upgrade x:head --sql"}) {
    const auto r = sqlmigrate(root, args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err.find("error"), std::string::npos) << args << ": " << r.err;
  }
  const auto r = sqlmigrate(root, "upgrade 9999 --sql");
  EXPECT_NE(r.err.find("no migration has version `9999`"), std::string::npos) << r.err;
  // --output: written on success, untouched on failure.
  const fs::path out = m_tmp.path() / "up.sql";
  ASSERT_EQ(sqlmigrate(root, "upgrade --sql -o " + shell_quote(out.string())).exit_code, 0);
  EXPECT_EQ(read_file(out), sqlmigrate(root, "upgrade --sql").out);
  const fs::path bad = m_tmp.path() / "bad.sql";
  EXPECT_EQ(sqlmigrate(root, "upgrade 9999 --sql -o " + shell_quote(bad.string())).exit_code, 2);
  EXPECT_FALSE(fs::exists(bad));
  // --output without --sql would have run against the database: refused before connecting.
  const fs::path no_sql = m_tmp.path() / "no-sql.sql";
  const auto live = sqlmigrate(
      root, "upgrade -o " + shell_quote(no_sql.string()) + " --database-url " + shell_quote(s_pg->url(m_db)));
  EXPECT_EQ(live.exit_code, 2) << live.err;
  EXPECT_NE(live.err.find("--output writes the offline script, and this upgrade has no --sql"), std::string::npos)
      << live.err;
  EXPECT_FALSE(fs::exists(no_sql));
  EXPECT_EQ(query("SELECT to_regclass('public.sqlmigrate_history') IS NULL"), "t\n");
  // Options about a connection mean nothing to a script written offline: refused, not ignored.
  const auto url = sqlmigrate(root, "upgrade --sql --database-url " + shell_quote(s_pg->url(m_db)));
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_EQ(url.out, "");
  EXPECT_NE(url.err.find("--database-url does not apply to `upgrade --sql`"), std::string::npos) << url.err;
  EXPECT_NE(url.err.find("say where the database stands as FROM in FROM:TARGET"), std::string::npos) << url.err;
  EXPECT_EQ(sqlmigrate(root, "downgrade head:base --sql --dry-run").exit_code, 2);
  // A folder named as the output: said so, with a file name to use instead.
  const auto folder = sqlmigrate(root, "upgrade --sql -o " + shell_quote(m_tmp.path().string()));
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.err.find("is a folder, not a file to write the script to"), std::string::npos) << folder.err;
  EXPECT_NE(folder.err.find("--output " + (m_tmp.path() / "upgrade.sql").generic_string()), std::string::npos)
      << folder.err;
}

TEST_F(OfflineScript, NoTransactionMigrationRecordsProgressAndStopsAtTheFailingUnit) {
  TempDir project;
  project.write("migrations/0001_t.up.sql", "CREATE TABLE t (a int, b int);\n");
  project.write("migrations/0001_t.down.sql", "DROP TABLE t;\n");
  project.write("migrations/0002_idx.up.sql",
                "-- sqlmigrate:no-transaction\n"
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a ON t (a);\n"
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_c ON t (no_such_column);\n"
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_b ON t (b);\n");
  project.write("migrations/0002_idx.down.sql", "-- sqlmigrate:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS t_b;\n"
                "DROP INDEX CONCURRENTLY IF EXISTS t_a;\n");
  const auto up = sqlmigrate(project.path(), "upgrade --sql");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("autocommit"), std::string::npos);
  const auto failed = apply(up.out);
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_NE(failed.err.find("no_such_column"), std::string::npos) << failed.err;
  // 0001 applied; 0002 recorded as one unit of three done; its attempt unfinished.
  EXPECT_EQ(query("SELECT version, state, units_done, units_total FROM sqlmigrate_history ORDER BY version"),
            "0001|applied|1|1\n0002|applying|1|3\n");
  EXPECT_EQ(query("SELECT version, finished_at IS NULL FROM sqlmigrate_history_log ORDER BY id"), "0001|f\n0002|t\n");
  EXPECT_EQ(query("SELECT count(*) FROM pg_indexes WHERE indexname = 't_a'"), "1\n");

  // A script written again for 0002 would run its first statement again: refused, history untouched.
  const auto again = sqlmigrate(project.path(), "upgrade 0001:head --sql");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto refused = apply(again.out);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("migration 0002 is partly applied (1 of 3 units): this script would run its statements "
                             "from the first one"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("finish it with `sqlmigrate upgrade 0002`"), std::string::npos) << refused.err;
  // Nor may a downgrade script revert it as if it were whole.
  const auto down = sqlmigrate(project.path(), "downgrade head:0001 --sql");
  ASSERT_EQ(down.exit_code, 0) << down.err;
  const auto down_refused = apply(down.out);
  EXPECT_EQ(down_refused.exit_code, 3);
  EXPECT_NE(down_refused.err.find("migration 0002 is partly applied"), std::string::npos) << down_refused.err;
  EXPECT_EQ(query("SELECT version, state, units_done, units_total FROM sqlmigrate_history ORDER BY version"),
            "0001|applied|1|1\n0002|applying|1|3\n");
  EXPECT_EQ(query("SELECT count(*) FROM pg_indexes WHERE indexname = 't_a'"), "1\n");
}

TEST_F(OfflineScript, AScriptDoesNotRunWhileAnotherRunHoldsTheLock) {
  TempDir project;
  project.write("migrations/0001_t.up.sql", "CREATE TABLE t (a int);\n");
  project.write("migrations/0001_t.down.sql", "DROP TABLE t;\n");
  const auto up = sqlmigrate(project.path(), "upgrade --sql");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  // Another session holds the run lock, as a live `sqlmigrate upgrade` would.
  std::string why;
  runner::DatabaseDriver* driver = runner::load_database_driver(why);
  ASSERT_NE(driver, nullptr) << why;
  runner::DbError error;
  auto holder = driver->connect(s_pg->conninfo(m_db), "test lock holder", error);
  ASSERT_NE(holder, nullptr) << error.message;
  runner::HistoryTable table;
  ASSERT_TRUE(holder->exec("SELECT pg_advisory_lock(" + std::to_string(runner::run_lock_key(table)) + ")").ok());
  const auto refused = apply(up.out);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("another sqlmigrate run holds the migration lock of public.sqlmigrate_history"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(query("SELECT to_regclass('public.t') IS NULL"), "t\n");
  // Once it lets go, the same script runs.
  ASSERT_TRUE(holder->exec("SELECT pg_advisory_unlock_all()").ok());
  const auto ran = apply(up.out);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(query("SELECT version, state FROM sqlmigrate_history"), "0001|applied\n");
}

}  // namespace
}  // namespace sqlmigrate::testing

namespace sqlmigrate::testing {
namespace {

// Real projects in the diesel layout (../shared/corpus): the upgrade script builds their schema, and
// where their own down files are consistent, down-to-base empties it and up again rebuilds it.
// Their down files are not consistent all the way (checked by hand against Postgres 15):
//   lemmy 2020-04-03-194936 down drops a column views still use; 2020-12-17-031053's down does not
//     recreate comment_report_view, which 2020-10-13-212240's down drops;
//   crates-io 20140930082104 (dumped_migration_36) down recreates version_dependencies without the
//     index that 20140929103755's down then drops.
// And lemmy from 2024-03-06-104706, crates-io from 20170318181441, use syntax newer than Postgres 15's.
struct CorpusCase {
  const char* project;
  const char* first_unparsable;  // folder name prefix where Postgres 15 syntax ends
  std::size_t round_trip;        // the first N migrations round-trip cleanly
};

void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.project; }

class OfflineCorpus : public OfflineScript, public ::testing::WithParamInterface<CorpusCase> {};

// Copies the first `count` migration folders (in the order diesel applies them) into `dest`.
std::size_t copy_prefix(const fs::path& corpus, const std::string& stop_at, std::size_t count, const fs::path& dest) {
  const auto set = compiler::discover_migrations(corpus, corpus.string(), compiler::Layout::diesel);
  std::size_t copied = 0;
  fs::create_directories(dest / "migrations");
  for (const auto& m : set.migrations) {
    const fs::path folder = fs::path(m.up.location()).parent_path();
    if (copied == count || folder.filename().string().rfind(stop_at, 0) == 0) break;
    fs::copy(folder, dest / "migrations" / folder.filename(), fs::copy_options::recursive);
    ++copied;
  }
  std::ofstream(dest / "sqlmigrate.toml") << "[migrations]\ndir = \"migrations\"\nlayout = \"diesel\"\n";
  return copied;
}

// View definitions of some projects hold the time they were created (`'now'::timestamp`).
std::string without_timestamps(std::string text) {
  static const std::regex k_stamp("'[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.+]+'");
  return std::regex_replace(text, k_stamp, "'<time>'");
}

TEST_P(OfflineCorpus, UpgradeBuildsTheSchemaAndDowngradeEmptiesIt) {
  const fs::path corpus = source_dir() / ".." / "shared" / "corpus" / GetParam().project / "migrations";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "corpus absent: " << corpus;

  TempDir all;
  const std::size_t parsable = copy_prefix(corpus, GetParam().first_unparsable, SIZE_MAX, all.path());
  ASSERT_GT(parsable, 100U);
  const auto up = sqlmigrate(all.path(), "upgrade --sql");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  const auto applied = apply(up.out);
  ASSERT_TRUE(applied.ok()) << applied.err.substr(0, 2000);
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), std::to_string(parsable) + "\n");
  const std::string schema = schema_snapshot(*s_pg, m_db);
  EXPECT_GT(std::count(schema.begin(), schema.end(), '\n'), 100);

  SetUp();  // a fresh database for the round trip
  TempDir prefix;
  ASSERT_EQ(copy_prefix(corpus, GetParam().first_unparsable, GetParam().round_trip, prefix.path()),
            GetParam().round_trip);
  const auto up2 = sqlmigrate(prefix.path(), "upgrade --sql");
  const auto down = sqlmigrate(prefix.path(), "downgrade head:base --sql");
  ASSERT_EQ(up2.exit_code, 0) << up2.err;
  ASSERT_EQ(down.exit_code, 0) << down.err;
  ASSERT_TRUE(apply(up2.out).ok());
  const std::string first = without_timestamps(schema_snapshot(*s_pg, m_db));
  ASSERT_NE(first, "");
  const auto reverted = apply(down.out);
  ASSERT_TRUE(reverted.ok()) << reverted.err.substr(0, 2000);
  EXPECT_EQ(schema_snapshot(*s_pg, m_db), "");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history"), "0\n");
  ASSERT_TRUE(apply(up2.out).ok());
  EXPECT_EQ(without_timestamps(schema_snapshot(*s_pg, m_db)), first);
}

INSTANTIATE_TEST_SUITE_P(Corpus, OfflineCorpus,
                         ::testing::Values(CorpusCase{"lemmy", "2024-03-06-104706", 40},
                                           CorpusCase{"crates-io", "20170318181441", 26}),
                         [](const auto& param_info) {
                           std::string name = param_info.param.project;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace sqlmigrate::testing

namespace sqlmigrate::testing {
namespace {

// The offline script and the live runner write the same history rows, and each can carry on where
// the other stopped.
TEST_F(OfflineScript, ScriptAndLiveRunLeaveIdenticalHistoryRows) {
  const fs::path root = source_dir();
  const auto script = sqlmigrate(root, "upgrade --sql");
  ASSERT_EQ(script.exit_code, 0) << script.err;
  ASSERT_TRUE(apply(script.out).ok());
  const std::string by_script = history();
  const std::string log_by_script =
      query("SELECT version, direction, success, units_done FROM sqlmigrate_history_log ORDER BY id");
  const std::string schema_by_script = schema_snapshot(*s_pg, m_db);

  SetUp();
  const auto live = sqlmigrate(root, "upgrade --database-url " + shell_quote(s_pg->url(m_db)));
  ASSERT_EQ(live.exit_code, 0) << live.err;
  EXPECT_EQ(history(), by_script);
  EXPECT_EQ(query("SELECT version, direction, success, units_done FROM sqlmigrate_history_log ORDER BY id"),
            log_by_script);
  EXPECT_EQ(schema_snapshot(*s_pg, m_db), schema_by_script);

  // Half by script, the rest live; then down by script to 0003 and live back up.
  SetUp();
  ASSERT_TRUE(apply(sqlmigrate(root, "upgrade base:0005 --sql").out).ok());
  const auto rest = sqlmigrate(root, "upgrade --database-url " + shell_quote(s_pg->url(m_db)));
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(history(), by_script);
  ASSERT_TRUE(apply(sqlmigrate(root, "downgrade head:0003 --sql").out).ok());
  EXPECT_EQ(query("SELECT max(version) FROM sqlmigrate_history"), "0003\n");
  const auto again = sqlmigrate(root, "upgrade --database-url " + shell_quote(s_pg->url(m_db)));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(history(), by_script);
  EXPECT_EQ(schema_snapshot(*s_pg, m_db), schema_by_script);
}

}  // namespace
}  // namespace sqlmigrate::testing
