#pragma once
// A temporary folder removed with its contents when the object goes away, and a file writer.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sqlmigrate::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sqlmigrate-test-XXXXXX").string();
    m_path = mkdtemp(tmpl.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  const std::filesystem::path& path() const { return m_path; }
  // Writes `text` to `relative` (creating folders), returns the full path.
  std::filesystem::path write(const std::string& relative, const std::string& text) const {
    const auto full = m_path / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
    return full;
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace sqlmigrate::testing
