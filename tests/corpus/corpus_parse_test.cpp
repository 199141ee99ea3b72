// Parses every .sql file of the real-world corpus in ../shared/corpus (skipped when absent).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"
#include "tests/support/lint_helpers.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() {
  if (const char* env = std::getenv("SQLMIGRATE_CORPUS")) return env;
  return source_dir().parent_path() / "shared" / "corpus";
}

// Files that Postgres 15's grammar rejects. One is a real mistake (a missing `;`); the others use
// syntax newer than Postgres 15 (named NOT NULL constraints from 18, subqueries in FROM without an
// alias from 16), which sqlmigrate's Postgres 15 parser reports as syntax errors.
const std::set<std::string> k_expected_errors = {
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

TEST(Corpus, EveryFileParsesOrFailsAsExpected) {
  const fs::path root = corpus_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << "corpus absent: " << root;
  std::size_t files = 0;
  std::size_t statements = 0;
  std::set<std::string> failing;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    const std::string rel = fs::relative(entry.path(), root).generic_string();
    auto source = compiler::SourceFile::read(entry.path(), rel);
    ASSERT_TRUE(source.ok()) << rel << ": " << source.errors()[0].message;
    const compiler::Script script = compiler::parse(*source);
    ++files;
    statements += script.statements().size();
    if (!script.ok()) {
      failing.insert(rel);
      for (const auto& e : script.errors()) {
        ASSERT_TRUE(e.span.has_value());
        EXPECT_LE(e.span->end, source->text().size());
      }
    }
    for (const auto& s : script.statements()) {
      ASSERT_LE(s.span.begin, s.span.end) << rel;
      ASSERT_LE(s.span.end, source->text().size()) << rel;
    }
  }
  EXPECT_GT(files, 2000U);
  EXPECT_GT(statements, 8000U);
  EXPECT_EQ(failing, k_expected_errors);
}

TEST(Corpus, KnownSyntaxErrorIsReportedWithFileLineAndColumn) {
  const fs::path root = corpus_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << "corpus absent: " << root;
  const fs::path file = root / "crates-io/migrations/20170318181441_downloads_need_no_id/down.sql";
  const LintRun run = lint_paths({file.string()});
  bool found = false;
  for (const auto& d : run.diagnostics) {
    if (d.code != "syntax-error") continue;
    found = true;
    EXPECT_EQ(d.file, file.string());
    EXPECT_EQ(d.message, "syntax error at or near \"ALTER\"");
  }
  EXPECT_TRUE(found);
  EXPECT_NE(std::find(run.line_codes.begin(), run.line_codes.end(), "2:syntax-error"), run.line_codes.end());
  EXPECT_TRUE(run.summary.input_errors);
}

}  // namespace
}  // namespace sqlmigrate::testing
