#include "rules/util.hpp"

#include <cctype>

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

}  // namespace sqlmigrate::rules
