#include "rules/util.hpp"

#include <cctype>

#include "rules/sql_text.hpp"

namespace sqlmigrate::rules {

std::string quote_ident(std::string_view name) {
  // Postgres's own test (quote_identifier): ASCII lower-case letters, digits, _ and $, not starting
  // with a digit or $.
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  bool plain = !name.empty() && (lower(name[0]) || name[0] == '_');
  for (const char c : name) {
    if (!(lower(c) || (c >= '0' && c <= '9') || c == '_' || c == '$')) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string display_name(const RangeVar* relation) {
  if (relation == nullptr) return "?";
  std::string out;
  if (relation->schemaname != nullptr) out = quote_ident(relation->schemaname) + ".";
  return out + quote_ident(relation->relname != nullptr ? relation->relname : "?");
}

std::string relation_key(const RangeVar* relation) {
  return compiler::relation_key(relation->schemaname, relation->relname);
}

bool is_new_relation(const RangeVar* relation, const linter::LintContext& ctx) {
  return relation != nullptr && ctx.created_in_migration(relation, [&] { return relation_key(relation); });
}

std::string last_name(const List* names) {
  if (names == nullptr || list_length(names) == 0) return {};
  const char* s = compiler::pg::str_value(static_cast<const ::Node*>(llast(names)));
  return s != nullptr ? s : "";
}

std::string dotted_name(const List* names) {
  std::string out;
  const ListCell* lc = nullptr;
  foreach (lc, names) {
    const char* s = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
    if (!out.empty()) out += '.';
    out += s != nullptr ? s : "?";
  }
  return out;
}

std::vector<Span> alter_subcommand_spans(const Statement& stmt, const linter::LintContext& ctx,
                                         const AlterTableStmt* alter) {
  if (alter == nullptr || alter->relation == nullptr || alter->relation->location < 0) return {};
  const std::string& source = ctx.script().source().text();
  if (stmt.span.end > source.size()) return {};
  const std::uint32_t name_at = stmt.span_at(alter->relation->location).begin;
  if (name_at < stmt.span.begin || name_at >= stmt.span.end) return {};
  const std::string_view text(source.data() + name_at, stmt.span.end - name_at);

  // Past the relation name: words joined by `.`, and a `*` (descendants) after it.
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && !(text[i] == '"' && (i + 1 >= text.size() || text[i + 1] != '"')))
        i += text[i] == '"' ? 2 : 1;
      ++i;
    } else {
      while (i < text.size() && detail::is_ident_char(text[i])) ++i;
    }
    std::size_t j = i;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])) != 0) ++j;
    if (j < text.size() && text[j] == '.') {
      i = j + 1;
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
      continue;
    }
    if (j < text.size() && text[j] == '*') i = j + 1;
    break;
  }

  // The subcommands: split at commas outside parentheses, strings, quoted names and comments.
  std::vector<Span> out;
  std::size_t start = i;
  int depth = 0;
  const auto close = [&](std::size_t end) {
    std::size_t b = start;
    std::size_t e = end;
    while (b < e) {  // trim blanks and comments around it
      if (std::isspace(static_cast<unsigned char>(text[b])) != 0) {
        ++b;
      } else if (text.compare(b, 2, "--") == 0 || text.compare(b, 2, "/*") == 0) {
        b = std::min(e, detail::skip_comment(text, b));
      } else {
        break;
      }
    }
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])) != 0) --e;
    out.push_back(Span{name_at + static_cast<std::uint32_t>(b), name_at + static_cast<std::uint32_t>(e)});
  };
  while (i < text.size()) {
    const char c = text[i];
    if ((c == '-' && i + 1 < text.size() && text[i + 1] == '-') ||
        (c == '/' && i + 1 < text.size() && text[i + 1] == '*')) {
      i = detail::skip_comment(text, i);
    } else if (c == '\'') {
      const bool escapes = i > 0 && (text[i - 1] == 'e' || text[i - 1] == 'E');
      i = detail::skip_string(text, i, escapes);
    } else if (c == '$') {
      const std::size_t end = detail::skip_dollar_quote(text, i);
      i = end > i ? end : i + 1;
    } else if (c == '"') {
      ++i;
      while (i < text.size() && !(text[i] == '"' && (i + 1 >= text.size() || text[i + 1] != '"')))
        i += text[i] == '"' ? 2 : 1;
      ++i;
    } else {
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == ',' && depth == 0) {
        close(i);
        start = i + 1;
      }
      ++i;
    }
  }
  close(std::min(i, text.size()));
  if (out.size() != static_cast<std::size_t>(list_length(alter->cmds))) return {};
  for (const Span& s : out) {
    if (s.begin >= s.end) return {};
  }
  return out;
}

Span alter_subcommand_span(const Statement& stmt, const linter::LintContext& ctx, const AlterTableStmt* alter,
                           std::size_t index) {
  const std::vector<Span> spans = alter_subcommand_spans(stmt, ctx, alter);
  return index < spans.size() ? spans[index] : stmt.span;
}

}  // namespace sqlmigrate::rules
