#pragma once
// One struct for everything the tool reports: lint findings, parse, config, plan and database errors.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sqlmigrate::compiler {

enum class Severity : std::uint8_t { info = 0, warning = 1, error = 2 };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// Where a diagnostic comes from decides the exit code: lint findings are weighed against
// --fail-on (exit 1); input problems (bad SQL, bad file names, bad config) always exit 2.
enum class Origin : std::uint8_t { lint, input };

// A half-open byte range [begin, end) in a source file.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

struct Diagnostic {
  std::string code;      // rule id or error code such as "syntax-error"
  Severity severity = Severity::error;
  Origin origin = Origin::input;
  std::string file;      // path as shown to the user; empty when the problem has no file
  std::optional<Span> span;
  std::string message;   // what is wrong and its consequence
  std::vector<std::string> notes;  // why
  std::string help;      // what to do instead
};

// Builds an input-error diagnostic (the common case below the linter).
Diagnostic input_error(std::string code, std::string file, std::optional<Span> span, std::string message,
                       std::string help = {});

// Orders diagnostics by file, position and code, so that two runs print the same bytes.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

// A value, or the diagnostics that explain why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : m_value(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Diagnostic error) { m_errors.push_back(std::move(error)); }  // NOLINT(google-explicit-constructor)
  Result(std::vector<Diagnostic> errors) : m_errors(std::move(errors)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return m_value.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() { return *m_value; }
  const T& value() const { return *m_value; }
  T* operator->() { return &*m_value; }
  const T* operator->() const { return &*m_value; }
  T& operator*() { return *m_value; }
  const T& operator*() const { return *m_value; }
  const std::vector<Diagnostic>& errors() const { return m_errors; }
  std::vector<Diagnostic> take_errors() { return std::move(m_errors); }

 private:
  std::optional<T> m_value;
  std::vector<Diagnostic> m_errors;
};

}  // namespace sqlmigrate::compiler
