// require-table-schema (off by default): a table, view, sequence or index target named without its
// schema in DDL, so search_path decides where it is created or which one is changed.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// The unqualified relations a DDL statement creates or changes, with what they are ("table", ...).
template <typename Visit>
void for_each_relation(const ::Node* node, Visit&& visit) {
  const auto relation = [&](const RangeVar* rv, const char* what, bool creates) {
    if (rv == nullptr || rv->schemaname != nullptr || rv->relpersistence == 't')
      return;  // RELPERSISTENCE_TEMP: pg_temp
    visit(rv->relname != nullptr ? rv->relname : "?", rv->location, what, creates);
  };
  switch (nodeTag(node)) {
    case T_CreateStmt:
      relation(castNode(CreateStmt, const_cast<::Node*>(node))->relation, "table", true);
      break;
    case T_CreateTableAsStmt: {
      const auto* create = castNode(CreateTableAsStmt, const_cast<::Node*>(node));
      relation(create->into->rel, create->objtype == OBJECT_MATVIEW ? "materialized view" : "table", true);
      break;
    }
    case T_ViewStmt:
      relation(castNode(ViewStmt, const_cast<::Node*>(node))->view, "view", true);
      break;
    case T_CreateSeqStmt:
      relation(castNode(CreateSeqStmt, const_cast<::Node*>(node))->sequence, "sequence", true);
      break;
    case T_AlterTableStmt: {
      const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(node));
      if (alter->objtype == OBJECT_TABLE) relation(alter->relation, "table", false);
      break;
    }
    case T_IndexStmt:
      relation(castNode(IndexStmt, const_cast<::Node*>(node))->relation, "table", false);
      break;
    case T_RenameStmt: {
      const auto* rename = castNode(RenameStmt, const_cast<::Node*>(node));
      if (rename->relationType == OBJECT_TABLE || rename->renameType == OBJECT_TABLE) {
        relation(rename->relation, "table", false);
      }
      break;
    }
    case T_DropStmt: {
      const auto* drop = castNode(DropStmt, const_cast<::Node*>(node));
      if (drop->removeType != OBJECT_TABLE) break;
      const ListCell* lc = nullptr;
      foreach (lc, drop->objects) {
        const auto* names = static_cast<const List*>(lfirst(lc));
        if (list_length(names) == 1) visit(last_name(names), -1, "table", false);
      }
      break;
    }
    default:
      break;
  }
}

class RequireTableSchema final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-table-schema",
        {},
        Severity::warning,
        false,
        "an unqualified table name in DDL leaves the schema to the session's search_path"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& /*ctx*/, linter::Sink& out) const override {
    for_each_relation(stmt.node, [&](const std::string& name, int location, const char* what, bool creates) {
      const std::string quoted = quote_ident(name);
      out.report(location >= 0 ? stmt.span_at(location, static_cast<std::uint32_t>(quoted.size())) : stmt.span,
                 fmt::format("the {} {} is not schema-qualified, so the session's search_path decides which schema "
                             "it is {}",
                             what, quoted, creates ? "created in" : "looked up in"),
                 "a migration run by another role, tool or connection setting, with a different search_path, then "
                 "acts on another schema than the one the author meant, or fails",
                 fmt::format("qualify the name with its schema, such as public.{}", quoted));
    });
  }
};

}  // namespace

const linter::Rule& require_table_schema() {
  static const RequireTableSchema k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
