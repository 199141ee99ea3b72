// Adding a rule touches four places; this test checks that all four agree:
// rules/<rule_id>.cpp, rules/<rule_id>.md, tests/rules/<rule-id>/ (bad_ and ok_ fixtures), and
// the alphabetical registration list in rules/registry.cpp.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "rules/docs.hpp"
#include "rules/registry.hpp"
#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

std::string snake(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

TEST(RuleConsistency, RegistryIsSortedAndUnique) {
  const auto rules = sqlmigrate::rules::all_rules();
  ASSERT_FALSE(rules.empty());
  for (std::size_t i = 1; i < rules.size(); ++i) {
    EXPECT_LT(rules[i - 1]->meta().id, rules[i]->meta().id) << "rules/registry.cpp must stay alphabetical and unique";
  }
}

TEST(RuleConsistency, EveryRuleHasSourceDocAndFixtures) {
  const fs::path root = source_dir();
  for (const auto* rule : sqlmigrate::rules::all_rules()) {
    const auto& m = rule->meta();
    const std::string id(m.id);
    SCOPED_TRACE(id);
    EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || (c >= '0' && c <= '9'); }));
    EXPECT_FALSE(m.summary.empty());
    EXPECT_TRUE(fs::exists(root / "rules" / (snake(id) + ".cpp")));
    const fs::path doc = root / "rules" / (snake(id) + ".md");
    ASSERT_TRUE(fs::exists(doc));
    const std::string text = read_file(doc);
    EXPECT_TRUE(text.starts_with("# " + id + "\n")) << doc << " must start with `# " << id << "`";
    for (const char* section : {"## Problem", "## Safe alternative", "## Examples"}) {
      EXPECT_NE(text.find(section), std::string::npos) << doc << " lacks " << section;
    }
    const auto* compiled = sqlmigrate::rules::find_doc(m.id);
    ASSERT_NE(compiled, nullptr) << "the doc is not compiled in (rerun cmake)";
    EXPECT_EQ(compiled->text, text);
    const fs::path fixtures = root / "tests" / "rules" / id;
    ASSERT_TRUE(fs::is_directory(fixtures)) << fixtures;
    bool bad = false;
    bool ok = false;
    for (const auto& e : fs::directory_iterator(fixtures)) {
      const std::string name = e.path().filename().string();
      bad = bad || name.starts_with("bad_");
      ok = ok || name.starts_with("ok_");
    }
    EXPECT_TRUE(bad) << fixtures << " needs a bad_*.sql fixture";
    EXPECT_TRUE(ok) << fixtures << " needs an ok_*.sql fixture";
  }
}

TEST(RuleConsistency, NoOrphanDocsOrFixtures) {
  std::set<std::string> ids;
  for (const auto* rule : sqlmigrate::rules::all_rules()) ids.insert(std::string(rule->meta().id));
  const fs::path root = source_dir();
  for (const auto& e : fs::directory_iterator(root / "rules")) {
    if (e.path().extension() != ".md") continue;
    std::string id = e.path().stem().string();
    std::replace(id.begin(), id.end(), '_', '-');
    EXPECT_TRUE(ids.contains(id)) << e.path() << " documents a rule that is not registered";
  }
  for (const auto& e : fs::directory_iterator(root / "tests" / "rules")) {
    if (!e.is_directory()) continue;
    EXPECT_TRUE(ids.contains(e.path().filename().string())) << e.path() << " holds fixtures of an unregistered rule";
  }
}

}  // namespace
}  // namespace sqlmigrate::testing
