#include <gtest/gtest.h>

#include "compiler/pg/nodes.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::compiler {
namespace {

SourceFile source(std::string text) { return std::move(*SourceFile::from_text("t.sql", std::move(text))); }

std::string_view text_of(const SourceFile& src, Span span) {
  return std::string_view(src.text()).substr(span.begin, span.end - span.begin);
}

TEST(Parse, StatementsWithTrimmedSpans) {
  const auto src = source("-- leading\n  CREATE INDEX i ON t (x);\n/* c /* nested */ */ ALTER TABLE t ADD COLUMN c int NOT NULL;\n");
  const Script script = parse(src);
  ASSERT_TRUE(script.ok());
  ASSERT_EQ(script.statements().size(), 2U);
  EXPECT_TRUE(IsA(script.statements()[0].node, IndexStmt));
  EXPECT_EQ(text_of(src, script.statements()[0].span), "CREATE INDEX i ON t (x)");
  EXPECT_TRUE(IsA(script.statements()[1].node, AlterTableStmt));
  EXPECT_EQ(text_of(src, script.statements()[1].span), "ALTER TABLE t ADD COLUMN c int NOT NULL");
}

TEST(Parse, LastStatementWithoutSemicolon) {
  const auto src = source("SELECT 1;\nSELECT 2  \n\n");
  const Script script = parse(src);
  ASSERT_EQ(script.statements().size(), 2U);
  EXPECT_EQ(text_of(src, script.statements()[1].span), "SELECT 2");
}

TEST(Parse, EmptyAndCommentOnlyFilesAreValidEmptyMigrations) {
  for (const char* text : {"", "\n\n", "-- nothing to do\n", "/* nothing */", "  ;  ; "}) {
    const auto src = source(text);
    const Script script = parse(src);
    EXPECT_TRUE(script.ok()) << text;
    EXPECT_TRUE(script.statements().empty()) << text;
  }
}

TEST(Parse, SyntaxErrorDoesNotHideTheRestOfTheFile) {
  const auto src = source("CREATE TABLE a (id int);\nSELEC 1;\nCREATE TABLE b (id int);\nALTER TABLE;\nDROP TABLE c;\n");
  const Script script = parse(src);
  ASSERT_EQ(script.errors().size(), 2U);
  EXPECT_EQ(script.errors()[0].code, "syntax-error");
  EXPECT_EQ(script.errors()[0].message, "syntax error at or near \"SELEC\"");
  EXPECT_EQ(src.line_col(script.errors()[0].span->begin).line, 2U);
  EXPECT_EQ(src.line_col(script.errors()[0].span->begin).column, 1U);
  EXPECT_EQ(src.line_col(script.errors()[1].span->begin).line, 4U);
  EXPECT_EQ(src.line_col(script.errors()[1].span->begin).column, 12U);
  ASSERT_EQ(script.statements().size(), 3U);
  EXPECT_EQ(text_of(src, script.statements()[1].span), "CREATE TABLE b (id int)");
  EXPECT_EQ(text_of(src, script.statements()[2].span), "DROP TABLE c");
  // Node locations of statements parsed piecewise still point into the file.
  const auto* drop = castNode(DropStmt, const_cast<::Node*>(script.statements()[2].node));
  EXPECT_NE(drop, nullptr);
}

TEST(Parse, AMissingSemicolonIsNamedWhereTheStatementEnds) {
  const auto src = source(
      "ALTER TABLE t DROP CONSTRAINT t_pkey\n"
      "\n"
      "-- then the type\n"
      "  alter table t ALTER COLUMN d TYPE timestamp;\n"
      "SELECT 1 FROM t WHERE;\n");
  const Script script = parse(src);
  ASSERT_EQ(script.errors().size(), 2U);
  EXPECT_EQ(src.line_col(script.errors()[0].span->begin).line, 4U);
  EXPECT_EQ(script.errors()[0].notes,
            std::vector<std::string>{
                "the code above it ends on line 1 without a `;`: if a statement ends there, the `;` is missing"});
  // An error that is not at the start of a statement word gets no such note.
  EXPECT_TRUE(script.errors()[1].notes.empty());

  // Nor does one after a line that ends a statement, or mid-line.
  const auto ended = source("SELECT 1;\nSELEC 2;\nSELECT 3 SELECT 4;\n");
  const Script s2 = parse(ended);
  ASSERT_EQ(s2.errors().size(), 2U);
  EXPECT_TRUE(s2.errors()[0].notes.empty());
  EXPECT_TRUE(s2.errors()[1].notes.empty());
}

TEST(Parse, SyntaxNewerThanTheGrammarIsNamed) {
  const auto src = source(
      "ALTER TABLE t ADD CONSTRAINT t_a_not_null NOT NULL a;\n"
      "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL);\n"
      "SELECT 1 NOT 2;\n");
  const Script script = parse(src);
  ASSERT_EQ(script.errors().size(), 3U);
  ASSERT_EQ(script.errors()[0].notes.size(), 1U);
  EXPECT_EQ(script.errors()[0].notes[0],
            "a named NOT NULL constraint (`CONSTRAINT name NOT NULL column`) is PostgreSQL 18 syntax, and sqlmigrate "
            "reads SQL with the PostgreSQL 15 grammar");
  EXPECT_EQ(script.errors()[0].help,
            "sqlmigrate can neither check nor run it as written; in syntax that PostgreSQL 15 reads too: use `ALTER "
            "TABLE ... ALTER COLUMN column SET NOT NULL`, or NOT NULL in the column's definition");
  ASSERT_EQ(script.errors()[1].notes.size(), 1U);
  EXPECT_NE(script.errors()[1].notes[0].find("a virtual generated column is PostgreSQL 18 syntax"), std::string::npos);
  // A plain mistake keeps the plain help.
  EXPECT_TRUE(script.errors()[2].notes.empty());
  EXPECT_NE(script.errors()[2].help.find("fix the SQL at this position"), std::string::npos);
}

TEST(Parse, ErrorColumnsCountCharactersNotBytes) {
  // "é" and "😀" are 2 and 4 bytes: the column is still the character position.
  const auto src = source("SELECT 'é😀' AS x;\nSELECT 'ü' FROM WHERE;\n");
  const Script script = parse(src);
  ASSERT_EQ(script.errors().size(), 1U);
  const auto lc = src.line_col(script.errors()[0].span->begin);
  EXPECT_EQ(lc.line, 2U);
  EXPECT_EQ(lc.column, 17U);  // WHERE
  EXPECT_EQ(text_of(src, *script.errors()[0].span), "WHERE");
}

TEST(Parse, CrlfLineEndings) {
  const auto src = source("CREATE TABLE a (id int);\r\nCREATE TABLE b (id int)\r\nCREATE TABLE c (id int);\r\n");
  const Script script = parse(src);
  ASSERT_EQ(script.errors().size(), 1U);
  const auto lc = src.line_col(script.errors()[0].span->begin);
  EXPECT_EQ(lc.line, 3U);
  EXPECT_EQ(lc.column, 1U);
  EXPECT_EQ(src.line_text(2), "CREATE TABLE b (id int)");
}

TEST(Parse, ByteOrderMarkIsIgnored) {
  const auto src = source("\xEF\xBB\xBF" "CREATE TABLE a (id int);\nSELEC;\n");
  const Script script = parse(src);
  ASSERT_EQ(script.statements().size(), 1U);
  EXPECT_EQ(text_of(src, script.statements()[0].span), "CREATE TABLE a (id int)");
  ASSERT_EQ(script.errors().size(), 1U);
  EXPECT_EQ(src.line_col(script.errors()[0].span->begin).line, 2U);
  EXPECT_EQ(src.line_col(0).column, 1U);
}

TEST(Parse, UnterminatedStringIsAnError) {
  const auto src = source("CREATE TABLE a (id int);\nSELECT 'oops;\n");
  const Script script = parse(src);
  ASSERT_FALSE(script.errors().empty());
  EXPECT_EQ(src.line_col(script.errors()[0].span->begin).line, 2U);
}

TEST(Parse, ClassifiesStatementsThatCannotRunInATransaction) {
  const auto src = source(
      "CREATE INDEX CONCURRENTLY i ON t (x); CREATE INDEX j ON t (x); DROP INDEX CONCURRENTLY i;"
      "REINDEX INDEX CONCURRENTLY j; VACUUM t; ANALYZE t; ALTER TABLE p DETACH PARTITION c CONCURRENTLY;"
      "BEGIN; COMMIT; ROLLBACK; ALTER SYSTEM SET work_mem = '1MB';");
  const Script script = parse(src);
  ASSERT_TRUE(script.ok());
  std::vector<std::string> kinds;
  for (const auto& s : script.statements()) kinds.emplace_back(s.autocommit_only);
  EXPECT_EQ(kinds, (std::vector<std::string>{"CREATE INDEX CONCURRENTLY", "", "DROP INDEX CONCURRENTLY",
                                              "REINDEX CONCURRENTLY", "VACUUM", "", "DETACH PARTITION CONCURRENTLY",
                                              "", "", "", "ALTER SYSTEM"}));
  EXPECT_EQ(script.statements()[7].tx_control, TxControl::begin);
  EXPECT_EQ(script.statements()[8].tx_control, TxControl::commit);
  EXPECT_EQ(script.statements()[9].tx_control, TxControl::rollback);
}

TEST(Parse, DirectiveCommentsAreFoundOnlyOutsideStrings) {
  const auto src = source("-- sqlmigrate:no-transaction\nSELECT '-- sqlmigrate:ignore x';\n/* sqlmigrate:ignore y */ SELECT 1;\n");
  const Script script = parse(src);
  ASSERT_EQ(script.comments().size(), 2U);
  EXPECT_EQ(script.comments()[0].text, "-- sqlmigrate:no-transaction");
  EXPECT_EQ(script.comments()[1].text, "/* sqlmigrate:ignore y */");
}

TEST(Source, RejectsInvalidUtf8WithPosition) {
  auto r = SourceFile::from_text("bad.sql", "SELECT 1;\nSELECT 'caf\xE9';\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].code, "invalid-encoding");
  EXPECT_NE(r.errors()[0].message.find("line 2, column 12"), std::string::npos) << r.errors()[0].message;
}

TEST(Source, RejectsNulBytes) {
  auto r = SourceFile::from_text("bad.sql", std::string("SELECT 1;\0", 10));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].code, "invalid-encoding");
}

TEST(Source, MissingFileIsAnError) {
  auto r = SourceFile::read("/nonexistent/x.sql", "x.sql");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].code, "unreadable-file");
}

}  // namespace
}  // namespace sqlmigrate::compiler

namespace sqlmigrate::compiler {
namespace {

// Found by the fuzzer: directive comments in a file with a byte-order mark.
TEST(Parse, DirectivesInAFileWithByteOrderMark) {
  const auto src = std::move(*SourceFile::from_text("t.sql", "\xEF\xBB\xBF" "SELECT 1;\n-- sqlmigrate:ignore x -- y\nSELECT 2;\n"));
  const Script script = parse(src);
  ASSERT_EQ(script.comments().size(), 1U);
  EXPECT_EQ(script.comments()[0].text, "-- sqlmigrate:ignore x -- y");
}

}  // namespace
}  // namespace sqlmigrate::compiler
