#include "rules/column_types.hpp"

#include <array>
#include <utility>

namespace sqlmigrate::rules {

bool is_builtin_type(const TypeName* type, std::string_view name) {
  if (type == nullptr) return false;
  const int parts = list_length(type->names);
  if (parts != 1 && parts != 2) return false;
  const char* last = compiler::pg::str_value(static_cast<const ::Node*>(llast(type->names)));
  // Called for every column by several rules: compare without measuring `last` first, so that most
  // names stop at their first character.
  if (last == nullptr) return false;
  const char* p = last;
  for (const char c : name) {
    if (*p++ != c) return false;  // also stops at the end of a shorter `last`
  }
  if (*p != '\0') return false;
  if (parts == 1) return true;
  const char* schema = compiler::pg::str_value(static_cast<const ::Node*>(linitial(type->names)));
  return schema != nullptr && std::string_view(schema) == "pg_catalog";
}

bool is_array_type(const TypeName* type) { return type != nullptr && type->arrayBounds != nullptr; }

int type_modifier(const TypeName* type, int n) {
  if (type == nullptr || list_length(type->typmods) <= n) return -1;
  const auto* node = static_cast<const ::Node*>(list_nth(type->typmods, n));
  if (!IsA(node, A_Const)) return -1;
  const auto* value = castNode(A_Const, const_cast<::Node*>(node));
  if (value->isnull || !IsA(&value->val, Integer)) return -1;
  return intVal(&value->val);
}

std::string type_display(const TypeName* type) {
  if (type == nullptr) return "?";
  // The grammar's internal names of SQL-standard types, as users write them.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> k_spellings = {{
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"bpchar", "char"},
      {"bool", "boolean"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"timestamp", "timestamp"},
      {"timestamptz", "timestamptz"},
  }};
  std::string out;
  const std::string last = last_name(type->names);
  if (list_length(type->names) == 2 && is_builtin_type(type, last)) {
    out = last;
    for (const auto& [internal, spelled] : k_spellings) {
      if (internal == last) out = spelled;
    }
  } else {
    out = dotted_name(type->names);
  }
  if (list_length(type->typmods) > 0) {
    out += '(';
    for (int i = 0; i < list_length(type->typmods); ++i) {
      const int value = type_modifier(type, i);
      out += (i > 0 ? ", " : "") + (value >= 0 ? std::to_string(value) : std::string("..."));
    }
    out += ')';
  }
  if (is_array_type(type)) out += "[]";
  return out;
}

Span type_span(const Statement& stmt, const linter::LintContext& ctx, const TypeName* type) {
  const Span start = stmt.span_at(type->location);
  const std::string_view text = ctx.script().source().text();
  std::uint32_t end = start.begin;
  const auto is_word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           c == '.' || c == '"' || static_cast<unsigned char>(c) >= 0x80;
  };
  while (end < text.size() && end < stmt.span.end && is_word(text[end])) ++end;
  if (end < text.size() && text[end] == '(') {
    const auto close = text.find(')', end);
    if (close != std::string_view::npos && close < stmt.span.end) end = static_cast<std::uint32_t>(close + 1);
  }
  if (end == start.begin) return start;
  return Span{start.begin, end};
}

Span word_span(const Statement& stmt, const linter::LintContext& ctx, int location) {
  const Span start = stmt.span_at(location);
  const std::string_view text = ctx.script().source().text();
  std::uint32_t end = start.begin;
  while (end < text.size() && end < stmt.span.end &&
         ((text[end] >= 'a' && text[end] <= 'z') || (text[end] >= 'A' && text[end] <= 'Z') || text[end] == '_')) {
    ++end;
  }
  return end > start.begin ? Span{start.begin, end} : start;
}

const Constraint* column_constraint(const ColumnDef* column, ConstrType kind) {
  if (column == nullptr) return nullptr;
  const ListCell* lc = nullptr;
  foreach (lc, column->constraints) {
    const auto* node = static_cast<const ::Node*>(lfirst(lc));
    if (IsA(node, Constraint) && castNode(Constraint, const_cast<::Node*>(node))->contype == kind) {
      return castNode(Constraint, const_cast<::Node*>(node));
    }
  }
  return nullptr;
}

namespace {

bool lists_column(const List* names, std::string_view column) {
  const ListCell* lc = nullptr;
  foreach (lc, names) {
    const char* name = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
    if (name != nullptr && column == name) return true;
  }
  return false;
}

bool default_calls_nextval(const ::Node* expr) {
  while (expr != nullptr && IsA(expr, TypeCast)) expr = castNode(TypeCast, const_cast<::Node*>(expr))->arg;
  return expr != nullptr && IsA(expr, FuncCall) &&
         last_name(castNode(FuncCall, const_cast<::Node*>(expr))->funcname) == "nextval";
}

}  // namespace

std::string identifier_column_reason(const TypedColumn& column) {
  if (column.column != nullptr) {
    if (column_constraint(column.column, CONSTR_PRIMARY) != nullptr) return "it is the primary key";
    if (column_constraint(column.column, CONSTR_IDENTITY) != nullptr) return "it is an identity column";
    const Constraint* def = column_constraint(column.column, CONSTR_DEFAULT);
    if ((def != nullptr && default_calls_nextval(def->raw_expr)) || default_calls_nextval(column.column->raw_default)) {
      return "its default draws from a sequence";
    }
    if (column_constraint(column.column, CONSTR_FOREIGN) != nullptr) return "it references another table";
  }
  const ListCell* lc = nullptr;
  foreach (lc, column.table_constraints) {
    const auto* node = static_cast<const ::Node*>(lfirst(lc));
    if (!IsA(node, Constraint)) continue;
    const auto* constraint = castNode(Constraint, const_cast<::Node*>(node));
    if (constraint->contype == CONSTR_PRIMARY && lists_column(constraint->keys, column.name)) {
      return "it is part of the primary key";
    }
    if (constraint->contype == CONSTR_FOREIGN && lists_column(constraint->fk_attrs, column.name)) {
      return "it references another table";
    }
  }
  if (column.name == "id") return "it is named id";
  if (column.name.size() > 3 && column.name.ends_with("_id")) return "its name ends in _id";
  return {};
}

}  // namespace sqlmigrate::rules
