#include "rules/sql_text.hpp"

namespace sqlmigrate::rules {

bool is_keyword(const SqlWord& word, std::string_view upper) {
  if (word.quoted || word.text.size() != upper.size()) return false;
  for (std::size_t i = 0; i < upper.size(); ++i) {
    char c = word.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

namespace detail {

std::size_t skip_string(std::string_view text, std::size_t pos, bool backslashes) {
  std::size_t i = pos + 1;
  while (i < text.size()) {
    const char c = text[i];
    if (backslashes && c == '\\') {
      i += 2;
      continue;
    }
    if (c == '\'') {
      if (i + 1 < text.size() && text[i + 1] == '\'') {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return text.size();
}

std::size_t skip_dollar_quote(std::string_view text, std::size_t pos) {
  // $tag$ where tag is empty or an identifier without `$` (a digit after `$` is a parameter: $1).
  std::size_t j = pos + 1;
  if (j < text.size() && is_ident_start(text[j])) {
    while (j < text.size() && is_ident_char(text[j]) && text[j] != '$') ++j;
  }
  if (j >= text.size() || text[j] != '$') return pos;
  const std::string_view tag = text.substr(pos, j - pos + 1);
  const std::size_t close = text.find(tag, j + 1);
  return close == std::string_view::npos ? text.size() : close + tag.size();
}

std::size_t skip_comment(std::string_view text, std::size_t pos) {
  if (text[pos] == '-') {
    const std::size_t eol = text.find('\n', pos);
    return eol == std::string_view::npos ? text.size() : eol + 1;
  }
  int depth = 0;
  std::size_t i = pos;
  while (i + 1 < text.size()) {
    if (text[i] == '/' && text[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (text[i] == '*' && text[i + 1] == '/') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return text.size();
}

}  // namespace detail
}  // namespace sqlmigrate::rules
