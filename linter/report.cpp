#include "linter/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>

namespace sqlmigrate::linter {

using compiler::Diagnostic;
using compiler::SourceFile;

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  if (name == "github") return Format::github;
  if (name == "gitlab") return Format::gitlab;
  if (name == "gcc") return Format::gcc;
  return std::nullopt;
}

namespace {

// The widest part of a source line a text finding shows, in characters.
constexpr std::uint32_t k_shown_width = 120;

constexpr const char* k_reset = "\x1b[0m";
constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_blue = "\x1b[1;34m";

const char* severity_color(compiler::Severity s) {
  switch (s) {
    case compiler::Severity::error: return "\x1b[1;31m";
    case compiler::Severity::warning: return "\x1b[1;33m";
    case compiler::Severity::info: return "\x1b[1;36m";
  }
  return "";
}

const SourceFile* find_source(const std::vector<const SourceFile*>& sources, const std::string& path) {
  for (const SourceFile* s : sources) {
    if (s != nullptr && s->path() == path) return s;
  }
  return nullptr;
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceFile* source, bool color) {
  const auto paint = [&](const char* code, std::string_view text) {
    return color ? fmt::format("{}{}{}", code, text, k_reset) : std::string(text);
  };
  std::string out;
  std::optional<compiler::LineCol> lc;
  if (source != nullptr && d.span) lc = source->line_col(d.span->begin);
  if (!d.file.empty()) {
    out += color ? std::string(k_bold) : "";
    out += d.file;
    if (lc) out += fmt::format(":{}:{}", lc->line, lc->column);
    out += color ? std::string(k_reset) : "";
    out += ": ";
  }
  out += paint(severity_color(d.severity), fmt::format("{}[{}]", compiler::to_string(d.severity), d.code));
  out += ": ";
  out += paint(k_bold, d.message);
  out += '\n';

  const std::string gutter_pad = lc ? std::string(std::to_string(lc->line).size(), ' ') : std::string("");
  if (lc) {
    const std::string_view line = source->line_text(lc->line);
    const std::string number = std::to_string(lc->line);
    // A long line (minified SQL, a one-line INSERT of a thousand rows) is shown as a window of
    // k_shown_width characters around the span's start, with "..." where it is cut.
    const std::uint32_t line_chars = compiler::count_code_points(line);
    const auto byte_of = [&](std::uint32_t char_index) {  // where character number char_index (0-based) starts
      std::uint32_t k = 0;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
        if (k++ == char_index) return i;
      }
      return line.size();
    };
    const std::uint32_t at = lc->column - 1;  // the span's first character on the line
    std::uint32_t first = 0;
    if (line_chars > k_shown_width) {
      first = at > k_shown_width / 3 ? at - k_shown_width / 3 : 0;
      first = std::min(first, line_chars - k_shown_width);
    }
    const std::uint32_t last = std::min(line_chars, first + k_shown_width);  // one past the last shown
    const std::size_t first_byte = byte_of(first);
    const std::string_view shown = line.substr(first_byte, byte_of(last) - first_byte);
    const std::string_view cut_before = first > 0 ? "..." : "";
    out += paint(k_blue, fmt::format("{} |", gutter_pad)) + "\n";
    out += paint(k_blue, fmt::format("{} |", number)) + " " + std::string(cut_before) + std::string(shown) +
           (last < line_chars ? "..." : "") + "\n";
    // Caret under the span's part on this line; tabs are kept so the caret lines up.
    const std::uint32_t line_start = source->line_start(lc->line);
    const std::uint32_t line_end = line_start + static_cast<std::uint32_t>(line.size()) +
                                   (line_start == 0 && source->text().starts_with("\xEF\xBB\xBF") ? 3 : 0);
    std::string pad(cut_before.size(), ' ');
    std::uint32_t col = first;
    for (const char c : shown) {
      if (col >= at) break;
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
      pad += c == '\t' ? '\t' : ' ';
      ++col;
    }
    const std::uint32_t span_end = std::min(d.span->end, line_end);
    std::uint32_t width = 1;
    if (span_end > d.span->begin) {
      width = compiler::count_code_points(
          std::string_view(source->text()).substr(d.span->begin, span_end - d.span->begin));
    }
    const std::uint32_t room = last > at ? last - at : 1;
    std::string carets(std::max<std::uint32_t>(std::min(width, room), 1), '^');
    if (d.span->end > line_end || width > room) carets += "...";
    out += paint(k_blue, fmt::format("{} |", gutter_pad)) + " " + pad + paint(severity_color(d.severity), carets) +
           "\n";
  }
  for (const auto& note : d.notes) {
    out += fmt::format("{} {} {}\n", gutter_pad, paint(k_blue, "="), paint(k_bold, "note:") + " " + note);
  }
  if (!d.help.empty()) {
    out += fmt::format("{} {} {}\n", gutter_pad, paint(k_blue, "="), paint(k_bold, "help:") + " " + d.help);
  }
  return out;
}

namespace {

// Whether any of the 8 bytes in `w` is a control character (< 0x20), '"', '\\' or not ASCII (bit
// tricks on one 64-bit word: a byte b is < n when (b - n) borrows into its top bit while b's own
// top bit is clear).
bool needs_escape(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto has_zero = [&](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
  return (w & highs) != 0 || ((w - ones * 0x20) & ~w & highs) != 0 || has_zero(w ^ (ones * '"')) ||
         has_zero(w ^ (ones * '\\'));
}

// The length of the well-formed UTF-8 sequence that starts at `i` (a byte of 0x80 or more), or 0
// when it is not one: a stray continuation byte, a truncated or overlong sequence, a surrogate, or
// a code point above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;   // the range of the second byte, narrowed to rule out overlong forms,
  unsigned char high = 0xBF;  // surrogates and code points past U+10FFFF
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  // Copies runs of characters that need no escape in one go, skipping eight bytes at a time.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    while (i + 8 <= text.size()) {
      std::uint64_t w = 0;
      std::memcpy(&w, text.data() + i, 8);
      if (needs_escape(w)) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Well-formed UTF-8 is copied as it is. Any other byte (a file name that is not UTF-8, say)
      // becomes U+FFFD, the replacement character, so that the document is always valid UTF-8.
      if (const std::size_t length = utf8_sequence_length(text, i); length > 0) {
        i += length - 1;
        continue;
      }
      out.append(text.data() + run, i - run);
      run = i + 1;
      out += "\\ufffd";
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
  }
  out.append(text.data() + run, text.size() - run);
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_escaped(out, text);
  return out;
}

namespace {

class TextReporter final : public Reporter {
 public:
  TextReporter(std::FILE* out, const ReportOptions& options) : m_out(out), m_options(options) {}

  void report(const std::vector<Diagnostic>& diagnostics, const std::vector<const SourceFile*>& sources) override {
    for (const Diagnostic& d : diagnostics) {
      const std::string text = render_text(d, find_source(sources, d.file), m_options.color);
      std::fwrite(text.data(), 1, text.size(), m_out);
      std::fputc('\n', m_out);
    }
  }

  void finish(const LintSummary& s) override {
    const auto plural = [](std::size_t n, std::string_view word) {
      return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
    };
    std::string counts;
    const std::size_t errors = s.count[2];
    const std::size_t warnings = s.count[1];
    const std::size_t infos = s.count[0];
    if (errors + warnings + infos == 0) {
      counts = "no problems found";
    } else {
      std::vector<std::string> parts;
      if (errors > 0) parts.push_back(plural(errors, "error"));
      if (warnings > 0) parts.push_back(plural(warnings, "warning"));
      if (infos > 0) parts.push_back(fmt::format("{} info", infos));
      for (std::size_t i = 0; i < parts.size(); ++i) counts += (i == 0 ? "" : ", ") + parts[i];
    }
    const std::string line =
        s.migrations == 0 && s.input_errors
            ? fmt::format("Stopped before checking any migration: {}.\n", counts)
            : fmt::format("Checked {} ({}, {}): {}.\n", plural(s.migrations, "migration"), plural(s.files, "file"),
                          plural(s.statements, "statement"), counts);
    std::fwrite(line.data(), 1, line.size(), m_out);
    std::fflush(m_out);
  }

 private:
  std::FILE* m_out;
  ReportOptions m_options;
};

class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::FILE* out, const ReportOptions& options) : m_out(out), m_options(options) {
    write(fmt::format("{{\"version\":1,\"tool\":{{\"name\":\"sqlmigrate\",\"version\":\"{}\"}},\"findings\":[",
                      SQLMIGRATE_VERSION));
  }

  void report(const std::vector<Diagnostic>& diagnostics, const std::vector<const SourceFile*>& sources) override {
    std::string& o = m_buffer;
    o.clear();
    const auto string_or_null = [&](const std::string& text) {
      if (text.empty()) {
        o += "null";
        return;
      }
      o += '"';
      append_json_escaped(o, text);
      o += '"';
    };
    for (const Diagnostic& d : diagnostics) {
      o += m_first ? "\n" : ",\n";
      m_first = false;
      o += "{\"code\":\"";
      append_json_escaped(o, d.code);
      fmt::format_to(std::back_inserter(o), "\",\"severity\":\"{}\",\"origin\":\"{}\",\"file\":",
                     compiler::to_string(d.severity), d.origin == compiler::Origin::lint ? "lint" : "input");
      string_or_null(d.file);
      const SourceFile* source = find_source(sources, d.file);
      if (source != nullptr && d.span) {
        const auto b = source->line_col(d.span->begin);
        const auto e = source->line_col(d.span->end);
        fmt::format_to(std::back_inserter(o),
                       ",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"start_byte\":{},\"end_byte\":{}",
                       b.line, b.column, e.line, e.column, d.span->begin, d.span->end);
      } else {
        o += ",\"line\":null,\"column\":null,\"end_line\":null,\"end_column\":null,\"start_byte\":null,\"end_byte\":null";
      }
      o += ",\"message\":\"";
      append_json_escaped(o, d.message);
      o += "\",\"notes\":[";
      for (std::size_t i = 0; i < d.notes.size(); ++i) {
        o += i == 0 ? "\"" : ",\"";
        append_json_escaped(o, d.notes[i]);
        o += '"';
      }
      o += "],\"help\":";
      string_or_null(d.help);
      o += "}";
    }
    write(o);
  }

  void finish(const LintSummary& s) override {
    write(fmt::format("\n],\"summary\":{{\"migrations\":{},\"files\":{},\"statements\":{},\"errors\":{},"
                      "\"warnings\":{},\"infos\":{},\"failed\":{}}}}}\n",
                      s.migrations, s.files, s.statements, s.count[2], s.count[1], s.count[0],
                      s.input_errors || s.failed(m_options.fail_on) ? "true" : "false"));
    std::fflush(m_out);
  }

 private:
  void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), m_out); }
  std::FILE* m_out;
  ReportOptions m_options;
  bool m_first = true;
  std::string m_buffer;  // one migration's findings, reused
};


// Message, notes and help in one text, for formats with a single message field.
std::string full_message(const Diagnostic& d) {
  std::string out = d.message;
  for (const auto& note : d.notes) out += "\nnote: " + note;
  if (!d.help.empty()) out += "\nhelp: " + d.help;
  return out;
}

struct Position {
  compiler::LineCol begin;
  compiler::LineCol end;
};

std::optional<Position> position(const Diagnostic& d, const SourceFile* source) {
  if (source == nullptr || !d.span) return std::nullopt;
  return Position{source->line_col(d.span->begin), source->line_col(d.span->end)};
}

// SARIF 2.1.0: one run; the rules' metadata up front, results streamed as migrations finish.
class SarifReporter final : public Reporter {
 public:
  SarifReporter(std::FILE* out, const ReportOptions& options) : m_out(out) {
    std::string o = fmt::format(
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{"
        "\"driver\":{{\"name\":\"sqlmigrate\",\"version\":\"{}\",\"informationUri\":\"https://github.com/sqlmigrate/"
        "sqlmigrate\",\"rules\":[",
        SQLMIGRATE_VERSION);
    for (std::size_t i = 0; i < options.rules.size(); ++i) {
      const RuleMeta& m = options.rules[i]->meta();
      m_rule_index[std::string(m.id)] = i;
      o += fmt::format(
          "{}\n{{\"id\":\"{}\",\"shortDescription\":{{\"text\":\"{}\"}},\"helpUri\":\"{}\",\"help\":{{\"text\":\"{}\"}},"
          "\"defaultConfiguration\":{{\"level\":\"{}\",\"enabled\":{}}}}}",
          i == 0 ? "" : ",", json_escape(m.id), json_escape(m.summary), json_escape(rule_help_uri(m.id)),
          json_escape(fmt::format("{} (run `sqlmigrate explain {}`)", m.summary, m.id)), level(m.default_severity),
          m.enabled_by_default ? "true" : "false");
    }
    o += "\n]}},\"results\":[";
    write(o);
  }

  void report(const std::vector<Diagnostic>& diagnostics, const std::vector<const SourceFile*>& sources) override {
    for (const Diagnostic& d : diagnostics) {
      std::string o = m_first ? "\n" : ",\n";
      m_first = false;
      o += fmt::format("{{\"ruleId\":\"{}\"", json_escape(d.code));
      const auto it = m_rule_index.find(d.code);
      if (it != m_rule_index.end()) o += fmt::format(",\"ruleIndex\":{}", it->second);
      o += fmt::format(",\"level\":\"{}\",\"message\":{{\"text\":\"{}\"}}", level(d.severity),
                       json_escape(full_message(d)));
      if (!d.file.empty()) {
        o += fmt::format(",\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":\"{}\"}}",
                         json_escape(uri(d.file)));
        if (const auto p = position(d, find_source(sources, d.file))) {
          o += fmt::format(",\"region\":{{\"startLine\":{},\"startColumn\":{},\"endLine\":{},\"endColumn\":{}}}",
                           p->begin.line, p->begin.column, p->end.line, p->end.column);
        }
        o += "}}]";
      }
      o += "}";
      write(o);
    }
  }

  void finish(const LintSummary& /*summary*/) override {
    write("\n]}]}\n");
    std::fflush(m_out);
  }

 private:
  static const char* level(compiler::Severity s) {
    switch (s) {
      case compiler::Severity::error: return "error";
      case compiler::Severity::warning: return "warning";
      case compiler::Severity::info: return "note";
    }
    return "warning";
  }
  // A relative path as a URI reference: percent-encode what is not allowed as is.
  static std::string uri(std::string_view path) {
    std::string out;
    for (const char ch : path) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) != 0 || std::string_view("-._~/!$&'()*+,;=:@").find(ch) != std::string_view::npos) {
        out += ch;
      } else {
        out += fmt::format("%{:02X}", c);
      }
    }
    return out;
  }
  void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), m_out); }
  std::FILE* m_out;
  std::map<std::string, std::size_t> m_rule_index;
  bool m_first = true;
};

// GitHub Actions workflow commands: one `::warning file=...,line=...::message` line per finding.
class GithubReporter final : public Reporter {
 public:
  explicit GithubReporter(std::FILE* out) : m_out(out) {}

  void report(const std::vector<Diagnostic>& diagnostics, const std::vector<const SourceFile*>& sources) override {
    for (const Diagnostic& d : diagnostics) {
      const char* command = d.severity == compiler::Severity::error     ? "error"
                            : d.severity == compiler::Severity::warning ? "warning"
                                                                        : "notice";
      std::string props;
      if (!d.file.empty()) {
        props += "file=" + github_escape_property(d.file);
        if (const auto p = position(d, find_source(sources, d.file))) {
          props += fmt::format(",line={},col={}", p->begin.line, p->begin.column);
          if (p->end.line != p->begin.line) props += fmt::format(",endLine={}", p->end.line);
          else props += fmt::format(",endColumn={}", p->end.column);
        }
        props += ",";
      }
      props += "title=" + github_escape_property(d.code);
      const std::string line = fmt::format("::{} {}::{}\n", command, props, github_escape_data(full_message(d)));
      std::fwrite(line.data(), 1, line.size(), m_out);
    }
  }
  void finish(const LintSummary& /*summary*/) override { std::fflush(m_out); }

 private:
  std::FILE* m_out;
};

// GitLab Code Quality report: a JSON array of issues.
class GitlabReporter final : public Reporter {
 public:
  explicit GitlabReporter(std::FILE* out) : m_out(out) { write("["); }

  void report(const std::vector<Diagnostic>& diagnostics, const std::vector<const SourceFile*>& sources) override {
    for (const Diagnostic& d : diagnostics) {
      const SourceFile* source = find_source(sources, d.file);
      const auto p = position(d, source);
      const std::string_view line_text = p ? source->line_text(p->begin.line) : std::string_view();
      const std::string base = code_quality_fingerprint(d, line_text, 0);
      const std::size_t occurrence = m_seen[base]++;
      std::string o = m_first ? "\n" : ",\n";
      m_first = false;
      o += fmt::format(
          "{{\"description\":\"{}\",\"check_name\":\"{}\",\"fingerprint\":\"{}\",\"severity\":\"{}\",\"location\":{{"
          "\"path\":\"{}\",\"lines\":{{\"begin\":{}}}}}}}",
          json_escape(full_message(d)), json_escape(d.code),
          occurrence == 0 ? base : code_quality_fingerprint(d, line_text, occurrence), severity(d.severity),
          json_escape(d.file.empty() ? std::string("sqlmigrate.toml") : d.file), p ? p->begin.line : 1);
      write(o);
    }
  }
  void finish(const LintSummary& /*summary*/) override {
    write("\n]\n");
    std::fflush(m_out);
  }

 private:
  static const char* severity(compiler::Severity s) {
    switch (s) {
      case compiler::Severity::error: return "major";
      case compiler::Severity::warning: return "minor";
      case compiler::Severity::info: return "info";
    }
    return "minor";
  }
  void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), m_out); }
  std::FILE* m_out;
  std::map<std::string, std::size_t> m_seen;
  bool m_first = true;
};

// `file:line:col: severity: message [rule]`, as compilers print, for editors and problem matchers.
class GccReporter final : public Reporter {
 public:
  explicit GccReporter(std::FILE* out) : m_out(out) {}

  void report(const std::vector<Diagnostic>& diagnostics, const std::vector<const SourceFile*>& sources) override {
    for (const Diagnostic& d : diagnostics) {
      std::string where = d.file.empty() ? std::string("sqlmigrate") : d.file;
      if (const auto p = position(d, find_source(sources, d.file))) {
        where += fmt::format(":{}:{}", p->begin.line, p->begin.column);
      }
      const std::string severity = d.severity == compiler::Severity::info ? "note" : std::string(compiler::to_string(d.severity));
      std::string message = d.message;
      for (char& c : message) {
        if (c == '\n' || c == '\r') c = ' ';
      }
      const std::string line = fmt::format("{}: {}: {} [{}]\n", where, severity, message, d.code);
      std::fwrite(line.data(), 1, line.size(), m_out);
    }
  }
  void finish(const LintSummary& /*summary*/) override { std::fflush(m_out); }

 private:
  std::FILE* m_out;
};

}  // namespace

std::string rule_help_uri(std::string_view rule_id) {
  std::string file(rule_id);
  std::replace(file.begin(), file.end(), '-', '_');
  return fmt::format(fmt::runtime(k_rule_docs_url), file);
}

std::string github_escape_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string github_escape_property(std::string_view text) {
  std::string out;
  for (const char c : github_escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string code_quality_fingerprint(const Diagnostic& d, std::string_view line_text, std::size_t occurrence) {
  // Two 64-bit FNV-1a hashes with different offsets: 32 hex digits, stable across runs and machines.
  const auto fnv = [](std::uint64_t hash, std::string_view data) {
    for (const char c : data) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    return hash;
  };
  // The line's text without surrounding blanks, so re-indenting keeps the identity.
  while (!line_text.empty() && (line_text.front() == ' ' || line_text.front() == '\t')) line_text.remove_prefix(1);
  while (!line_text.empty() && (line_text.back() == ' ' || line_text.back() == '\t')) line_text.remove_suffix(1);
  const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", d.code, d.file, d.message, line_text, occurrence);
  return fmt::format("{:016x}{:016x}", fnv(0xcbf29ce484222325ULL, key), fnv(0x84222325cbf29ce4ULL, key));
}

namespace {
}  // namespace

std::unique_ptr<Reporter> make_reporter(Format format, std::FILE* out, const ReportOptions& options) {
  switch (format) {
    case Format::json: return std::make_unique<JsonReporter>(out, options);
    case Format::sarif: return std::make_unique<SarifReporter>(out, options);
    case Format::github: return std::make_unique<GithubReporter>(out);
    case Format::gitlab: return std::make_unique<GitlabReporter>(out);
    case Format::gcc: return std::make_unique<GccReporter>(out);
    case Format::text: break;
  }
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace sqlmigrate::linter
