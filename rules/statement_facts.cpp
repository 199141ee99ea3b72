#include "rules/statement_facts.hpp"

#include <set>

namespace sqlmigrate::rules {

std::string qualified_key(const List* names) {
  const int n = list_length(names);
  if (n == 0) return compiler::relation_key(nullptr, "");
  const char* name = compiler::pg::str_value(static_cast<const ::Node*>(llast(names)));
  const char* schema = n >= 2 ? compiler::pg::str_value(static_cast<const ::Node*>(list_nth(names, n - 2))) : nullptr;
  return compiler::relation_key(schema, name);
}

std::string display_names(const List* names) {
  std::string out;
  const ListCell* lc = nullptr;
  foreach (lc, names) {
    const char* s = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
    if (!out.empty()) out += '.';
    out += s != nullptr ? quote_ident(s) : "?";
  }
  return out;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

bool is_new_index(std::string_view key, const Statement& stmt, const linter::LintContext& ctx) {
  std::set<std::string, std::less<>> created;
  for (const Statement& earlier : ctx.script().statements()) {
    if (earlier.index >= stmt.index) break;
    const ::Node* node = earlier.node;
    if (IsA(node, IndexStmt)) {
      const auto* index = castNode(IndexStmt, const_cast<::Node*>(node));
      if (index->idxname != nullptr && index->relation != nullptr) {
        created.insert(compiler::relation_key(index->relation->schemaname, index->idxname));
      }
    } else if (IsA(node, RenameStmt)) {
      const auto* rename = castNode(RenameStmt, const_cast<::Node*>(node));
      if (rename->renameType == OBJECT_INDEX && rename->relation != nullptr && rename->newname != nullptr) {
        const auto it = created.find(relation_key(rename->relation));
        if (it != created.end()) {
          created.erase(it);
          created.insert(compiler::relation_key(rename->relation->schemaname, rename->newname));
        }
      }
    } else if (IsA(node, DropStmt)) {
      const auto* drop = castNode(DropStmt, const_cast<::Node*>(node));
      if (drop->removeType != OBJECT_INDEX) continue;
      const ListCell* lc = nullptr;
      foreach (lc, drop->objects) {
        const auto it = created.find(qualified_key(static_cast<const List*>(lfirst(lc))));
        if (it != created.end()) created.erase(it);
      }
    }
  }
  return created.contains(key);
}

bool is_new_domain(std::string_view key, const Statement& stmt, const linter::LintContext& ctx) {
  for (const Statement& earlier : ctx.script().statements()) {
    if (earlier.index >= stmt.index) break;
    if (IsA(earlier.node, CreateDomainStmt) &&
        qualified_key(castNode(CreateDomainStmt, const_cast<::Node*>(earlier.node))->domainname) == key) {
      return true;
    }
  }
  return false;
}

bool is_new_database(std::string_view name, const Statement& stmt, const linter::LintContext& ctx) {
  for (const Statement& earlier : ctx.script().statements()) {
    if (earlier.index >= stmt.index) break;
    if (!IsA(earlier.node, CreatedbStmt)) continue;
    const char* created = castNode(CreatedbStmt, const_cast<::Node*>(earlier.node))->dbname;
    if (created != nullptr && name == created) return true;
  }
  return false;
}

bool option_on(const List* options, std::string_view name) {
  bool on = false;
  const ListCell* lc = nullptr;
  foreach (lc, options) {
    const auto* node = static_cast<const ::Node*>(lfirst(lc));
    if (!IsA(node, DefElem)) continue;
    const auto* opt = castNode(DefElem, const_cast<::Node*>(node));
    if (opt->defname == nullptr || name != opt->defname) continue;
    if (opt->arg == nullptr) {
      on = true;
    } else if (IsA(opt->arg, Integer)) {
      on = intVal(opt->arg) != 0;
    } else if (IsA(opt->arg, Boolean)) {
      on = boolVal(opt->arg);
    } else if (const char* s = compiler::pg::str_value(opt->arg)) {
      const std::string_view v(s);
      on = !(v == "false" || v == "off" || v == "0");
    } else {
      on = true;
    }
  }
  return on;
}

bool concurrent_index_builds_corrupt(const linter::LintContext& ctx) {
  return ctx.pg_version() == 14 && ctx.pg_minor().has_value() && *ctx.pg_minor() < 4;
}

}  // namespace sqlmigrate::rules
