// Statements nested deeper than the tree walks go: an input error, never a crash.

#include "compiler/pg/nesting.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "linter/report.hpp"
#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

// "first + 1 + 1 ... + 1" with `terms` terms: a left-deep tree, one level per `+`, `first` at the bottom.
std::string chain(int terms, const std::string& first = "1") {
  std::string out = first;
  out.reserve(out.size() + static_cast<std::size_t>(terms) * 4);
  for (int i = 1; i < terms; ++i) out += " + 1";
  return out;
}

bool has(const LintRun& run, const std::string& line_code) {
  return std::find(run.line_codes.begin(), run.line_codes.end(), line_code) != run.line_codes.end();
}

TEST(Nesting, ChainsDeeperThanTheWalksGoAreInputErrorsInEveryKindOfStatement) {
  // 200,000 levels: far past the stack of any thread, had the walks followed them.
  const std::string deep = chain(200000);
  const std::string sql = "CREATE TABLE t (a int DEFAULT (" + deep + "), b int CHECK (b > " + deep + "));\n" +
                          "CREATE INDEX t_i ON t ((a + " + deep + ")) WHERE a > " + deep + ";\n" +
                          "ALTER TABLE t ADD COLUMN c int DEFAULT " + deep + ";\n" + "CREATE VIEW v AS SELECT " + deep +
                          " AS x FROM t;\n" + "UPDATE t SET a = " + deep + " WHERE b = " + deep + ";\n" + "SELECT 1;\n";
  const LintRun run = lint_text(sql);
  for (int line = 1; line <= 5; ++line) EXPECT_TRUE(has(run, std::to_string(line) + ":nesting-too-deep")) << line;
  EXPECT_FALSE(has(run, "6:nesting-too-deep"));
  EXPECT_TRUE(run.summary.input_errors);
  const auto it = std::find_if(run.diagnostics.begin(), run.diagnostics.end(),
                               [](const compiler::Diagnostic& d) { return d.code == "nesting-too-deep"; });
  ASSERT_NE(it, run.diagnostics.end());
  EXPECT_NE(it->message.find("10,000 levels"), std::string::npos) << it->message;
  EXPECT_NE(it->help.find("stack depth limit exceeded"), std::string::npos) << it->help;
}

TEST(Nesting, ChainsPostgresAcceptsAreCheckedToTheBottom) {
  // 1,000 levels, with the volatile call at the bottom: the rule still finds it.
  const LintRun run = lint_text("ALTER TABLE t ADD COLUMN c float DEFAULT " + chain(1000, "random()") + ";\n",
                                {"adding-field-with-volatile-default"});
  EXPECT_TRUE(has(run, "1:adding-field-with-volatile-default"));
  EXPECT_FALSE(has(run, "1:nesting-too-deep"));
  EXPECT_FALSE(compiler::pg::take_nesting_exceeded());
}

TEST(Nesting, ParenthesesDeeperThanTheParserHoldsAreASyntaxErrorThatSaysSo) {
  const LintRun run = lint_text("SELECT " + std::string(20000, '(') + "1" + std::string(20000, ')') + ";\nSELECT 2;\n");
  ASSERT_FALSE(run.diagnostics.empty());
  const compiler::Diagnostic& d = run.diagnostics.front();
  EXPECT_EQ(d.code, "syntax-error");
  ASSERT_FALSE(d.notes.empty());
  EXPECT_NE(d.notes.back().find("nests deeper than PostgreSQL itself can parse"), std::string::npos) << d.notes.back();
}

TEST(Nesting, ALongLineIsShownAsAWindowAroundTheFinding) {
  // One line of 3,000 characters; the finding starts at column 2,001.
  std::string line(2000, 'x');
  line += "CREATE INDEX é ON t (a);";
  line += std::string(976, 'y');
  auto source = compiler::SourceFile::from_text("long.sql", line + "\n");
  ASSERT_TRUE(source.ok());
  compiler::Diagnostic d;
  d.code = "require-concurrent-index-creation";
  d.severity = compiler::Severity::warning;
  d.file = "long.sql";
  d.span = compiler::Span{2000, 2000 + 25};  // "CREATE INDEX é ON t (a);" (é is two bytes)
  d.message = "m";
  const std::string text = linter::render_text(d, &*source, false);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t nl = text.find('\n', at);
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  ASSERT_GE(lines.size(), 4U);
  EXPECT_EQ(lines[0].rfind("long.sql:1:2001:", 0), 0U) << lines[0];
  const std::string& shown = lines[2];
  const std::string& carets = lines[3];
  EXPECT_LT(shown.size(), 140U) << shown;
  EXPECT_EQ(shown.rfind("1 | ...", 0), 0U) << shown;
  EXPECT_TRUE(shown.ends_with("...")) << shown;
  // The carets start under the `C` of CREATE and cover its 24 characters.
  const std::size_t caret = carets.find('^');
  ASSERT_NE(caret, std::string::npos);
  EXPECT_EQ(shown.substr(caret, 12), "CREATE INDEX");
  EXPECT_EQ(carets.substr(caret), std::string(24, '^'));
}

}  // namespace
}  // namespace sqlmigrate::testing
