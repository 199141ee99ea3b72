#include "runner/connection.hpp"

#include <cctype>
#include <cstdlib>
#include <vector>

namespace sqlmigrate::runner {

namespace {

bool is_url(std::string_view s) { return s.starts_with("postgres://") || s.starts_with("postgresql://"); }

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) != 0) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Calls `on_password(begin, end)` for each password value's byte range in `s`.
template <typename F>
void find_passwords(std::string_view s, F on_password) {
  if (is_url(s)) {
    const std::size_t start = s.find("://") + 3;
    std::size_t auth_end = s.find_first_of("/?", start);
    if (auth_end == std::string_view::npos) auth_end = s.size();
    const std::size_t at = s.rfind('@', auth_end);
    if (at != std::string_view::npos && at >= start) {
      const std::size_t colon = s.find(':', start);
      if (colon != std::string_view::npos && colon < at) on_password(colon + 1, at);
    }
    // query parameters: password=...
    const std::size_t q = s.find('?');
    if (q != std::string_view::npos) {
      std::size_t i = q + 1;
      while (i < s.size()) {
        std::size_t amp = s.find('&', i);
        if (amp == std::string_view::npos) amp = s.size();
        const std::string_view kv = s.substr(i, amp - i);
        if (kv.starts_with("password=")) on_password(i + 9, amp);
        i = amp + 1;
      }
    }
    return;
  }
  // key = value pairs; values may be single-quoted with backslash escapes.
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) ++i;
    const std::size_t key_begin = i;
    while (i < s.size() && s[i] != '=' && std::isspace(static_cast<unsigned char>(s[i])) == 0) ++i;
    const std::string_view key = s.substr(key_begin, i - key_begin);
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) ++i;
    if (i >= s.size() || s[i] != '=') {
      if (i < s.size()) ++i;
      continue;
    }
    ++i;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) ++i;
    std::size_t value_begin = i;
    std::size_t value_end = i;
    if (i < s.size() && s[i] == '\'') {
      ++i;
      value_begin = i;
      while (i < s.size() && s[i] != '\'') i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
      value_end = std::min(i, s.size());
      if (i < s.size()) ++i;
    } else {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) == 0) ++i;
      value_end = i;
    }
    if (key == "password") on_password(value_begin, value_end);
  }
}

}  // namespace

std::string redact_conninfo(std::string_view conninfo) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  find_passwords(conninfo, [&](std::size_t b, std::size_t e) { ranges.emplace_back(b, e); });
  std::string out(conninfo);
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) out.replace(it->first, it->second - it->first, "***");
  return out;
}

std::string scrub_secrets(std::string text, std::string_view conninfo) {
  std::vector<std::string> secrets;
  find_passwords(conninfo, [&](std::size_t b, std::size_t e) {
    const std::string raw(conninfo.substr(b, e - b));
    secrets.push_back(raw);
    if (is_url(conninfo)) secrets.push_back(percent_decode(raw));
  });
  if (const char* env = std::getenv("PGPASSWORD"); env != nullptr) secrets.emplace_back(env);
  for (const std::string& secret : secrets) {
    if (secret.size() < 3) continue;  // too short to replace without mangling the message
    for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

std::string ConnectionTarget::display() const {
  if (scratch) return "scratch (a throwaway local Postgres)";
  if (conninfo.empty()) return "libpq defaults (PGHOST, PGDATABASE, ... or the local socket)";
  return redact_conninfo(conninfo);
}

ConnectionTarget resolve_connection(const std::optional<std::string>& flag, const compiler::Config& config) {
  ConnectionTarget t;
  if (flag) {
    t.conninfo = *flag;
    t.source = "--database-url";
  } else if (const char* env = std::getenv("DATABASE_URL"); env != nullptr && env[0] != '\0') {
    t.conninfo = env;
    t.source = "DATABASE_URL";
  } else if (!config.database_url.empty()) {
    t.conninfo = config.database_url;
    t.source = "[database] url in " + (config.file ? config.file->path() : std::string("sqlmigrate.toml"));
  } else {
    t.source = "libpq defaults";
  }
  if (t.conninfo == "scratch") {
    t.scratch = true;
    t.conninfo.clear();
  }
  return t;
}

}  // namespace sqlmigrate::runner
