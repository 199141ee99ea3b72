// Global options after the command, and option values that name nothing: `plan -N` without a
// starting point, `init --dir ""`.

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace sqlmigrate::testing
