// Migration layouts of other tools (docs/layouts.md): diesel, golang-migrate, dbmate, Flyway;
// detection, mixed folders, versions and order, no-transaction markers, dbmate sections.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "compiler/config.hpp"
#include "compiler/migration.hpp"
#include "tests/support/lint_helpers.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;
using compiler::Layout;
using compiler::MigrationSet;

std::vector<std::string> versions(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const auto& m : set.migrations) out.push_back(m.version);
  return out;
}

std::string codes(const MigrationSet& set) {
  std::string out;
  for (const auto& d : set.errors) out += d.code + " " + d.file + ": " + d.message + " | " + d.help + "\n";
  return out;
}

bool has_code(const std::vector<compiler::Diagnostic>& ds, const std::string& code) {
  return std::any_of(ds.begin(), ds.end(), [&](const auto& d) { return d.code == code; });
}

fs::path corpus_dir() {
  if (const char* env = std::getenv("SQLMIGRATE_CORPUS")) return env;
  return source_dir().parent_path() / "shared" / "corpus";
}

// ---- versions ----

TEST(Layouts, CompareVersionsIsNumericPerDottedPart) {
  EXPECT_GT(compiler::compare_versions("1.10", "1.9"), 0);
  EXPECT_LT(compiler::compare_versions("1.9", "1.10"), 0);
  EXPECT_EQ(compiler::compare_versions("0042", "42"), 0);
  EXPECT_EQ(compiler::compare_versions("1", "1.0"), 0);
  EXPECT_LT(compiler::compare_versions("1", "1.0.1"), 0);
  EXPECT_GT(compiler::compare_versions("10", "9"), 0);
  EXPECT_LT(compiler::compare_versions("20190101000000", "20190101000001"), 0);
}

TEST(Layouts, LayoutNamesRoundTrip) {
  for (const auto* name : {"native", "diesel", "golang-migrate", "dbmate", "flyway"}) {
    const auto layout = compiler::parse_layout(name);
    ASSERT_TRUE(layout) << name;
    EXPECT_EQ(compiler::to_string(*layout), name);
  }
  EXPECT_FALSE(compiler::parse_layout("golang_migrate"));
}

// ---- config ----

compiler::Result<compiler::Config> config_from(const std::string& text) {
  auto file = compiler::SourceFile::from_text("sqlmigrate.toml", text);
  return compiler::parse_config(std::make_shared<const compiler::SourceFile>(std::move(*file)), ".");
}

TEST(Layouts, ConfigKey) {
  auto config = config_from("[migrations]\ndir = \"db\"\nlayout = \"diesel\"\n");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->migrations_layout, Layout::diesel);
  EXPECT_FALSE(config_from("[migrations]\n")->migrations_layout);

  auto bad = config_from("[migrations]\nlayout = \"rails\"\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.errors().front().code, "invalid-config");
  EXPECT_NE(bad.errors().front().message.find("\"golang-migrate\""), std::string::npos);
  auto unknown = config_from("[migrations]\nlayot = \"diesel\"\n");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.errors().front().help.find("dir, layout"), std::string::npos);
}

// ---- native and golang-migrate ----

TEST(Layouts, NativeFolderIsDetectedAsNative) {
  TempDir dir;
  dir.write("0002_b.up.sql", "SELECT 2;\n");
  dir.write("0001_a.up.sql", "SELECT 1;\n");
  dir.write("0001_a.down.sql", "SELECT 1;\n");
  const auto set = compiler::discover_migrations(dir.path(), "m");
  EXPECT_TRUE(set.errors.empty()) << codes(set);
  EXPECT_EQ(set.layout, Layout::native);
  EXPECT_EQ(versions(set), (std::vector<std::string>{"0001", "0002"}));
  EXPECT_EQ(set.migrations[0].version_key, "1");
  ASSERT_TRUE(set.migrations[0].down);
  EXPECT_EQ(set.migrations[0].down->display, "m/0001_a.down.sql");
}

TEST(Layouts, GolangMigrateAcceptsAnyNameAndOrdersNumerically) {
  TempDir dir;
  dir.write("10_add users.table.up.sql", "SELECT 10;\n");
  dir.write("10_add users.table.down.sql", "SELECT 10;\n");
  dir.write("9_first.up.sql", "SELECT 9;\n");
  const auto set = compiler::discover_migrations(dir.path(), "m", Layout::golang_migrate);
  EXPECT_TRUE(set.errors.empty()) << codes(set);
  EXPECT_EQ(set.layout, Layout::golang_migrate);
  EXPECT_EQ(versions(set), (std::vector<std::string>{"9", "10"}));
  EXPECT_EQ(set.migrations[1].name, "add users.table");
  EXPECT_TRUE(set.migrations[1].down);

  // Detected, the folder is read with the stricter native rule: the name is refused, and the help
  // names the key that accepts it.
  const auto native = compiler::discover_migrations(dir.path(), "m");
  EXPECT_EQ(native.layout, Layout::native);
  ASSERT_TRUE(has_code(native.errors, "invalid-file-name")) << codes(native);
  EXPECT_NE(native.errors.front().help.find("layout = \"golang-migrate\""), std::string::npos) << codes(native);
}

// ---- diesel ----

TEST(Layouts, DieselFoldersMetadataAndTextOrder) {
  TempDir dir;
  dir.write("00000000000000_diesel_initial_setup/up.sql", "SELECT 0;\n");
  dir.write("00000000000000_diesel_initial_setup/down.sql", "SELECT 0;\n");
  dir.write("2019-01-01-000000_create_users/up.sql", "CREATE TABLE users (id int);\n");
  dir.write("2019-01-01-000000_create_users/down.sql", "DROP TABLE users;\n");
  // diesel orders versions as text: this 18-digit version (2025) runs before the 14-digit 2026 one.
  dir.write("2025-11-19-091444-0000_index_users/up.sql", "CREATE INDEX CONCURRENTLY i ON users (id);\n");
  dir.write("2025-11-19-091444-0000_index_users/metadata.toml", "# comment\nrun_in_transaction = false\n");
  dir.write("20260120162913_Add email to users/up.sql", "ALTER TABLE users ADD COLUMN email text;\n");
  dir.write("README.md", "diesel ignores files beside the migration folders\n");
  dir.write("data_fixup.sql", "SELECT 'not a migration';\n");
  const auto set = compiler::discover_migrations(dir.path(), "m");
  EXPECT_TRUE(set.errors.empty()) << codes(set);
  EXPECT_EQ(set.layout, Layout::diesel);
  ASSERT_EQ(versions(set), (std::vector<std::string>{"00000000000000", "2019-01-01-000000", "2025-11-19-091444-0000",
                                                     "20260120162913"}));
  EXPECT_EQ(set.migrations[1].version_key, "20190101000000");
  EXPECT_EQ(set.migrations[1].name, "create_users");
  EXPECT_EQ(set.migrations[1].up.display, "m/2019-01-01-000000_create_users/up.sql");
  ASSERT_TRUE(set.migrations[1].down);
  EXPECT_FALSE(set.migrations[1].up.no_transaction_by_layout);
  const auto& index = set.migrations[2];
  EXPECT_TRUE(index.up.no_transaction_by_layout);
  EXPECT_EQ(index.up.rare.get().no_transaction_origin,
            "m/2025-11-19-091444-0000_index_users/metadata.toml: run_in_transaction = false");
  EXPECT_FALSE(index.down);
  EXPECT_EQ(set.migrations[3].name, "Add email to users");

  // A missing rollback is named as diesel wants it: down.sql in the migration's folder.
  const auto run = lint_paths({dir.path().string()}, {"missing-down-migration"});
  ASSERT_EQ(run.diagnostics.size(), 2U) << ::testing::PrintToString(run.line_codes);
  EXPECT_NE(run.diagnostics[0].help.find("2025-11-19-091444-0000_index_users/down.sql with"), std::string::npos)
      << run.diagnostics[0].help;
}

TEST(Layouts, DieselProblemsAreReported) {
  TempDir dir;
  dir.write("2019-01-01-000000_a/up.sql", "SELECT 1;\n");
  dir.write("2019-01-01-000000_a/metadata.toml", "run_in_transaction = \"false\"\n");
  dir.write("2019-01-02-000000_b/down.sql", "SELECT 1;\n");  // no up.sql
  dir.write("20190101000000_c/up.sql", "SELECT 1;\n");      // same version as _a once `-` is dropped
  dir.write("2019-01-03-000000_d/up.sql", "SELECT 1;\n");
  dir.write("2019-01-03-000000_d/metadata.toml", "run_in_transaction = \n");
  const auto set = compiler::discover_migrations(dir.path(), "m", Layout::diesel);
  EXPECT_TRUE(has_code(set.errors, "missing-up-migration")) << codes(set);
  EXPECT_TRUE(has_code(set.errors, "duplicate-version")) << codes(set);
  EXPECT_EQ(std::count_if(set.errors.begin(), set.errors.end(), [](const auto& d) { return d.code == "invalid-metadata"; }),
            2)
      << codes(set);
  EXPECT_NE(codes(set).find("`run_in_transaction` must be true or false (line 1)"), std::string::npos) << codes(set);
}

// ---- dbmate ----

constexpr const char* k_dbmate_file =
    "-- A comment before the up section is allowed.\n"    // 1
    "-- migrate:up transaction:false\n"                    // 2
    "CREATE INDEX CONCURRENTLY users_email_idx\n"          // 3
    "  ON users (email);\n"                                // 4
    "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n"  // 5
    "\n"                                                   // 6
    "-- migrate:down\n"                                    // 7
    "DROP INDEX users_email_idx;\n"                        // 8
    "DROP INDEX users_name_idx\n"                          // 9
    "DROP TABLE x;\n";                                     // 10: syntax error (missing `;` above)

TEST(Layouts, DbmateSectionsOfOneFile) {
  TempDir dir;
  dir.write("20240101000000_create_users.sql",
            "-- migrate:up\nCREATE TABLE users (id int, email text, name text);\n-- migrate:down\nDROP TABLE users;\n");
  dir.write("20240102000000_index_users.sql", k_dbmate_file);
  const auto set = compiler::discover_migrations(dir.path(), "db");
  ASSERT_TRUE(set.errors.empty()) << codes(set);
  EXPECT_EQ(set.layout, Layout::dbmate);
  ASSERT_EQ(versions(set), (std::vector<std::string>{"20240101000000", "20240102000000"}));
  const auto& m = set.migrations[1];
  EXPECT_EQ(m.name, "index_users");
  ASSERT_TRUE(m.up.section() && m.down && m.down->section());
  const std::string text(k_dbmate_file);
  EXPECT_EQ(m.up.section()->begin, text.find("-- migrate:up"));
  EXPECT_EQ(m.up.section()->end, text.find("-- migrate:down"));
  EXPECT_EQ(m.down->section()->end, text.size());
  EXPECT_TRUE(m.up.no_transaction_by_layout);
  EXPECT_EQ(m.up.rare.get().no_transaction_origin, "db/20240102000000_index_users.sql:2: `-- migrate:up transaction:false`");
  EXPECT_FALSE(m.down->no_transaction_by_layout);

  // Lint: the syntax error in the down section is reported at its own line of the whole file, the up
  // section runs outside a transaction (no finding for its two CONCURRENTLY statements), and the
  // CREATE TABLE of the first file is not dropped by its down section.
  const auto run = lint_paths({dir.path().string()});
  EXPECT_NE(std::find(run.line_codes.begin(), run.line_codes.end(), "10:syntax-error"), run.line_codes.end())
      << ::testing::PrintToString(run.line_codes);
  EXPECT_FALSE(has_code(run.diagnostics, "ban-concurrent-index-creation-in-transaction"))
      << ::testing::PrintToString(run.line_codes);
  EXPECT_EQ(run.summary.migrations, 2U);
  EXPECT_EQ(run.summary.files, 2U);  // one file per migration, though it holds two scripts

  // The binary shows the line as written in the file (not blanked out), at line 10, column 1.
  const auto r = run_shell(sqlmigrate_binary() + " lint --color never " + shell_quote(dir.path().string()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  const std::string at = dir.path().string() + "/20240102000000_index_users.sql:10:1: error[syntax-error]";
  EXPECT_NE(r.out.find(at), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("10 | DROP TABLE x;"), std::string::npos) << r.out;
}

TEST(Layouts, DbmateWithoutTheMarkerTheTransactionFindingComesBack) {
  TempDir dir;
  std::string text(k_dbmate_file);
  text.replace(text.find(" transaction:false"), 18, "");
  text.replace(text.find("DROP INDEX users_name_idx\n"), 26, "DROP INDEX users_name_idx;\n");
  dir.write("20240102000000_index_users.sql", text);
  const auto run = lint_paths({dir.path().string()});
  EXPECT_TRUE(has_code(run.diagnostics, "ban-concurrent-index-creation-in-transaction"))
      << ::testing::PrintToString(run.line_codes);
  EXPECT_FALSE(has_code(run.diagnostics, "syntax-error")) << ::testing::PrintToString(run.line_codes);
}

TEST(Layouts, DbmateBrokenSections) {
  TempDir dir;
  dir.write("1_no_up.sql", "CREATE TABLE a (id int);\n-- migrate:down\n");
  dir.write("2_no_down.sql", "-- migrate:up\nCREATE TABLE b (id int);\n");
  dir.write("3_reversed.sql", "-- migrate:down\nDROP TABLE c;\n-- migrate:up\nCREATE TABLE c (id int);\n");
  dir.write("4_sql_first.sql", "SET x = 1;\n-- migrate:up\nCREATE TABLE d (id int);\n-- migrate:down\n");
  dir.write("notes.sql", "-- migrate:up\n-- migrate:down\n");
  const auto set = compiler::discover_migrations(dir.path(), "db", Layout::dbmate);
  EXPECT_TRUE(set.migrations.empty());
  EXPECT_EQ(std::count_if(set.errors.begin(), set.errors.end(), [](const auto& d) { return d.code == "invalid-sections"; }),
            4)
      << codes(set);
  EXPECT_TRUE(has_code(set.errors, "invalid-file-name")) << codes(set);
  const std::string all = codes(set);
  EXPECT_NE(all.find("line 1 holds SQL before `-- migrate:up`"), std::string::npos) << all;
  EXPECT_NE(all.find("`-- migrate:down` (line 1) comes before `-- migrate:up` (line 3)"), std::string::npos) << all;
}

// ---- names and folders that do not fit ----

std::string help_for(const MigrationSet& set, const std::string& file_name) {
  for (const auto& d : set.errors) {
    if (d.file.ends_with("/" + file_name)) return d.help;
  }
  return "(no error for " + file_name + ")";
}

TEST(Layouts, NamesWrittenAnotherWayGetTheirNativeName) {
  TempDir dir;
  dir.write("V0001.Initial_Schema.up.sql", "CREATE TABLE t (id int);\n");
  dir.write("V0001.Initial_Schema.down.sql", "DROP TABLE t;\n");
  dir.write("0002-add-users.sql", "SELECT 2;\n");
  dir.write("0003.add.things.up.sql", "SELECT 3;\n");
  dir.write("0004_plain.sql", "SELECT 4;\n");
  dir.write("0005.sql", "SELECT 5;\n");
  dir.write("cleanup.sql", "SELECT 6;\n");
  const auto set = compiler::discover_migrations(dir.path(), "db", std::nullopt);
  EXPECT_EQ(help_for(set, "V0001.Initial_Schema.up.sql"), "rename it to `0001_Initial_Schema.up.sql`") << codes(set);
  EXPECT_EQ(help_for(set, "V0001.Initial_Schema.down.sql"), "rename it to `0001_Initial_Schema.down.sql`");
  EXPECT_EQ(help_for(set, "0003.add.things.up.sql"), "rename it to `0003_add_things.up.sql`");
  EXPECT_NE(help_for(set, "0002-add-users.sql").find("rename it to `0002_add-users.up.sql` (versions and names"),
            std::string::npos)
      << codes(set);
  EXPECT_NE(help_for(set, "0004_plain.sql").find("rename it to `0004_plain.up.sql`"), std::string::npos);
  EXPECT_EQ(help_for(set, "0005.sql"), "add a name after the version: `0005_<description>.up.sql`");
  EXPECT_NE(help_for(set, "cleanup.sql").find("for example `0001_cleanup.up.sql`"), std::string::npos);
  // Every suggestion is a name the layout accepts.
  for (const auto& d : set.errors) {
    const auto open = d.help.find('`');
    ASSERT_NE(open, std::string::npos) << d.help;
    const std::string suggested = d.help.substr(open + 1, d.help.find('`', open + 1) - open - 1);
    if (suggested.find('<') != std::string::npos) continue;
    TempDir check;
    check.write(suggested, "SELECT 1;\n");
    if (suggested.ends_with(".down.sql")) {  // a down file goes with its up file
      check.write(suggested.substr(0, suggested.size() - 9) + ".up.sql", "SELECT 1;\n");
    }
    const auto again = compiler::discover_migrations(check.path(), "db", Layout::native);
    EXPECT_TRUE(again.errors.empty()) << suggested << "\n" << codes(again);
  }
}

TEST(Layouts, AFolderWhoseFoldersHoldTheSqlIsNamedAsSuch) {
  TempDir dir;
  dir.write("tenant/0001-init.sql", "SELECT 1;\n");
  dir.write("multitenant/0001-init.sql", "SELECT 1;\n");
  dir.write("docs/README.md", "notes\n");
  const auto set = compiler::discover_migrations(dir.path(), "db", std::nullopt);
  ASSERT_EQ(set.errors.size(), 1U) << codes(set);
  EXPECT_EQ(set.errors[0].code, "no-migrations");
  EXPECT_EQ(set.errors[0].message,
            "`db` holds no migrations, but the folders `multitenant` and `tenant` inside it hold .sql files");
  EXPECT_NE(set.errors[0].help.find("`sqlmigrate lint db/multitenant`"), std::string::npos) << set.errors[0].help;

  // An empty folder (a new project) and one whose folders hold no SQL are fine: nothing to check.
  TempDir empty;
  EXPECT_TRUE(compiler::discover_migrations(empty.path(), "db", std::nullopt).errors.empty());
  TempDir other;
  other.write("docs/README.md", "notes\n");
  EXPECT_TRUE(compiler::discover_migrations(other.path(), "db", std::nullopt).errors.empty());
  // With migrations of its own, folders beside them are not looked into.
  TempDir mixed;
  mixed.write("0001_init.up.sql", "SELECT 1;\n");
  mixed.write("archive/0000-old.sql", "SELECT 0;\n");
  EXPECT_TRUE(compiler::discover_migrations(mixed.path(), "db", std::nullopt).errors.empty())
      << codes(compiler::discover_migrations(mixed.path(), "db", std::nullopt));
}

// ---- Flyway ----

TEST(Layouts, FlywayVersionsUndoConfAndSubfolders) {
  TempDir dir;
  dir.write("V1__init.sql", "CREATE TABLE t (id int);\n");
  dir.write("V1.9__nine.sql", "SELECT 19;\n");
  dir.write("V1.10__ten.sql", "SELECT 110;\n");
  dir.write("V1_1__one_one.sql", "SELECT 11;\n");
  dir.write("V2__index.sql", "CREATE INDEX CONCURRENTLY i ON t (id);\nCREATE INDEX CONCURRENTLY j ON t (id);\n");
  dir.write("V2__index.sql.conf", "# Flyway script config\nexecuteInTransaction=false\n");
  dir.write("U2__index.sql", "DROP INDEX i;\nDROP INDEX j;\n");
  dir.write("later/V3__in_a_subfolder.sql", "SELECT 3;\n");
  const auto set = compiler::discover_migrations(dir.path(), "sql");
  ASSERT_TRUE(set.errors.empty()) << codes(set);
  EXPECT_EQ(set.layout, Layout::flyway);
  ASSERT_EQ(versions(set), (std::vector<std::string>{"1", "1.1", "1.9", "1.10", "2", "3"}));
  EXPECT_EQ(set.migrations[1].up.display, "sql/V1_1__one_one.sql");
  EXPECT_EQ(set.migrations[1].version_key, "1.1");
  EXPECT_EQ(set.migrations[1].name, "one_one");
  const auto& index = set.migrations[4];
  ASSERT_TRUE(index.down);
  EXPECT_EQ(index.down->display, "sql/U2__index.sql");
  EXPECT_TRUE(index.up.no_transaction_by_layout);
  EXPECT_EQ(index.up.rare.get().no_transaction_origin, "sql/V2__index.sql.conf: executeInTransaction=false");
  EXPECT_EQ(set.migrations[5].up.display, "sql/later/V3__in_a_subfolder.sql");

  const auto run = lint_paths({dir.path().string()});
  EXPECT_FALSE(has_code(run.diagnostics, "ban-concurrent-index-creation-in-transaction"))
      << ::testing::PrintToString(run.line_codes);
  fs::remove(dir.path() / "V2__index.sql.conf");
  const auto without = lint_paths({dir.path().string()});
  EXPECT_TRUE(has_code(without.diagnostics, "ban-concurrent-index-creation-in-transaction"))
      << ::testing::PrintToString(without.line_codes);
}

TEST(Layouts, FlywayRepeatablesDuplicatesAndStrays) {
  TempDir dir;
  dir.write("V1__a.sql", "SELECT 1;\n");
  dir.write("V1.0__b.sql", "SELECT 1;\n");  // 1.0 is version 1 again
  dir.write("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;\n");
  dir.write("U7__orphan.sql", "SELECT 7;\n");
  dir.write("afterMigrate.sql", "SELECT 1;\n");
  dir.write("v2__lowercase.sql", "SELECT 2;\n");
  dir.write("V3__x.sql.conf", "executeInTransaction=maybe\n");
  dir.write("V3__x.sql", "SELECT 3;\n");
  const auto set = compiler::discover_migrations(dir.path(), "sql", Layout::flyway);
  const std::string all = codes(set);
  EXPECT_TRUE(has_code(set.errors, "duplicate-version")) << all;
  EXPECT_TRUE(has_code(set.errors, "orphan-down-migration")) << all;
  EXPECT_TRUE(has_code(set.errors, "invalid-metadata")) << all;
  EXPECT_TRUE(has_code(set.errors, "invalid-file-name")) << all;
  EXPECT_EQ(std::count_if(set.errors.begin(), set.errors.end(),
                          [](const auto& d) { return d.code == "unsupported-migration"; }),
            2)
      << all;
  EXPECT_NE(all.find("repeatable migrations (R__) are not supported"), std::string::npos) << all;
  EXPECT_EQ(versions(set), (std::vector<std::string>{"1.0", "3"}));  // the first by file name is kept

  const auto run = lint_paths({dir.path().string()}, {"missing-down-migration"});
  ASSERT_FALSE(run.diagnostics.empty());
  EXPECT_NE(run.diagnostics.back().help.find("U3__x.sql (an undo script)"), std::string::npos)
      << run.diagnostics.back().help;
}

// ---- detection of mixed folders ----

TEST(Layouts, MixedFolderIsAnErrorNamingFilesAndTheKey) {
  TempDir dir;
  dir.write("2019-01-01-000000_a/up.sql", "SELECT 1;\n");
  dir.write("2019-01-02-000000_b/up.sql", "SELECT 1;\n");
  dir.write("V1__init.sql", "SELECT 1;\n");
  dir.write("20240101_x.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  const auto set = compiler::discover_migrations(dir.path(), "m");
  EXPECT_TRUE(set.migrations.empty());
  ASSERT_EQ(set.errors.size(), 1U) << codes(set);
  const auto& d = set.errors.front();
  EXPECT_EQ(d.code, "mixed-layouts");
  EXPECT_NE(d.message.find("diesel (`m/2019-01-01-000000_a/up.sql` and 1 more)"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("dbmate (`m/20240101_x.sql`)"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("flyway (`m/V1__init.sql`)"), std::string::npos) << d.message;
  EXPECT_NE(d.help.find("`[migrations] layout = \"diesel\"`"), std::string::npos) << d.help;

  // Naming the layout reads the folder as that layout; the others' files are then ignored or named.
  const auto diesel = compiler::discover_migrations(dir.path(), "m", Layout::diesel);
  EXPECT_TRUE(diesel.errors.empty()) << codes(diesel);
  EXPECT_EQ(diesel.migrations.size(), 2U);
}

TEST(Layouts, NativeFilesBesideAFlywayFileAreMixed) {
  TempDir dir;
  dir.write("0001_a.up.sql", "SELECT 1;\n");
  dir.write("V2__b.sql", "SELECT 1;\n");
  const auto set = compiler::discover_migrations(dir.path(), "m");
  ASSERT_TRUE(has_code(set.errors, "mixed-layouts")) << codes(set);
  EXPECT_NE(set.errors.front().message.find("native (`m/0001_a.up.sql`) and flyway (`m/V2__b.sql`)"),
            std::string::npos)
      << codes(set);
}

// ---- explicitly named files (pre-commit hooks pass the changed files) ----

TEST(Layouts, NamedFilesKeepTheirLayout) {
  TempDir dir;
  dir.write("d/2019-01-01-000000_idx/up.sql",
            "CREATE INDEX CONCURRENTLY i ON t (id);\nCREATE INDEX CONCURRENTLY j ON t (id);\n");
  dir.write("d/2019-01-01-000000_idx/down.sql", "DROP INDEX i;\n");
  dir.write("d/2019-01-01-000000_idx/metadata.toml", "run_in_transaction = false\n");
  dir.write("db/1_x.sql", "-- migrate:up\nCREATE TABLE x (id int);\n-- migrate:down\nDROP TABLE x;\n");
  dir.write("f/V5__y.sql", "SELECT 5;\n");
  dir.write("f/U5__y.sql", "SELECT 5;\n");
  const auto set = compiler::migrations_from_files(
      {(dir.path() / "d/2019-01-01-000000_idx/up.sql").string(), (dir.path() / "db/1_x.sql").string(),
       (dir.path() / "f/V5__y.sql").string()});
  ASSERT_TRUE(set.errors.empty()) << codes(set);
  ASSERT_EQ(set.migrations.size(), 3U);
  for (const auto& m : set.migrations) {
    EXPECT_FALSE(m.standalone) << m.up.display;
    EXPECT_TRUE(m.down) << m.up.display;
  }
  const auto run = lint_paths({(dir.path() / "d/2019-01-01-000000_idx/up.sql").string()});
  EXPECT_FALSE(has_code(run.diagnostics, "ban-concurrent-index-creation-in-transaction"))
      << ::testing::PrintToString(run.line_codes);
}

// ---- the real diesel projects of the corpus ----

std::size_t count_subdirs(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.is_directory() ? 1 : 0;
  return n;
}

class CorpusDiesel : public ::testing::TestWithParam<const char*> {};

TEST_P(CorpusDiesel, EveryFolderIsAMigrationAndLints) {
  const fs::path dir = corpus_dir() / GetParam() / "migrations";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "corpus absent: " << dir;
  const auto set = compiler::discover_migrations(dir, dir.string());
  EXPECT_TRUE(set.errors.empty()) << codes(set);
  EXPECT_EQ(set.layout, Layout::diesel);
  EXPECT_EQ(set.migrations.size(), count_subdirs(dir));
  // diesel's order: by the version without `-`, as text.
  for (std::size_t i = 1; i < set.migrations.size(); ++i) {
    EXPECT_LT(set.migrations[i - 1].version_key, set.migrations[i].version_key);
  }
  std::size_t no_tx = 0;
  for (const auto& m : set.migrations) no_tx += m.up.no_transaction_by_layout ? 1 : 0;
  std::size_t metadata = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) metadata += e.path().filename() == "metadata.toml";
  EXPECT_EQ(no_tx, metadata);  // every metadata.toml of the corpus says run_in_transaction = false

  // Through the binary: the only input errors are the files Postgres 15's grammar rejects (see
  // tests/corpus/corpus_parse_test.cpp), and one down file that diesel runs in a transaction (it
  // has no metadata.toml) although it builds indexes CONCURRENTLY, which Postgres refuses there.
  const auto r = run_shell(sqlmigrate_binary() + " lint --format json --fail-on none " + shell_quote(dir.string()));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // One finding per line: {"code":"…","severity":"…","origin":"input","file":"…",…}
  std::istringstream lines(r.out);
  std::string line;
  std::set<std::string> input_files;
  const std::string k_concurrent_in_transaction =
      "crates-io/migrations/2024-04-12-144536_remove-downloads-column/down.sql";
  const auto field = [](const std::string& l, const std::string& name) {
    const std::string key = "\"" + name + "\":\"";
    const auto at = l.find(key);
    if (at == std::string::npos) return std::string();
    const auto begin = at + key.size();
    return l.substr(begin, l.find('"', begin) - begin);
  };
  while (std::getline(lines, line)) {
    if (field(line, "origin") != "input") continue;
    const std::string file = field(line, "file");
    const std::string relative = fs::path(file).lexically_relative(corpus_dir()).generic_string();
    input_files.insert(relative);
    EXPECT_EQ(field(line, "code"),
              relative == k_concurrent_in_transaction ? "statement-needs-no-transaction" : "syntax-error")
        << line;
  }
  const std::set<std::string> known = {
      k_concurrent_in_transaction,
      "crates-io/migrations/20170318181441_downloads_need_no_id/down.sql",
      "lemmy/migrations/2024-03-06-104706_local_image_user_opt/down.sql",
      "lemmy/migrations/2025-08-01-000016_smoosh-tables-together/down.sql",
      "lemmy/migrations/2025-08-01-000016_smoosh-tables-together/up.sql",
      "lemmy/migrations/2025-08-01-000034_no-image-token/down.sql",
      "lemmy/migrations/2025-08-01-000041_remove-aggregate-tables/down.sql",
      "lemmy/migrations/2025-08-01-000042_community-hidden-visibility/down.sql",
      "lemmy/migrations/2025-08-01-000045_site_person_ban/down.sql",
      "lemmy/migrations/2025-08-01-000051_local_image_person/down.sql",
      "lemmy/migrations/2025-08-01-000053_remove_hide_modlog_names/down.sql",
      "lemmy/migrations/2025-08-01-000061_drop-person-ban/down.sql",
      "lemmy/migrations/2025-08-01-000063_post-or-comment-notification/down.sql",
      "lemmy/migrations/2025-10-15-114811-0000_merge-modlog-tables/down.sql",
  };
  for (const auto& f : input_files) EXPECT_TRUE(known.contains(f)) << f;
  EXPECT_FALSE(input_files.empty());
  EXPECT_NE(r.out.find("\"summary\":{\"migrations\":" + std::to_string(set.migrations.size()) + ","), std::string::npos)
      << r.out.substr(r.out.size() - std::min<std::size_t>(r.out.size(), 300));
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusDiesel, ::testing::Values("lemmy", "crates-io"),
                         [](const auto& param_info) { return std::string(param_info.param) == "lemmy" ? "lemmy" : "crates_io"; });

}  // namespace
}  // namespace sqlmigrate::testing
