// Runs every rule fixture under tests/rules/<rule-id>/.
//
// A fixture is a .sql file (linted as one standalone migration) or a folder (linted as a
// migrations folder). Expectations are comments in the SQL:
//   `-- expect: <rule-id>[, <rule-id>]`  a finding of that rule starts on this line
//   `-- expect-file: <rule-id>`          a finding of that rule with no position, for this file
//   `-- pg-version: <N>[.<minor>]`       lint for this Postgres version (default 15; "14.3" names a minor release)
// Only the fixture folder's rule runs. bad_* fixtures must expect at least one finding; ok_*
// fixtures must expect none.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  std::string rule;
  fs::path path;
};

// How test logs name a fixture (instead of its bytes).
void PrintTo(const Fixture& fixture, std::ostream* os) { *os << fixture.rule << "/" << fixture.path.filename().string(); }

std::vector<Fixture> all_fixtures() {
  std::vector<Fixture> out;
  const fs::path root = source_dir() / "tests" / "rules";
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      if (!(name.starts_with("bad_") || name.starts_with("ok_"))) continue;
      out.push_back(Fixture{dir.path().filename().string(), entry.path()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.path < b.path; });
  return out;
}

std::vector<fs::path> sql_files(const fs::path& fixture) {
  std::vector<fs::path> out;
  if (fs::is_directory(fixture)) {
    for (const auto& e : fs::directory_iterator(fixture)) {
      if (e.path().extension() == ".sql") out.push_back(e.path());
    }
  } else {
    out.push_back(fixture);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class RuleFixture : public ::testing::TestWithParam<Fixture> {};

TEST_P(RuleFixture, FindingsMatchExpectations) {
  const Fixture& f = GetParam();
  const std::regex expect_re(R"(--\s*expect:\s*([a-z0-9, -]+))");
  const std::regex expect_file_re(R"(--\s*expect-file:\s*([a-z0-9-]+))");
  const std::regex version_re(R"(--\s*pg-version:\s*(\d+)(?:\.(\d+))?)");
  std::multiset<std::string> expected;
  int pg_version = 15;
  std::optional<int> pg_minor;
  for (const fs::path& file : sql_files(f.path)) {
    const std::string text = read_file(file);
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
      ++number;
      std::smatch m;
      if (std::regex_search(line, m, version_re)) {
        pg_version = std::stoi(m[1]);
        pg_minor = m[2].matched ? std::optional<int>(std::stoi(m[2])) : std::nullopt;
      }
      if (std::regex_search(line, m, expect_file_re)) expected.insert("0:" + m[1].str());
      else if (std::regex_search(line, m, expect_re)) {
        std::string ids = m[1];
        std::stringstream ss(ids);
        std::string id;
        while (std::getline(ss, id, ',')) {
          id.erase(0, id.find_first_not_of(' '));
          id.erase(id.find_last_not_of(' ') + 1);
          if (!id.empty()) expected.insert(std::to_string(number) + ":" + id);
        }
      }
    }
  }
  const std::string name = f.path.filename().string();
  if (name.starts_with("bad_")) {
    ASSERT_FALSE(expected.empty()) << f.path << ": a bad_ fixture must carry `-- expect: " << f.rule << "`";
  } else {
    ASSERT_TRUE(expected.empty()) << f.path << ": an ok_ fixture must not expect findings";
  }
  const LintRun run = lint_paths({f.path.string()}, {f.rule}, pg_version, pg_minor);
  // A fixture runs its one rule alone, so it may hold what another rule reports, and what the plan
  // refuses to run (a REINDEX CONCURRENTLY in a transaction, say): the plan's own errors, which lint
  // reports where no rule failed the statement, are tested in plan_test and LintGate.
  const auto plan_error = [](std::string_view code) {
    return code == "statement-needs-no-transaction" || code == "transaction-control-in-transaction" ||
           code == "uncommitted-transaction";
  };
  std::multiset<std::string> actual;
  for (const auto& lc : run.line_codes) {
    if (!plan_error(lc.substr(lc.find(':') + 1))) actual.insert(lc);
  }
  EXPECT_EQ(actual, expected) << "fixture " << f.path;
  for (const auto& d : run.diagnostics) {
    // A rule's error that stands in for a plan error has origin input (the plan refuses the file).
    if (d.origin == compiler::Origin::input && !plan_error(d.code) && d.code != f.rule)
      ADD_FAILURE() << f.path << ": input error " << d.code << ": " << d.message;
    if (d.code == f.rule) {
      EXPECT_FALSE(d.message.empty());
      EXPECT_FALSE(d.help.empty()) << d.code << " must say what to do instead";
    }
  }
}

std::string fixture_name(const ::testing::TestParamInfo<Fixture>& info) {
  std::string s = info.param.rule + "_" + info.param.path.stem().string();
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleFixture, ::testing::ValuesIn(all_fixtures()), fixture_name);

}  // namespace
}  // namespace sqlmigrate::testing
