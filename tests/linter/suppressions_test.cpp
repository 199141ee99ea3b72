// Ignore comments: what they suppress, and what is reported about those that suppress nothing, in
// up files, down files and down files linted alone.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/lint_helpers.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

std::vector<const compiler::Diagnostic*> with_code(const LintRun& run, std::string_view code) {
  std::vector<const compiler::Diagnostic*> out;
  for (const auto& d : run.diagnostics) {
    if (d.code == code) out.push_back(&d);
  }
  return out;
}

const std::vector<std::string> k_rules = {"require-concurrent-index-creation", "ban-drop-table",
                                          "require-concurrent-index-deletion"};

TEST(Suppressions, AnIgnoreNamingSomeRulesThatSuppressNothingNamesThem) {
  TempDir t;
  t.write("m/0001_a.up.sql", "CREATE TABLE a (id bigint);\n");
  t.write("m/0001_a.down.sql", "DROP TABLE a;\n");
  t.write("m/0002_i.up.sql",
          "-- sqlmigrate:ignore require-concurrent-index-creation, ban-drop-table, require-concurrent-index-deletion "
          "-- the table is still empty\n"
          "CREATE INDEX i ON a (id);\n");
  t.write("m/0002_i.down.sql", "DROP INDEX IF EXISTS i;\n");
  const std::string folder = (t.path() / "m").string();
  LintRun run = lint_paths({folder}, k_rules);
  EXPECT_TRUE(with_code(run, "require-concurrent-index-creation").empty());
  auto unused = with_code(run, "unused-ignore");
  ASSERT_EQ(unused.size(), 1U) << ::testing::PrintToString(run.line_codes);
  EXPECT_EQ(unused[0]->message,
            "`ban-drop-table` or `require-concurrent-index-deletion` in this ignore comment suppress nothing: no such "
            "finding on the statement after it");
  EXPECT_EQ(unused[0]->help,
            "remove `ban-drop-table` or `require-concurrent-index-deletion` from the comment and keep the rules it "
            "does suppress");
  EXPECT_EQ(run.line_codes, (std::vector<std::string>{"1:unused-ignore"}));

  // A rule that is switched off is not called unused.
  run = lint_paths({folder}, {"require-concurrent-index-creation", "ban-drop-table"});
  unused = with_code(run, "unused-ignore");
  ASSERT_EQ(unused.size(), 1U);
  EXPECT_EQ(unused[0]->message,
            "`ban-drop-table` in this ignore comment suppresses nothing: no such finding on the "
            "statement after it");
  run = lint_paths({folder}, {"require-concurrent-index-creation"});
  EXPECT_TRUE(with_code(run, "unused-ignore").empty()) << ::testing::PrintToString(run.line_codes);

  // Nothing used at all: the whole comment.
  t.write("m/0002_i.up.sql",
          "-- sqlmigrate:ignore ban-drop-table, require-concurrent-index-deletion\nCREATE INDEX i ON a (id);\n");
  run = lint_paths({folder}, k_rules);
  unused = with_code(run, "unused-ignore");
  ASSERT_EQ(unused.size(), 1U);
  EXPECT_EQ(unused[0]->message,
            "this ignore comment suppresses nothing: no `ban-drop-table` or `require-concurrent-index-deletion` "
            "finding on the statement after it");
}

TEST(Suppressions, IgnoresInDownFilesAreChecked) {
  TempDir t;
  t.write("m/0001_a.up.sql", "CREATE TABLE a (id bigint);\n");
  t.write("m/0001_a.down.sql",
          "-- sqlmigrate:ignore ban-drop-tabel -- a typo\nDROP INDEX IF EXISTS i;\n"
          "-- sqlmigrate:ignore ban-drop-table -- dropping is the point\nDROP TABLE a;\n");
  const LintRun run = lint_paths({(t.path() / "m").string()}, k_rules);
  const auto unknown = with_code(run, "unknown-rule");
  ASSERT_EQ(unknown.size(), 1U) << ::testing::PrintToString(run.line_codes);
  EXPECT_EQ(unknown[0]->file, (t.path() / "m" / "0001_a.down.sql").string());
  EXPECT_EQ(unknown[0]->message, "the ignore comment names an unknown rule `ban-drop-tabel`");
  EXPECT_NE(unknown[0]->help.find("did you mean `ban-drop-table`?"), std::string::npos) << unknown[0]->help;
  EXPECT_TRUE(run.summary.input_errors);
  const auto unused = with_code(run, "unused-ignore");
  ASSERT_EQ(unused.size(), 1U) << ::testing::PrintToString(run.line_codes);
  EXPECT_EQ(unused[0]->file, (t.path() / "m" / "0001_a.down.sql").string());
  EXPECT_EQ(unused[0]->message,
            "this ignore comment suppresses nothing: no `ban-drop-table` finding on the statement after it");
  EXPECT_EQ(unused[0]->help,
            "remove the comment, or move it to the up file, " + (t.path() / "m" / "0001_a.up.sql").string());
  EXPECT_EQ(run.line_codes, (std::vector<std::string>{"1:unknown-rule", "3:unused-ignore"}));
}

TEST(Suppressions, IgnoresInALoneDownFileAreChecked) {
  TempDir t;
  const auto path = t.write("undo.down.sql",
                            "-- sqlmigrate:ignore-file ban-drop-table -- dropping is the point\n"
                            "-- sqlmigrate:ignore no-such-rule\nDROP TABLE a;\n");
  const LintRun run = lint_paths({path.string()}, k_rules);
  EXPECT_EQ(run.line_codes, (std::vector<std::string>{"1:unused-ignore", "2:unknown-rule"}));
  const auto unused = with_code(run, "unused-ignore");
  ASSERT_EQ(unused.size(), 1U);
  EXPECT_EQ(unused[0]->message, "this ignore comment suppresses nothing: no `ban-drop-table` finding in this file");
  EXPECT_EQ(unused[0]->help, "remove the comment");
}

}  // namespace
}  // namespace sqlmigrate::testing
