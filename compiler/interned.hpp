#pragma once
// Strings kept once for the whole process. The catalog names a type and a column in every column
// it holds: a project of thousands of tables has a few dozen distinct types and a few thousand
// distinct column names (id, created_at, ...), so a column keeps two pointers (8 bytes each)
// instead of two std::strings (32 each, plus the heap for a long name).

#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sqlmigrate::compiler {

class Interned {
 public:
  Interned() = default;
  Interned(std::string_view text);  // NOLINT(google-explicit-constructor): a string in, as with std::string
  Interned& operator=(std::string_view text) { return *this = Interned(text); }

  const std::string& str() const { return m_text != nullptr ? *m_text : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)
  bool empty() const { return m_text == nullptr; }

  // The interned copy of `text`, or null when no Interned of that text was ever made (then none
  // equals it): for finding a name by pointer rather than by comparing texts.
  static const std::string* find(std::string_view text);
  const std::string* id() const { return m_text; }

  // Equal texts are one pointer.
  friend bool operator==(const Interned& a, const Interned& b) { return a.m_text == b.m_text; }
  friend bool operator==(const Interned& a, std::string_view b) { return std::string_view(a.str()) == b; }
  friend std::ostream& operator<<(std::ostream& out, const Interned& s) { return out << s.str(); }
  friend std::string operator+(const std::string& a, const Interned& b) { return a + b.str(); }
  friend std::string operator+(const Interned& a, const std::string& b) { return a.str() + b; }
  friend std::string operator+(const Interned& a, char b) { return a.str() + b; }
  friend std::string operator+(const char* a, const Interned& b) { return a + b.str(); }

 private:
  static const std::string& empty_string();
  const std::string* m_text = nullptr;  // never an empty string
};

// Lists of names, between the catalog's interned form and plain strings.
template <class Names>
std::vector<Interned> intern_all(const Names& names) {
  std::vector<Interned> out;
  out.reserve(names.size());
  for (const auto& n : names) out.emplace_back(std::string_view(n));
  return out;
}
inline std::vector<std::string> texts_of(const std::vector<Interned>& names) {
  return std::vector<std::string>(names.begin(), names.end());
}
inline bool operator==(const std::vector<Interned>& a, const std::vector<std::string>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const Interned& x, const std::string& y) {
           return x == std::string_view(y);
         });
}

}  // namespace sqlmigrate::compiler
