#pragma once
// Reporters: render diagnostics as text (for people) or JSON (for machines).

#include <array>
#include <cstdio>
#include <span>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/config.hpp"
#include "linter/engine.hpp"

namespace sqlmigrate::linter {

enum class Format { text, json, sarif, github, gitlab, gcc };
std::optional<Format> parse_format(std::string_view name);
inline constexpr const char* k_format_names = "text, json, sarif, github, gitlab, gcc";
inline constexpr std::array<const char*, 6> k_formats = {"text", "json", "sarif", "github", "gitlab", "gcc"};

// Where each rule's documentation lives: `{}` is the rule's file name (`require_lock_timeout`).
inline constexpr std::string_view k_rule_docs_url = "https://github.com/sqlmigrate/sqlmigrate/blob/main/rules/{}.md";
std::string rule_help_uri(std::string_view rule_id);

struct ReportOptions {
  bool color = false;
  compiler::FailOn fail_on = compiler::FailOn::warning;
  std::span<const Rule* const> rules;  // rule metadata for SARIF's tool.driver.rules
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
// The same, appended to `out`.
void append_json_escaped(std::string& out, std::string_view text);
// GitHub workflow-command escaping: of a message (`%`, CR, LF) and of a property (also `:` and `,`).
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);
// GitLab Code Quality fingerprint: a stable hash of rule, file, message and the flagged line's text
// (not its number, so that a finding keeps its identity when lines move), plus an occurrence count.
std::string code_quality_fingerprint(const compiler::Diagnostic& diagnostic, std::string_view line_text,
                                     std::size_t occurrence);

}  // namespace sqlmigrate::linter
