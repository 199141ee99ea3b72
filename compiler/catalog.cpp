#include "compiler/catalog.hpp"

#include "compiler/pg/nodes.hpp"

namespace sqlmigrate::compiler {

std::string relation_key(const char* schema, const char* name) {
  std::string key = schema != nullptr ? schema : "public";
  key += '.';
  key += name != nullptr ? name : "";
  return key;
}

namespace {
std::string key_of(const RangeVar* rv) { return relation_key(rv->schemaname, rv->relname); }
}  // namespace

void Catalog::create(const std::string& key) {
  m_relations.insert(key);
  m_created_here.insert(key);
}

void Catalog::drop(const std::string& key) {
  m_relations.erase(key);
  m_created_here.erase(key);
}

void Catalog::apply(const Statement& statement) {
  const ::Node* node = statement.node;
  switch (nodeTag(node)) {
    case T_CreateStmt:
      create(key_of(castNode(CreateStmt, const_cast<::Node*>(node))->relation));
      break;
    case T_CreateTableAsStmt:
      create(key_of(castNode(CreateTableAsStmt, const_cast<::Node*>(node))->into->rel));
      break;
    case T_ViewStmt:
      create(key_of(castNode(ViewStmt, const_cast<::Node*>(node))->view));
      break;
    case T_DropStmt: {
      const auto* stmt = castNode(DropStmt, const_cast<::Node*>(node));
      if (stmt->removeType != OBJECT_TABLE && stmt->removeType != OBJECT_VIEW &&
          stmt->removeType != OBJECT_MATVIEW && stmt->removeType != OBJECT_FOREIGN_TABLE) {
        break;
      }
      const ListCell* lc = nullptr;
      foreach (lc, stmt->objects) {
        const auto* names = static_cast<const List*>(lfirst(lc));
        const int n = list_length(names);
        if (n == 1) drop(relation_key(nullptr, pg::str_value(static_cast<const ::Node*>(linitial(names)))));
        if (n >= 2) {
          drop(relation_key(pg::str_value(static_cast<const ::Node*>(list_nth(names, n - 2))),
                            pg::str_value(static_cast<const ::Node*>(llast(names)))));
        }
      }
      break;
    }
    case T_RenameStmt: {
      const auto* stmt = castNode(RenameStmt, const_cast<::Node*>(node));
      if ((stmt->renameType == OBJECT_TABLE || stmt->renameType == OBJECT_VIEW ||
           stmt->renameType == OBJECT_MATVIEW) && stmt->relation != nullptr && stmt->newname != nullptr) {
        const std::string old_key = key_of(stmt->relation);
        const bool here = created_in_migration(old_key);
        drop(old_key);
        const std::string new_key = relation_key(stmt->relation->schemaname, stmt->newname);
        m_relations.insert(new_key);
        if (here) m_created_here.insert(new_key);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace sqlmigrate::compiler
