#include "compiler/catalog_knowledge.hpp"

#include "compiler/pg/nodes.hpp"

namespace sqlmigrate::compiler {

// Whether ALTER COLUMN ... TYPE from `from` to `to` leaves the stored data as it is, so Postgres
// skips the rewrite (ATColumnChangeRequiresRewrite): the cast is binary-coercible (pg_cast with
// castmethod 'b', a RelabelType) and any length coercion is a no-op by its support function
// (varchar_support, numeric_support, varbit_support, timestamp_support and friends). Arrays and
// domains are treated as rewrites, as is timestamp to timestamptz (free only when the session
// TimeZone is UTC, which a migration cannot promise).
bool type_change_skips_rewrite(const TypeRef& from, const TypeRef& to) {
  if (from.exotic_mods || to.exotic_mods) return false;
  if (from == to) return true;
  if (from.array_dims != 0 || to.array_dims != 0) return false;
  const auto widens = [&](bool scale_matters) {
    if (to.mod1 < 0) return true;                      // to unconstrained
    if (from.mod1 < 0) return false;                   // unconstrained to constrained
    if (scale_matters && from.mod2 != to.mod2) return false;
    if (scale_matters) return to.mod1 - to.mod2 >= from.mod1 - from.mod2 && to.mod1 >= from.mod1;
    return to.mod1 >= from.mod1;
  };
  const std::string& f = from.name;
  const std::string& t = to.name;
  if (f == t) {
    if (f == "varchar" || f == "varbit" || f == "timestamp" || f == "timestamptz" || f == "time" || f == "timetz") {
      return widens(false);
    }
    if (f == "numeric") return widens(true);
    return false;  // bpchar(n) to bpchar(m), bit(n) to bit(m): a real length coercion
  }
  // Binary-coercible casts between different types (pg_cast castmethod 'b').
  if ((f == "varchar" && t == "text") || (f == "text" && t == "varchar" && to.mod1 < 0)) return true;
  if (f == "cidr" && t == "inet") return true;
  if ((f == "text" || f == "varchar") && t == "citext" && to.mod1 < 0) return true;
  if (f == "citext" && (t == "text" || (t == "varchar" && to.mod1 < 0))) return true;
  return false;
}

Tri CatalogKnowledge::type_change_rewrites(std::string_view relation_key, std::string_view column,
                                           const ::Node* type_name) const {
  const Relation* relation = m_catalog.known_relation(relation_key);
  const Column* old = relation != nullptr ? relation->column(column) : nullptr;
  if (old == nullptr || type_name == nullptr || !IsA(type_name, TypeName)) return Tri::maybe;
  const TypeRef to = m_catalog.normalize_type(castNode(TypeName, const_cast<::Node*>(type_name)));
  return type_change_skips_rewrite(old->type, to) ? Tri::no : Tri::yes;
}

std::optional<std::string> CatalogKnowledge::table_of_index(std::string_view index_key) const {
  const Index* index = m_catalog.index(index_key);
  if (index == nullptr) return std::nullopt;
  return index->table;
}

Tri CatalogKnowledge::relation_exists(const char* schema, const char* name) const {
  if (name == nullptr) return Tri::maybe;
  if (m_catalog.relation_exists(m_catalog.resolve(schema, name))) return Tri::yes;
  // DDL the replay could not follow (dynamic SQL, DO blocks) may have created it.
  return m_complete && !m_catalog.unknown() ? Tri::no : Tri::maybe;
}

}  // namespace sqlmigrate::compiler
