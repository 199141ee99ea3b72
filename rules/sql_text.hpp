#pragma once
// A small scanner over SQL (or PL/pgSQL) text for rules that must read what the parse tree does not
// keep: identifiers as written (before Postgres truncates them) and the bodies of DO blocks. It
// yields words (keywords and identifiers, quoted or not) and skips comments, string literals
// ('...', E'...', $tag$...$tag$) and numbers.

#include <cstdint>
#include <string_view>

namespace sqlmigrate::rules {

struct SqlWord {
  std::uint32_t offset = 0;  // byte offset in the scanned text (of the opening quote, if quoted)
  std::uint32_t length = 0;  // bytes as written, quotes included
  bool quoted = false;       // a "quoted identifier"
  std::string_view text;     // as written, quotes included
};

// Calls `visit(word)` for every word of `text` in order; stops early when it returns false.
template <typename Visit>
void for_each_sql_word(std::string_view text, Visit&& visit);

// Whether a word, unquoted, is the keyword `upper` (ASCII, case-insensitive).
bool is_keyword(const SqlWord& word, std::string_view upper);

// ---- implementation ----

namespace detail {
inline bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
inline bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$'; }
// The end of a string literal that opens at `pos` (a quote); `backslashes`: E'...' escapes.
std::size_t skip_string(std::string_view text, std::size_t pos, bool backslashes);
// The end of a dollar-quoted string that opens at `pos`, or `pos` when `$` starts no dollar quote.
std::size_t skip_dollar_quote(std::string_view text, std::size_t pos);
// The end of a comment that opens at `pos` (`--` or `/*`, nested).
std::size_t skip_comment(std::string_view text, std::size_t pos);
}  // namespace detail

template <typename Visit>
void for_each_sql_word(std::string_view text, Visit&& visit) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if ((c == '-' && i + 1 < n && text[i + 1] == '-') || (c == '/' && i + 1 < n && text[i + 1] == '*')) {
      i = detail::skip_comment(text, i);
    } else if (c == '\'') {
      i = detail::skip_string(text, i, false);
    } else if (c == '$') {
      const std::size_t end = detail::skip_dollar_quote(text, i);
      i = end > i ? end : i + 1;
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < n) {
        if (text[j] == '"') {
          if (j + 1 < n && text[j + 1] == '"') {
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        ++j;
      }
      const SqlWord word{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i), true, text.substr(i, j - i)};
      if (!visit(word)) return;
      i = j;
    } else if (detail::is_ident_start(c)) {
      std::size_t j = i + 1;
      while (j < n && detail::is_ident_char(text[j])) ++j;
      // A string prefix: E'...', B'...', X'...', N'...', U&'...'.
      if (j < n && text[j] == '\'' && j - i == 1) {
        i = detail::skip_string(text, j, c == 'e' || c == 'E');
        continue;
      }
      const SqlWord word{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i), false,
                         text.substr(i, j - i)};
      if (!visit(word)) return;
      i = j;
    } else if (c >= '0' && c <= '9') {
      std::size_t j = i + 1;
      while (j < n && (detail::is_ident_char(text[j]) || text[j] == '.')) ++j;
      i = j;
    } else {
      ++i;
    }
  }
}

}  // namespace sqlmigrate::rules
