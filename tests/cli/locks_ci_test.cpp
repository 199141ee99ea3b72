// `sqlmigrate locks`, `lint --changed-since` and `[lint] start_after`, through the binary.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "tests/support/json.hpp"
#include "tests/support/process.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

class TempRepo {
 public:
  TempRepo() {
    char tmpl[] = "/tmp/sqlmigrate-ci-XXXXXX";
    m_path = mkdtemp(tmpl);
    fs::create_directories(m_path / "migrations");
  }
  ~TempRepo() { fs::remove_all(m_path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(m_path / name) << text; }
  ProcessResult run(const std::string& command) const {
    return run_shell("cd " + shell_quote(m_path.string()) + " && " + command);
  }
  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

constexpr const char* k_git = "git -c user.email=t@example.com -c user.name=t -c init.defaultBranch=main";

TEST(LocksCommand, TextShowsModesBlocksAndRewrites) {
  TempRepo repo;
  repo.write("migrations/0001_orders.up.sql", "CREATE TABLE orders (id bigint);\nCREATE INDEX o_idx ON orders (id);\n");
  repo.write("migrations/0002_token.up.sql",
             "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();\n");
  const auto r = repo.run(sqlmigrate_binary() + " locks --color never");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("migrations/0001_orders.up.sql:2:1: CREATE INDEX o_idx ON orders (id)\n"
                       "    orders  SHARE  new in this migration, blocks nobody (CREATE INDEX)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("migrations/0002_token.up.sql:1:1: SET lock_timeout = '5s'\n    no table locks"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("orders  ACCESS EXCLUSIVE  blocks reads, writes and DDL, held until commit (ADD COLUMN)\n"
                       "                              rewrites the table: a volatile default is evaluated for every "
                       "existing row"),
            std::string::npos)
      << r.out;
}

// The catalog answers what the statement alone cannot: whether a type change rewrites.
TEST(LocksCommand, TypeChangesUseTheColumnTypeFromEarlierMigrations) {
  TempRepo repo;
  repo.write("migrations/0001_t.up.sql", "CREATE TABLE t (a varchar(10), b int);\n");
  repo.write("migrations/0002_alter.up.sql",
             "ALTER TABLE t ALTER COLUMN a TYPE text;\nALTER TABLE t ALTER COLUMN b TYPE bigint;\n");
  const auto r = repo.run(sqlmigrate_binary() + " locks --color never");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = r.out.find("ALTER TABLE t ALTER COLUMN a TYPE text");
  const auto b = r.out.find("ALTER TABLE t ALTER COLUMN b TYPE bigint");
  ASSERT_NE(a, std::string::npos) << r.out;
  ASSERT_NE(b, std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(a, b - a).find("rewrite"), std::string::npos) << r.out;  // varchar -> text: no rewrite
  EXPECT_NE(r.out.find("rewrites the table: the new type is not binary-coercible", b), std::string::npos) << r.out;
}

TEST(LocksCommand, JsonIsWellFormed) {
  TempRepo repo;
  repo.write("migrations/0001_fk.up.sql",
             "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id) NOT VALID;\n");
  const auto r = repo.run(sqlmigrate_binary() + " locks --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string error;
  const auto doc = parse_json(r.out, &error);
  ASSERT_TRUE(doc) << error << r.out;
  const Json& stmt = (*doc)["statements"][0];
  EXPECT_EQ(stmt["command"].string, "ALTER TABLE");
  EXPECT_EQ(stmt["line"].number, 1);
  ASSERT_EQ(stmt["locks"].array.size(), 2U);
  EXPECT_EQ(stmt["locks"][0]["relation"].string, "public.orders");
  EXPECT_EQ(stmt["locks"][0]["mode"].string, "SHARE ROW EXCLUSIVE");
  EXPECT_EQ(stmt["locks"][0]["scan"].string, "no");
  EXPECT_TRUE(stmt["locks"][0]["blocks"]["writes"].boolean);
  EXPECT_FALSE(stmt["locks"][0]["blocks"]["reads"].boolean);
  EXPECT_EQ(stmt["locks"][1]["relation"].string, "public.customers");
}

TEST(LocksCommand, SyntaxErrorExitsTwo) {
  TempRepo repo;
  repo.write("migrations/0001_bad.up.sql", "SELEC 1;\n");
  const auto r = repo.run(sqlmigrate_binary() + " locks");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("syntax-error"), std::string::npos) << r.err;
}

TEST(ChangedSince, ReportsOnlyChangedMigrationsButReplaysAll) {
  TempRepo repo;
  repo.write("migrations/0001_orders.up.sql", "CREATE TABLE orders (id bigint);\nCREATE INDEX a ON orders (id);\n");
  repo.write("migrations/0001_orders.down.sql", "DROP TABLE orders;\n");
  const auto init = repo.run(std::string(k_git) + " init -q && " + k_git + " add . && " + k_git + " commit -qm one");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  // An old migration with a finding (a plain CREATE INDEX on an existing table) that is not reported.
  repo.write("migrations/0002_old.up.sql", "CREATE INDEX b ON orders (id);\n");
  repo.write("migrations/0002_old.down.sql", "DROP INDEX b;\n");
  ASSERT_EQ(repo.run(std::string(k_git) + " add . && " + k_git + " commit -qm two").exit_code, 0);
  // New, untracked: orders exists before it only if 0001 was replayed.
  repo.write("migrations/0003_new.up.sql", "CREATE INDEX c ON orders (id);\n");
  repo.write("migrations/0003_new.down.sql", "DROP INDEX c;\n");

  auto r = repo.run(sqlmigrate_binary() + " lint --format gcc --changed-since HEAD");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "migrations/0003_new.up.sql:1:1: warning: building an index c on orders without CONCURRENTLY "
                   "blocks all writes to orders until it finishes [require-concurrent-index-creation]\n");
  r = repo.run(sqlmigrate_binary() + " lint --format gcc --changed-since HEAD~1");
  EXPECT_NE(r.out.find("0002_old.up.sql"), std::string::npos) << r.out;
  // A changed down file counts as a change of its migration.
  repo.write("migrations/0002_old.down.sql", "DROP INDEX IF EXISTS b;\n");
  r = repo.run(sqlmigrate_binary() + " lint --format gcc --changed-since HEAD");
  EXPECT_NE(r.out.find("0002_old.up.sql"), std::string::npos) << r.out;
}

TEST(ChangedSince, BadRefAndNoRepositoryExitTwo) {
  TempRepo repo;
  repo.write("migrations/0001_a.up.sql", "SELECT 1;\n");
  auto r = repo.run(sqlmigrate_binary() + " lint --changed-since main");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("needs a git repository"), std::string::npos) << r.out;
  ASSERT_EQ(repo.run(std::string(k_git) + " init -q").exit_code, 0);
  r = repo.run(sqlmigrate_binary() + " lint --changed-since no-such-ref");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("`no-such-ref` does not name a commit"), std::string::npos) << r.out;
}

// git runs in the repository that holds the migrations, not in the current folder: linted from
// another repository, the migrations must still be compared with their own history.
TEST(ChangedSince, UsesTheRepositoryOfTheMigrations) {
  TempRepo project;
  project.write("migrations/0001_orders.up.sql", "CREATE TABLE orders (id bigint);\n");
  project.write("migrations/0001_orders.down.sql", "DROP TABLE orders;\n");
  ASSERT_EQ(
      project.run(std::string(k_git) + " init -q && " + k_git + " add . && " + k_git + " commit -qm one").exit_code, 0);
  project.write("migrations/0002_new.up.sql", "CREATE INDEX c ON orders (id);\n");
  project.write("migrations/0002_new.down.sql", "DROP INDEX c;\n");
  TempRepo elsewhere;  // another repository, with a commit of its own
  elsewhere.write("README", "another project\n");
  ASSERT_EQ(
      elsewhere.run(std::string(k_git) + " init -q && " + k_git + " add . && " + k_git + " commit -qm other").exit_code,
      0);
  const std::string migrations = shell_quote((project.path() / "migrations").string());
  auto r = elsewhere.run(sqlmigrate_binary() + " lint --format gcc --changed-since HEAD " + migrations);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("migrations/0002_new.up.sql:1:1: warning: building an index c on orders"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("0001_orders"), std::string::npos) << r.out;
  // A file named alone: its own repository too.
  r = elsewhere.run(sqlmigrate_binary() + " lint --format gcc --changed-since HEAD " +
                    shell_quote((project.path() / "migrations" / "0002_new.up.sql").string()));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("0002_new.up.sql:1:1: warning:"), std::string::npos) << r.out;

  // Migrations outside any repository, linted from inside one: an error, not a quiet pass.
  TempRepo untracked;
  untracked.write("migrations/0001_a.up.sql", "CREATE INDEX a ON t (id);\n");
  r = elsewhere.run(sqlmigrate_binary() + " lint --changed-since HEAD " +
                    shell_quote((untracked.path() / "migrations").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("error[git-error]: --changed-since needs a git repository, and the migrations in `" +
                       (untracked.path() / "migrations").string() + "` are not in one"),
            std::string::npos)
      << r.out;
}

// Before a repository's first commit (the pre-commit hook on the very first commit), HEAD names no
// commit yet: every staged or untracked migration is new.
TEST(ChangedSince, UnbornHeadCountsEveryFileAsChanged) {
  TempRepo repo;
  repo.write("migrations/0001_orders.up.sql", "CREATE TABLE orders (id bigint);\nCREATE INDEX a ON orders (id);\n");
  repo.write("migrations/0001_orders.down.sql", "DROP TABLE orders;\n");
  repo.write("migrations/0002_idx.up.sql", "CREATE INDEX b ON orders (id);\n");
  ASSERT_EQ(repo.run(std::string(k_git) + " init -q && " + k_git + " add migrations/0001_orders.up.sql " +
                     "migrations/0001_orders.down.sql")
                .exit_code,
            0);
  for (const char* ref : {"HEAD", "main"}) {
    SCOPED_TRACE(ref);
    const auto r = repo.run(sqlmigrate_binary() + " lint --format gcc --changed-since " + ref);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(r.out.find("git-error"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("migrations/0002_idx.up.sql:1:1: warning: building an index b"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("missing-down-migration"), std::string::npos) << r.out;  // 0002, untracked
  }
  // Staged, with nothing untracked: still every file.
  repo.write("migrations/0002_idx.down.sql", "DROP INDEX b;\n");
  ASSERT_EQ(repo.run(std::string(k_git) + " add .").exit_code, 0);
  const auto r = repo.run(sqlmigrate_binary() + " lint --format gcc --changed-since HEAD");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("migrations/0002_idx.up.sql:1:1: warning: building an index b"), std::string::npos) << r.out;
  // Another ref still has to name a commit.
  const auto bad = repo.run(sqlmigrate_binary() + " lint --changed-since origin/main");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("`origin/main` does not name a commit"), std::string::npos) << bad.out;
}

TEST(StartAfter, GrandfathersOldMigrations) {
  TempRepo repo;
  repo.write("migrations/0001_orders.up.sql", "CREATE TABLE orders (id bigint);\n");
  repo.write("migrations/0001_orders.down.sql", "DROP TABLE orders;\n");
  repo.write("migrations/0002_old.up.sql", "CREATE INDEX b ON orders (id);\n");
  repo.write("migrations/0003_new.up.sql", "CREATE INDEX c ON orders (id);\n");
  repo.write("sqlmigrate.toml", "[lint]\nstart_after = \"2\"\n");
  auto r = repo.run(sqlmigrate_binary() + " lint --format gcc");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find("0002_old"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("migrations/0003_new.up.sql:1:1: warning: building an index c on orders"), std::string::npos)
      << r.out;
  repo.write("sqlmigrate.toml", "[lint]\nstart_after = 2\n");
  r = repo.run(sqlmigrate_binary() + " lint");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("`start_after` must be a migration version in quotes"), std::string::npos) << r.out;

  // A version no migration has would grandfather too much, or everything, without a word.
  repo.write("sqlmigrate.toml", "[lint]\nstart_after = \"0009\"\n");
  r = repo.run(sqlmigrate_binary() + " lint");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("sqlmigrate.toml:2:15: error[invalid-config]: `start_after` is \"0009\", which is not the "
                       "version of any migration in `migrations`"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the first and last here are 0001 and 0003); as it is, 3 of 3 migrations would not be linted"),
            std::string::npos)
      << r.out;
  // Files named one by one are not the whole folder: there, start_after only filters.
  r = repo.run(sqlmigrate_binary() + " lint migrations/0003_new.up.sql");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

// A lint gate must fail wherever `plan` and `upgrade` refuse the folder: each case exits 2 from both,
// with the same code, and a rule that already failed the statement is not doubled by the script error.
TEST(LintGate, FailsWhereThePlanRefuses) {
  struct Case {
    const char* name;
    std::vector<std::pair<const char*, const char*>> files;
    const char* config;
    const char* expected;  // gcc-format line start, from lint
    const char* code;      // the plan's error code
  };
  const std::vector<Case> cases = {
      {"concurrent drop in a transactional down file",
       {{"0001_t.up.sql", "CREATE TABLE t (id bigint);\n"},
        {"0001_t.down.sql", "DROP TABLE t;\n"},
        {"0002_i.up.sql", "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id);\n"},
        {"0002_i.down.sql", "DROP INDEX CONCURRENTLY IF EXISTS i;\nSELECT 1;\n"}},
       "",
       "migrations/0002_i.down.sql:1:1: error: DROP INDEX CONCURRENTLY cannot run inside a transaction block",
       "statement-needs-no-transaction"},
      {"unknown parent",
       {{"0001_t.up.sql", "CREATE TABLE t (id bigint);\n"},
        {"0001_t.down.sql", "DROP TABLE t;\n"},
        {"0002_u.up.sql", "-- sqlmigrate:depends-on 0009\nCREATE TABLE u (id bigint);\n"},
        {"0002_u.down.sql", "DROP TABLE u;\n"}},
       "",
       "migrations/0002_u.up.sql:1:1: error: migration 0002 depends on version 0009, which no migration has",
       "unknown-parent"},
      {"cycle",
       {{"0001_t.up.sql", "-- sqlmigrate:depends-on 0002\nCREATE TABLE t (id bigint);\n"},
        {"0001_t.down.sql", "DROP TABLE t;\n"},
        {"0002_u.up.sql", "-- sqlmigrate:depends-on 1\nCREATE TABLE u (id bigint);\n"},
        {"0002_u.down.sql", "DROP TABLE u;\n"}},
       "",
       "migrations/0001_t.up.sql:1:1: error: migrations depend on each other in a cycle: 0001 -> 0002 -> 0001",
       "dependency-cycle"},
      {"depends-on in a down file",
       {{"0001_t.up.sql", "CREATE TABLE t (id bigint);\n"},
        {"0001_t.down.sql", "-- sqlmigrate:depends-on 0001\nDROP TABLE t;\n"}},
       "",
       "migrations/0001_t.down.sql:1:1: error: depends-on belongs in the up file",
       "misplaced-directive"},
      {"COMMIT in a transactional up file, transaction-nesting off",
       {{"0001_t.up.sql", "CREATE TABLE t (id bigint);\nCOMMIT;\n"}, {"0001_t.down.sql", "DROP TABLE t;\n"}},
       "[rules]\ntransaction-nesting = \"off\"\n",
       "migrations/0001_t.up.sql:2:1: error: COMMIT is written in a migration that already runs as one transaction",
       "transaction-control-in-transaction"},
      {"VACUUM in a transactional up file, its rule ignored",
       {{"0001_t.up.sql",
         "CREATE TABLE t (id bigint);\n-- sqlmigrate:ignore ban-concurrent-index-creation-in-transaction\n"
         "VACUUM t;\n"},
        {"0001_t.down.sql", "DROP TABLE t;\n"}},
       "",
       "migrations/0001_t.up.sql:3:1: error: VACUUM cannot run inside a transaction block",
       "statement-needs-no-transaction"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempRepo repo;
    for (const auto& [name, text] : c.files) repo.write(std::string("migrations/") + name, text);
    repo.write("sqlmigrate.toml", c.config);
    const auto lint = repo.run(sqlmigrate_binary() + " lint --format gcc");
    EXPECT_EQ(lint.exit_code, 2) << lint.out << lint.err;
    EXPECT_NE(lint.out.find(c.expected), std::string::npos) << lint.out;
    const auto plan = repo.run(sqlmigrate_binary() + " plan");
    EXPECT_EQ(plan.exit_code, 2) << plan.out;
    EXPECT_NE((plan.out + plan.err).find(std::string("error[") + c.code + "]"), std::string::npos)
        << plan.out << plan.err;
    const auto json = repo.run(sqlmigrate_binary() + " lint --format json");
    EXPECT_NE(json.out.find(std::string("\"code\":\"") + c.code + "\""), std::string::npos) << json.out;
  }

  // Where a rule already failed the statement, its finding stands alone, in place of the plan's
  // error: not doubled, but the plan refuses the file all the same, so lint exits 2 whatever
  // --fail-on says, and the finding's origin is `input`.
  TempRepo repo;
  repo.write("migrations/0001_t.up.sql",
             "CREATE TABLE t (id bigint);\nCREATE INDEX CONCURRENTLY i ON t (id);\nBEGIN;\nSELECT 1;\nCOMMIT;\n");
  repo.write("migrations/0001_t.down.sql", "DROP TABLE t;\n");
  for (const char* fail_on : {"", " --fail-on none", " --fail-on error"}) {
    SCOPED_TRACE(fail_on);
    const auto r = repo.run(sqlmigrate_binary() + " lint --format gcc" + fail_on);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("0001_t.up.sql:2:1: error: CREATE INDEX CONCURRENTLY"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[ban-concurrent-index-creation-in-transaction]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[transaction-nesting]"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("[statement-needs-no-transaction]"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("[transaction-control-in-transaction]"), std::string::npos) << r.out;
  }
  EXPECT_EQ(repo.run(sqlmigrate_binary() + " plan").exit_code, 2);
  const auto json = repo.run(sqlmigrate_binary() + " lint --format json --fail-on none");
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_NE(json.out.find("\"code\":\"ban-concurrent-index-creation-in-transaction\",\"severity\":\"error\","
                          "\"origin\":\"input\""),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"code\":\"transaction-nesting\",\"severity\":\"error\",\"origin\":\"input\""),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"failed\":true"), std::string::npos) << json.out;

  // The same rule as a warning fails nothing itself: the plan's own error is reported, exit 2.
  repo.write("sqlmigrate.toml", "[rules]\nban-concurrent-index-creation-in-transaction = \"warning\"\n");
  const auto warned = repo.run(sqlmigrate_binary() + " lint --format gcc --fail-on none");
  EXPECT_EQ(warned.exit_code, 2) << warned.out;
  EXPECT_NE(warned.out.find("[statement-needs-no-transaction]"), std::string::npos) << warned.out;
}

}  // namespace
}  // namespace sqlmigrate::testing
