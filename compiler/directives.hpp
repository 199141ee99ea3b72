#pragma once
// `-- sqlmigrate:<directive>` comments: file-level directives and lint suppressions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/pg/parse.hpp"

namespace sqlmigrate::compiler {

// `-- sqlmigrate:ignore <rule-id>[, ...] -- reason` (before a statement) or
// `-- sqlmigrate:ignore-file <rule-id>[, ...] -- reason` (anywhere).
struct Suppression {
  std::vector<std::string> rules;
  std::string reason;
  Span span;                                  // the comment
  std::optional<std::uint32_t> statement;     // the statement covered; none for ignore-file
  bool whole_file = false;
};

struct Directives {
  bool no_transaction = false;
  std::optional<Span> no_transaction_span;
  bool nothing_to_undo = false;  // `-- sqlmigrate:nothing-to-undo` in a down file that is empty on purpose
  std::vector<std::string> depends_on;  // `-- sqlmigrate:depends-on <version>[, ...]`: explicit parents
  std::optional<Span> depends_on_span;
  std::vector<Suppression> suppressions;
  std::vector<Diagnostic> errors;  // unknown directives, misplaced ones, malformed ignores
};

// The directives in a parsed script's comments.
Directives read_directives(const Script& script);

// The directive names sqlmigrate understands, for messages.
inline constexpr const char* k_known_directives = "no-transaction, depends-on, nothing-to-undo, ignore, ignore-file";

}  // namespace sqlmigrate::compiler
