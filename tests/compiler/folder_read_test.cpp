// Files of a migrations folder are read relative to the open folder, most in one read into a
// per-thread buffer: every size around that buffer's must still come back whole, and a file that
// went away after the listing must still be reported by name.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/load.hpp"
#include "compiler/migration.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

// `size` bytes of valid SQL: `SELECT 1;` lines, padded with a comment.
std::string sql_of_size(std::size_t size) {
  std::string text;
  while (text.size() + 10 <= size - 1) text += "SELECT 1;\n";
  text += "--";
  text.resize(size - 1, 'x');
  text += '\n';
  return text;
}

TEST(FolderRead, FilesOfEverySizeAroundTheReadBufferComeBackWhole) {
  TempDir dir;
  const std::size_t buffer = 64 * 1024;
  const std::size_t sizes[] = {1, 4095, buffer - 1, buffer, buffer + 1, 3 * buffer + 17};
  int version = 1;
  for (const std::size_t size : sizes) {
    dir.write(std::to_string(version) + "_size_" + std::to_string(size) + ".up.sql", sql_of_size(size));
    ++version;
  }
  const auto set = compiler::discover_migrations(dir.path(), "migrations");
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), std::size(sizes));
  for (std::size_t i = 0; i < std::size(sizes); ++i) {
    const auto& m = set.migrations[i];
    ASSERT_NE(m.up.dir, nullptr) << "files of a listed folder are read relative to it";
    const auto loaded = compiler::load_script(m.up);
    ASSERT_TRUE(loaded.errors.empty()) << m.up.display << ": " << loaded.errors.front().message;
    ASSERT_NE(loaded.source, nullptr);
    EXPECT_EQ(loaded.source->text(), sql_of_size(sizes[i])) << m.up.display;
    EXPECT_EQ(loaded.script->statements().size(), (sizes[i] - 1) / 10) << m.up.display;
  }
}

TEST(FolderRead, AFileRemovedAfterTheListingIsReportedByName) {
  TempDir dir;
  dir.write("1_first.up.sql", "SELECT 1;\n");
  const auto set = compiler::discover_migrations(dir.path(), "migrations");
  ASSERT_EQ(set.migrations.size(), 1U);
  std::filesystem::remove(dir.path() / "1_first.up.sql");
  const auto loaded = compiler::load_script(set.migrations[0].up);
  ASSERT_EQ(loaded.errors.size(), 1U);
  EXPECT_EQ(loaded.errors[0].code, "unreadable-file");
  EXPECT_EQ(loaded.errors[0].file, "migrations/1_first.up.sql");
  EXPECT_NE(loaded.errors[0].message.find("No such file"), std::string::npos) << loaded.errors[0].message;
}

TEST(FolderRead, EntriesNamedLikeMigrationsThatAreNotFilesAreReportedNotSkipped) {
  TempDir dir;
  dir.write("1_first.up.sql", "SELECT 1;\n");
  dir.write("2_linked.up.sql", "SELECT 2;\n");
  std::filesystem::create_symlink(dir.path() / "2_linked.up.sql", dir.path() / "3_link.up.sql");  // fine: a file
  std::filesystem::create_symlink(dir.path() / "nowhere.sql", dir.path() / "4_dangling.up.sql");
  std::filesystem::create_directory(dir.path() / "5_folder.up.sql");
  ASSERT_EQ(mkfifo((dir.path() / "6_pipe.down.sql").c_str(), 0600), 0);
  const auto set = compiler::discover_migrations(dir.path(), "migrations");
  ASSERT_EQ(set.migrations.size(), 3U);
  std::vector<std::string> reported;
  for (const auto& e : set.errors) {
    EXPECT_EQ(e.code, "unreadable-file") << e.file << ": " << e.message;
    reported.push_back(e.file);
  }
  std::sort(reported.begin(), reported.end());
  EXPECT_EQ(reported, (std::vector<std::string>{"migrations/4_dangling.up.sql", "migrations/5_folder.up.sql",
                                                "migrations/6_pipe.down.sql"}));
}

}  // namespace
}  // namespace sqlmigrate::testing
