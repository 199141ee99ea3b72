// down-migration-incomplete: the down file leaves behind objects that the up file creates (tables,
// views, sequences, indexes, types, schemas, columns and named constraints added to existing
// tables), so rolling back does not return the schema to where it was.

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <string>
#include <vector>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

enum class Kind : std::uint8_t { table, materialized_view, view, sequence, index, type, domain, schema, column, constraint };

const char* name_of(Kind k) {
  switch (k) {
    case Kind::table: return "table";
    case Kind::materialized_view: return "materialized view";
    case Kind::view: return "view";
    case Kind::sequence: return "sequence";
    case Kind::index: return "index";
    case Kind::type: return "type";
    case Kind::domain: return "domain";
    case Kind::schema: return "schema";
    case Kind::column: return "column";
    case Kind::constraint: return "constraint";
  }
  return "object";
}

bool is_relation(Kind k) {
  return k == Kind::table || k == Kind::view || k == Kind::materialized_view || k == Kind::sequence;
}

// Keys: "schema.name" for objects, "schema.table.column" for columns, "schema.table.name" for constraints.
struct Object {
  Kind kind = Kind::table;
  std::string key;
  std::string table;  // for indexes, columns and constraints: the table they belong to
  std::vector<std::string> columns;  // for indexes and constraints: the columns they use
};

// A set of strings built once, then searched: a vector, sorted before the first search. Most files
// put a handful of names in it.
class Names {
 public:
  void insert(std::string s) {
    m_items.push_back(std::move(s));
    m_sorted = m_items.size() <= 1;
  }
  bool contains(std::string_view s) const {
    if (!m_sorted) {
      std::sort(m_items.begin(), m_items.end());
      m_sorted = true;
    }
    return std::binary_search(m_items.begin(), m_items.end(), s);
  }
  bool empty() const { return m_items.empty(); }

 private:
  mutable std::vector<std::string> m_items;
  mutable bool m_sorted = true;
};

// What a dropped object's kind and key say; `kind` is the kind of the object created.
std::string dropped_key(Kind kind, std::string_view key) {
  std::string out;
  out.reserve(key.size() + 2);
  out += static_cast<char>('0' + static_cast<int>(kind));
  out += ':';
  out += key;
  return out;
}

std::string key_of(const RangeVar* rv) { return compiler::relation_key(rv->schemaname, rv->relname); }

std::string key_of(const List* names) {
  const int n = list_length(names);
  if (n == 0) return {};
  const char* name = compiler::pg::str_value(static_cast<const ::Node*>(llast(names)));
  const char* schema = n >= 2 ? compiler::pg::str_value(static_cast<const ::Node*>(list_nth(names, n - 2))) : nullptr;
  return compiler::relation_key(schema, name);
}

std::string schema_of(const std::string& key) { return key.substr(0, key.find('.')); }

// What one file creates (and, for the down file, drops).
struct Changes {
  std::vector<Object> created;
  Names dropped_tables;  // tables, views, sequences (covers their indexes, columns, constraints)
  Names dropped;         // dropped_key(kind, key) of other objects
  Names dropped_schemas;
  Names dropped_columns;  // "schema.table.column"
  bool cascade = false;                   // some DROP ... CASCADE: dependent views may go with it
  std::vector<std::pair<std::string, std::string>> renames;  // tables: old key, new key
};

// Column names an expression uses.
bool column_refs_walker(::Node* node, void* context) {
  if (node == nullptr) return false;
  if (IsA(node, ColumnRef)) {
    const char* last = compiler::pg::str_value(static_cast<const ::Node*>(llast(castNode(ColumnRef, node)->fields)));
    if (last != nullptr) static_cast<std::vector<std::string>*>(context)->emplace_back(last);
    return false;
  }
  return compiler::pg::walk_children(node, &column_refs_walker, context);
}

std::vector<std::string> names_in(const List* list) {
  std::vector<std::string> out;
  const ListCell* lc = nullptr;
  foreach (lc, list) {
    const ::Node* n = static_cast<const ::Node*>(lfirst(lc));
    if (IsA(n, IndexElem)) {
      const auto* elem = castNode(IndexElem, const_cast<::Node*>(n));
      if (elem->name != nullptr) out.emplace_back(elem->name);
      if (elem->expr != nullptr) column_refs_walker(elem->expr, &out);
    } else if (const char* name = compiler::pg::str_value(n)) {
      out.emplace_back(name);
    }
  }
  return out;
}

// `created`: also list what the file creates (the down file's own creations are never needed).
Changes changes_of(const compiler::Script& script, bool created) {
  Changes out;
  // Names the file renames or drops before creating them again: the new object replaces one that
  // existed before, so undoing it is not a matter of dropping it.
  std::vector<std::string> replaced;  // a handful at most
  const auto create = [&](Kind kind, std::string key, std::string table = {}, std::vector<std::string> columns = {}) {
    if (!created || std::find(replaced.begin(), replaced.end(), key) != replaced.end()) return;
    out.created.push_back(Object{kind, std::move(key), std::move(table), std::move(columns)});
  };
  for (const Statement& stmt : script.statements()) {
    const ::Node* node = stmt.node;
    if (IsA(node, CreateStmt)) {
      const auto* s = castNode(CreateStmt, const_cast<::Node*>(node));
      if (s->relation->relpersistence != 't' && !s->if_not_exists) create(Kind::table, key_of(s->relation));
    } else if (IsA(node, CreateTableAsStmt)) {
      const auto* s = castNode(CreateTableAsStmt, const_cast<::Node*>(node));
      if (s->into != nullptr && s->into->rel != nullptr && s->into->rel->relpersistence != 't') {
        create(s->objtype == OBJECT_MATVIEW ? Kind::materialized_view : Kind::table, key_of(s->into->rel));
      }
    } else if (IsA(node, ViewStmt)) {
      const auto* s = castNode(ViewStmt, const_cast<::Node*>(node));
      if (!s->replace) create(Kind::view, key_of(s->view));
    } else if (IsA(node, CreateSeqStmt)) {
      const auto* s = castNode(CreateSeqStmt, const_cast<::Node*>(node));
      if (!s->if_not_exists) create(Kind::sequence, key_of(s->sequence));
    } else if (IsA(node, IndexStmt)) {
      const auto* s = castNode(IndexStmt, const_cast<::Node*>(node));
      if (s->idxname != nullptr && !s->if_not_exists) {
        std::vector<std::string> cols = names_in(s->indexParams);
        column_refs_walker(s->whereClause, &cols);
        create(Kind::index, compiler::relation_key(s->relation->schemaname, s->idxname), key_of(s->relation),
               std::move(cols));
      }
    } else if (IsA(node, CreateEnumStmt)) {
      create(Kind::type, key_of(castNode(CreateEnumStmt, const_cast<::Node*>(node))->typeName));
    } else if (IsA(node, CreateDomainStmt)) {
      create(Kind::domain, key_of(castNode(CreateDomainStmt, const_cast<::Node*>(node))->domainname));
    } else if (IsA(node, CompositeTypeStmt)) {
      create(Kind::type, key_of(castNode(CompositeTypeStmt, const_cast<::Node*>(node))->typevar));
    } else if (IsA(node, CreateSchemaStmt)) {
      const auto* s = castNode(CreateSchemaStmt, const_cast<::Node*>(node));
      if (s->schemaname != nullptr && !s->if_not_exists) create(Kind::schema, s->schemaname);
    } else if (IsA(node, AlterTableStmt)) {
      const auto* s = castNode(AlterTableStmt, const_cast<::Node*>(node));
      if (s->objtype != OBJECT_TABLE) continue;
      const std::string table = key_of(s->relation);
      const ListCell* lc = nullptr;
      foreach (lc, s->cmds) {
        const auto* cmd = lfirst_node(AlterTableCmd, lc);
        if (cmd->subtype == AT_AddColumn && cmd->def != nullptr && IsA(cmd->def, ColumnDef) && !cmd->missing_ok) {
          const char* col = castNode(ColumnDef, cmd->def)->colname;
          if (col != nullptr) create(Kind::column, table + "." + col, table);
        } else if (cmd->subtype == AT_AddConstraint && cmd->def != nullptr && IsA(cmd->def, Constraint)) {
          const auto* con = castNode(Constraint, cmd->def);
          std::vector<std::string> cols = names_in(con->contype == CONSTR_FOREIGN ? con->fk_attrs : con->keys);
          column_refs_walker(con->raw_expr, &cols);
          if (con->conname != nullptr) create(Kind::constraint, table + "." + con->conname, table, std::move(cols));
        } else if (cmd->subtype == AT_DropColumn && cmd->name != nullptr) {
          out.dropped.insert(dropped_key(Kind::column, table + "." + cmd->name));
          out.dropped_columns.insert(table + "." + cmd->name);
          out.cascade = out.cascade || cmd->behavior == DROP_CASCADE;
        } else if (cmd->subtype == AT_DropConstraint && cmd->name != nullptr) {
          out.dropped.insert(dropped_key(Kind::constraint, table + "." + cmd->name));
        }
      }
    } else if (IsA(node, AlterSeqStmt)) {
      // OWNED BY: the sequence goes when its table goes.
      const auto* s = castNode(AlterSeqStmt, const_cast<::Node*>(node));
      const ListCell* lc = nullptr;
      foreach (lc, s->options) {
        const auto* opt = lfirst_node(DefElem, lc);
        if (std::string_view(opt->defname) != "owned_by" || opt->arg == nullptr || !IsA(opt->arg, List)) continue;
        const auto* names = castNode(List, opt->arg);
        if (list_length(names) < 2) continue;
        const int n = list_length(names);
        const char* table_name = compiler::pg::str_value(static_cast<const ::Node*>(list_nth(names, n - 2)));
        const char* schema = n >= 3 ? compiler::pg::str_value(static_cast<const ::Node*>(list_nth(names, n - 3))) : nullptr;
        const std::string table = compiler::relation_key(schema, table_name);
        for (Object& o : out.created) {
          if (o.kind == Kind::sequence && o.key == key_of(s->sequence)) o.table = table;
        }
      }
    } else if (IsA(node, RenameStmt)) {
      const auto* s = castNode(RenameStmt, const_cast<::Node*>(node));
      if ((s->renameType == OBJECT_TYPE || s->renameType == OBJECT_DOMAIN) && s->object != nullptr) {
        replaced.push_back(key_of(castNode(List, s->object)));
      }
      if (s->renameType == OBJECT_INDEX && s->relation != nullptr) replaced.push_back(key_of(s->relation));
      if (s->renameType == OBJECT_TABLE && s->relation != nullptr && s->newname != nullptr) {
        replaced.push_back(key_of(s->relation));
        const std::string from = key_of(s->relation);
        const std::string to = compiler::relation_key(s->relation->schemaname, s->newname);
        out.renames.emplace_back(from, to);
        // What the file created under the old name now carries the new one.
        for (Object& o : out.created) {
          if (o.key == from) o.key = to;
          if (o.table == from) {
            o.table = to;
            if (o.key.starts_with(from + ".")) o.key = to + o.key.substr(from.size());
          }
        }
      }
    } else if (IsA(node, DropStmt)) {
      const auto* s = castNode(DropStmt, const_cast<::Node*>(node));
      out.cascade = out.cascade || s->behavior == DROP_CASCADE;
      const ListCell* lc = nullptr;
      foreach (lc, s->objects) {
        switch (s->removeType) {
          case OBJECT_TABLE:
          case OBJECT_VIEW:
          case OBJECT_MATVIEW:
          case OBJECT_SEQUENCE:
          case OBJECT_FOREIGN_TABLE:
            out.dropped_tables.insert(key_of(static_cast<const List*>(lfirst(lc))));
            replaced.push_back(key_of(static_cast<const List*>(lfirst(lc))));
            break;
          case OBJECT_INDEX:
            out.dropped.insert(dropped_key(Kind::index, key_of(static_cast<const List*>(lfirst(lc)))));
            replaced.push_back(key_of(static_cast<const List*>(lfirst(lc))));
            break;
          case OBJECT_TYPE:
          case OBJECT_DOMAIN: {
            const std::string k = key_of(lfirst_node(TypeName, lc)->names);
            out.dropped.insert(dropped_key(Kind::type, k));
            out.dropped.insert(dropped_key(Kind::domain, k));
            replaced.push_back(k);
            break;
          }
          case OBJECT_SCHEMA: {
            const char* name = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
            if (name != nullptr) out.dropped_schemas.insert(name);
            break;
          }
          default:
            break;
        }
      }
    }
  }
  return out;
}

class DownMigrationIncomplete final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "down-migration-incomplete", {}, Severity::warning, true,
        "The down file does not drop what the up file creates"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}

  void check_migration(const linter::MigrationContext& ctx, linter::Sink& out) const override {
    const compiler::Script* down = ctx.down();
    // No down file is missing-down-migration's finding; an empty or comment-only one says the
    // migration is irreversible on purpose; a down file that does not parse is reported as such.
    if (down == nullptr || down->statements().empty() || !down->ok() || !ctx.up().ok()) return;
    const Changes up = changes_of(ctx.up(), true);
    if (up.created.empty()) return;
    const Changes undo = changes_of(*down, false);
    const Names up_tables = [&] {
      Names t;
      for (const Object& o : up.created) {
        if (is_relation(o.kind)) t.insert(o.key);
      }
      return t;
    }();
    std::vector<std::string> left;
    for (const Object& o : up.created) {
      // Objects the up file removes again itself, and parts of tables it creates, need no undo of their own.
      if (up.dropped_tables.contains(o.key) || up.dropped.contains(dropped_key(o.kind, o.key))) continue;
      if (!o.table.empty() && (up_tables.contains(o.table) || up.dropped_tables.contains(o.table))) continue;
      // The down file may rename tables back before or after dropping things on them.
      std::vector<std::string> tables{o.table};
      for (const auto& [from, to] : undo.renames) {
        if (o.table == from) tables.push_back(to);
        if (o.table == to) tables.push_back(from);
      }
      const auto dropped_on_table = [&](const std::string& table) {
        if (table.empty()) return false;
        if (undo.dropped_tables.contains(table)) return true;
        const std::string suffix = o.key.substr(o.table.size());
        if (undo.dropped.contains(dropped_key(o.kind, table + suffix))) return true;
        // Indexes and constraints go with any column they use.
        return std::any_of(o.columns.begin(), o.columns.end(),
                           [&](const std::string& c) { return undo.dropped_columns.contains(table + "." + c); });
      };
      const bool covered = undo.dropped_tables.contains(o.key) || undo.dropped.contains(dropped_key(o.kind, o.key)) ||
                           std::any_of(tables.begin(), tables.end(), dropped_on_table) ||
                           ((o.kind == Kind::view || o.kind == Kind::materialized_view) && undo.cascade) ||
                           undo.dropped_schemas.contains(o.kind == Kind::schema ? o.key : schema_of(o.key));
      if (!covered) left.push_back(std::string(name_of(o.kind)) + " " + o.key.substr(o.key.starts_with("public.") ? 7 : 0));
    }
    if (left.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < left.size() && i < 5; ++i) list += (i == 0 ? "" : ", ") + left[i];
    if (left.size() > 5) list += fmt::format(" and {} more", left.size() - 5);
    out.report(std::nullopt,
               fmt::format("the down file of migration {}_{} does not undo everything the up file creates: {}",
                           ctx.migration().version, ctx.migration().name, list),
               "rolling back then leaves these objects behind, so running the up file again fails on them and the "
               "schema no longer matches the version the history table records",
               "drop each of them in the down file, in reverse order of creation (DROP TABLE also removes the table's "
               "indexes, columns and constraints)");
  }
};

}  // namespace

const linter::Rule& down_migration_incomplete() {
  static const DownMigrationIncomplete k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
