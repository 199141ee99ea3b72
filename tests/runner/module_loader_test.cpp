// The database module is found next to the binary (or in ../lib/sqlmigrate), and one built from
// another version of runner/database.hpp is refused with a message, never called.

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

TEST(RunnerModule, RefusesAModuleFromAnotherBuild) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "bin");
  fs::copy_file(SQLMIGRATE_BINARY, tmp.path() / "bin" / "sqlmigrate");
  fs::copy_file(SQLMIGRATE_DB_MODULE_OTHER_INTERFACE, tmp.path() / "bin" / "libsqlmigrate_db.so");
  // A good module one folder up is not a place the loader looks (a binary in /tmp/x/ would load
  // whatever lies in /tmp/).
  fs::copy_file(SQLMIGRATE_DB_MODULE_BUILT, tmp.path() / "libsqlmigrate_db.so");
  const auto r = run_shell("env -u SQLMIGRATE_DB_MODULE " + shell_quote((tmp.path() / "bin" / "sqlmigrate").string()) +
                           " status --database-url 'postgresql:///none?host=/nonexistent'");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find((tmp.path() / "bin" / "libsqlmigrate_db.so").string() +
                       " (from another sqlmigrate build: built for interface 0000000000000000, and this binary "
                       "needs interface "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("help: use the module built with this binary"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find((tmp.path() / "libsqlmigrate_db.so").string() + " "), std::string::npos) << r.err;

  // The module of this build, put beside it, works (the connection then fails: no server there).
  fs::copy_file(SQLMIGRATE_DB_MODULE_BUILT, tmp.path() / "bin" / "libsqlmigrate_db.so",
                fs::copy_options::overwrite_existing);
  const auto ok = run_shell("env -u SQLMIGRATE_DB_MODULE " + shell_quote((tmp.path() / "bin" / "sqlmigrate").string()) +
                            " status --database-url 'postgresql:///none?host=/nonexistent'");
  EXPECT_EQ(ok.exit_code, 3) << ok.err;
  EXPECT_EQ(ok.err.find("could not be loaded"), std::string::npos) << ok.err;
  EXPECT_NE(ok.err.find("/nonexistent"), std::string::npos) << ok.err;
}

}  // namespace
}  // namespace sqlmigrate::testing
