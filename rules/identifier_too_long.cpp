// identifier-too-long: a name that a statement gives to a new object (table, column, index,
// constraint, sequence, view, type, function, trigger, schema, policy; or RENAME ... TO) is longer
// than 63 bytes, so Postgres silently truncates it.
//
// The parse tree already holds the truncated names (the scanner truncates identifiers), so the rule
// collects the names the statement defines, and only when one is near the limit scans the
// statement's text for the identifier as written.

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

#include "rules/sql_text.hpp"
#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

constexpr std::size_t k_max_identifier_bytes = 63;  // NAMEDATALEN - 1

void add(std::set<std::string>& names, const char* name) {
  // A truncated name is 63 bytes, or a little less when the cut falls inside a multibyte character.
  if (name != nullptr && std::string_view(name).size() + 3 >= k_max_identifier_bytes) names.insert(name);
}

void add_last(std::set<std::string>& names, const List* qualified) {
  if (qualified == nullptr || list_length(qualified) == 0) return;
  add(names, compiler::pg::str_value(static_cast<const ::Node*>(llast(qualified))));
}

void add_constraint(std::set<std::string>& names, const ::Node* node) {
  if (node != nullptr && IsA(node, Constraint)) {
    const auto* constraint = castNode(Constraint, const_cast<::Node*>(node));
    add(names, constraint->conname);
    add(names, constraint->indexname);
  }
}

void add_column(std::set<std::string>& names, const ColumnDef* column) {
  add(names, column->colname);
  const ListCell* lc = nullptr;
  foreach (lc, column->constraints) add_constraint(names, static_cast<const ::Node*>(lfirst(lc)));
}

// The names a statement gives to new objects, if any is long enough to have been truncated.
std::set<std::string> defined_names(const ::Node* node) {
  std::set<std::string> names;
  const ListCell* lc = nullptr;
  switch (nodeTag(node)) {
    case T_CreateStmt: {
      const auto* create = castNode(CreateStmt, const_cast<::Node*>(node));
      add(names, create->relation->relname);
      foreach (lc, create->tableElts) {
        const auto* elt = static_cast<const ::Node*>(lfirst(lc));
        if (IsA(elt, ColumnDef)) add_column(names, castNode(ColumnDef, const_cast<::Node*>(elt)));
        add_constraint(names, elt);
      }
      foreach (lc, create->constraints) add_constraint(names, static_cast<const ::Node*>(lfirst(lc)));
      break;
    }
    case T_AlterTableStmt: {
      const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(node));
      foreach (lc, alter->cmds) {
        const auto* cmd = lfirst_node(AlterTableCmd, lc);
        if (cmd->subtype == AT_AddColumn && cmd->def != nullptr && IsA(cmd->def, ColumnDef)) {
          add_column(names, castNode(ColumnDef, cmd->def));
        } else if (cmd->subtype == AT_AddConstraint) {
          add_constraint(names, cmd->def);
        }
      }
      break;
    }
    case T_IndexStmt:
      add(names, castNode(IndexStmt, const_cast<::Node*>(node))->idxname);
      break;
    case T_RenameStmt:
      add(names, castNode(RenameStmt, const_cast<::Node*>(node))->newname);
      break;
    case T_CreateSeqStmt:
      add(names, castNode(CreateSeqStmt, const_cast<::Node*>(node))->sequence->relname);
      break;
    case T_ViewStmt:
      add(names, castNode(ViewStmt, const_cast<::Node*>(node))->view->relname);
      break;
    case T_CreateTableAsStmt: {
      const auto* create = castNode(CreateTableAsStmt, const_cast<::Node*>(node));
      add(names, create->into->rel->relname);
      foreach (lc, create->into->colNames) add(names, compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc))));
      break;
    }
    case T_CreateEnumStmt:
      add_last(names, castNode(CreateEnumStmt, const_cast<::Node*>(node))->typeName);
      break;
    case T_CreateDomainStmt:
      add_last(names, castNode(CreateDomainStmt, const_cast<::Node*>(node))->domainname);
      break;
    case T_CompositeTypeStmt: {
      const auto* create = castNode(CompositeTypeStmt, const_cast<::Node*>(node));
      add(names, create->typevar->relname);
      foreach (lc, create->coldeflist) {
        const auto* elt = static_cast<const ::Node*>(lfirst(lc));
        if (IsA(elt, ColumnDef)) add(names, castNode(ColumnDef, const_cast<::Node*>(elt))->colname);
      }
      break;
    }
    case T_CreateFunctionStmt:
      add_last(names, castNode(CreateFunctionStmt, const_cast<::Node*>(node))->funcname);
      break;
    case T_CreateTrigStmt:
      add(names, castNode(CreateTrigStmt, const_cast<::Node*>(node))->trigname);
      break;
    case T_CreateSchemaStmt:
      add(names, castNode(CreateSchemaStmt, const_cast<::Node*>(node))->schemaname);
      break;
    case T_CreatePolicyStmt:
      add(names, castNode(CreatePolicyStmt, const_cast<::Node*>(node))->policy_name);
      break;
    default:
      break;
  }
  return names;
}

// What Postgres makes of an identifier as written: the quotes removed (or ASCII letters folded to
// lower case) and cut to 63 bytes without splitting a UTF-8 character.
std::string as_stored(const SqlWord& word, std::size_t& full_size) {
  std::string name;
  if (word.quoted) {
    const std::string_view inner = word.text.substr(1, word.text.size() >= 2 ? word.text.size() - 2 : 0);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      name += inner[i];
      if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;
    }
  } else {
    name.assign(word.text);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  }
  full_size = name.size();
  if (full_size > k_max_identifier_bytes) {
    std::size_t cut = k_max_identifier_bytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // a continuation byte
    name.resize(cut);
  }
  return name;
}

class IdentifierTooLong final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "identifier-too-long",
        {},
        Severity::warning,
        true,
        "a name longer than 63 bytes is silently truncated by Postgres, so the object is not called what the "
        "migration says"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    std::set<std::string> names = defined_names(stmt.node);
    if (names.empty()) return;
    const std::string_view text =
        std::string_view(ctx.script().source().text()).substr(stmt.span.begin, stmt.span.end - stmt.span.begin);
    for_each_sql_word(text, [&](const SqlWord& word) {
      if (word.length <= k_max_identifier_bytes) return true;
      std::size_t written = 0;
      const std::string stored = as_stored(word, written);
      if (written <= k_max_identifier_bytes || names.erase(stored) == 0) return true;  // a reference, or reported
      out.report(Span{stmt.span.begin + word.offset, stmt.span.begin + word.offset + word.length},
                 fmt::format("this name is {} bytes long, so Postgres silently truncates it to its first 63 "
                             "bytes, {}",
                             written, quote_ident(stored)),
                 "the object is then not called what the migration says: code or later migrations that spell out "
                 "the full name in a string (catalog queries, error handling by constraint name) miss it, and two "
                 "long names that share their first 63 bytes collide",
                 "shorten the name to at most 63 bytes, for example by abbreviating its words");
      return !names.empty();
    });
  }
};

}  // namespace

const linter::Rule& identifier_too_long() {
  static const IdentifierTooLong k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
