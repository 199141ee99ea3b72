#include "compiler/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace sqlmigrate::compiler {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::info;
  if (text == "warning") return Severity::warning;
  if (text == "error") return Severity::error;
  return std::nullopt;
}

Diagnostic input_error(std::string code, std::string file, std::optional<Span> span, std::string message,
                       std::string help) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = Severity::error;
  d.origin = Origin::input;
  d.file = std::move(file);
  d.span = span;
  d.message = std::move(message);
  d.help = std::move(help);
  return d;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const auto pos = [](const Diagnostic& d) {
      return d.span ? std::pair<std::uint32_t, std::uint32_t>{d.span->begin, d.span->end}
                    : std::pair<std::uint32_t, std::uint32_t>{0, 0};
    };
    const auto pa = pos(a);
    const auto pb = pos(b);
    return std::tie(a.file, pa, a.code, a.message) < std::tie(b.file, pb, b.code, b.message);
  });
}

}  // namespace sqlmigrate::compiler
