// The plan: graph from versions and depends-on, units, targets; and new/merge/init from the CLI.

#include "compiler/plan.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "tests/support/lint_helpers.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::compiler {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

Result<Project> compile_dir(const fs::path& dir) { return compile_project(discover_migrations(dir, "m")); }

std::string codes(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.code + ": " + e.message + " | " + e.help + "\n";
  return out;
}

std::vector<std::string> versions(const Project& p, const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.steps) out.push_back(p.migrations[s.migration].version);
  return out;
}

TEST(Plan, LinearHistoryDependsOnThePreviousVersion) {
  TempDir t;
  t.write("m/0001_a.up.sql", "CREATE TABLE a (id int);\n");
  t.write("m/0001_a.down.sql", "DROP TABLE a;\n");
  t.write("m/0002_b.up.sql", "CREATE TABLE b (id int);\nCREATE TABLE c (id int);");
  t.write("m/0002_b.down.sql", "DROP TABLE c; DROP TABLE b;\n");
  t.write("m/10_c.up.sql", "");
  auto p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok()) << codes(p.errors());
  ASSERT_EQ(p->migrations.size(), 3U);
  EXPECT_TRUE(p->migrations[0].parents.empty());
  EXPECT_EQ(p->migrations[1].parents, std::vector<std::string>{"0001"});
  EXPECT_EQ(p->migrations[2].parents, std::vector<std::string>{"0002"});
  ASSERT_EQ(p->heads.size(), 1U);
  EXPECT_EQ(p->migrations[p->heads[0]].version, "10");
  // One transactional unit holding both statements, the text ending in ';' and a newline.
  const Unit& unit = p->migrations[1].up.units.at(0);
  EXPECT_TRUE(unit.transactional);
  EXPECT_EQ(unit.statements, 2U);
  EXPECT_EQ(unit.sql, "CREATE TABLE b (id int);\nCREATE TABLE c (id int);\n");
  EXPECT_EQ(unit.line, 1U);
  // An empty file is one empty unit.
  EXPECT_EQ(p->migrations[2].up.units.size(), 1U);
  EXPECT_EQ(p->migrations[2].up.units[0].statements, 0U);
  EXPECT_EQ(p->migrations[0].up.checksum.size(), 64U);
}

TEST(Plan, TransactionUnits) {
  TempDir t;
  t.write("m/1_single_cic.up.sql", "-- comment\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
  t.write("m/2_no_tx.up.sql",
          "-- sqlmigrate:no-transaction\nCREATE INDEX CONCURRENTLY i2 ON t (b);\nBEGIN;\nALTER TABLE t ADD COLUMN c int;\n"
          "UPDATE t SET c = 1;\nCOMMIT;\nVACUUM t;\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok()) << codes(p.errors());
  const auto& one = p->migrations[0].up.units;
  ASSERT_EQ(one.size(), 1U);
  EXPECT_FALSE(one[0].transactional);
  EXPECT_EQ(one[0].line, 2U);
  EXPECT_NE(one[0].autocommit_reason.find("CREATE INDEX CONCURRENTLY"), std::string::npos);
  // Units carry the lock facts of their statements.
  ASSERT_EQ(one[0].locks.size(), 1U);
  EXPECT_EQ(one[0].locks[0].relation, "t");
  EXPECT_EQ(one[0].locks[0].mode, LockMode::share_update_exclusive);
  EXPECT_EQ(one[0].locks[0].scan, Tri::yes);
  const auto& two = p->migrations[1].up.units;
  ASSERT_EQ(two.size(), 3U);
  EXPECT_FALSE(two[0].transactional);
  EXPECT_TRUE(two[1].transactional);
  EXPECT_EQ(two[1].statements, 2U);
  EXPECT_EQ(two[1].sql, "ALTER TABLE t ADD COLUMN c int;\nUPDATE t SET c = 1;\n");
  EXPECT_EQ(two[1].line, 4U);
  ASSERT_EQ(two[1].locks.size(), 1U);  // ADD COLUMN and UPDATE: the strongest, once
  EXPECT_EQ(two[1].locks[0].mode, LockMode::access_exclusive);
  EXPECT_FALSE(two[2].transactional);
  EXPECT_EQ(two[2].sql, "VACUUM t;\n");
}

TEST(Plan, NonTransactionalStatementInTransactionalMigrationNamesTheDirective) {
  TempDir t;
  t.write("m/1_mixed.up.sql", "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
  t.write("m/2_begin.up.sql", "BEGIN;\nCREATE TABLE u (a int);\nCOMMIT;\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_FALSE(p.ok());
  const std::string text = codes(p.errors());
  EXPECT_NE(text.find("statement-needs-no-transaction: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("-- sqlmigrate:no-transaction"), std::string::npos) << text;
  EXPECT_EQ(text.find("marker"), std::string::npos) << text;  // the native layout has only the directive
  EXPECT_NE(text.find("transaction-control-in-transaction: BEGIN is written"), std::string::npos) << text;
  EXPECT_NE(text.find("transaction-control-in-transaction: COMMIT is written"), std::string::npos) << text;
}

TEST(Plan, ADieselMigrationIsToldDieselsMarkerToo) {
  TempDir t;
  t.write("m/2024-01-01-000000_idx/up.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 1;\n");
  t.write("m/2024-01-01-000000_idx/down.sql", "DROP INDEX i;\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_FALSE(p.ok());
  const std::string text = codes(p.errors());
  EXPECT_NE(text.find("or `run_in_transaction = false` in the folder's metadata.toml (diesel's marker)"),
            std::string::npos)
      << text;
}

TEST(Plan, UncommittedBlockInNoTransactionMigration) {
  TempDir t;
  t.write("m/1_open.up.sql", "-- sqlmigrate:no-transaction\nBEGIN;\nCREATE TABLE t (a int);\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.errors().at(0).code, "uncommitted-transaction");
}

TEST(Plan, CommitAndChainStartsTheNextUnit) {
  TempDir t;
  t.write("m/1_chain.up.sql",
          "-- sqlmigrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;\nCOMMIT AND CHAIN;\nUPDATE t SET a = 2;\n"
          "END;\n");
  t.write("m/2_open.up.sql", "-- sqlmigrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;\nCOMMIT AND CHAIN;\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_FALSE(p.ok());
  ASSERT_EQ(p.errors().size(), 1U) << codes(p.errors());
  EXPECT_EQ(p.errors()[0].code, "uncommitted-transaction");  // the block COMMIT AND CHAIN opens, in 2_open
  EXPECT_NE(p.errors()[0].file.find("2_open"), std::string::npos);

  t.write("m/2_open.up.sql", "-- sqlmigrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;\nCOMMIT AND CHAIN;\nCOMMIT;\n");
  p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok()) << codes(p.errors());
  const auto& units = p->migrations[0].up.units;
  ASSERT_EQ(units.size(), 2U);
  EXPECT_TRUE(units[0].transactional);
  EXPECT_EQ(units[0].sql, "UPDATE t SET a = 1;\n");
  EXPECT_TRUE(units[1].transactional);
  EXPECT_EQ(units[1].sql, "UPDATE t SET a = 2;\n");
  EXPECT_EQ(units[1].line, 5U);
}

TEST(Plan, BranchesMergesAndHeads) {
  TempDir t;
  t.write("m/1_root.up.sql", "CREATE TABLE r (a int);\n");
  t.write("m/2_left.up.sql", "CREATE TABLE l (a int);\n");
  t.write("m/3_right.up.sql", "-- sqlmigrate:depends-on 1\nCREATE TABLE rr (a int);\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok()) << codes(p.errors());
  ASSERT_EQ(p->heads.size(), 2U);
  auto head = plan_upgrade(*p, {}, "head");
  ASSERT_FALSE(head.ok());
  const std::string text = codes(head.errors());
  EXPECT_NE(text.find("2 heads"), std::string::npos) << text;
  EXPECT_NE(text.find("2 (m/2_left.up.sql)"), std::string::npos) << text;
  EXPECT_NE(text.find("3 (m/3_right.up.sql)"), std::string::npos) << text;
  EXPECT_NE(text.find("sqlmigrate merge"), std::string::npos) << text;
  auto heads = plan_upgrade(*p, {}, "heads");
  ASSERT_TRUE(heads.ok());
  EXPECT_EQ(versions(*p, *heads), (std::vector<std::string>{"1", "2", "3"}));
  // Only the right branch.
  auto right = plan_upgrade(*p, {}, "3");
  ASSERT_TRUE(right.ok());
  EXPECT_EQ(versions(*p, *right), (std::vector<std::string>{"1", "3"}));

  t.write("m/4_merge.up.sql", "-- sqlmigrate:depends-on 2, 3\n");
  auto merged = compile_dir(t.path() / "m");
  ASSERT_TRUE(merged.ok()) << codes(merged.errors());
  ASSERT_EQ(merged->heads.size(), 1U);
  AppliedState state;
  state.applied = {"1", "3"};
  auto rest = plan_upgrade(*merged, state, "head");
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(versions(*merged, *rest), (std::vector<std::string>{"2", "4"}));
}

TEST(Plan, CyclesAndUnknownParentsAreReportedWithTheirFiles) {
  TempDir t;
  t.write("m/1_a.up.sql", "-- sqlmigrate:depends-on 3\n");
  t.write("m/2_b.up.sql", "-- sqlmigrate:depends-on 1\n");
  t.write("m/3_c.up.sql", "-- sqlmigrate:depends-on 2\n");
  t.write("m/4_d.up.sql", "-- sqlmigrate:depends-on 99\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_FALSE(p.ok());
  const std::string text = codes(p.errors());
  EXPECT_NE(text.find("unknown-parent: migration 4 depends on version 99"), std::string::npos) << text;
  EXPECT_NE(text.find("dependency-cycle: migrations depend on each other in a cycle"), std::string::npos) << text;
  bool cycle_files = false;
  for (const auto& e : p.errors()) {
    if (e.code == "dependency-cycle") cycle_files = e.notes.size() == 3;
  }
  EXPECT_TRUE(cycle_files) << text;
}

TEST(Plan, Targets) {
  TempDir t;
  for (int v = 1; v <= 5; ++v) {
    t.write(fmt::format("m/{}_m.up.sql", v), fmt::format("CREATE TABLE t{} (a int);\n", v));
    t.write(fmt::format("m/{}_m.down.sql", v), fmt::format("DROP TABLE t{};\n", v));
  }
  auto p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok());
  AppliedState two;
  two.applied = {"1", "2"};
  EXPECT_EQ(versions(*p, *plan_upgrade(*p, two, "+2")), (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(versions(*p, *plan_upgrade(*p, two, "4")), (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(versions(*p, *plan_upgrade(*p, two, "0002")), (std::vector<std::string>{}));
  EXPECT_FALSE(plan_upgrade(*p, two, "+4").ok());
  EXPECT_FALSE(plan_upgrade(*p, two, "+x").ok());
  EXPECT_FALSE(plan_upgrade(*p, two, "base").ok());
  EXPECT_EQ(versions(*p, *plan_downgrade(*p, two, "-1")), (std::vector<std::string>{"2"}));
  EXPECT_EQ(versions(*p, *plan_downgrade(*p, two, "base")), (std::vector<std::string>{"2", "1"}));
  EXPECT_EQ(versions(*p, *plan_downgrade(*p, two, "1")), (std::vector<std::string>{"2"}));
  EXPECT_FALSE(plan_downgrade(*p, two, "-3").ok());
  EXPECT_FALSE(plan_downgrade(*p, two, "4").ok());  // not applied
  // Relative targets offline, from a stated FROM.
  auto at3 = state_at(*p, "3");
  ASSERT_TRUE(at3.ok());
  EXPECT_EQ(versions(*p, *plan_downgrade(*p, *at3, "-2")), (std::vector<std::string>{"3", "2"}));
  EXPECT_EQ(versions(*p, *plan_upgrade(*p, *at3, "+1")), (std::vector<std::string>{"4"}));
  EXPECT_EQ(split_range("0003:head").from.value(), "0003");
  EXPECT_FALSE(split_range("head").from.has_value());
}

TEST(Plan, DowngradeRefusesMissingOrEmptyDownFiles) {
  TempDir t;
  t.write("m/1_a.up.sql", "CREATE TABLE a (id int);\n");
  t.write("m/1_a.down.sql", "-- nothing here yet\n");
  t.write("m/2_b.up.sql", "CREATE TABLE b (id int);\n");
  auto p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok());
  AppliedState all;
  all.applied = {"1", "2"};
  auto missing = plan_downgrade(*p, all, "-1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.errors()[0].code, "missing-down-migration");
  AppliedState one;
  one.applied = {"1"};
  auto empty = plan_downgrade(*p, one, "base");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.errors()[0].code, "empty-down-migration");
}

TEST(Plan, TenThousandMigrationsCompile) {
  TempDir t;
  for (int v = 1; v <= 10000; ++v) {
    t.write(fmt::format("m/{:05}_m.up.sql", v), fmt::format("ALTER TABLE t ADD COLUMN c{} int;\n", v));
  }
  auto p = compile_dir(t.path() / "m");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->migrations.size(), 10000U);
  auto plan = plan_upgrade(*p, {}, "head");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->steps.size(), 10000U);
  EXPECT_EQ(p->migrations.back().version, "10000");
}

// sourcegraph's migrations form a DAG (metadata.yaml `parent:` / `parents:`). Rebuilt in the native
// layout with depends-on lines, each schema compiles in an order that respects every edge.
std::vector<std::string> yaml_parents(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex k_number("[0-9]+");
  std::istringstream in(text);
  std::string line;
  bool in_list = false;
  while (std::getline(in, line)) {
    const bool key = line.rfind("parent:", 0) == 0 || line.rfind("parents:", 0) == 0;
    if (key || (in_list && line.rfind("- ", 0) == 0)) {
      for (std::sregex_iterator it(line.begin(), line.end(), k_number), end; it != end; ++it) out.push_back(it->str());
      in_list = key || in_list;
    } else {
      in_list = false;
    }
  }
  return out;
}

TEST(Plan, SourcegraphDagCompilesInTopologicalOrder) {
  const fs::path root = testing::source_dir() / ".." / "shared" / "corpus" / "sourcegraph" / "migrations";
  if (!fs::is_directory(root)) GTEST_SKIP() << "corpus absent: " << root;
  int schemas = 0;
  int forks = 0;
  for (const auto& schema : fs::directory_iterator(root)) {
    if (!schema.is_directory()) continue;
    TempDir t;
    std::map<std::string, std::vector<std::string>> parents;
    for (const auto& m : fs::directory_iterator(schema.path())) {
      const std::string version = m.path().filename().string();
      parents[version] = yaml_parents(testing::read_file(m.path() / "metadata.yaml"));
    }
    std::vector<std::string> merge_nodes;
    for (const auto& [version, ps] : parents) {
      std::string deps;
      for (const auto& p : ps) {
        if (parents.contains(p)) deps += (deps.empty() ? "" : ", ") + p;
      }
      if (ps.size() > 1) merge_nodes.push_back(version);
      // Explicit parents always, even none: a root written without depends-on would default to the
      // previous version.
      std::string header = deps.empty() ? "" : "-- sqlmigrate:depends-on " + deps + "\n";
      t.write("m/" + version + "_sg.up.sql", header + "SELECT 1;\n");
    }
    auto p = compile_dir(t.path() / "m");
    ASSERT_TRUE(p.ok()) << schema.path() << "\n" << codes(p.errors());
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < p->migrations.size(); ++i) position[p->migrations[i].version] = i;
    for (const auto& m : p->migrations) {
      for (const auto& parent : m.parents) EXPECT_LT(position.at(parent), position.at(m.version)) << m.version;
    }
    ++schemas;
    // Without its merge migration a forked schema has two heads, and `head` names both.
    if (!merge_nodes.empty() && p->heads.size() == 1) {
      const std::string merge = merge_nodes.front();
      // Drop the merge and everything after it: the branches it joined are left as two heads.
      for (const auto& [version, ps] : parents) {
        if (compare_versions(version, merge) >= 0) fs::remove(t.path() / "m" / (version + "_sg.up.sql"));
      }
      auto forked = compile_dir(t.path() / "m");
      ASSERT_TRUE(forked.ok()) << codes(forked.errors());
      auto refused = plan_upgrade(*forked, {}, "head");
      ASSERT_FALSE(refused.ok());
      const std::string text = codes(refused.errors());
      for (const auto& parent : parents[merge]) EXPECT_NE(text.find(parent), std::string::npos) << text;
      ++forks;
    }
  }
  EXPECT_EQ(schemas, 3);
  EXPECT_GE(forks, 1);  // frontend has merges
}

// The CLI side: new, merge, init.
TEST(PlanCli, NewMergeInit) {
  TempDir t;
  const std::string cd = "cd " + testing::shell_quote(t.path().string()) + " && ";
  auto r = testing::run_shell(cd + testing::sqlmigrate_binary() + " init");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(t.path() / "sqlmigrate.toml"));
  EXPECT_EQ(testing::run_shell(cd + testing::sqlmigrate_binary() + " init").exit_code, 2);
  // A folder name that needs escaping in TOML still gives a config every command reads.
  {
    TempDir odd;
    const std::string in_odd = "cd " + testing::shell_quote(odd.path().string()) + " && ";
    ASSERT_EQ(testing::run_shell(in_odd + testing::sqlmigrate_binary() + " init --dir 'db \"x\\y'").exit_code, 0);
    EXPECT_TRUE(fs::is_directory(odd.path() / "db \"x\\y"));
    r = testing::run_shell(in_odd + testing::sqlmigrate_binary() + " new first");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(odd.path() / "db \"x\\y" / "0001_first.up.sql")) << r.out << r.err;
    // --config naming a folder says so.
    r = testing::run_shell(in_odd + testing::sqlmigrate_binary() + " --config . lint");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("`.` is a folder, not a config file"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--config ./sqlmigrate.toml"), std::string::npos) << r.out;
  }
  // An absolute [migrations] dir is shown as written, not as a climb out of the current folder.
  {
    TempDir abs;
    abs.write("m/0001_a.up.sql", "SELECT 1;\n");
    abs.write("sqlmigrate.toml", "[migrations]\ndir = \"" + (abs.path() / "m").generic_string() + "\"\n");
    fs::create_directories(abs.path() / "deep" / "er");
    r = testing::run_shell("cd " + testing::shell_quote((abs.path() / "deep" / "er").string()) + " && " +
                           testing::sqlmigrate_binary() + " --config ../../sqlmigrate.toml plan");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(" " + (abs.path() / "m" / "0001_a.up.sql").generic_string()), std::string::npos) << r.out;
  }
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " new \xc3\xa9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("has no ASCII letters or digits"), std::string::npos) << r.err;

  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " new 'Add orders table!'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(t.path() / "migrations/0001_add_orders_table.up.sql"));
  EXPECT_TRUE(fs::exists(t.path() / "migrations/0001_add_orders_table.down.sql"));
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " new second");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(t.path() / "migrations/0002_second.up.sql").find("depends-on"), std::string::npos);
  EXPECT_EQ(testing::run_shell(cd + testing::sqlmigrate_binary() + " merge").exit_code, 2);

  // A branch: 0003 depends on 0001, so 0002 and 0003 are both heads.
  t.write("migrations/0003_branch.up.sql", "-- sqlmigrate:depends-on 0001\n");
  t.write("migrations/0003_branch.down.sql", "");
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " plan");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("2 heads"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sqlmigrate merge"), std::string::npos) << r.err;
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " merge");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(testing::read_file(t.path() / "migrations/0004_merge_0002_0003.up.sql")
                .find("-- sqlmigrate:depends-on 0002, 0003"),
            std::string::npos);
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " plan --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("version":"0004","name":"merge_0002_0003")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("parents":["0002","0003"])"), std::string::npos) << r.out;
  // `new` after a merge needs no depends-on; the new one follows the merge.
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " new after merge --timestamp");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("_after_merge.up.sql"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sqlmigrate::compiler

namespace sqlmigrate::compiler {
namespace {

// Commands that read the whole project use the configured layout; `new` refuses to write native
// files into another tool's folder.
TEST(PlanCli, OtherLayoutsArePlannedAndNewRefusesToMixLayouts) {
  testing::TempDir t;
  t.write("sqlmigrate.toml", "[migrations]\ndir = \"migrations\"\nlayout = \"diesel\"\n");
  t.write("migrations/2020-01-01-000000_create_a/up.sql", "CREATE TABLE a (id int);\n");
  t.write("migrations/2020-01-01-000000_create_a/down.sql", "DROP TABLE a;\n");
  t.write("migrations/2020-02-01-000000_index_a/up.sql", "CREATE INDEX CONCURRENTLY a_id ON a (id);\n");
  t.write("migrations/2020-02-01-000000_index_a/metadata.toml", "run_in_transaction = false\n");
  const std::string cd = "cd " + testing::shell_quote(t.path().string()) + " && ";
  auto r = testing::run_shell(cd + testing::sqlmigrate_binary() + " plan --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("version":"2020-02-01-000000","name":"index_a")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("transactional":false)"), std::string::npos) << r.out;
  r = testing::run_shell(cd + testing::sqlmigrate_binary() + " new add b");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("uses the diesel layout"), std::string::npos) << r.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(t.path() / "migrations"), fs::directory_iterator{}), 2);
}

}  // namespace
}  // namespace sqlmigrate::compiler
