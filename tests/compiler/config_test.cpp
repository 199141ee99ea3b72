// sqlmigrate.toml: `pg_version` as a major version or a minor release.

#include "compiler/config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sqlmigrate::testing {
namespace {

compiler::Result<compiler::Config> parse(const std::string& text) {
  return compiler::parse_config(
      std::make_shared<const compiler::SourceFile>(*compiler::SourceFile::from_text("sqlmigrate.toml", text)), ".");
}

TEST(PgVersion, ParsesMajorAndMinor) {
  auto v = compiler::parse_pg_version("15");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 15);
  EXPECT_FALSE(v->minor);
  v = compiler::parse_pg_version("14.3");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 14);
  EXPECT_EQ(v->minor, 3);
  v = compiler::parse_pg_version("14.10");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->minor, 10);
  for (const char* bad : {"", "9", "19", "9.6", "14.", ".3", "14.3.1", "14.x", "14 ", "+14", "14.123", "014.1"}) {
    EXPECT_FALSE(compiler::parse_pg_version(bad)) << bad;
  }
}

TEST(PgVersion, ConfigAcceptsIntegerOrString) {
  auto c = parse("[lint]\npg_version = 12\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->pg_version, 12);
  EXPECT_FALSE(c->pg_minor);
  c = parse("[lint]\npg_version = \"14.3\"\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->pg_version, 14);
  EXPECT_EQ(c->pg_minor, 3);
  c = parse("[lint]\npg_version = \"16\"\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->pg_version, 16);
  EXPECT_FALSE(c->pg_minor);
}

TEST(PgVersion, ConfigRejectsFloatsAndOutOfRange) {
  auto c = parse("[lint]\npg_version = 14.3\n");
  ASSERT_FALSE(c);
  ASSERT_EQ(c.errors().size(), 1U);
  EXPECT_NE(c.errors()[0].help.find("in quotes"), std::string::npos) << c.errors()[0].help;
  for (const char* bad : {"[lint]\npg_version = 9\n", "[lint]\npg_version = \"14.x\"\n", "[lint]\npg_version = true\n"}) {
    c = parse(bad);
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.errors()[0].code, "invalid-config");
    EXPECT_NE(c.errors()[0].message.find("`pg_version`"), std::string::npos);
  }
}

// A [runner] value the runner would refuse fails every command when the config is read, at its line.
TEST(RunnerSettings, BadValuesAreConfigErrorsAtTheirLine) {
  for (const char* bad : {"lock_timeout = \"5 parsecs\"", "statement_timeout = \"-1\"", "lock_wait = \"forever\"",
                          "lock_mode = \"row\""}) {
    const auto c = parse(std::string("[runner]\n") + bad + "\n");
    ASSERT_FALSE(c) << bad;
    ASSERT_EQ(c.errors().size(), 1U) << bad;
    EXPECT_EQ(c.errors()[0].code, "invalid-config");
    ASSERT_TRUE(c.errors()[0].span) << bad;
    EXPECT_FALSE(c.errors()[0].help.empty());
  }
  const auto c = parse(
      "[runner]\nlock_timeout = \"\"\nstatement_timeout = \"1.5min\"\nlock_wait = \"0\"\nlock_mode = \"table\"\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->statement_timeout, "1.5min");
  EXPECT_EQ(c->lock_mode, "table");
}

// The history table's name, and the names made from it (`<history_table>_log`, `<history_table>_lock`),
// must fit Postgres's 63-byte limit for a name; an empty name is no name.
TEST(RunnerSettings, HistoryNamesMustFitPostgresNameLimit) {
  const std::string longest_table(58, 't');
  const std::string longest_schema(63, 's');
  auto c = parse("[runner]\nhistory_table = \"" + longest_table + "\"\nhistory_schema = \"" + longest_schema + "\"\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->history_table, longest_table);
  EXPECT_EQ(c->history_schema, longest_schema);

  struct Case {
    std::string line;
    std::vector<std::string> said;
  };
  const std::vector<Case> cases = {
      {"history_table = \"\"", {"`history_table` = \"\" is empty", "1 to 58 bytes"}},
      {"history_table = \"" + longest_table + "x\"",
       {"is 59 bytes long, more than the 58 it may have", "`<history_table>_lock`", "63 bytes"}},
      // Bytes, not characters: 30 two-byte letters are 60 bytes.
      {"history_table = \"" +
           [] {
             std::string s;
             for (int i = 0; i < 30; ++i) s += "\u00e9";
             return s;
           }() +
           "\"",
       {"is 60 bytes long, more than the 58"}},
      {"history_schema = \"\"", {"`history_schema` = \"\" is empty", "1 to 63 bytes"}},
      {"history_schema = \"" + longest_schema + "s\"", {"is 64 bytes long, more than Postgres's limit of 63 bytes"}},
  };
  for (const auto& [line, said] : cases) {
    c = parse("[runner]\n" + line + "\n");
    ASSERT_FALSE(c) << line;
    ASSERT_EQ(c.errors().size(), 1U) << line;
    const auto& d = c.errors()[0];
    EXPECT_EQ(d.code, "invalid-config");
    EXPECT_EQ(d.file, "sqlmigrate.toml");
    ASSERT_TRUE(d.span) << line;
    for (const auto& text : said)
      EXPECT_NE((d.message + " " + d.help).find(text), std::string::npos) << d.message << "\n" << d.help;
  }
}

}  // namespace
}  // namespace sqlmigrate::testing
