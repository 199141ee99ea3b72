// holding-access-exclusive-across-statements reports the first slow statement of a transaction
// and lists the later ones in a note of that finding.

#include <gtest/gtest.h>

#include <string>

#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

const std::string k_rule = "holding-access-exclusive-across-statements";

std::string later_note(const compiler::Diagnostic& d) {
  for (const auto& n : d.notes) {
    if (n.starts_with("later statements")) return n;
  }
  return "";
}

TEST(HoldingLock, LaterSlowStatementsAreListedInTheFirstFinding) {
  const auto run = lint_text(
      "ALTER TABLE orders ADD COLUMN region text;\n"
      "UPDATE orders SET region = 'eu';\n"
      "ALTER TABLE customers ADD COLUMN tier text;\n"
      "CREATE INDEX orders_region_idx ON orders (region);\n",
      {k_rule});
  ASSERT_EQ(run.line_codes, std::vector<std::string>{"2:" + k_rule});
  EXPECT_EQ(later_note(run.diagnostics[0]),
            "later statements of this transaction also run while it is held: line 3 (ALTER TABLE), line 4 (CREATE "
            "INDEX)");
}

TEST(HoldingLock, ALongListEndsWithACount) {
  std::string sql = "ALTER TABLE orders ADD COLUMN region text;\n";
  for (int i = 0; i < 10; ++i) sql += "UPDATE orders SET region = 'r" + std::to_string(i) + "';\n";
  const auto run = lint_text(sql, {k_rule});
  ASSERT_EQ(run.line_codes, std::vector<std::string>{"2:" + k_rule});
  EXPECT_EQ(later_note(run.diagnostics[0]),
            "later statements of this transaction also run while it is held: line 3 (UPDATE), line 4 (UPDATE), line 5 "
            "(UPDATE), line 6 (UPDATE), line 7 (UPDATE), line 8 (UPDATE) and 3 more");
}

TEST(HoldingLock, AnIgnoredStatementDoesNotHideTheOnesAfterIt) {
  const auto run = lint_text(
      "ALTER TABLE orders ADD COLUMN region text;\n"
      "-- sqlmigrate:ignore holding-access-exclusive-across-statements -- customers is tiny\n"
      "ALTER TABLE customers ADD COLUMN tier text;\n"
      "UPDATE orders SET region = 'eu';\n"
      "DELETE FROM orders WHERE region IS NULL;\n",
      {k_rule});
  // The ignore is used (no unused-ignore finding); the update is reported, with the delete in its note.
  ASSERT_EQ(run.line_codes, std::vector<std::string>{"4:" + k_rule});
  EXPECT_EQ(later_note(run.diagnostics[0]),
            "later statements of this transaction also run while it is held: line 5 (DELETE)");
}

}  // namespace
}  // namespace sqlmigrate::testing
