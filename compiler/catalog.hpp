#pragma once
// The schema as earlier statements built it, replayed statically in plan order (docs/catalog.md).
//
// Catalog::apply(statement) records what one statement creates, alters, renames, comments on or
// drops; rules see the catalog as it stands before their statement. What the replay cannot follow
// (DDL inside DO blocks or functions, statements it does not understand touching a table) makes the
// table, or the whole catalog, "unknown": rules must then not rely on what is missing from it.
//
// Names are resolved like Postgres does with `search_path = public` (tracked through SET
// search_path); keys are "schema.name". Storage is flat: hash maps with string_view lookups
// (compiler/name_map.hpp), one vector of columns and constraints per table.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/boxed.hpp"
#include "compiler/interned.hpp"
#include "compiler/name_map.hpp"
#include "compiler/pg/parse.hpp"

struct RangeVar;
struct TypeName;
struct List;

namespace sqlmigrate::compiler {

// "schema.name", with unqualified names in "public".
std::string relation_key(const char* schema, const char* name);

// A column or domain type, normalized: the internal name of built-in types ("int4", "varchar",
// "timestamptz", "bool"), "schema.name" for other qualified types, the name as written otherwise;
// type modifiers as Postgres stores them (varchar(20): {20}; numeric(10,2): {10, 2}).
struct TypeRef {
  Interned name;  // "int4", "varchar", "public.mood"
  std::int32_t mod1 = -1;  // -1: none
  std::int32_t mod2 = -1;
  std::uint8_t array_dims = 0;
  bool exotic_mods = false;  // modifiers sqlmigrate does not interpret (interval fields, ...)

  // "varchar(20)", "numeric(10,2)", "int4[]".
  std::string text() const;
  // As Postgres's format_type() prints it with search_path = public: "character varying(20)",
  // "timestamp with time zone", "integer[]".
  std::string display() const;
  bool operator==(const TypeRef&) const = default;
};

// How a column default behaves when Postgres adds the column or rewrites rows.
enum class DefaultKind : std::uint8_t {
  none,
  stable,    // constants and immutable or stable functions (now()): stored once (PostgreSQL 11+)
  volatile_, // calls a volatile function (nextval, random, gen_random_uuid, ...): computed per row
  unknown,   // calls a function sqlmigrate does not know
};

struct Column {
  Interned name;  // one string per distinct name for the process (compiler/interned.hpp)
  TypeRef type;
  bool not_null = false;
  DefaultKind default_kind = DefaultKind::none;
  char identity = 0;   // 'a' ALWAYS, 'd' BY DEFAULT, 0 none
  char generated = 0;  // 's' STORED, 0 none
  // DEFAULT NULL: no default in effect, but Postgres stores one (pg_attribute.atthasdef) when the
  // type has a length or precision to apply (varchar(n), numeric(p,s), ...).
  bool default_null = false;
  std::uint32_t created_in = 0;  // migration number that added it

  // A default other than NULL: new rows get a value, ADD COLUMN fills existing rows.
  bool has_default() const { return default_kind != DefaultKind::none; }
  // What pg_attribute.atthasdef says.
  bool stores_default() const { return has_default() || (default_null && type.mod1 >= 0); }
};

enum class ConstraintKind : std::uint8_t { primary_key = 'p', unique = 'u', check = 'c', foreign_key = 'f', exclusion = 'x' };

// Foreign keys: the referenced table ("schema.name") and columns (empty: its primary key).
struct ForeignKeyTarget {
  Interned references;
  std::vector<Interned> referenced_columns;
};

struct TableConstraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::check;
  bool validated = true;
  bool not_null_check = false;       // CHECK (col IS NOT NULL): the column is columns[0]
  std::vector<Interned> columns;     // key columns (PK, unique, FK referencing columns, exclusion)
  std::string index;                 // PK, unique, exclusion: the backing index key ("schema.name")
  std::uint32_t created_in = 0;
  Boxed<ForeignKeyTarget> foreign_key;  // set for foreign keys only (out of line: most constraints are not)

  const std::string& references() const { return foreign_key.get().references; }
  const std::vector<Interned>& referenced_columns() const { return foreign_key.get().referenced_columns; }
  // The column a CHECK (col IS NOT NULL) is about, else empty.
  std::string_view not_null_column() const {
    return not_null_check && !columns.empty() ? std::string_view(columns.front()) : std::string_view();
  }
};

enum class RelationKind : std::uint8_t { table, partitioned_table, view, materialized_view, foreign_table, sequence };

// What a relation has only when it is a partition, a child, a view, an owned sequence or commented.
struct RelationLinks {
  std::string parent;           // partitions: the partitioned table's key
  std::string partition_bound;  // partitions: "DEFAULT", "FOR VALUES ..." kind ("list", "range", "hash")
  std::vector<std::string> inherits;
  std::vector<std::string> depends_on;  // views: the relations their query reads
  std::string owned_by;                 // sequences: "schema.table.column"
  std::string comment;
};

struct Relation {
  // Its schema and name are those of its key in Catalog::relations() ("schema.name").
  RelationKind kind = RelationKind::table;
  // Columns or constraints may differ from what the replay recorded (created by CREATE TABLE AS,
  // changed by a DO block or a statement the replay does not follow): trust nothing that is absent.
  bool unknown = false;
  std::vector<Column> columns;
  std::vector<TableConstraint> constraints;
  std::vector<std::string> index_keys;  // its indexes ("schema.name" keys of Catalog::indexes())
  // Relations that may point at it (foreign keys, views, owned sequences, partitions and children):
  // drops and renames look only at these, never through the whole catalog. May hold stale keys.
  std::vector<Interned> referrers;
  // A partition or inheritance child was attached to it at some point (children are among the
  // referrers): changes that carry over to children look through the referrers only then.
  bool has_children = false;
  std::uint32_t created_in = 0;

  // Empty links when it has none: most tables have none, and a catalog holds thousands of tables.
  const RelationLinks& links() const { return m_links.get(); }
  RelationLinks& edit_links() { return m_links.edit(); }
  RelationLinks* links_if_any() { return m_links.if_any(); }

  const Column* column(std::string_view name) const;
  Column* column(std::string_view name);
  const TableConstraint* constraint(std::string_view name) const;
  bool is_table() const { return kind == RelationKind::table || kind == RelationKind::partitioned_table; }

 private:
  Boxed<RelationLinks> m_links;
};

struct Index {
  // Its schema and name are those of its key in Catalog::indexes() ("schema.name").
  Interned table;                 // "schema.name" of the indexed relation
  std::vector<Interned> columns;  // key columns in order; "" for an expression
  // The other columns it uses (INCLUDE, expressions, predicate), each once and none of `columns`:
  // most indexes use their key columns alone, and a catalog holds thousands of indexes.
  std::vector<Interned> also_uses;
  bool unique = false;
  bool primary = false;
  bool partial = false;
  bool valid = true;       // CREATE INDEX CONCURRENTLY that failed leaves an invalid index: not tracked
  // It backs a primary key, unique or exclusion constraint, which has the index's name (Postgres
  // renames either with the other).
  bool backs_constraint = false;
  std::uint32_t created_in = 0;

  // Whether the index uses the column (as a key, INCLUDE, in an expression or the predicate).
  bool uses(std::string_view column) const;
  // Every column it uses: `columns` (without expressions) and `also_uses`.
  std::vector<std::string> all_uses() const;
};

enum class UserTypeKind : std::uint8_t { enumeration, domain, composite, range, other };

struct UserType {
  std::string schema;
  std::string name;
  UserTypeKind kind = UserTypeKind::other;
  std::vector<std::string> values;  // enum labels in order
  TypeRef base;                     // domains
  bool not_null = false;            // domains
  bool has_default = false;         // domains
  std::vector<std::string> checks;  // domains: constraint names
  std::uint32_t created_in = 0;
};

// Whether ALTER COLUMN ... TYPE from `from` to `to` keeps the stored data, so Postgres skips the
// table rewrite (binary-coercible casts and no-op length changes; see catalog_knowledge.cpp).
bool type_change_skips_rewrite(const TypeRef& from, const TypeRef& to);

class Catalog {
 public:
  // Room for about this many relations and indexes, so replaying a large project does not rehash
  // its tables again and again as they grow.
  void reserve(std::size_t relations, std::size_t indexes) {
    m_relations.reserve(relations);
    m_indexes.reserve(indexes);
  }
  // Starts a new migration: nothing counts as created in it yet.
  void begin_migration() {
    ++m_migration;
    m_created_keys.clear();
  }
  // Records what a statement creates, alters, renames, comments on or drops.
  void apply(const Statement& statement);

  bool relation_exists(std::string_view key) const { return m_relations.contains(key); }
  bool created_in_migration(std::string_view key) const {
    // Most statements alter relations that existed before: the short list of keys given to
    // relations created in this migration answers those without a lookup in the large table.
    // (A migration that creates many relations, such as a baseline, is looked up directly.)
    if (m_created_keys.size() <= 32 &&
        std::find(m_created_keys.begin(), m_created_keys.end(), key) == m_created_keys.end()) {
      return false;
    }
    const auto it = m_relations.find(key);
    return it != m_relations.end() && it->second.created_in == m_migration && m_migration != 0;
  }

  // A column type as written (serial types as the integer they stand for), normalized like the
  // catalog's columns.
  TypeRef normalize_type(const TypeName* type) const;

  // The key of a relation name as Postgres would resolve it now (search_path for unqualified names).
  std::string resolve(const RangeVar* relation) const;
  std::string resolve(const char* schema, const char* name) const;

  // Lookups (nullptr when absent). `known_*` also return nullptr when the catalog or the relation
  // is unknown, for rules that draw conclusions from what is missing.
  const Relation* relation(std::string_view key) const;
  const Relation* known_relation(std::string_view key) const;
  const Index* index(std::string_view key) const;
  const UserType* type(std::string_view key) const;
  bool schema_exists(std::string_view name) const;
  bool extension_exists(std::string_view name) const { return m_extensions.contains(name); }
  // Indexes on a relation, in no particular order.
  std::vector<const Index*> indexes_on(std::string_view table_key) const;
  // Whether some valid index has `columns` as its leading key columns (in any order among them).
  bool has_leading_index(std::string_view table_key, const std::vector<std::string>& columns) const;
  // Whether the column has a validated CHECK (column IS NOT NULL).
  bool has_validated_not_null_check(std::string_view table_key, std::string_view column) const;

  // The whole catalog is unknown: some statement may have changed any object (a DO block or a
  // function with DDL, an unfollowed search_path). Individual relations may also be unknown.
  bool unknown() const { return m_unknown; }
  const std::string& unknown_reason() const { return m_unknown_reason; }

  // Everything, for tests and tools.
  const NameMap<Relation>& relations() const { return m_relations; }
  const NameMap<Index>& indexes() const { return m_indexes; }
  const NameMap<UserType>& types() const { return m_types; }
  const NameMap<bool>& extensions() const { return m_extensions; }
  const std::vector<std::string>& search_path() const { return m_search_path; }
  std::uint32_t migration_number() const { return m_migration; }

 private:
  friend class Replay;
  template <class T>
  using Map = NameMap<T>;

  void mark_unknown(std::string reason);

  Map<Relation> m_relations;
  Map<Index> m_indexes;
  Map<UserType> m_types;
  Map<bool> m_schemas;
  Map<bool> m_extensions;
  Map<bool> m_ddl_functions;              // functions whose body runs DDL ("schema.name")
  std::vector<std::string> m_search_path{"public"};
  // Every key a relation created in this migration had (created or renamed to): a superset of the
  // relations with created_in == m_migration.
  std::vector<std::string> m_created_keys;
  std::uint32_t m_migration = 0;
  bool m_unknown = false;
  std::string m_unknown_reason;
};

}  // namespace sqlmigrate::compiler
