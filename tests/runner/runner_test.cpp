// The live runner against a real, throwaway Postgres: apply, roll back, status, history, stamp,
// validate, concurrent runs, SIGKILL at random moments, and the bad-inputs table. Nothing mocked:
// every test runs the sqlmigrate binary the way a user does.

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runner/connection.hpp"
#include "runner/early_connections.hpp"
#include "runner/executor.hpp"
#include "runner/scratch_postgres.hpp"
#include "tests/support/process.hpp"
#include "tests/support/psql.hpp"

extern char** environ;

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;
using runner::ScratchPostgres;

// One server for the whole suite; each test gets its own database.
class RunnerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (postgres_unavailable()) return;
    auto started = ScratchPostgres::start();
    if (started) s_pg = new ScratchPostgres(std::move(*started));
  }
  static void TearDownTestSuite() {
    delete s_pg;
    s_pg = nullptr;
  }

  void SetUp() override {
    if (postgres_unavailable()) {
      if (strict_mode()) FAIL() << *postgres_unavailable();
      GTEST_SKIP() << *postgres_unavailable();
    }
    ASSERT_NE(s_pg, nullptr) << "the scratch server did not start";
    static int counter = 0;
    m_db = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    ASSERT_TRUE(psql_command(*s_pg, "CREATE DATABASE " + m_db).ok());
    m_dir = fs::temp_directory_path() / ("sqlmigrate-runner-" + m_db);
    fs::create_directories(m_dir / "migrations");
    write("sqlmigrate.toml", "[runner]\nlock_wait = \"30s\"\n");
  }
  void TearDown() override {
    std::error_code ec;
    if (!m_dir.empty()) fs::remove_all(m_dir, ec);
  }

  void write(const std::string& relative, const std::string& text) {
    std::ofstream f(m_dir / relative, std::ios::binary);
    f << text;
  }
  void migration(const std::string& stem, const std::string& up, const std::string& down = "") {
    write("migrations/" + stem + ".up.sql", up);
    if (!down.empty()) write("migrations/" + stem + ".down.sql", down);
  }
  std::string url() const { return s_pg->url(m_db); }
  std::string cmd(const std::string& args, const std::string& database_url = "") const {
    return "cd " + shell_quote(m_dir.string()) + " && " + sqlmigrate_binary() + " " + args + " --database-url " +
           shell_quote(database_url.empty() ? url() : database_url);
  }
  ProcessResult run(const std::string& args) const { return run_shell(cmd(args)); }
  std::string query(const std::string& sql) const {
    auto r = psql_command(*s_pg, sql, m_db);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.err;
    return trimmed(r.out);
  }

  static ScratchPostgres* s_pg;
  std::string m_db;
  fs::path m_dir;
};

ScratchPostgres* RunnerTest::s_pg = nullptr;

std::string both(const ProcessResult& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

TEST(RunnerConnection, RedactsPasswordsInUrlsAndKeyValueText) {
  EXPECT_EQ(runner::redact_conninfo("postgresql://app:s3cret@db.example.com:5432/prod?sslmode=require"),
            "postgresql://app:***@db.example.com:5432/prod?sslmode=require");
  EXPECT_EQ(runner::redact_conninfo("postgres://app@h/db?password=s3cret&sslmode=disable"),
            "postgres://app@h/db?password=***&sslmode=disable");
  EXPECT_EQ(runner::redact_conninfo(R"(host=h user=app password='it\'s a secret' dbname=x)"),
            "host=h user=app password='***' dbname=x");
  EXPECT_EQ(runner::redact_conninfo("host=h password = s3cret dbname=x"), "host=h password = *** dbname=x");
  EXPECT_EQ(runner::redact_conninfo("postgresql://app@h/db"), "postgresql://app@h/db");
  EXPECT_EQ(runner::scrub_secrets("auth failed for s3cret!", "postgresql://a:s3cret@h/db"), "auth failed for ***!");
}

TEST(RunnerConnection, ParsesDurations) {
  EXPECT_EQ(runner::parse_duration("60s")->count(), 60000);
  EXPECT_EQ(runner::parse_duration("250ms")->count(), 250);
  EXPECT_EQ(runner::parse_duration("2min")->count(), 120000);
  EXPECT_EQ(runner::parse_duration("5")->count(), 5000);
  EXPECT_FALSE(runner::parse_duration("soon"));
}

TEST_F(RunnerTest, UpgradeStatusHistoryDowngrade) {
  migration("0001_create_users", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
            "DROP TABLE users;\n");
  migration("0002_add_name", "ALTER TABLE users ADD COLUMN name text;\n", "ALTER TABLE users DROP COLUMN name;\n");
  migration("0003_index_email",
            "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n",
            "-- sqlmigrate:no-transaction\nDROP INDEX CONCURRENTLY users_email_idx;\n");

  auto st = run("status --exit-code");
  EXPECT_EQ(st.exit_code, 1) << both(st);
  EXPECT_NE(st.out.find("0 applied, 3 pending"), std::string::npos) << both(st);

  auto dry = run("upgrade --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << both(dry);
  EXPECT_NE(dry.out.find("would apply 3 migrations"), std::string::npos) << both(dry);
  EXPECT_EQ(query("SELECT to_regclass('users') IS NULL"), "t") << "--dry-run changed the database";

  auto up = run("upgrade");
  ASSERT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.out.find("applied 3 migrations"), std::string::npos) << both(up);
  EXPECT_NE(up.out.find(": the database is at 0003_index_email\n"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "3");
  EXPECT_EQ(query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_idx'::regclass"), "t");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_log WHERE success AND direction = 'up'"), "3");

  st = run("status --exit-code");
  EXPECT_EQ(st.exit_code, 0) << both(st);
  EXPECT_NE(st.out.find("3 applied, 0 pending"), std::string::npos) << both(st);
  EXPECT_EQ(st.out.find("s3cret"), std::string::npos);

  auto hist = run("history");
  EXPECT_EQ(hist.exit_code, 0) << both(hist);
  EXPECT_NE(hist.out.find("0002_add_name"), std::string::npos) << both(hist);

  auto again = run("upgrade");
  EXPECT_EQ(again.exit_code, 0) << both(again);
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << both(again);
  // The summary says where the database stands, not the target as typed.
  again = run("upgrade 0001");
  EXPECT_NE(again.out.find("nothing to do for `0001`: the database is at 0003_index_email"), std::string::npos)
      << both(again);

  auto down = run("downgrade -1");
  ASSERT_EQ(down.exit_code, 0) << both(down);
  EXPECT_NE(down.out.find("reverted 1 migration (1 unit) in "), std::string::npos) << both(down);
  EXPECT_NE(down.out.find(": the database is at 0002_"), std::string::npos) << both(down);
  EXPECT_EQ(query("SELECT to_regclass('users_email_idx') IS NULL"), "t");
  down = run("downgrade base");
  ASSERT_EQ(down.exit_code, 0) << both(down);
  EXPECT_NE(down.out.find(": the database is at base (no migration applied)"), std::string::npos) << both(down);
  EXPECT_EQ(query("SELECT to_regclass('users') IS NULL"), "t");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history"), "0");
  EXPECT_EQ(run("validate").exit_code, 0);
}

TEST_F(RunnerTest, StampRecordsWithoutRunningAndValidateFindsProblems) {
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  migration("0002_b", "CREATE TABLE b (id int);\n", "DROP TABLE b;\n");
  auto s = run("stamp 0001");
  ASSERT_EQ(s.exit_code, 0) << both(s);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL"), "t") << "stamp ran SQL";
  EXPECT_EQ(query("SELECT string_agg(version, ',') FROM sqlmigrate_history"), "0001");
  auto up = run("upgrade");
  ASSERT_EQ(up.exit_code, 0) << both(up);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL AND to_regclass('b') IS NOT NULL"), "t");

  // An edited applied migration stops upgrade with both checksums; rebaseline accepts the edit.
  migration("0001_a", "-- a comment added later\nCREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  migration("0003_c", "CREATE TABLE c (id int);\n");
  up = run("upgrade");
  EXPECT_EQ(up.exit_code, 2) << both(up);
  EXPECT_NE(up.err.find("was edited after it was applied"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("rebaseline 0001"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT to_regclass('c') IS NULL"), "t") << "upgrade ran despite the edit";
  EXPECT_EQ(run("validate").exit_code, 1);
  auto rb = run("rebaseline 0001");
  ASSERT_EQ(rb.exit_code, 0) << both(rb);
  up = run("upgrade");
  EXPECT_EQ(up.exit_code, 0) << both(up);

  // An applied version whose file is gone.
  fs::remove(m_dir / "migrations" / "0003_c.up.sql");
  auto v = run("validate");
  EXPECT_EQ(v.exit_code, 1) << both(v);
  EXPECT_NE(v.err.find("no migration file has that version"), std::string::npos) << both(v);
  up = run("upgrade");
  EXPECT_EQ(up.exit_code, 2) << both(up);
}

TEST_F(RunnerTest, OutOfOrderIsRefusedUnlessAllowed) {
  migration("0001_a", "CREATE TABLE a (id int);\n");
  migration("0003_c", "CREATE TABLE c (id int);\n");
  ASSERT_EQ(run("upgrade").exit_code, 0);
  migration("0002_b", "CREATE TABLE b (id int);\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 2) << both(up);
  EXPECT_NE(up.err.find("comes before"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("--allow-out-of-order"), std::string::npos) << both(up);
  EXPECT_EQ(run("status --exit-code").exit_code, 1);
  up = run("upgrade --allow-out-of-order");
  EXPECT_EQ(up.exit_code, 0) << both(up);
  EXPECT_EQ(query("SELECT to_regclass('b') IS NOT NULL"), "t");
}

// sqlmigrate.toml's lock_timeout and statement_timeout are checked when the config is read, so a
// typo fails every command at its line: the check accepts exactly what the server accepts.
TEST_F(RunnerTest, TimeSettingsAreCheckedAsThePostgresServerReadsThem) {
  for (const char* value :
       {"5s",   "0",      "1.5s",       "5 s",        " 7 min ",      "250ms",     "10us", "2h",  "24d",
        "100d", "1e3",    "0x10",       "600000",     "5S",           "5 parsecs", "-1",   "nan", "s",
        "5s5",  "5 ms x", "2147483647", "2147483648", "2147483.647s", "1.5",       ".5s"}) {
    const bool server = psql_command(*s_pg, fmt::format("SET lock_timeout = '{}'", value), m_db).ok();
    EXPECT_EQ(compiler::is_pg_time_setting(value), server)
        << "`" << value << "`: the server " << (server ? "accepts" : "refuses") << " it";
  }
}

TEST_F(RunnerTest, FailingStatementNamesFileLineAndLeavesDatabaseAsBefore) {
  migration("0001_a", "CREATE TABLE a (id int);\n");
  migration("0002_b",
            "CREATE TABLE b (id int);\n"
            "\n"
            "INSERT INTO b (id)\n"
            "  SELECT id FROM a;\n"
            "ALTER TABLE b ADD COLUMN x int;\n"
            "UPDATE b SET nope = 1;\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("0002_b.up.sql:6:"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("column \"nope\" of relation \"b\" does not exist"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("rolled back"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT to_regclass('b') IS NULL"), "t") << "the failed migration left changes";
  EXPECT_EQ(query("SELECT string_agg(version, ',') FROM sqlmigrate_history"), "0001");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_log WHERE version = '0002' AND NOT success"), "1");

  // A runtime error (no position from Postgres): the statement that did not complete.
  migration("0002_b", "CREATE TABLE b (id int PRIMARY KEY);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (1);\n");
  up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("0002_b.up.sql:3:"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("Key (id)=(1) already exists"), std::string::npos) << both(up);
}

// Consecutive transactional migrations go to the server as one query string; each is still its own
// transaction with its attempt-log start row committed before it. A failure in the middle: the
// migrations before it are applied and recorded, it is rolled back with a failed attempt row, and
// the ones after it never ran.
TEST_F(RunnerTest, FailureInTheMiddleOfABatch) {
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  // current_query() is the whole string the runner sent: proof that these migrations went together.
  migration("0002_b", "CREATE TABLE b AS SELECT current_query() AS sent;\n", "DROP TABLE b;\n");
  migration("0003_c",
            "CREATE TABLE c (id int PRIMARY KEY);\n"
            "INSERT INTO c VALUES (1), (1);\n"
            "CREATE TABLE c2 (id int);\n",
            "DROP TABLE c2;\nDROP TABLE c;\n");
  migration("0004_d", "CREATE TABLE d (id int);\n", "DROP TABLE d;\n");
  migration("0005_e", "CREATE TABLE e (id int);\n", "DROP TABLE e;\n");
  auto up = run("upgrade -v");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("0003_c.up.sql:2:"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("at its statement 2"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("Key (id)=(1) already exists"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("rolled back"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("2 migrations before it were applied in this run"), std::string::npos) << both(up);
  const auto applied_a = up.err.find("applied  0001_a");
  const auto applied_b = up.err.find("applied  0002_b");
  EXPECT_NE(applied_a, std::string::npos) << both(up);
  EXPECT_NE(applied_b, std::string::npos) << both(up);
  EXPECT_LT(applied_b, up.err.find("0003_c.up.sql:2:")) << "progress lines come before the error\n" << both(up);
  EXPECT_EQ(query("SELECT position('CREATE TABLE a' IN sent) > 0 AND position('0005' IN sent) > 0 FROM b"), "t")
      << "the five migrations were not sent as one batch";
  EXPECT_EQ(query("SELECT string_agg(c::text, ',' ORDER BY c) FROM unnest(ARRAY['a','b','c','c2','d','e']) c "
                  "WHERE to_regclass(c) IS NOT NULL"),
            "a,b");
  EXPECT_EQ(query("SELECT string_agg(version || ':' || state, ',' ORDER BY version) FROM sqlmigrate_history"),
            "0001:applied,0002:applied");
  EXPECT_EQ(query("SELECT string_agg(version || ':' || coalesce(success::text, 'unfinished') || ':' || units_done || ':' "
                  "|| (error IS NOT NULL)::text || ':' || (finished_at >= started_at)::text, ',' ORDER BY id) "
                  "FROM sqlmigrate_history_log"),
            "0001:true:1:false:true,0002:true:1:false:true,0003:false:0:true:true");
  EXPECT_EQ(query("SELECT error FROM sqlmigrate_history_log WHERE version = '0003'"),
            "duplicate key value violates unique constraint \"c_pkey\"");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE duration_ms < 0"), "0");

  // Fixed: the rest goes through, each attempt once more in the log.
  migration("0003_c", "CREATE TABLE c (id int PRIMARY KEY);\nINSERT INTO c VALUES (1);\nCREATE TABLE c2 (id int);\n",
            "DROP TABLE c2;\nDROP TABLE c;\n");
  up = run("upgrade");
  ASSERT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.out.find("applied 3 migrations"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "5");

  // Going down, 0004's down script fails at its first statement: 0005 is reverted, 0004 to 0001 stay.
  migration("0004_d", "CREATE TABLE d (id int);\n", "DROP TABLE d;\nDROP TABLE nope;\n");
  auto down = run("downgrade base");
  EXPECT_EQ(down.exit_code, 3) << both(down);
  EXPECT_NE(down.err.find("0004_d.down.sql:2:"), std::string::npos) << both(down);
  EXPECT_NE(down.err.find("table \"nope\" does not exist"), std::string::npos) << both(down);
  EXPECT_NE(down.err.find("1 migration before it was reverted in this run"), std::string::npos) << both(down);
  EXPECT_EQ(query("SELECT string_agg(version, ',' ORDER BY version) FROM sqlmigrate_history"), "0001,0002,0003,0004");
  EXPECT_EQ(query("SELECT to_regclass('d') IS NOT NULL AND to_regclass('e') IS NULL"), "t");
  EXPECT_EQ(query("SELECT string_agg(version || ':' || coalesce(success::text, 'unfinished'), ',' ORDER BY id) "
                  "FROM sqlmigrate_history_log WHERE direction = 'down'"),
            "0005:true,0004:false");
}

// Postgres's error position counts characters of the whole string sent; multi-byte text in an
// earlier migration of the batch must not shift where the error is shown.
TEST_F(RunnerTest, ErrorPositionInABatchAfterMultibyteText) {
  migration("0001_a", "CREATE TABLE a (id int, note text DEFAULT 'café ☕ naïve');\n");
  migration("0002_b", "CREATE TABLE b (id int);\nUPDATE b SET nope = 1;\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("0002_b.up.sql:2:14:"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT string_agg(version, ',') FROM sqlmigrate_history"), "0001");
}

// A migration may throw away session state that the batch's bookkeeping uses (its prepared writes,
// currval of the attempt log's sequence): it still applies, recorded once, as it would one by one.
TEST_F(RunnerTest, MigrationsThatDiscardSessionStateStillApply) {
  migration("0001_a", "CREATE TABLE a (id int);\n");
  migration("0002_b", "CREATE TABLE b (id int);\nDEALLOCATE ALL;\n");
  migration("0003_c", "CREATE TABLE c (id int);\nDISCARD SEQUENCES;\n");
  migration("0004_d", "CREATE TABLE d (id int);\n");
  // Run on its own (no transaction) between two batches: the next batch finds the writes prepared
  // for the one before gone, and prepares them again.
  migration("0005_e", "-- sqlmigrate:no-transaction\nDEALLOCATE ALL;\n");
  migration("0006_f", "CREATE TABLE f (id int);\n");
  migration("0007_g", "CREATE TABLE g (id int);\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.out.find("applied 7 migrations"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT string_agg(version || ':' || success::text, ',' ORDER BY id) FROM sqlmigrate_history_log"),
            "0001:true,0002:true,0003:true,0004:true,0005:true,0006:true,0007:true");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "7");
  EXPECT_EQ(query("SELECT to_regclass('f') IS NOT NULL AND to_regclass('g') IS NOT NULL"), "t");
}

// Postgres parses a whole query string before running any of it: a statement that only the server
// finds malformed (here a backslash before a quote, with standard_conforming_strings off) fails the
// whole batch at once. The migrations before it must still be applied and the culprit named (as one
// by one: the unterminated string runs into the history write, so the position is not in the file).
TEST_F(RunnerTest, ServerSideSyntaxErrorInABatchNamesTheMigration) {
  query("ALTER DATABASE " + m_db + " SET standard_conforming_strings = off");
  migration("0001_a", "CREATE TABLE a (id int);\n");
  migration("0002_b", "CREATE TABLE b (id int);\nSELECT 'ends with a backslash\\';\n");
  migration("0003_c", "CREATE TABLE c (id int);\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("migration 0002_b failed going up"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("0002_b.up.sql:"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("1 migration before it was applied in this run"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT string_agg(version, ',') FROM sqlmigrate_history"), "0001");
  EXPECT_EQ(query("SELECT to_regclass('b') IS NULL AND to_regclass('c') IS NULL"), "t");
}

// The usual fix after a no-transaction migration stops part-way is to edit the statement that
// failed: the refusal says how to resume (rebaseline), and resuming then works.
TEST_F(RunnerTest, FixingThePartOfAStoppedMigrationThatDidNotRunResumesAfterRebaseline) {
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  migration(
      "0002_idx",
      "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n"
      "CREATE INDEX CONCURRENTLY a_missing_idx ON a (missing);\n",
      "-- sqlmigrate:no-transaction\nDROP INDEX CONCURRENTLY a_missing_idx;\nDROP INDEX CONCURRENTLY a_id_idx;\n");
  auto up = run("upgrade");
  ASSERT_EQ(up.exit_code, 3) << both(up);
  migration("0002_idx",
            "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n"
            "CREATE INDEX CONCURRENTLY a_id2_idx ON a (id);\n",
            "-- sqlmigrate:no-transaction\nDROP INDEX CONCURRENTLY a_id2_idx;\nDROP INDEX CONCURRENTLY a_id_idx;\n");
  up = run("upgrade");
  EXPECT_EQ(up.exit_code, 2) << both(up);
  EXPECT_NE(up.err.find("migration 0002_idx stopped part-way (1 of 2 statements applied) and was edited since"),
            std::string::npos)
      << both(up);
  EXPECT_NE(up.err.find("record the new text with `sqlmigrate rebaseline 0002`"), std::string::npos) << both(up);
  auto rb = run("rebaseline 0002");
  ASSERT_EQ(rb.exit_code, 0) << both(rb);
  up = run("upgrade -v");
  ASSERT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.err.find("resuming at statement 2 of 2"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT count(*) FROM pg_indexes WHERE indexname IN ('a_id_idx', 'a_id2_idx')"), "2");
  EXPECT_EQ(query("SELECT state FROM sqlmigrate_history WHERE version = '0002'"), "applied");
}

// A no-transaction migration made only of BEGIN ... COMMIT blocks goes in a batch too: each block
// its own transaction with its progress row, a failure in the second block (division by zero while
// `a` is empty) leaves the first one recorded, and the next run resumes at the second.
TEST_F(RunnerTest, MultiUnitTransactionalMigrationInABatch) {
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  migration("0002_groups",
            "-- sqlmigrate:no-transaction\nBEGIN;\nCREATE TABLE g1 (id int);\nCOMMIT;\n"
            "BEGIN;\nCREATE TABLE g2 (id int);\nINSERT INTO g2 SELECT 1 / count(*) FROM a;\nCOMMIT;\n",
            "-- sqlmigrate:no-transaction\nBEGIN;\nDROP TABLE g2;\nCOMMIT;\nBEGIN;\nDROP TABLE g1;\nCOMMIT;\n");
  migration("0003_c", "CREATE TABLE c (id int);\n", "DROP TABLE c;\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("0002_groups.up.sql:7:"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("units 1 to 1 of 2 of this migration are done and recorded"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT string_agg(version || ':' || state || ':' || units_done || '/' || units_total, ',' ORDER BY "
                  "version) FROM sqlmigrate_history"),
            "0001:applied:1/1,0002:applying:1/2");
  EXPECT_EQ(query("SELECT to_regclass('g1') IS NOT NULL AND to_regclass('g2') IS NULL AND to_regclass('c') IS NULL"), "t");
  EXPECT_EQ(query("SELECT success::text || ':' || units_done FROM sqlmigrate_history_log WHERE version = '0002'"),
            "false:1");

  query("INSERT INTO a VALUES (1)");
  up = run("upgrade -v");
  ASSERT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.err.find("resuming at statement 2 of 2"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT string_agg(version || ':' || state || ':' || units_done || '/' || units_total, ',' ORDER BY "
                  "version) FROM sqlmigrate_history"),
            "0001:applied:1/1,0002:applied:2/2,0003:applied:1/1");
  EXPECT_EQ(query("SELECT string_agg(version || ':' || success::text || ':' || units_done, ',' ORDER BY id) FROM "
                  "sqlmigrate_history_log"),
            "0001:true:1,0002:false:1,0002:true:2,0003:true:1");
  auto down = run("downgrade base");
  ASSERT_EQ(down.exit_code, 0) << both(down);
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history"), "0");
  EXPECT_EQ(query("SELECT to_regclass('g1') IS NULL AND to_regclass('g2') IS NULL AND to_regclass('a') IS NULL"), "t");
  EXPECT_EQ(query("SELECT string_agg(version || ':' || success::text || ':' || units_done, ',' ORDER BY id) FROM "
                  "sqlmigrate_history_log WHERE direction = 'down'"),
            "0003:true:1,0002:true:2,0001:true:1");
}

// Batches find the attempt row with currval() of the log's sequence, which needs a privilege that
// the one-by-one path does not: a role granted the history tables but not the sequence still runs
// (one by one).
TEST_F(RunnerTest, RoleWithoutTheLogSequencePrivilegeStillRuns) {
  migration("0001_a", "CREATE TABLE a (id int);\n");
  ASSERT_EQ(run("upgrade").exit_code, 0);
  query("DO $$ BEGIN CREATE ROLE noseq LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  query("GRANT CREATE ON SCHEMA public TO noseq");
  query("GRANT SELECT, INSERT, UPDATE, DELETE ON sqlmigrate_history, sqlmigrate_history_log TO noseq");
  migration("0002_b", "CREATE TABLE b (id int);\n");
  migration("0003_c", "CREATE TABLE c (id int);\n");
  const std::string as_noseq = "postgresql://noseq@/" + m_db + "?host=" + s_pg->socket_dir() + "&port=" +
                               std::to_string(s_pg->port());
  auto r = run_shell(cmd("upgrade", as_noseq));
  EXPECT_EQ(r.exit_code, 0) << both(r);
  EXPECT_EQ(query("SELECT string_agg(version || ':' || success::text, ',' ORDER BY id) FROM sqlmigrate_history_log"),
            "0001:true,0002:true,0003:true");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "3");
}

// A lock_timeout inside a batch: the migrations before it stay applied, the one that hit it is
// retried on its own under the same attempt-log row, and the run carries on after it.
TEST_F(RunnerTest, LockTimeoutInsideABatchIsRetried) {
  write("sqlmigrate.toml", "[runner]\nlock_wait = \"30s\"\nlock_timeout = \"100ms\"\n");
  migration("0001_t", "CREATE TABLE t (id int);\n");
  ASSERT_EQ(run("upgrade").exit_code, 0);
  migration("0002_x", "CREATE TABLE x (id int);\n");
  migration("0003_alter", "ALTER TABLE t ADD COLUMN y int;\n");
  migration("0004_z", "CREATE TABLE z (id int);\n");
  std::thread holder([&] {
    psql_command(*s_pg, "BEGIN; LOCK TABLE t IN ACCESS SHARE MODE; SELECT pg_sleep(1.2); COMMIT;", m_db);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto up = run("upgrade -v");
  holder.join();
  EXPECT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.err.find("0003_alter: lock_timeout (100ms) reached; retrying in 500 ms (1 of 4)"), std::string::npos)
      << both(up);
  EXPECT_LT(up.err.find("applied  0002_x"), up.err.find("lock_timeout (100ms) reached")) << both(up);
  EXPECT_NE(up.out.find("applied 3 migrations"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'y'"), "1");
  EXPECT_EQ(query("SELECT string_agg(version || ':' || success::text || ':' || units_done, ',' ORDER BY id) "
                  "FROM sqlmigrate_history_log"),
            "0001:true:1,0002:true:1,0003:true:1,0004:true:1")
      << "a retried migration has one attempt row";
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "4");
}

TEST_F(RunnerTest, FailedConcurrentIndexIsReportedAndRebuiltOnRerun) {
  migration("0001_t", "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (1), (2);\n");
  migration("0002_idx",
            "-- sqlmigrate:no-transaction\n"
            "CREATE TABLE IF NOT EXISTS side (id int);\n"
            "CREATE UNIQUE INDEX CONCURRENTLY t_x_key ON t (x);\n"
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS side_id_idx ON side (id);\n");
  auto up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("0002_idx.up.sql:3:"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("INVALID index"), std::string::npos) << both(up);
  EXPECT_NE(up.err.find("statements 1 to 1 of 3"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT state || ' ' || units_done || '/' || units_total FROM sqlmigrate_history WHERE version = '0002'"),
            "applying 1/3");
  EXPECT_EQ(query("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x_key'::regclass"), "f");
  auto st = run("status");
  EXPECT_NE(st.out.find("partly applied (1 of 3"), std::string::npos) << both(st);
  EXPECT_EQ(run("validate").exit_code, 1);

  query("DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t WHERE x = 1)");
  up = run("upgrade -v");
  EXPECT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.err.find("dropping the INVALID index"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x_key'::regclass"), "t");
  EXPECT_EQ(query("SELECT state FROM sqlmigrate_history WHERE version = '0002'"), "applied");
}

TEST_F(RunnerTest, BuiltIndexWhoseProgressWasLostIsRecordedNotBuiltAgain) {
  migration("0001_t", "CREATE TABLE t (x int);\n");
  migration("0002_idx",
            "-- sqlmigrate:no-transaction\n"
            "CREATE TABLE IF NOT EXISTS side (id int);\n"
            "CREATE UNIQUE INDEX CONCURRENTLY t_x_key ON t (x);\n"
            "CREATE INDEX CONCURRENTLY side_id_idx ON side (id);\n");
  auto up = run("upgrade");
  ASSERT_EQ(up.exit_code, 0) << both(up);
  // As if the run had been killed right after the build of t_x_key finished, before its progress
  // row: history at unit 1 of 3, the attempt unfinished, unit 3 never run.
  query("UPDATE sqlmigrate_history SET state = 'applying', units_done = 1 WHERE version = '0002'");
  query("UPDATE sqlmigrate_history_log SET finished_at = NULL, success = NULL, units_done = NULL "
        "WHERE id = (SELECT max(id) FROM sqlmigrate_history_log WHERE version = '0002')");
  query("DROP INDEX side_id_idx");

  up = run("upgrade -v");
  EXPECT_EQ(up.exit_code, 0) << both(up);
  EXPECT_NE(up.err.find("the index t_x_key is built and valid"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x_key'::regclass"), "t");
  EXPECT_EQ(query("SELECT count(*) FROM pg_index WHERE indexrelid = 'side_id_idx'::regclass"), "1");
  EXPECT_EQ(query("SELECT state || ' ' || units_done || '/' || units_total FROM sqlmigrate_history WHERE version = '0002'"),
            "applied 3/3");

  // An index nobody's failed run left behind is not taken over: building it again fails as
  // Postgres says, and the migration stays pending.
  query("CREATE INDEX t_x_idx ON t (x)");
  migration("0003_idx", "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY t_x_idx ON t (x);\n");
  up = run("upgrade");
  EXPECT_EQ(up.exit_code, 3) << both(up);
  EXPECT_NE(up.err.find("already exists"), std::string::npos) << both(up);
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE version = '0003'"), "0");
}

TEST_F(RunnerTest, BadInputs) {
  migration("0001_a", "CREATE TABLE a (id int);\n");
  // Unreachable server.
  auto r = run_shell(cmd("upgrade", "postgresql://nobody@/postgres?host=/nonexistent-dir&port=1"));
  EXPECT_EQ(r.exit_code, 3) << both(r);
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("connection from --database-url"), std::string::npos) << both(r);
  // No database named anywhere: libpq's defaults are tried, and the help says how to name one.
  r = run_shell("cd " + shell_quote(m_dir.string()) + " && env -u DATABASE_URL PGHOST=/nonexistent-dir PGPORT=1 " +
                sqlmigrate_binary() + " upgrade");
  EXPECT_EQ(r.exit_code, 3) << both(r);
  EXPECT_NE(r.err.find("cannot connect to libpq defaults"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("no database was named"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("--database-url, DATABASE_URL"), std::string::npos) << both(r);

  // A migration that does not parse is reported as such, even though the connections were being
  // opened (to an unreachable server) while the project compiled.
  migration("0002_bad", "CREATE TABLE (;\n");
  r = run_shell(cmd("upgrade", "postgresql://nobody@/postgres?host=/nonexistent-dir&port=1"));
  EXPECT_EQ(r.exit_code, 2) << both(r);
  EXPECT_NE(r.err.find("0002_bad.up.sql:1:"), std::string::npos) << both(r);
  EXPECT_EQ(r.err.find("cannot connect"), std::string::npos) << both(r);
  fs::remove(m_dir / "migrations" / "0002_bad.up.sql");

  // Corrupt config.
  write("sqlmigrate.toml", "[runner\nlock_wait = \n");
  r = run("upgrade");
  EXPECT_EQ(r.exit_code, 2) << both(r);
  write("sqlmigrate.toml", "[runner]\nlock_wait = \"whenever\"\n");
  r = run("upgrade");
  EXPECT_EQ(r.exit_code, 2) << both(r);
  EXPECT_NE(r.err.find("not a duration"), std::string::npos) << both(r);
  write("sqlmigrate.toml", "");

  // Missing privilege: a role that may not create tables in public (Postgres 15's default).
  query("DO $$ BEGIN CREATE ROLE lowpriv LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  const std::string low = "postgresql://lowpriv@/" + m_db + "?host=" + s_pg->socket_dir() + "&port=" +
                          std::to_string(s_pg->port());
  r = run_shell(cmd("upgrade", low));
  EXPECT_EQ(r.exit_code, 3) << both(r);
  EXPECT_NE(r.err.find("permission denied for"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("grant"), std::string::npos) << both(r);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL"), "t");

  // Bad target.
  r = run("upgrade 0099");
  EXPECT_EQ(r.exit_code, 2) << both(r);
}

// Connections opened ahead (while the project compiles) are handed out once each, by application
// name; anything else is opened on demand, and the ones nobody took are closed.
TEST_F(RunnerTest, EarlyConnectionsAreHandedOutOnceByName) {
  const auto sessions = [&](const std::string& name) {
    return query("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + name + "'");
  };
  std::string a_pid;
  {
    runner::EarlyConnections early;
    early.open(url(), {"sqlmigrate early a", "sqlmigrate early b"});
    runner::DbError e;
    auto a = early.connect(url(), "sqlmigrate early a", e);
    ASSERT_NE(a, nullptr) << e.message;
    auto r = a->exec("SELECT current_setting('application_name'), pg_backend_pid()");
    ASSERT_TRUE(r.ok() && r.rows.size() == 1);
    EXPECT_EQ(r.rows[0][0].value_or(""), "sqlmigrate early a");
    a_pid = r.rows[0][1].value_or("");
    // Taken once: the same name again is a new session.
    auto again = early.connect(url(), "sqlmigrate early a", e);
    ASSERT_NE(again, nullptr) << e.message;
    EXPECT_NE(std::to_string(again->backend_pid()), a_pid);
    EXPECT_EQ(sessions("sqlmigrate early b"), "1");  // opened ahead, not taken yet
  }
  // Closed with the object; the server ends the backend a moment later.
  std::string left = "1";
  for (int i = 0; i < 100 && left != "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = sessions("sqlmigrate early b");
  }
  EXPECT_EQ(left, "0");

  // A connection that failed ahead reports its error when asked for, not before.
  runner::EarlyConnections early;
  const std::string nowhere = "postgresql://nobody@/postgres?host=/nonexistent-dir&port=1";
  early.open(nowhere, {"sqlmigrate early c"});
  runner::DbError e;
  EXPECT_EQ(early.connect(nowhere, "sqlmigrate early c", e), nullptr);
  EXPECT_NE(e.message.find("/nonexistent-dir"), std::string::npos) << e.message;
}

// A server that accepts the connection and never answers: a command that fails before it needs the
// connection (a migration that does not parse) still ends at once, with its own error.
TEST_F(RunnerTest, CompileErrorEndsAtOnceWhileTheServerIsSlowToAnswer) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 8), 0);  // the kernel completes the handshake; nobody ever reads or writes
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string silent = "postgresql://nobody@127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/db";
  migration("0001_bad", "CREATE TABLE (;\n");
  const auto t0 = std::chrono::steady_clock::now();
  auto r = run_shell("cd " + shell_quote(m_dir.string()) + " && timeout 20 " + sqlmigrate_binary() +
                     " upgrade --database-url " + shell_quote(silent) + "; echo \"exit=$?\"");
  const auto took = std::chrono::steady_clock::now() - t0;
  close(fd);
  EXPECT_NE(r.out.find("exit=2"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("0001_bad.up.sql:1:"), std::string::npos) << both(r);
  EXPECT_LT(took, std::chrono::seconds(10)) << both(r);
}

TEST_F(RunnerTest, WrongPasswordIsRefusedAndNeverPrinted) {
  // Password authentication for one role on the scratch server's socket.
  query("DO $$ BEGIN CREATE ROLE pwuser LOGIN PASSWORD 'Right-Pa55word'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  const fs::path hba = fs::path(s_pg->data_dir()) / "pg_hba.conf";
  std::string text;
  {
    std::ifstream f(hba);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  if (text.find("pwuser") == std::string::npos) {
    std::ofstream f(hba, std::ios::trunc);
    f << "local all pwuser scram-sha-256\n" << text;
  }
  query("SELECT pg_reload_conf()");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  migration("0001_a", "CREATE TABLE a (id int);\n");
  const std::string base = "@/" + m_db + "?host=" + s_pg->socket_dir() + "&port=" + std::to_string(s_pg->port());
  auto r = run_shell(cmd("status", "postgresql://pwuser:Wrong-Pa55word" + base));
  EXPECT_EQ(r.exit_code, 3) << both(r);
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << both(r);
  EXPECT_EQ((r.out + r.err).find("Wrong-Pa55word"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("pwuser:***@"), std::string::npos) << both(r);

  r = run_shell(cmd("status", "postgresql://pwuser:Right-Pa55word" + base));
  EXPECT_EQ(r.exit_code, 0) << both(r);
  EXPECT_EQ((r.out + r.err).find("Right-Pa55word"), std::string::npos) << both(r);
  EXPECT_NE(r.out.find("pwuser:***@"), std::string::npos) << both(r);
  // key=value form too.
  r = run_shell(cmd("status", "host=" + s_pg->socket_dir() + " port=" + std::to_string(s_pg->port()) +
                                  " dbname=" + m_db + " user=pwuser password=Wrong-Pa55word"));
  EXPECT_EQ(r.exit_code, 3) << both(r);
  EXPECT_EQ((r.out + r.err).find("Wrong-Pa55word"), std::string::npos) << both(r);

  // A malformed connection string is the user's input, not a database failure: exit 2, and the
  // password stays hidden here too.
  for (const std::string& url : std::vector<std::string>{
           "postgresql://pwuser:Wrong-Pa55word@:::x/db", "nonsense", "host=" + s_pg->socket_dir() + " port=5432,abc",
           "host=" + s_pg->socket_dir() + " connect_timeout=x password=Wrong-Pa55word"}) {
    r = run_shell(cmd("status", url));
    EXPECT_EQ(r.exit_code, 2) << url << ": " << both(r);
    EXPECT_NE(r.err.find("error[invalid-database-url]"), std::string::npos) << both(r);
    EXPECT_EQ((r.out + r.err).find("Wrong-Pa55word"), std::string::npos) << both(r);
  }
}

// The longest history table name the config accepts (58 bytes: `_lock` makes 63), in upper case so
// that every name made from it must be quoted: both lock modes see each other's lock, and `verify`
// does not mistake the attempt log's id sequence (whose name Postgres shortens) for a schema object.
TEST_F(RunnerTest, HistoryTableNameAtPostgresLimit) {
  const std::string name = "History_" + std::string(50, 'x');
  ASSERT_EQ(name.size(), 58U);
  write("sqlmigrate.toml", "[runner]\nlock_wait = \"30s\"\nhistory_table = \"" + name + "\"\n");
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  auto r = run("upgrade --lock-mode table");
  ASSERT_EQ(r.exit_code, 0) << both(r);
  EXPECT_EQ(query("SELECT count(*) FROM \"" + name + "\" WHERE state = 'applied'"), "1");
  r = run("downgrade base");
  ASSERT_EQ(r.exit_code, 0) << both(r);
  // A live lease of a run with lock_mode = "table" keeps an advisory run out.
  query("INSERT INTO \"" + name + "_lock\" VALUES (1, 'the pooled deploy', now(), now())");
  r = run("upgrade --lock-wait 500ms");
  EXPECT_EQ(r.exit_code, 5) << both(r);
  EXPECT_NE(r.err.find("the pooled deploy"), std::string::npos) << both(r);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL"), "t");
  query("DELETE FROM \"" + name + "_lock\"");
  r = run_shell("cd " + shell_quote(m_dir.string()) + " && " + sqlmigrate_binary() + " verify");
  EXPECT_EQ(r.exit_code, 0) << both(r);
}

TEST_F(RunnerTest, LockWaitExceededNamesTheHolder) {
  migration("0001_a", "CREATE TABLE a (id int);\n");
  const auto key = runner::run_lock_key(runner::HistoryTable{});
  // Hold the run lock from another session for a few seconds.
  std::thread holder([&] {
    psql_command(*s_pg, "SET application_name = 'the other deploy'; SELECT pg_advisory_lock(" + std::to_string(key) +
                            "); SELECT pg_sleep(4)",
                 m_db);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto r = run("upgrade --lock-wait 1s");
  holder.join();
  EXPECT_EQ(r.exit_code, 5) << both(r);
  EXPECT_NE(r.err.find("the other deploy"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("backend pid"), std::string::npos) << both(r);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL"), "t");
  r = run("upgrade");
  EXPECT_EQ(r.exit_code, 0) << both(r);
}

TEST_F(RunnerTest, TableLockModeWorks) {
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  for (int i = 2; i <= 8; ++i) migration("000" + std::to_string(i) + "_t", "CREATE TABLE t" + std::to_string(i) + " (id int);\n");
  // The second batch (the first holds 8 migrations) records the session's prepared statements. In
  // this mode (behind a transaction-pooling PgBouncer) every batch prepares its own and deallocates
  // them at its end, so none of the first batch's are left.
  migration("0009_seen", "CREATE TABLE seen AS SELECT name FROM pg_prepared_statements;\n");
  auto r = run("upgrade --lock-mode table");
  EXPECT_EQ(r.exit_code, 0) << both(r);
  EXPECT_EQ(query("SELECT count(*) FROM seen"), "3");
  EXPECT_EQ(query("SELECT count(*) FROM seen WHERE name LIKE 'sqlmigrate\\_%\\_1\\_%'"), "0");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_lock"), "0") << "the lease was not released";
  query("INSERT INTO sqlmigrate_history_lock VALUES (1, 'someone else', now(), now())");
  r = run("downgrade base --lock-mode table --lock-wait 500ms");
  EXPECT_EQ(r.exit_code, 5) << both(r);
  EXPECT_NE(r.err.find("someone else"), std::string::npos) << both(r);
}

// Runs configured with different lock modes (one through PgBouncer with lock_mode = "table", one
// direct) still exclude each other: each mode also checks the other's lock.
TEST_F(RunnerTest, TheTwoLockModesExcludeEachOther) {
  migration("0001_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n");
  const auto key = runner::run_lock_key(runner::HistoryTable{});
  std::thread holder([&] {
    psql_command(*s_pg,
                 "SET application_name = 'the advisory deploy'; SELECT pg_advisory_lock(" + std::to_string(key) +
                     "); SELECT pg_sleep(4)",
                 m_db);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto r = run("upgrade --lock-mode table --lock-wait 1s");
  holder.join();
  EXPECT_EQ(r.exit_code, 5) << both(r);
  EXPECT_NE(r.err.find("the advisory deploy"), std::string::npos) << both(r);
  EXPECT_NE(r.err.find("with lock_mode = \"advisory\""), std::string::npos) << both(r);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL"), "t");
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_lock"), "0") << "the table-mode run kept its lease";

  // A live lease keeps an advisory run out; a stale one (its holder died) does not.
  query("INSERT INTO sqlmigrate_history_lock VALUES (1, 'the pooled deploy', now(), now())");
  r = run("upgrade --lock-wait 500ms");
  EXPECT_EQ(r.exit_code, 5) << both(r);
  EXPECT_NE(r.err.find("the pooled deploy with lock_mode = \"table\""), std::string::npos) << both(r);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NULL"), "t");
  query("UPDATE sqlmigrate_history_lock SET heartbeat_at = now() - interval '1 hour'");
  r = run("upgrade --lock-wait 500ms");
  EXPECT_EQ(r.exit_code, 0) << both(r);
  EXPECT_EQ(query("SELECT to_regclass('a') IS NOT NULL"), "t");
}

// Eight runs at once: each migration applied exactly once, every run exits 0 (or 5), and the
// concurrent index build in the winner is not stalled by the waiters.
TEST_F(RunnerTest, EightConcurrentUpgrades) {
  migration("0001_t", "CREATE TABLE t (id int, v text);\nINSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g;\n");
  migration("0002_slow", "CREATE TABLE slow (id int);\nSELECT pg_sleep(1);\n");
  migration("0003_idx", "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY t_v_idx ON t (v);\n");
  for (int i = 4; i <= 12; ++i) {
    char stem[32];
    std::snprintf(stem, sizeof stem, "%04d_m%d", i, i);
    migration(stem, "CREATE TABLE m" + std::to_string(i) + " (id int);\n");
  }
  std::vector<ProcessResult> results(8);
  std::vector<std::thread> threads;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] { results[static_cast<std::size_t>(i)] = run("upgrade --lock-wait 60s"); });
  }
  for (auto& t : threads) t.join();
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  int winners = 0;
  for (const auto& r : results) {
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 5) << both(r);
    if (r.out.find("applied 12 migrations") != std::string::npos) ++winners;
  }
  EXPECT_EQ(winners, 1);
  EXPECT_LT(elapsed, std::chrono::seconds(30)) << "runs were stalled";
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "12");
  EXPECT_EQ(query("SELECT count(*) FROM (SELECT version FROM sqlmigrate_history_log WHERE direction = 'up' "
                  "GROUP BY version HAVING count(*) <> 1) x"),
            "0")
      << "a migration was attempted more than once";
  EXPECT_EQ(query("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass"), "t");
  const int cic_ms = std::stoi(query("SELECT round(extract(epoch FROM finished_at - started_at) * 1000) FROM "
                                     "sqlmigrate_history_log WHERE version = '0003'"));
  EXPECT_LT(cic_ms, 5000) << "the concurrent index build waited on the other runs";
}

pid_t spawn(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, SQLMIGRATE_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// SIGKILL at random moments during a 50-migration upgrade that mixes transactional and autocommit
// units; after each kill the history never disagrees with the schema for transactional migrations,
// and a rerun completes.
TEST_F(RunnerTest, SigkillAtRandomMomentsThenRerun) {
  constexpr int k_migrations = 50;
  constexpr int k_trials = 22;
  for (int i = 1; i <= k_migrations; ++i) {
    char stem[32];
    std::snprintf(stem, sizeof stem, "%04d_m%d", i, i);
    const std::string n = std::to_string(i);
    if (i % 5 == 0) {
      migration(stem, "-- sqlmigrate:no-transaction\nCREATE TABLE IF NOT EXISTS n" + n + " (id int);\n" +
                          "CREATE INDEX CONCURRENTLY IF NOT EXISTS n" + n + "_idx ON n" + n + " (id);\n" +
                          "SELECT pg_sleep(0.01);\n");
    } else {
      migration(stem, "CREATE TABLE m" + n + " (id int);\nINSERT INTO m" + n + " VALUES (" + n +
                          ");\nSELECT pg_sleep(0.005);\n");
    }
  }
  // How long one uninterrupted run takes here: kills are spread over that time.
  auto t0 = std::chrono::steady_clock::now();
  {
    const std::string db = m_db + "_calibrate";
    ASSERT_TRUE(psql_command(*s_pg, "CREATE DATABASE " + db).ok());
    t0 = std::chrono::steady_clock::now();
    auto r = run_shell("cd " + shell_quote(m_dir.string()) + " && " + sqlmigrate_binary() +
                       " upgrade --database-url " + shell_quote(s_pg->url(db)));
    ASSERT_EQ(r.exit_code, 0) << both(r);
  }
  const auto full_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> when(5, std::max(10, full_ms * 3 / 4));
  int killed_mid_run = 0;
  for (int trial = 0; trial < k_trials; ++trial) {
    const std::string db = m_db + "_k" + std::to_string(trial);
    ASSERT_TRUE(psql_command(*s_pg, "CREATE DATABASE " + db).ok());
    const std::string u = s_pg->url(db);
    const pid_t pid = spawn(m_dir.string(), {SQLMIGRATE_BINARY, "upgrade", "--database-url", u});
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(when(rng)));
    ::kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed_mid_run;
    // Let a statement the dead client left running finish, then check the invariant.
    // Transactional migrations: the table exists exactly when the history says applied.
    const auto consistent = [&](bool complete) {
      const bool has_history =
          trimmed(psql_command(*s_pg, "SELECT to_regclass('sqlmigrate_history') IS NOT NULL", db).out) == "t";
      const std::string recorded =
          has_history ? "EXISTS (SELECT 1 FROM sqlmigrate_history h WHERE h.version = lpad(i::text, 4, '0') AND "
                        "h.state = 'applied')"
                      : "false";
      auto r = psql_command(*s_pg,
                            "SELECT coalesce(string_agg(i::text, ','), '') FROM generate_series(1, " +
                                std::to_string(k_migrations) + ") i WHERE i % 5 <> 0 AND ((to_regclass('m' || i) IS NOT "
                                "NULL) <> " + recorded + (complete ? " OR to_regclass('m' || i) IS NULL)" : ")"),
                            db);
      EXPECT_TRUE(r.ok()) << r.err;
      EXPECT_EQ(trimmed(r.out), "") << "trial " << trial << ": migrations whose table and history row disagree";
    };
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    consistent(false);
    auto r = run_shell("cd " + shell_quote(m_dir.string()) + " && " + sqlmigrate_binary() + " upgrade --database-url " +
                       shell_quote(u));
    EXPECT_EQ(r.exit_code, 0) << "trial " << trial << "\n" << both(r);
    consistent(true);
    EXPECT_EQ(trimmed(psql_command(*s_pg, "SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'", db).out),
              std::to_string(k_migrations))
        << "trial " << trial;
    EXPECT_EQ(trimmed(psql_command(*s_pg,
                                   "SELECT count(*) FROM pg_index WHERE NOT indisvalid", db)
                          .out),
              "0")
        << "trial " << trial;
    psql_command(*s_pg, "DROP DATABASE " + db + " WITH (FORCE)");
  }
  EXPECT_GE(killed_mid_run, 20) << "kills came after the run had finished (a full run took " << full_ms << " ms)";
}

// A killed runner must not leave a batch of migrations running on the server: the runner's session
// sets client_connection_check_interval (Postgres 14+), so the server notices the dead client
// within about a second and stops, instead of running the rest of the batch.
TEST_F(RunnerTest, KilledRunnerDoesNotLeaveItsBatchRunning) {
  auto version = psql_command(*s_pg, "SHOW server_version_num", m_db);
  ASSERT_TRUE(version.ok()) << version.err;
  if (std::stoi(trimmed(version.out)) < 140000) GTEST_SKIP() << "client_connection_check_interval needs Postgres 14";
  for (int i = 1; i <= 8; ++i) {
    char stem[32];
    std::snprintf(stem, sizeof stem, "%04d_slow%d", i, i);
    migration(stem, "CREATE TABLE slow" + std::to_string(i) + " (id int);\nSELECT pg_sleep(0.5);\n");
  }
  const pid_t pid = spawn(m_dir.string(), {SQLMIGRATE_BINARY, "upgrade", "--database-url", url()});
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ::kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const auto killed_at = std::chrono::steady_clock::now();
  // The whole batch would need about 3.3 s more; the server gives up within about a second.
  std::string running = "1";
  while (running != "0" && std::chrono::steady_clock::now() - killed_at < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    running = query("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'sqlmigrate upgrade%'");
  }
  const auto gone_after = std::chrono::steady_clock::now() - killed_at;
  EXPECT_EQ(running, "0");
  EXPECT_LT(gone_after, std::chrono::milliseconds(2500)) << "the batch kept running after its client died";
  const int applied = std::stoi(query("SELECT count(*) FROM sqlmigrate_history"));
  EXPECT_LT(applied, 6) << "the batch ran on after the client died";
  // Every applied migration is recorded with its finish row; the interrupted one has a start row only.
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_log WHERE success"), std::to_string(applied));
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history_log WHERE finished_at IS NULL"), "1");
  auto r = run("upgrade");
  EXPECT_EQ(r.exit_code, 0) << both(r);
  EXPECT_EQ(query("SELECT count(*) FROM sqlmigrate_history WHERE state = 'applied'"), "8");
}

TEST_F(RunnerTest, VerifyAppliesRollsBackAndReappliesOnScratch) {
  migration("0001_a", "CREATE TABLE a (id int PRIMARY KEY, v text);\n", "DROP TABLE a;\n");
  migration("0002_b", "CREATE INDEX a_v ON a (v);\n", "DROP INDEX a_v;\n");
  auto r = run_shell("cd " + shell_quote(m_dir.string()) + " && " + sqlmigrate_binary() + " verify");
  EXPECT_EQ(r.exit_code, 0) << both(r);
  EXPECT_NE(r.out.find("verified 2 migrations"), std::string::npos) << both(r);
  // A down migration that forgets something is caught.
  migration("0002_b", "CREATE INDEX a_v ON a (v);\nCREATE TABLE leftover (id int);\n", "DROP INDEX a_v;\n");
  r = run_shell("cd " + shell_quote(m_dir.string()) + " && " + sqlmigrate_binary() + " verify");
  EXPECT_EQ(r.exit_code, 1) << both(r);
  EXPECT_NE(r.err.find("leftover"), std::string::npos) << both(r);
}

}  // namespace
}  // namespace sqlmigrate::testing
