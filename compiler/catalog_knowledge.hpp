#pragma once
// The static catalog as the schema knowledge of the lock facts: whether a type change rewrites the
// table (from the column's known type), and which table an index belongs to.

#include "compiler/catalog.hpp"
#include "compiler/locks.hpp"

namespace sqlmigrate::compiler {

class CatalogKnowledge final : public SchemaKnowledge {
 public:
  explicit CatalogKnowledge(const Catalog& catalog) : m_catalog(catalog) {}
  Tri type_change_rewrites(std::string_view relation_key, std::string_view column,
                           const ::Node* type_name) const override;
  std::optional<std::string> table_of_index(std::string_view index_key) const override;
  Tri relation_exists(const char* schema, const char* name) const override;
  // Whether the catalog was replayed from the project's first migration, so that a relation it
  // does not have does not exist. Not so for loose files linted on their own.
  void set_complete(bool complete) { m_complete = complete; }

 private:
  const Catalog& m_catalog;
  bool m_complete = false;
};

}  // namespace sqlmigrate::compiler
