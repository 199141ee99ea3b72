// The CI output formats: SARIF 2.1.0, GitHub workflow commands, GitLab Code Quality, gcc style.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "linter/report.hpp"
#include "rules/registry.hpp"
#include "tests/support/json.hpp"

namespace sqlmigrate::testing {
namespace {

using compiler::Diagnostic;

// Two findings on a two-line file: one on line 2 (columns counted in characters), one without position.
std::string render(linter::Format format) {
  auto source = compiler::SourceFile::from_text("db/0001 add, fix.up.sql", "SELECT 1;\n  CREATE INDEX é ON t (a);\n");
  EXPECT_TRUE(source.ok());
  Diagnostic finding;
  finding.code = "require-concurrent-index-creation";
  finding.severity = compiler::Severity::warning;
  finding.origin = compiler::Origin::lint;
  finding.file = source->path();
  finding.span = compiler::Span{12, 36};  // "CREATE INDEX é ON t (a)" (é is two bytes)
  finding.message = "100% of writes: blocked, t\r\nnext";
  finding.notes = {"why"};
  finding.help = "what to do";
  Diagnostic whole_file;
  whole_file.code = "missing-down-migration";
  whole_file.severity = compiler::Severity::error;
  whole_file.origin = compiler::Origin::lint;
  whole_file.file = source->path();
  whole_file.message = "no down file";

  std::FILE* out = std::tmpfile();
  linter::ReportOptions options;
  options.rules = rules::all_rules();
  {
    auto reporter = linter::make_reporter(format, out, options);
    reporter->report({finding, whole_file}, {&*source});
    linter::LintSummary summary;
    reporter->finish(summary);
  }
  std::rewind(out);
  std::string text;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, out)) > 0) text.append(buffer, n);
  std::fclose(out);
  return text;
}

TEST(ReportFormats, ParsesFormatNames) {
  for (const char* name : linter::k_formats) EXPECT_TRUE(linter::parse_format(name).has_value()) << name;
  EXPECT_FALSE(linter::parse_format("xml").has_value());
}

TEST(ReportFormats, Sarif) {
  const std::string text = render(linter::Format::sarif);
  std::string error;
  const auto doc = parse_json(text, &error);
  ASSERT_TRUE(doc) << error << "\n" << text;
  EXPECT_EQ((*doc)["version"].string, "2.1.0");
  const Json& run = (*doc)["runs"][0];
  const Json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"].string, "sqlmigrate");
  ASSERT_EQ(driver["rules"].array.size(), rules::all_rules().size());
  std::size_t index = 0;
  for (; index < driver["rules"].array.size(); ++index) {
    if (driver["rules"][index]["id"].string == "require-concurrent-index-creation") break;
  }
  const Json& rule = driver["rules"][index];
  EXPECT_EQ(rule["helpUri"].string,
            "https://github.com/sqlmigrate/sqlmigrate/blob/main/rules/require_concurrent_index_creation.md");
  EXPECT_EQ(rule["defaultConfiguration"]["level"].string, "warning");
  EXPECT_FALSE(rule["shortDescription"]["text"].string.empty());

  ASSERT_EQ(run["results"].array.size(), 2U);
  const Json& result = run["results"][0];
  EXPECT_EQ(result["ruleId"].string, "require-concurrent-index-creation");
  EXPECT_EQ(result["ruleIndex"].number, static_cast<double>(index));
  EXPECT_EQ(result["level"].string, "warning");
  EXPECT_EQ(result["message"]["text"].string, "100% of writes: blocked, t\r\nnext\nnote: why\nhelp: what to do");
  const Json& location = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"].string, "db/0001%20add,%20fix.up.sql");
  EXPECT_EQ(location["region"]["startLine"].number, 2);
  EXPECT_EQ(location["region"]["startColumn"].number, 3);
  EXPECT_EQ(location["region"]["endLine"].number, 2);
  EXPECT_EQ(location["region"]["endColumn"].number, 26);  // exclusive, in characters
  const Json& file_level = run["results"][1];
  EXPECT_EQ(file_level["level"].string, "error");
  EXPECT_FALSE(file_level["locations"][0]["physicalLocation"].has("region"));
  EXPECT_FALSE(file_level.has("ruleIndex") && file_level["ruleId"].string != "missing-down-migration");
}

TEST(ReportFormats, Github) {
  EXPECT_EQ(render(linter::Format::github),
            "::warning file=db/0001 add%2C fix.up.sql,line=2,col=3,endColumn=26,title=require-concurrent-index-creation"
            "::100%25 of writes: blocked, t%0D%0Anext%0Anote: why%0Ahelp: what to do\n"
            "::error file=db/0001 add%2C fix.up.sql,title=missing-down-migration::no down file\n");
  EXPECT_EQ(linter::github_escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
  EXPECT_EQ(linter::github_escape_data("a:b,c%d\re"), "a:b,c%25d%0De");
}

TEST(ReportFormats, Gitlab) {
  const std::string text = render(linter::Format::gitlab);
  std::string error;
  const auto doc = parse_json(text, &error);
  ASSERT_TRUE(doc) << error << "\n" << text;
  ASSERT_EQ(doc->array.size(), 2U);
  const Json& issue = (*doc)[0];
  EXPECT_EQ(issue["check_name"].string, "require-concurrent-index-creation");
  EXPECT_EQ(issue["severity"].string, "minor");
  EXPECT_EQ(issue["location"]["path"].string, "db/0001 add, fix.up.sql");
  EXPECT_EQ(issue["location"]["lines"]["begin"].number, 2);
  EXPECT_EQ(issue["fingerprint"].string.size(), 32U);
  EXPECT_NE(issue["description"].string.find("help: what to do"), std::string::npos);
  EXPECT_EQ((*doc)[1]["severity"].string, "major");
  EXPECT_EQ((*doc)[1]["location"]["lines"]["begin"].number, 1);
  EXPECT_NE(issue["fingerprint"].string, (*doc)[1]["fingerprint"].string);
  // Stable across runs, and across a move of the finding to another line.
  EXPECT_EQ(render(linter::Format::gitlab), text);
  Diagnostic d;
  d.code = "x";
  d.file = "f.sql";
  d.message = "m";
  EXPECT_EQ(linter::code_quality_fingerprint(d, "  CREATE INDEX i ON t (a);", 0),
            linter::code_quality_fingerprint(d, "CREATE INDEX i ON t (a);", 0));
  EXPECT_NE(linter::code_quality_fingerprint(d, "CREATE INDEX i ON t (a);", 0),
            linter::code_quality_fingerprint(d, "CREATE INDEX i ON t (a);", 1));
}

TEST(ReportFormats, Gcc) {
  EXPECT_EQ(render(linter::Format::gcc),
            "db/0001 add, fix.up.sql:2:3: warning: 100% of writes: blocked, t  next [require-concurrent-index-creation]\n"
            "db/0001 add, fix.up.sql: error: no down file [missing-down-migration]\n");
}

TEST(ReportFormats, JsonCheckerRejectsMalformedJson) {
  for (const char* bad : {"{", "[1,]", "{\"a\":1,}", "\"\n\"", "01", "{\"a\" 1}", "[1] x", "{\"a\":1,\"a\":2}"}) {
    EXPECT_FALSE(parse_json(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_json(" {\"a\": [1, -2.5e3, true, null, \"\\u0041\"]} ").has_value());
}

}  // namespace
}  // namespace sqlmigrate::testing

namespace sqlmigrate::testing {
namespace {

// The escaper skips eight bytes at a time: every byte value, at every offset around those
// eight-byte steps, in text of every length up to 24, escapes as the one-byte-at-a-time rule says:
// well-formed UTF-8 as it is, any other byte as U+FFFD, so the output is always valid UTF-8.
std::string reference_escape(std::string_view text) {
  // Well-formed sequences as the Unicode standard lists them (table 3-7): the first byte, then the
  // allowed range of each byte after it.
  struct Form {
    unsigned char first_low, first_high;
    std::vector<std::pair<unsigned char, unsigned char>> rest;
  };
  const std::vector<Form> forms = {
      {0xC2, 0xDF, {{0x80, 0xBF}}},
      {0xE0, 0xE0, {{0xA0, 0xBF}, {0x80, 0xBF}}},
      {0xE1, 0xEC, {{0x80, 0xBF}, {0x80, 0xBF}}},
      {0xED, 0xED, {{0x80, 0x9F}, {0x80, 0xBF}}},
      {0xEE, 0xEF, {{0x80, 0xBF}, {0x80, 0xBF}}},
      {0xF0, 0xF0, {{0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
      {0xF1, 0xF3, {{0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
      {0xF4, 0xF4, {{0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}}},
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      std::size_t length = 0;
      for (const Form& f : forms) {
        if (c < f.first_low || c > f.first_high || i + f.rest.size() >= text.size()) continue;
        bool ok = true;
        for (std::size_t k = 0; k < f.rest.size(); ++k) {
          const auto b = static_cast<unsigned char>(text[i + 1 + k]);
          ok = ok && b >= f.rest[k].first && b <= f.rest[k].second;
        }
        if (ok) length = 1 + f.rest.size();
      }
      if (length == 0) {
        out += "\\ufffd";
      } else {
        out += text.substr(i, length);
        i += length - 1;
      }
    } else if (c == '"')
      out += "\\\"";
    else if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20)
      out += fmt::format("\\u{:04x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

TEST(JsonEscape, EveryByteAtEveryOffsetAroundTheEightByteSteps) {
  int checked = 0;
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int b = 1; b < 256; ++b) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(b);
        if (length > 12) text[length - 1 - at % 3] = static_cast<char>(0xC3);  // UTF-8 lead bytes elsewhere
        ASSERT_EQ(linter::json_escape(text), reference_escape(text))
            << "length " << length << ", byte " << b << " at " << at;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 300 * 255);
}

// Well-formed and broken sequences of every length, at every offset: the escaper and the rule agree,
// and the output is valid UTF-8.
TEST(JsonEscape, InvalidUtf8BecomesTheReplacementCharacter) {
  const std::vector<std::string> pieces = {"\xC3\xA9",
                                           "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80",
                                           "\xE9",
                                           "\xC3",
                                           "\xE2\x82",
                                           "\xF0\x9F\x98",
                                           "\x80",
                                           "\xBF\xBF",
                                           "\xC0\x80",
                                           "\xE0\x80\x80",
                                           "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xF5\x80\x80\x80",
                                           "\xFF"};
  for (const std::string& piece : pieces) {
    for (std::size_t at = 0; at <= 17; ++at) {
      for (std::size_t tail = 0; tail <= 9; ++tail) {
        const std::string text = std::string(at, 'x') + piece + std::string(tail, 'y');
        const std::string escaped = linter::json_escape(text);
        ASSERT_EQ(escaped, reference_escape(text)) << "at " << at << ", tail " << tail;
        ASSERT_TRUE(compiler::SourceFile::from_text("out.json", "\"" + escaped + "\"").ok()) << escaped;  // UTF-8
      }
    }
  }
  EXPECT_EQ(linter::json_escape("caf\xE9.up.sql"), "caf\\ufffd.up.sql");
  EXPECT_EQ(linter::json_escape("caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
}  // namespace sqlmigrate::testing
