// Findings about one subcommand of an ALTER TABLE point at that subcommand (AlterTableCmd keeps no
// position: rules/util.hpp alter_subcommand_spans).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

// The text each finding's span covers, in order.
std::vector<std::string> marked(const std::string& sql, const std::vector<std::string>& rules) {
  const auto run = lint_text(sql, rules);
  std::vector<std::string> out;
  for (const auto& d : run.diagnostics) {
    if (d.span) out.push_back(sql.substr(d.span->begin, d.span->end - d.span->begin));
  }
  return out;
}

TEST(SubcommandSpans, EachDropPointsAtItsOwnSubcommand) {
  EXPECT_EQ(marked("ALTER TABLE person\n"
                   "    DROP COLUMN email, -- old, unused\n"
                   "    ADD COLUMN note text DEFAULT 'a, b',\n"
                   "    /* keep, for now */ DROP COLUMN \"Admin, Flag\" CASCADE,\n"
                   "    ALTER COLUMN name SET DEFAULT concat('x', 'y'),\n"
                   "    DROP COLUMN IF EXISTS bio;\n",
                   {"ban-drop-column"}),
            (std::vector<std::string>{"DROP COLUMN email", "DROP COLUMN \"Admin, Flag\" CASCADE",
                                      "DROP COLUMN IF EXISTS bio"}));
}

TEST(SubcommandSpans, QualifiedQuotedAndDescendantNames) {
  EXPECT_EQ(marked("ALTER TABLE IF EXISTS ONLY \"my.schema\" . \"t,1\" ALTER COLUMN a SET NOT NULL, "
                   "ALTER COLUMN b DROP NOT NULL;\n",
                   {"adding-not-nullable-field", "ban-drop-not-null"}),
            (std::vector<std::string>{"ALTER COLUMN a SET NOT NULL", "ALTER COLUMN b DROP NOT NULL"}));
  EXPECT_EQ(marked("ALTER TABLE shop.orders * DROP COLUMN x, DROP COLUMN y;\n", {"ban-drop-column"}),
            (std::vector<std::string>{"DROP COLUMN x", "DROP COLUMN y"}));
}

TEST(SubcommandSpans, DollarQuotesAndASingleSubcommand) {
  // A dollar-quoted default with commas stays whole; one subcommand is the span on its own.
  EXPECT_EQ(marked("ALTER TABLE t ALTER COLUMN a SET DEFAULT $$a,b$$, DROP COLUMN c;\n", {"ban-drop-column"}),
            (std::vector<std::string>{"DROP COLUMN c"}));
  EXPECT_EQ(marked("ALTER TABLE t DROP COLUMN c;\n", {"ban-drop-column"}), (std::vector<std::string>{"DROP COLUMN c"}));
}

}  // namespace
}  // namespace sqlmigrate::testing
