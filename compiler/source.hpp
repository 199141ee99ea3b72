#pragma once
// A migration file's text, validated as UTF-8, with a line index computed on demand.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"

namespace sqlmigrate::compiler {

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in characters (Unicode code points), not bytes
};

class SourceFile {
 public:
  // Reads and validates a file. `display_path` is the path shown in diagnostics. With `dir_fd` (an
  // open folder), `path` may also be a name relative to that folder (openat: the kernel then walks
  // one component instead of the whole path, which a run over 40,000 files feels).
  static Result<SourceFile> read(const std::string& path, std::string display_path, int dir_fd = -1,
                                 const char* name_in_dir = nullptr);
  // Validates text that did not come from a file (stdin, tests).
  static Result<SourceFile> from_text(std::string display_path, std::string text);

  const std::string& path() const { return m_path; }
  const std::string& text() const { return m_text; }

  // 1-based line and character column of a byte offset. A CR before LF is not part of a line.
  LineCol line_col(std::uint32_t offset) const;
  // The text of a 1-based line, without its line ending.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const;
  // Byte offset of the start of a 1-based line.
  std::uint32_t line_start(std::uint32_t line) const;

  // Whether the text mentions "sqlmigrate:" at all (only then are comments scanned for directives).
  bool mentions_directives() const { return m_mentions_directives; }

 private:
  SourceFile(std::string path, std::string text);
  void build_line_index() const;

  std::string m_path;
  std::string m_text;
  bool m_mentions_directives = false;
  mutable std::vector<std::uint32_t> m_line_starts;  // built on first use
};

// Number of code points in a UTF-8 byte range (the text is valid UTF-8).
std::uint32_t count_code_points(std::string_view utf8);
// Byte offset of the n-th (0-based) code point in a UTF-8 string, clamped to its size.
std::uint32_t byte_offset_of_code_point(std::string_view utf8, std::uint32_t index);

}  // namespace sqlmigrate::compiler
