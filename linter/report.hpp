#pragma once
// Reporters: render diagnostics as text (for people) or JSON (for machines).

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/config.hpp"
#include "linter/engine.hpp"

namespace sqlmigrate::linter {

enum class Format { text, json };
std::optional<Format> parse_format(std::string_view name);
inline constexpr const char* k_format_names = "text, json";

struct ReportOptions {
  bool color = false;
  compiler::FailOn fail_on = compiler::FailOn::warning;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  // Diagnostics of one migration (or of the config, with its file as the only source).
  virtual void report(const std::vector<compiler::Diagnostic>& diagnostics,
                      const std::vector<const compiler::SourceFile*>& sources) = 0;
  virtual void finish(const LintSummary& summary) = 0;
};

std::unique_ptr<Reporter> make_reporter(Format format, std::FILE* out, const ReportOptions& options);

// Renders one diagnostic the way the text reporter does (used by other commands too).
std::string render_text(const compiler::Diagnostic& diagnostic, const compiler::SourceFile* source, bool color);

// JSON string escaping.
std::string json_escape(std::string_view text);

}  // namespace sqlmigrate::linter
