// Lock facts of statements that cannot run inside a transaction block (so the live test cannot
// read their locks), the conflict table, and timeout settings.

#include "compiler/locks.hpp"

#include <gtest/gtest.h>

#include "compiler/source.hpp"

namespace sqlmigrate::testing {
namespace {

using compiler::LockMode;
using compiler::Tri;

compiler::LockFacts facts_of(const std::string& sql) {
  auto source = compiler::SourceFile::from_text("t.sql", sql);
  const compiler::Script script = compiler::parse(*source);
  EXPECT_EQ(script.statements().size(), 1U) << sql;
  return compiler::lock_facts(script.statements().front());
}

TEST(LockFacts, AutocommitOnlyStatements) {
  struct Expect {
    const char* sql;
    const char* relation;
    LockMode mode;
    Tri rewrite;
  };
  for (const Expect& e : {
           Expect{"CREATE INDEX CONCURRENTLY i ON orders (a)", "public.orders", LockMode::share_update_exclusive, Tri::no},
           Expect{"DROP INDEX CONCURRENTLY i", "public.i", LockMode::share_update_exclusive, Tri::no},
           Expect{"REINDEX TABLE CONCURRENTLY orders", "public.orders", LockMode::share_update_exclusive, Tri::no},
           Expect{"VACUUM orders", "public.orders", LockMode::share_update_exclusive, Tri::no},
           Expect{"VACUUM (FULL) orders", "public.orders", LockMode::access_exclusive, Tri::yes},
           Expect{"VACUUM FULL shop.orders", "shop.orders", LockMode::access_exclusive, Tri::yes},
           Expect{"ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY", "public.events_2023",
                  LockMode::share_update_exclusive, Tri::no},
           Expect{"ALTER TABLE orders SET TABLESPACE fast", "public.orders", LockMode::access_exclusive, Tri::yes},
       }) {
    const auto facts = facts_of(e.sql);
    const auto* r = facts.find(e.relation);
    ASSERT_NE(r, nullptr) << e.sql;
    EXPECT_EQ(r->mode, e.mode) << e.sql;
    EXPECT_EQ(r->rewrite, e.rewrite) << e.sql;
  }
  EXPECT_FALSE(facts_of("VACUUM").known);
  EXPECT_FALSE(facts_of("DO $$ BEGIN END $$").known);
}

TEST(LockFacts, AddColumnDefaultsByVersion) {
  auto source = compiler::SourceFile::from_text("t.sql", "ALTER TABLE t ADD COLUMN c int DEFAULT 0");
  const compiler::Script script = compiler::parse(*source);
  EXPECT_EQ(compiler::lock_facts(script.statements().front(), {10, nullptr}).relations[0].rewrite, Tri::yes);
  EXPECT_EQ(compiler::lock_facts(script.statements().front(), {11, nullptr}).relations[0].rewrite, Tri::no);
  EXPECT_EQ(facts_of("ALTER TABLE t ADD COLUMN c text DEFAULT my_func()").relations[0].rewrite, Tri::maybe);
  EXPECT_EQ(facts_of("ALTER TABLE t ALTER COLUMN c TYPE bigint").relations[0].rewrite, Tri::maybe);
}

class AlwaysRewrites final : public compiler::SchemaKnowledge {
 public:
  Tri type_change_rewrites(std::string_view key, std::string_view column, const ::Node* type) const override {
    EXPECT_EQ(key, "public.t");
    EXPECT_EQ(column, "c");
    EXPECT_NE(type, nullptr);
    return Tri::yes;
  }
};

TEST(LockFacts, SchemaKnowledgeDecidesTypeChanges) {
  auto source = compiler::SourceFile::from_text("t.sql", "ALTER TABLE t ALTER COLUMN c TYPE bigint");
  const compiler::Script script = compiler::parse(*source);
  const AlwaysRewrites knowledge;
  EXPECT_EQ(compiler::lock_facts(script.statements().front(), {15, &knowledge}).relations[0].rewrite, Tri::yes);
}

TEST(LockFacts, ConflictTableAndBlocks) {
  EXPECT_TRUE(compiler::conflicts(LockMode::share, LockMode::row_exclusive));
  EXPECT_FALSE(compiler::conflicts(LockMode::share, LockMode::share));
  EXPECT_TRUE(compiler::conflicts(LockMode::share_update_exclusive, LockMode::share_update_exclusive));
  EXPECT_FALSE(compiler::conflicts(LockMode::row_exclusive, LockMode::row_exclusive));
  EXPECT_TRUE(compiler::conflicts(LockMode::access_exclusive, LockMode::access_share));
  for (int a = 1; a <= 8; ++a) {
    for (int b = 1; b <= 8; ++b) {
      EXPECT_EQ(compiler::conflicts(static_cast<LockMode>(a), static_cast<LockMode>(b)),
                compiler::conflicts(static_cast<LockMode>(b), static_cast<LockMode>(a)));
    }
  }
  EXPECT_EQ(compiler::describe_blocks(LockMode::access_exclusive), "reads, writes and DDL");
  EXPECT_EQ(compiler::describe_blocks(LockMode::share), "writes and DDL");
  EXPECT_EQ(compiler::describe_blocks(LockMode::share_update_exclusive), "DDL");
  EXPECT_EQ(compiler::lock_mode_from_pg_locks("ShareRowExclusiveLock"), LockMode::share_row_exclusive);
}

TEST(LockFacts, TimeoutSettings) {
  const auto changes = [](const std::string& sql) {
    auto source = compiler::SourceFile::from_text("t.sql", sql);
    const compiler::Script script = compiler::parse(*source);
    return compiler::setting_changes(script.statements().front());
  };
  auto c = changes("SET lock_timeout = '5s'");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_TRUE(c[0].on);
  EXPECT_FALSE(c[0].local);
  EXPECT_FALSE(changes("SET lock_timeout = 0")[0].on);
  EXPECT_FALSE(changes("SET LOCAL statement_timeout TO '0ms'")[0].on);
  EXPECT_TRUE(changes("SET LOCAL statement_timeout TO '1min'")[0].local);
  EXPECT_FALSE(changes("RESET lock_timeout")[0].on);
  EXPECT_EQ(changes("RESET ALL").size(), 2U);
  c = changes("SELECT set_config('lock_timeout', '3s', true)");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].name, "lock_timeout");
  EXPECT_TRUE(c[0].on);
  EXPECT_TRUE(c[0].local);
}

}  // namespace
}  // namespace sqlmigrate::testing
