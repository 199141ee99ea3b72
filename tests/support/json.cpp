#include "tests/support/json.hpp"

#include <cctype>
#include <cstdlib>

namespace sqlmigrate::testing {

namespace {

const Json k_null{};

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  std::optional<Json> document(std::string* error) {
    Json value;
    skip();
    const bool ok = parse(value, 0) && (skip(), m_pos == m_text.size());
    if (!ok) {
      if (error != nullptr) *error = "invalid JSON at byte " + std::to_string(m_pos) + ": " + m_error;
      return std::nullopt;
    }
    return value;
  }

 private:
  bool fail(const char* why) {
    if (m_error.empty()) m_error = why;
    return false;
  }
  void skip() {
    while (m_pos < m_text.size() &&
           (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r' || m_text[m_pos] == '\t')) {
      ++m_pos;
    }
  }
  bool literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return fail("unknown literal");
    m_pos += word.size();
    return true;
  }
  bool parse_string(std::string& out) {
    if (m_pos >= m_text.size() || m_text[m_pos] != '"') return fail("expected a string");
    ++m_pos;
    while (m_pos < m_text.size()) {
      const auto c = static_cast<unsigned char>(m_text[m_pos++]);
      if (c == '"') return true;
      if (c < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (m_pos >= m_text.size()) return fail("unterminated escape");
      const char e = m_text[m_pos++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (m_pos + 4 > m_text.size()) return fail("short \\u escape");
          const std::string hex(m_text.substr(m_pos, 4));
          for (const char h : hex) {
            if (std::isxdigit(static_cast<unsigned char>(h)) == 0) return fail("bad \\u escape");
          }
          const long code = std::strtol(hex.c_str(), nullptr, 16);
          m_pos += 4;
          if (code < 0x80) out += static_cast<char>(code);
          else out += '?';  // tests only compare ASCII escapes
          break;
        }
        default: return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }
  bool parse(Json& out, int depth) {
    if (depth > 64) return fail("nested too deeply");
    if (m_pos >= m_text.size()) return fail("unexpected end");
    const char c = m_text[m_pos];
    if (c == '{') {
      out.type = Json::Type::object;
      ++m_pos;
      skip();
      if (m_pos < m_text.size() && m_text[m_pos] == '}') {
        ++m_pos;
        return true;
      }
      while (true) {
        skip();
        std::string key;
        if (!parse_string(key)) return false;
        if (out.object.contains(key)) return fail("duplicate key");
        skip();
        if (m_pos >= m_text.size() || m_text[m_pos] != ':') return fail("expected ':'");
        ++m_pos;
        skip();
        if (!parse(out.object[key], depth + 1)) return false;
        skip();
        if (m_pos < m_text.size() && m_text[m_pos] == ',') {
          ++m_pos;
          continue;
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
          ++m_pos;
          return true;
        }
        return fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      out.type = Json::Type::array;
      ++m_pos;
      skip();
      if (m_pos < m_text.size() && m_text[m_pos] == ']') {
        ++m_pos;
        return true;
      }
      while (true) {
        skip();
        out.array.emplace_back();
        if (!parse(out.array.back(), depth + 1)) return false;
        skip();
        if (m_pos < m_text.size() && m_text[m_pos] == ',') {
          ++m_pos;
          continue;
        }
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
          ++m_pos;
          return true;
        }
        return fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      out.type = Json::Type::string;
      return parse_string(out.string);
    }
    if (c == 't' || c == 'f') {
      out.type = Json::Type::boolean;
      out.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') return literal("null");
    // number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    const std::size_t start = m_pos;
    if (m_text[m_pos] == '-') ++m_pos;
    const auto digits = [&] {
      const std::size_t from = m_pos;
      while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
      return m_pos - from;
    };
    if (m_pos < m_text.size() && m_text[m_pos] == '0') {
      ++m_pos;
    } else if (digits() == 0) {
      return fail("unexpected character");
    }
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
      ++m_pos;
      if (digits() == 0) return fail("bad number");
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
      ++m_pos;
      if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
      if (digits() == 0) return fail("bad number");
    }
    out.type = Json::Type::number;
    out.number = std::strtod(std::string(m_text.substr(start, m_pos - start)).c_str(), nullptr);
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::string m_error;
};

}  // namespace

const Json& Json::operator[](const std::string& key) const {
  if (type != Type::object) return k_null;
  const auto it = object.find(key);
  return it == object.end() ? k_null : it->second;
}

const Json& Json::operator[](std::size_t index) const {
  return type == Type::array && index < array.size() ? array[index] : k_null;
}

std::optional<Json> parse_json(std::string_view text, std::string* error) { return Parser(text).document(error); }

}  // namespace sqlmigrate::testing
