#pragma once
// Strings kept once for the whole process. The catalog names a type in every column it holds, and a
// project of thousands of tables has a few dozen distinct types: a column keeps a pointer (8 bytes)
// instead of a std::string (32).

#include <ostream>
#include <string>
#include <string_view>

namespace sqlmigrate::compiler {

class Interned {
 public:
  Interned() = default;
  Interned(std::string_view text);  // NOLINT(google-explicit-constructor): a string in, as with std::string
  Interned& operator=(std::string_view text) { return *this = Interned(text); }

  const std::string& str() const { return m_text != nullptr ? *m_text : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  bool empty() const { return m_text == nullptr; }

  // Equal texts are one pointer.
  friend bool operator==(const Interned& a, const Interned& b) { return a.m_text == b.m_text; }
  friend bool operator==(const Interned& a, std::string_view b) { return std::string_view(a.str()) == b; }
  friend std::ostream& operator<<(std::ostream& out, const Interned& s) { return out << s.str(); }

 private:
  static const std::string& empty_string();
  const std::string* m_text = nullptr;  // never an empty string
};

}  // namespace sqlmigrate::compiler
