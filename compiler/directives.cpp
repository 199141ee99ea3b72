#include "compiler/directives.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace sqlmigrate::compiler {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// The comment without its markers.
std::string_view comment_body(std::string_view text) {
  if (text.starts_with("--")) {
    text.remove_prefix(2);
  } else if (text.starts_with("/*")) {
    text.remove_prefix(2);
    if (text.ends_with("*/")) text.remove_suffix(2);
  }
  return trim(text);
}

bool is_rule_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

Directives read_directives(const Script& script) {
  Directives out;
  const auto& statements = script.statements();
  const std::string& path = script.source().path();
  const std::uint32_t first_statement = statements.empty() ? UINT32_MAX : statements.front().span.begin;

  for (const Comment& comment : script.comments()) {
    std::string_view body = comment_body(comment.text);
    // Only comments that start with the marker are directives; a mention in prose is not.
    if (!body.starts_with("sqlmigrate:")) continue;
    body.remove_prefix(std::string_view("sqlmigrate:").size());
    std::size_t name_len = 0;
    while (name_len < body.size() && (std::isalnum(static_cast<unsigned char>(body[name_len])) != 0 ||
                                      body[name_len] == '-' || body[name_len] == '_')) {
      ++name_len;
    }
    const std::string name(body.substr(0, name_len));
    std::string_view rest = trim(body.substr(name_len));

    if (name == "no-transaction") {
      if (comment.span.begin > first_statement) {
        out.errors.push_back(input_error(
            "misplaced-directive", path, comment.span,
            "the no-transaction directive comes after the first statement, where it has no effect",
            "move `-- sqlmigrate:no-transaction` to the top of the file, before any statement"));
        continue;
      }
      if (!rest.empty()) {
        out.errors.push_back(input_error("invalid-directive", path, comment.span,
                                         fmt::format("the no-transaction directive takes no arguments, found `{}`", rest),
                                         "write the directive alone: `-- sqlmigrate:no-transaction`"));
        continue;
      }
      out.no_transaction = true;
      out.no_transaction_span = comment.span;
    } else if (name == "nothing-to-undo") {
      out.nothing_to_undo = true;
    } else if (name == "depends-on") {
      if (comment.span.begin > first_statement) {
        out.errors.push_back(input_error(
            "misplaced-directive", path, comment.span,
            "the depends-on directive comes after the first statement",
            "move `-- sqlmigrate:depends-on <version>` to the top of the file, before any statement"));
        continue;
      }
      bool malformed = rest.empty();
      std::size_t pos = 0;
      while (pos < rest.size()) {
        std::size_t next = rest.find_first_of(", \t", pos);
        if (next == std::string_view::npos) next = rest.size();
        const std::string_view version = rest.substr(pos, next - pos);
        if (!version.empty()) {
          if (!std::all_of(version.begin(), version.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
              })) {
            malformed = true;
          }
          out.depends_on.emplace_back(version);
        }
        pos = next + 1;
      }
      if (malformed) {
        out.errors.push_back(input_error(
            "invalid-directive", path, comment.span,
            rest.empty() ? std::string("`sqlmigrate:depends-on` names no version")
                         : fmt::format("`sqlmigrate:depends-on` expects versions such as 0012, found `{}`", rest),
            "write `-- sqlmigrate:depends-on <version>[, <version>...]` with the versions of the parent migrations"));
        out.depends_on.clear();
        continue;
      }
      out.depends_on_span = comment.span;
    } else if (name == "ignore" || name == "ignore-file") {
      Suppression s;
      s.span = comment.span;
      s.whole_file = name == "ignore-file";
      std::string_view ids = rest;
      if (const auto dashes = rest.find("--"); dashes != std::string_view::npos) {
        ids = trim(rest.substr(0, dashes));
        s.reason = std::string(trim(rest.substr(dashes + 2)));
      }
      bool malformed = false;
      std::size_t pos = 0;
      while (pos < ids.size()) {
        std::size_t next = ids.find_first_of(", \t", pos);
        if (next == std::string_view::npos) next = ids.size();
        const std::string_view id = ids.substr(pos, next - pos);
        if (!id.empty()) {
          if (!std::all_of(id.begin(), id.end(), is_rule_id_char)) malformed = true;
          s.rules.emplace_back(id);
        }
        pos = next + 1;
      }
      if (s.rules.empty() || malformed) {
        out.errors.push_back(input_error(
            "invalid-directive", path, comment.span,
            s.rules.empty() ? fmt::format("`sqlmigrate:{}` names no rule to ignore", name)
                            : fmt::format("`sqlmigrate:{}` expects rule ids such as adding-required-field, found `{}`",
                                          name, ids),
            fmt::format("write `-- sqlmigrate:{} <rule-id>[, <rule-id>...] -- <reason>` (see `sqlmigrate rules`)",
                        name)));
        continue;
      }
      if (!s.whole_file) {
        // The statement the comment stands before (or inside).
        const auto it = std::find_if(statements.begin(), statements.end(),
                                     [&](const Statement& st) { return st.span.end > comment.span.begin; });
        if (it != statements.end()) s.statement = it->index;
      }
      out.suppressions.push_back(std::move(s));
    } else {
      out.errors.push_back(input_error(
          "invalid-directive", path, comment.span,
          name.empty() ? std::string("`sqlmigrate:` is not followed by a directive name")
                       : fmt::format("unknown directive `sqlmigrate:{}`", name),
          fmt::format("use one of: {}; or reword the comment so it does not start with `sqlmigrate:`",
                      k_known_directives)));
    }
  }
  return out;
}

}  // namespace sqlmigrate::compiler
