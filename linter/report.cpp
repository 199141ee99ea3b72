#include "linter/report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sqlmigrate::linter {

using compiler::Diagnostic;
using compiler::SourceFile;

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  return std::nullopt;
}

namespace {

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
    out += paint(k_blue, fmt::format("{} |", gutter_pad)) + "\n";
    out += paint(k_blue, fmt::format("{} |", number)) + " " + std::string(line) + "\n";
    // Caret under the span's part on this line; tabs are kept so the caret lines up.
    const std::uint32_t line_start = source->line_start(lc->line);
    const std::uint32_t line_end = line_start + static_cast<std::uint32_t>(line.size()) +
                                   (line_start == 0 && source->text().starts_with("\xEF\xBB\xBF") ? 3 : 0);
    std::string pad;
    std::uint32_t col = 1;
    for (const char c : line) {
      if (col >= lc->column) break;
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
    std::string carets(std::max<std::uint32_t>(width, 1), '^');
    if (d.span->end > line_end) carets += "...";
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

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
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
    for (const Diagnostic& d : diagnostics) {
      std::string o = m_first ? "\n" : ",\n";
      m_first = false;
      o += fmt::format("{{\"code\":\"{}\",\"severity\":\"{}\",\"origin\":\"{}\",\"file\":", json_escape(d.code),
                       compiler::to_string(d.severity), d.origin == compiler::Origin::lint ? "lint" : "input");
      o += d.file.empty() ? "null" : "\"" + json_escape(d.file) + "\"";
      const SourceFile* source = find_source(sources, d.file);
      if (source != nullptr && d.span) {
        const auto b = source->line_col(d.span->begin);
        const auto e = source->line_col(d.span->end);
        o += fmt::format(",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"start_byte\":{},\"end_byte\":{}",
                         b.line, b.column, e.line, e.column, d.span->begin, d.span->end);
      } else {
        o += ",\"line\":null,\"column\":null,\"end_line\":null,\"end_column\":null,\"start_byte\":null,\"end_byte\":null";
      }
      o += fmt::format(",\"message\":\"{}\",\"notes\":[", json_escape(d.message));
      for (std::size_t i = 0; i < d.notes.size(); ++i) {
        o += (i == 0 ? "\"" : ",\"") + json_escape(d.notes[i]) + "\"";
      }
      o += "],\"help\":";
      o += d.help.empty() ? "null" : "\"" + json_escape(d.help) + "\"";
      o += "}";
      write(o);
    }
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
};

}  // namespace

std::unique_ptr<Reporter> make_reporter(Format format, std::FILE* out, const ReportOptions& options) {
  if (format == Format::json) return std::make_unique<JsonReporter>(out, options);
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace sqlmigrate::linter
