// The small SQL scanner that identifier-too-long and ddl-in-do-block use to read text the parse
// tree does not keep: it must see words and skip comments, strings and dollar quotes exactly.

#include "rules/sql_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sqlmigrate::testing {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  rules::for_each_sql_word(text, [&](const rules::SqlWord& w) {
    EXPECT_EQ(text.substr(w.offset, w.length), w.text);
    out.emplace_back(w.text);
    return true;
  });
  return out;
}

using Words = std::vector<std::string>;

TEST(SqlText, SkipsCommentsAndStrings) {
  EXPECT_EQ(words("ALTER -- DROP this\nTABLE /* CREATE /* nested */ still */ t"), (Words{"ALTER", "TABLE", "t"}));
  EXPECT_EQ(words("RAISE 'can''t DROP' , x"), (Words{"RAISE", "x"}));
  EXPECT_EQ(words(R"(SELECT E'it\'s DROP', b'101', x'ff', n'DROP' AS y)"), (Words{"SELECT", "AS", "y"}));
}

TEST(SqlText, SkipsDollarQuotesButNotParameters) {
  EXPECT_EQ(words("SELECT $$ DROP $$, $fn$ ALTER $x$ $fn$ z"), (Words{"SELECT", "z"}));
  EXPECT_EQ(words("EXECUTE q USING $1, $2"), (Words{"EXECUTE", "q", "USING"}));
  EXPECT_EQ(words("a$b$ c"), (Words{"a$b$", "c"}));  // `$` inside an identifier opens nothing
}

TEST(SqlText, QuotedIdentifiersKeepTheirQuotes) {
  EXPECT_EQ(words(R"(CREATE TABLE "My ""odd"" table" (x int))"),
            (Words{"CREATE", "TABLE", R"("My ""odd"" table")", "x", "int"}));
  EXPECT_EQ(words("s.t 12.5e3 u"), (Words{"s", "t", "u"}));
}

TEST(SqlText, UnterminatedConstructsEndTheText) {
  EXPECT_EQ(words("a 'open"), (Words{"a"}));
  EXPECT_EQ(words("a $$ open"), (Words{"a"}));
  EXPECT_EQ(words("a /* open"), (Words{"a"}));
  EXPECT_EQ(words("a \"open"), (Words{"a", "\"open"}));
}

TEST(SqlText, KeywordsAreCaseInsensitiveAndNeverQuoted) {
  bool seen = false;
  rules::for_each_sql_word("dRoP \"DROP\"", [&](const rules::SqlWord& w) {
    EXPECT_EQ(rules::is_keyword(w, "DROP"), !w.quoted);
    seen = true;
    return true;
  });
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace sqlmigrate::testing
