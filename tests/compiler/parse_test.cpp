#include <gtest/gtest.h>

#include "compiler/pg/nodes.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::compiler {
namespace {

SourceFile source(std::string text) { return std::move(*SourceFile::from_text("t.sql", std::move(text))); }

TEST(Parse, StatementsWithTrimmedSpans) {
  const auto src = source("-- leading\n  CREATE INDEX i ON t (x);\n/* c */ ALTER TABLE t ADD COLUMN c int NOT NULL;\n");
  const Script script = parse(src);
  ASSERT_TRUE(script.ok());
  ASSERT_EQ(script.statements().size(), 2U);
  const auto& a = script.statements()[0];
  EXPECT_TRUE(IsA(a.node, IndexStmt));
  EXPECT_EQ(src.text().substr(a.span.begin, a.span.end - a.span.begin), "CREATE INDEX i ON t (x)");
  const auto& b = script.statements()[1];
  EXPECT_TRUE(IsA(b.node, AlterTableStmt));
  EXPECT_EQ(src.text().substr(b.span.begin, b.span.end - b.span.begin), "ALTER TABLE t ADD COLUMN c int NOT NULL");
}

}  // namespace
}  // namespace sqlmigrate::compiler
