// The report does not depend on how many threads lint: parsing ahead on other threads, and leaving
// large files for the linting thread to parse, give the same findings in the same order.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/lint_helpers.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

// A project of 60 migrations with findings of every kind the engine puts together: per statement
// (lock rules, on tables from earlier migrations), per migration (down files that undo too
// little, missing down files), suppressions used and unused, a syntax error, no-transaction
// directives. Every tenth migration is large (about 40 KB; the test sets the size limit below it).
void write_project(const TempDir& dir) {
  dir.write("migrations/0001_base.up.sql", "CREATE TABLE base (id bigint PRIMARY KEY, note text);\n");
  dir.write("migrations/0001_base.down.sql", "DROP TABLE base;\n");
  for (int i = 2; i <= 60; ++i) {
    const std::string stem = fmt::format("migrations/{:04}_step_{}", i, i);
    std::string up;
    std::string down;
    if (i % 10 == 0) {
      for (int t = 0; t < 400; ++t) {
        up += fmt::format("CREATE TABLE big_{}_{} (id bigint PRIMARY KEY, label text NOT NULL);\n", i, t);
      }
      up += fmt::format("ALTER TABLE base ADD COLUMN big_{} integer NOT NULL;\n", i);
      down = fmt::format("DROP TABLE big_{}_0;\n", i);  // leaves 399 tables behind
    } else if (i % 7 == 0) {
      up = fmt::format("-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY base_note_{}_idx ON base (note);\n", i);
      down = fmt::format("DROP INDEX base_note_{}_idx;\n", i);
    } else if (i % 5 == 0) {
      up = fmt::format("-- sqlmigrate:ignore require-concurrent-index-creation\nCREATE INDEX base_x_{}_idx ON base (id);\n"
                       "-- sqlmigrate:ignore ban-drop-column\nCREATE TABLE t_{} (id int);\n",
                       i, i);
      down = fmt::format("DROP INDEX base_x_{}_idx;\nDROP TABLE t_{};\n", i, i);
    } else if (i == 33) {
      up = "CREATE TABLE (;\nCREATE INDEX base_bad_idx ON base (note);\n";
      down = "DROP INDEX base_bad_idx;\n";
    } else {
      up = fmt::format("CREATE TABLE t_{} (id int, base_id bigint REFERENCES base);\nCREATE INDEX t_{}_idx ON base (note);\n",
                       i, i);
      down = i % 3 == 0 ? std::string() : fmt::format("DROP INDEX t_{}_idx;\nDROP TABLE t_{};\n", i, i);
    }
    dir.write(stem + ".up.sql", up);
    if (!down.empty()) dir.write(stem + ".down.sql", down);
  }
}

std::vector<std::string> described(const LintRun& run) {
  std::vector<std::string> out;
  for (const auto& d : run.diagnostics) {
    out.push_back(fmt::format("{} {}:{} {} {}", d.file, d.span ? d.span->begin : 0, d.span ? d.span->end : 0, d.code,
                              d.message));
  }
  return out;
}

TEST(EngineThreads, TheSameReportOnOneOrSeveralThreadsAndWhenLargeFilesWaitForTheLintingThread) {
  TempDir dir;
  write_project(dir);
  const std::string folder = (dir.path() / "migrations").string();
  const LintRun one = lint_folder_on_threads(folder, 1, 32 * 1024);  // one thread: no limit applies
  const std::vector<std::string> expected = described(one);
  // Not an empty comparison: the findings the project was written to have are there.
  for (const char* code : {"syntax-error", "adding-required-field", "require-concurrent-index-creation",
                           "down-migration-incomplete", "missing-down-migration", "unused-ignore"}) {
    EXPECT_TRUE(std::any_of(one.diagnostics.begin(), one.diagnostics.end(),
                            [&](const compiler::Diagnostic& d) { return d.code == code; }))
        << code;
  }
  EXPECT_GE(one.summary.migrations, 60U);
  struct Setup {
    unsigned jobs;
    std::size_t parse_ahead_below;
  };
  // A limit of 32 KiB (only the large files wait), and of 1 byte (every file read ahead waits).
  for (const Setup& s : {Setup{2, 32 * 1024}, Setup{2, 1}, Setup{3, 1}, Setup{3, 32 * 1024}}) {
    for (int round = 0; round < 3; ++round) {
      const LintRun many = lint_folder_on_threads(folder, s.jobs, s.parse_ahead_below);
      EXPECT_EQ(described(many), expected) << s.jobs << " threads, parse ahead below " << s.parse_ahead_below;
      EXPECT_EQ(many.summary.statements, one.summary.statements);
      EXPECT_EQ(many.summary.files, one.summary.files);
    }
  }
}

}  // namespace
}  // namespace sqlmigrate::testing
