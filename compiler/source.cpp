#include "compiler/source.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>

namespace sqlmigrate::compiler {
namespace {

constexpr std::size_t k_max_file_size = std::numeric_limits<std::uint32_t>::max() / 2;

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most migration text is ASCII.
    while (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t min = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      min = 0x80;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      min = 0x800;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace

std::uint32_t count_code_points(std::string_view utf8) {
  std::uint32_t count = 0;
  for (const char ch : utf8) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::uint32_t byte_offset_of_code_point(std::string_view utf8, std::uint32_t index) {
  std::uint32_t seen = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) {
      if (seen == index) return static_cast<std::uint32_t>(i);
      ++seen;
    }
  }
  return static_cast<std::uint32_t>(utf8.size());
}

SourceFile::SourceFile(std::string path, std::string text)
    : m_path(std::move(path)), m_text(std::move(text)),
      m_mentions_directives(m_text.find("sqlmigrate:") != std::string::npos) {}

Result<SourceFile> SourceFile::read(const std::string& path, std::string display_path, int dir_fd,
                                    const char* name_in_dir) {
  // POSIX reads into a string sized from fstat: iostreams cost a tenth of a lint run on small files.
  const int fd = dir_fd >= 0 && name_in_dir != nullptr ? ::openat(dir_fd, name_in_dir, O_RDONLY | O_CLOEXEC)
                                                      : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const auto unreadable = [&](int err) {
    return input_error("unreadable-file", display_path, std::nullopt,
                       fmt::format("cannot read the file: {}", err != 0 ? std::strerror(err) : "unknown error"),
                       "check that the file exists and that you may read it");
  };
  if (fd < 0) return unreadable(errno);
  if (name_in_dir != nullptr && dir_fd >= 0) {
    // A file its folder's listing called a regular file: read without asking its size first; a
    // short read is its end. Most migrations fit the first read.
    thread_local std::array<char, 64 * 1024> scratch;
    std::size_t used = 0;
    while (true) {
      const ssize_t n = ::read(fd, scratch.data() + used, scratch.size() - used);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;  // EISDIR and the like: the general path below reports it
      used += static_cast<std::size_t>(n);
      if (n == 0 || used < scratch.size()) {
        ::close(fd);
        return from_text(std::move(display_path), std::string(scratch.data(), used));
      }
      break;  // larger than the scratch buffer: the general path reads it whole
    }
    if (::lseek(fd, 0, SEEK_SET) != 0) {
      const int err = errno;
      ::close(fd);
      return unreadable(err);
    }
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return unreadable(err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return input_error("unreadable-file", display_path, std::nullopt, "cannot read the file: it is a folder",
                       "name a .sql file here, or the folder as a migrations folder");
  }
  std::string text;
  // Regular files: their size; pipes and other special files grow as they are read.
  std::size_t capacity = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 64 * 1024;
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) text.resize(std::max(capacity, used * 2));
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return input_error("unreadable-file", display_path, std::nullopt,
                         fmt::format("cannot read the file: {}", std::strerror(err)),
                         "check the file system and try again");
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    // A regular file read up to the size fstat gave is at its end: no second read to hear so.
    if (S_ISREG(st.st_mode) && used == static_cast<std::size_t>(st.st_size)) break;
    if (used > k_max_file_size) break;  // from_text reports it
  }
  ::close(fd);
  text.resize(used);
  return from_text(std::move(display_path), std::move(text));
}

Result<SourceFile> SourceFile::from_text(std::string display_path, std::string text) {
  if (text.size() > k_max_file_size) {
    return input_error("unreadable-file", display_path, std::nullopt,
                       fmt::format("the file is {} bytes, larger than the 2 GiB sqlmigrate reads", text.size()),
                       "split the migration into smaller files");
  }
  SourceFile file(std::move(display_path), std::move(text));
  if (const auto bad = find_invalid_utf8(file.m_text); bad != std::string_view::npos) {
    const auto at = static_cast<std::uint32_t>(bad);
    const auto lc = file.line_col(at);
    return input_error(
        "invalid-encoding", file.m_path, Span{at, at + 1},
        fmt::format("the file is not valid UTF-8: byte 0x{:02X} at line {}, column {} does not begin a UTF-8 "
                    "character",
                    static_cast<unsigned char>(file.m_text[bad]), lc.line, lc.column),
        "save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8)");
  }
  if (const auto nul = file.m_text.find('\0'); nul != std::string::npos) {
    const auto at = static_cast<std::uint32_t>(nul);
    const auto lc = file.line_col(at);
    return input_error("invalid-encoding", file.m_path, Span{at, at + 1},
                       fmt::format("the file contains a NUL byte at line {}, column {}", lc.line, lc.column),
                       "remove the NUL byte: SQL text cannot contain one");
  }
  return file;
}

void SourceFile::build_line_index() const {
  if (!m_line_starts.empty()) return;
  m_line_starts.push_back(0);
  const char* const begin = m_text.data();
  const char* const end = begin + m_text.size();
  for (const char* p = begin; p < end;) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (nl == nullptr) break;
    m_line_starts.push_back(static_cast<std::uint32_t>(nl + 1 - begin));
    p = nl + 1;
  }
}

std::uint32_t SourceFile::line_count() const {
  build_line_index();
  return static_cast<std::uint32_t>(m_line_starts.size());
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
  build_line_index();
  if (line == 0) return 0;
  if (line > m_line_starts.size()) return static_cast<std::uint32_t>(m_text.size());
  return m_line_starts[line - 1];
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  build_line_index();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
  const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - m_line_starts.begin());  // >= 1
  const std::uint32_t start = m_line_starts[line - 1];
  std::string_view prefix(m_text.data() + start, offset - start);
  // A byte-order mark at the very start is not a column.
  if (start == 0 && prefix.starts_with("\xEF\xBB\xBF")) prefix.remove_prefix(3);
  return LineCol{line, count_code_points(prefix) + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  build_line_index();
  if (line == 0 || line > m_line_starts.size()) return {};
  const std::uint32_t start = m_line_starts[line - 1];
  std::uint32_t end = line < m_line_starts.size() ? m_line_starts[line] : static_cast<std::uint32_t>(m_text.size());
  if (end > start && m_text[end - 1] == '\n') --end;
  if (end > start && m_text[end - 1] == '\r') --end;
  std::string_view view(m_text.data() + start, end - start);
  if (start == 0 && view.starts_with("\xEF\xBB\xBF")) view.remove_prefix(3);
  return view;
}

}  // namespace sqlmigrate::compiler
