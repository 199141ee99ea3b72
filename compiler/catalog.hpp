#pragma once
// The schema as earlier statements built it, replayed statically in plan order.
// For now it knows which relations exist and which were created in the current migration.

#include <set>
#include <string>
#include <string_view>

#include "compiler/pg/parse.hpp"

namespace sqlmigrate::compiler {

// "schema.name", with unqualified names in "public".
std::string relation_key(const char* schema, const char* name);

class Catalog {
 public:
  // Starts a new migration: nothing counts as created in it yet.
  void begin_migration() { m_created_here.clear(); }
  // Records what a statement creates, renames or drops.
  void apply(const Statement& statement);

  bool relation_exists(std::string_view key) const { return m_relations.contains(std::string(key)); }
  bool created_in_migration(std::string_view key) const { return m_created_here.contains(std::string(key)); }

 private:
  void create(const std::string& key);
  void drop(const std::string& key);

  std::set<std::string> m_relations;
  std::set<std::string> m_created_here;
};

}  // namespace sqlmigrate::compiler
