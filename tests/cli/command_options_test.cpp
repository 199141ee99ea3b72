// Global options after the command, and option values that name nothing: `plan -N` without a
// starting point, `init --dir ""`.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

std::string in(const TempDir& dir) { return "cd " + shell_quote(dir.path().string()) + " && "; }

TEST(CommandOptions, ConfigMayFollowTheCommand) {
  TempDir dir;
  dir.write("elsewhere.toml", "[rules]\nrequire-concurrent-index-creation = \"off\"\n");
  dir.write("x.sql", "CREATE INDEX i ON t (x);\n");
  // Without the config the index build is reported; with it, after the command or after the path, it is not.
  auto r = run_shell(in(dir) + sqlmigrate_binary() + " lint x.sql --fail-on none");
  EXPECT_NE(r.out.find("require-concurrent-index-creation"), std::string::npos) << r.out << r.err;
  for (const std::string args : {"lint --config elsewhere.toml x.sql", "lint x.sql --config=elsewhere.toml"}) {
    r = run_shell(in(dir) + sqlmigrate_binary() + " " + args + " --fail-on none");
    EXPECT_EQ(r.exit_code, 0) << args << r.err;
    EXPECT_EQ(r.out.find("require-concurrent-index-creation"), std::string::npos) << args << r.out;
  }
  // A missing config named after the command is the same error as before it.
  r = run_shell(in(dir) + sqlmigrate_binary() + " lint x.sql --config nope.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("the config file `nope.toml` does not exist"), std::string::npos) << r.out;
}

TEST(CommandOptions, OutsideAProjectTheHelpPointsAtInit) {
  TempDir dir;
  for (const char* command : {" plan", " new x", " lint"}) {
    const auto r = run_shell(in(dir) + sqlmigrate_binary() + command);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE((r.out + r.err).find("the migrations folder `migrations` does not exist"), std::string::npos)
        << command << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("start a project here with `sqlmigrate init`"), std::string::npos)
        << command << r.out << r.err;
  }
  // A config path that is there but is no file is not said to be missing.
  const auto r = run_shell(in(dir) + sqlmigrate_binary() + " --config /dev/null lint");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("`/dev/null` is not a regular file"), std::string::npos) << r.out;
}

TEST(CommandOptions, PlanCountingBackNeedsAStartingPoint) {
  TempDir dir;
  dir.write("sqlmigrate.toml", "[migrations]\ndir = \"migrations\"\n");
  dir.write("migrations/0001_a.up.sql", "CREATE TABLE a (id int);\n");
  dir.write("migrations/0001_a.down.sql", "DROP TABLE a;\n");
  dir.write("migrations/0002_b.up.sql", "CREATE TABLE b (id int);\n");
  dir.write("migrations/0002_b.down.sql", "DROP TABLE b;\n");
  auto r = run_shell(in(dir) + sqlmigrate_binary() + " plan -1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("error[invalid-target]: `-1` counts back from where the database stands, and a plan without "
                       "FROM: starts from an empty database"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("for example `sqlmigrate plan head:-1`"), std::string::npos) << r.err;
  r = run_shell(in(dir) + sqlmigrate_binary() + " plan head:-1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Downgrade head -> -1: 1 migration(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0002 b"), std::string::npos) << r.out;
}

TEST(CommandOptions, AnEmptyOutputFileIsRefusedBeforeAnythingIsWritten) {
  TempDir dir;
  dir.write("sqlmigrate.toml", "[migrations]\ndir = \"migrations\"\n");
  dir.write("migrations/0001_a.up.sql", "CREATE TABLE a (id int);\n");
  dir.write("migrations/0001_a.down.sql", "DROP TABLE a;\n");
  const auto r = run_shell(in(dir) + sqlmigrate_binary() + " upgrade --sql -o ''");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("error[invalid-option]: `--output` is empty"), std::string::npos) << r.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2)
      << "only sqlmigrate.toml and migrations/";
}

TEST(CommandOptions, InitSaysWhatTheExistingFolderHolds) {
  TempDir dir;
  dir.write("migrations/2024-03-05-120000_init/up.sql", "CREATE TABLE t (x int);\n");
  dir.write("migrations/2024-03-05-120000_init/down.sql", "DROP TABLE t;\n");
  auto r = run_shell(in(dir) + sqlmigrate_binary() + " init");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "created sqlmigrate.toml for the existing folder migrations/ (1 migration in the diesel layout, which "
            "sqlmigrate reads as they are)\nnext: sqlmigrate lint; write new migrations with diesel's own tool "
            "(sqlmigrate new writes the native layout only)\n");
  // A file where the folder should go.
  TempDir other;
  other.write("db", "not a folder\n");
  r = run_shell(in(other) + sqlmigrate_binary() + " init --dir db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error[unwritable-output]: `db` exists and is not a folder"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(other.path() / "sqlmigrate.toml"));
}

TEST(CommandOptions, InitRefusesAnEmptyFolderName) {
  TempDir dir;
  auto r = run_shell(in(dir) + sqlmigrate_binary() + " init --dir ''");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error[invalid-option]: `--dir` is empty"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "sqlmigrate.toml"));
  r = run_shell(in(dir) + sqlmigrate_binary() + " init --dir db/migrations");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_directory(dir.path() / "db/migrations"));
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CommandOptions, ADescriptionStaysAComment) {
  TempDir dir;
  ASSERT_EQ(run_shell(in(dir) + sqlmigrate_binary() + " init").exit_code, 0);
  // A newline in the description would end the comment and make the rest SQL that runs.
  auto r = run_shell(in(dir) + sqlmigrate_binary() + " new 'fix typo\nTRUNCATE users;\r\tnow'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path up = dir.path() / "migrations/0001_fix_typo_truncate_users_now.up.sql";
  const fs::path down = dir.path() / "migrations/0001_fix_typo_truncate_users_now.down.sql";
  EXPECT_EQ(read(up), "-- fix typo TRUNCATE users; now\n\n");
  EXPECT_EQ(read(down), "-- Reverts: fix typo TRUNCATE users; now\n\n");
  // The project still parses, with no statement in it.
  r = run_shell(in(dir) + sqlmigrate_binary() + " lint --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\"statements\":0"), std::string::npos) << r.out;

  // The same for a merge message.
  dir.write("migrations/0002_branch.up.sql", "-- sqlmigrate:depends-on 0001\n");
  dir.write("migrations/0002_branch.down.sql", "");
  dir.write("migrations/0003_other.up.sql", "-- sqlmigrate:depends-on 0001\n");
  dir.write("migrations/0003_other.down.sql", "");
  r = run_shell(in(dir) + sqlmigrate_binary() + " merge -m 'joins\nDROP TABLE t;'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read(dir.path() / "migrations/0004_joins_drop_table_t.up.sql").rfind("-- joins DROP TABLE t;\n", 0), 0u);

  // Bytes that are not UTF-8 would give files no command reads: refused, nothing written.
  r = run_shell(in(dir) + sqlmigrate_binary() + " new 'caf\xe9 menu'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error[invalid-name]: the description is not valid UTF-8"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "migrations/0005_caf_menu.up.sql"));
}

TEST(CommandOptions, NewVersionsAreAsWideAsTheOthers) {
  TempDir dir;
  dir.write("sqlmigrate.toml", "[migrations]\ndir = \"migrations\"\n");
  dir.write("migrations/001_a.up.sql", "SELECT 1;\n");
  dir.write("migrations/001_a.down.sql", "");
  dir.write("migrations/002_b.up.sql", "SELECT 1;\n");
  dir.write("migrations/002_b.down.sql", "");
  auto r = run_shell(in(dir) + sqlmigrate_binary() + " new c");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "migrations/003_c.up.sql")) << r.out;
  // Unpadded versions (golang-migrate style) stay unpadded; an empty project starts at 0001.
  TempDir plain;
  plain.write("sqlmigrate.toml", "[migrations]\ndir = \"migrations\"\n");
  for (const char* v : {"1", "2", "9", "10"}) {
    plain.write(std::string("migrations/") + v + "_m.up.sql", "SELECT 1;\n");
    plain.write(std::string("migrations/") + v + "_m.down.sql", "");
  }
  r = run_shell(in(plain) + sqlmigrate_binary() + " new next");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(plain.path() / "migrations/11_next.up.sql")) << r.out;
  TempDir empty;
  ASSERT_EQ(run_shell(in(empty) + sqlmigrate_binary() + " init").exit_code, 0);
  ASSERT_EQ(run_shell(in(empty) + sqlmigrate_binary() + " new first").exit_code, 0);
  EXPECT_TRUE(fs::exists(empty.path() / "migrations/0001_first.up.sql"));
}

// start_after may be written as the file name starts or as the version's identity, in every layout.
TEST(CommandOptions, StartAfterInOtherLayouts) {
  TempDir flyway;
  flyway.write("migrations/V1__init.sql", "CREATE TABLE t (x int, y int);\n");
  flyway.write("migrations/V1_1__index_x.sql", "CREATE INDEX tx ON t (x);\n");
  flyway.write("migrations/V2__index_y.sql", "CREATE INDEX ty ON t (y);\n");
  for (const char* start : {"1.1", "1_1", "1.01"}) {
    flyway.write("sqlmigrate.toml", std::string("[lint]\nstart_after = \"") + start + "\"\n");
    const auto r = run_shell(in(flyway) + sqlmigrate_binary() + " lint --fail-on none");
    EXPECT_EQ(r.exit_code, 0) << start << r.out << r.err;
    EXPECT_EQ(r.out.find("V1_1__index_x.sql:1:1"), std::string::npos) << start << r.out;
    EXPECT_NE(r.out.find("V2__index_y.sql:1:1: warning[require-concurrent-index-creation]"), std::string::npos)
        << start << r.out;
  }
  TempDir diesel;
  diesel.write("migrations/2024-03-05-120000_init/up.sql", "CREATE TABLE t (x int, y int);\n");
  diesel.write("migrations/2024-03-05-120000_init/down.sql", "DROP TABLE t;\n");
  diesel.write("migrations/2024-03-06-000000_index_x/up.sql", "CREATE INDEX tx ON t (x);\n");
  diesel.write("migrations/2024-03-06-000000_index_x/down.sql", "DROP INDEX tx;\n");
  diesel.write("migrations/2024-03-07-000000_index_y/up.sql", "CREATE INDEX ty ON t (y);\n");
  diesel.write("migrations/2024-03-07-000000_index_y/down.sql", "DROP INDEX ty;\n");
  for (const char* start : {"2024-03-06-000000", "20240306000000"}) {
    diesel.write("sqlmigrate.toml", std::string("[lint]\nstart_after = \"") + start + "\"\n");
    const auto r = run_shell(in(diesel) + sqlmigrate_binary() + " lint --fail-on none");
    EXPECT_EQ(r.exit_code, 0) << start << r.out << r.err;
    EXPECT_EQ(r.out.find("index_x/up.sql:1:1"), std::string::npos) << start << r.out;
    EXPECT_NE(r.out.find("index_y/up.sql:1:1: warning[require-concurrent-index-creation]"), std::string::npos)
        << start << r.out;
  }
  // A version that names none of them is still an error.
  diesel.write("sqlmigrate.toml", "[lint]\nstart_after = \"2024-03-06\"\n");
  const auto r = run_shell(in(diesel) + sqlmigrate_binary() + " lint --fail-on none");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("which is not the version of any migration"), std::string::npos) << r.out;
}

// Standard input named with --stdin-filename is read as that file would be: dbmate sections, diesel
// metadata.toml and Flyway .sql.conf apply (a pre-commit hook lints the staged text this way).
TEST(CommandOptions, StdinFollowsTheLayoutOfItsName) {
  TempDir dir;
  dir.write("db/20240102000000_index.sql", "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 1;\n");
  dir.write("d/2024-01-02-000000_idx/up.sql", "SELECT 1;\n");
  dir.write("d/2024-01-02-000000_idx/down.sql", "DROP INDEX CONCURRENTLY IF EXISTS i;\n");
  dir.write("d/2024-01-02-000000_idx/metadata.toml", "run_in_transaction = false\n");
  dir.write("f/V2__idx.sql", "SELECT 1;\n");
  dir.write("f/V2__idx.sql.conf", "executeInTransaction=false\n");
  dir.write("f/U2__idx.sql", "DROP INDEX CONCURRENTLY IF EXISTS i;\n");
  const std::string index = "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (x);\n";
  const std::pair<std::string, std::string> cases[] = {
      {"db/20240102000000_index.sql",
       "-- migrate:up transaction:false\n" + index + "\n-- migrate:down\nDROP INDEX CONCURRENTLY IF EXISTS i;\n"},
      {"d/2024-01-02-000000_idx/up.sql", index},
      {"f/V2__idx.sql", index},
  };
  for (const auto& [name, text] : cases) {
    // The text on disk is a placeholder: the statement comes from standard input, outside a transaction.
    const auto r =
        run_shell(in(dir) + sqlmigrate_binary() + " lint - --stdin-filename " + name + " --format json", text);
    EXPECT_EQ(r.exit_code, 0) << name << r.out << r.err;
    EXPECT_NE(r.out.find("\"statements\":1"), std::string::npos) << name << r.out;
    EXPECT_EQ(r.out.find("ban-concurrent-index-creation-in-transaction"), std::string::npos) << name << r.out;
  }
  // Without a name that fits a layout it is one transactional migration, as before.
  const auto r = run_shell(in(dir) + sqlmigrate_binary() + " lint - --stdin-filename new.sql --fail-on none",
                           "SELECT 1;\n" + index);
  EXPECT_NE(r.out.find("new.sql:2:1: error[ban-concurrent-index-creation-in-transaction]"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sqlmigrate::testing
