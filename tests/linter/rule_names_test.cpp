// A rule id that names no rule (in `explain`, [rules] or an ignore comment) gets the rule it most
// likely means.

#include <gtest/gtest.h>

#include <string>

#include "linter/engine.hpp"
#include "rules/registry.hpp"
#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

std::string help_for(const std::string& id) { return linter::unknown_rule_help(rules::all_rules(), id); }

TEST(RuleNames, UnknownIdsGetTheRuleTheyMostLikelyMean) {
  // A near spelling.
  EXPECT_EQ(help_for("ban-drop-colum"), "did you mean `ban-drop-column`? `sqlmigrate rules` lists every rule");
  // Part of one rule's id.
  EXPECT_EQ(help_for("holding-access"),
            "did you mean `holding-access-exclusive-across-statements`? `sqlmigrate rules` lists every rule");
  // Part of several: each is named.
  const std::string several = help_for("concurrent-index");
  EXPECT_NE(several.find("`require-concurrent-index-creation`"), std::string::npos) << several;
  EXPECT_NE(several.find("`require-concurrent-index-deletion`"), std::string::npos) << several;
  EXPECT_NE(several.find(" or `"), std::string::npos) << several;
  // Nothing alike.
  EXPECT_EQ(help_for("zzz"), "`sqlmigrate rules` lists every rule");
}

TEST(RuleNames, AnIgnoreCommentWithAMisspeltRuleSaysWhichItMeans) {
  const auto run = lint_text("-- sqlmigrate:ignore ban-drop-colum\nALTER TABLE t DROP COLUMN c;\n");
  bool found = false;
  for (const auto& d : run.diagnostics) {
    if (d.code != "unknown-rule") continue;
    found = true;
    EXPECT_EQ(d.help, "did you mean `ban-drop-column`? `sqlmigrate rules` lists every rule");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace sqlmigrate::testing
