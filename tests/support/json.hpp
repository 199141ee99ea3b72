#pragma once
// A small strict JSON parser for tests: checks that output is well-formed (RFC 8259) and lets a
// test walk the value. Not for production use.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sqlmigrate::testing {

struct Json {
  enum class Type { null, boolean, number, string, array, object } type = Type::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::map<std::string, Json> object;

  // Member or element access; a null value when absent.
  const Json& operator[](const std::string& key) const;
  const Json& operator[](std::size_t index) const;
  bool has(const std::string& key) const { return type == Type::object && object.contains(key); }
};

// The value, or nothing with `error` set to where and why it is not well-formed JSON.
std::optional<Json> parse_json(std::string_view text, std::string* error = nullptr);

}  // namespace sqlmigrate::testing
