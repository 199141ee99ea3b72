#pragma once
// The columns a statement declares or retypes, with the type it gives them: shared by the rules
// about column types (prefer-timestamptz, ban-char-field, prefer-bigint-over-int, ...).

#include <string>
#include <string_view>

#include "rules/util.hpp"

namespace sqlmigrate::rules {

struct TypedColumn {
  enum class Where : std::uint8_t { create_table, add_column, alter_type };
  Where where = Where::create_table;
  const RangeVar* relation = nullptr;  // the table
  const ColumnDef* column = nullptr;   // its definition (for alter_type: the new type and USING only)
  std::string_view name;               // the column name
  const TypeName* type = nullptr;      // never null
  const List* table_constraints =
      nullptr;  // CREATE TABLE: its elements, whose Constraint nodes are the table-level ones
};

// Calls `visit` for each column with a type in CREATE TABLE, ALTER TABLE ... ADD COLUMN and
// ALTER TABLE ... ALTER COLUMN ... TYPE.
template <typename Visit>
void for_each_typed_column(const ::Node* node, Visit&& visit);

// Whether a type is the built-in `name` (written unqualified or as pg_catalog.name). The grammar
// spells SQL-standard types in pg_catalog: `integer` is pg_catalog.int4, `timestamp` pg_catalog.timestamp.
bool is_builtin_type(const TypeName* type, std::string_view name);
// Whether a type is an array (`int[]`, `integer ARRAY`).
bool is_array_type(const TypeName* type);
// The type as the user would recognise it ("integer", "varchar(255)", "timestamp"), for messages.
std::string type_display(const TypeName* type);
// The span of a type's first word as written, with its modifiers (`varchar(255)`, `timestamp`).
Span type_span(const Statement& stmt, const linter::LintContext& ctx, const TypeName* type);
// The span of the word (keyword or name) that starts at a node location.
Span word_span(const Statement& stmt, const linter::LintContext& ctx, int location);
// The integer value of typmod number `n` (0-based), or -1.
int type_modifier(const TypeName* type, int n);

// Column-level constraint of a kind, or null.
const Constraint* column_constraint(const ColumnDef* column, ConstrType kind);

// Why a column holds identifiers, whose values grow with the number of rows ever inserted: "it is
// the primary key", "it references another table", ... ; empty when nothing says so. Looks at the
// column's constraints and default, table-level PRIMARY KEY / FOREIGN KEY / UNIQUE lists of a CREATE
// TABLE, and the name (`id`, `..._id`).
std::string identifier_column_reason(const TypedColumn& column);

// ---- implementation of the template ----

template <typename Visit>
void for_each_typed_column(const ::Node* node, Visit&& visit) {
  if (node == nullptr) return;
  if (IsA(node, CreateStmt)) {
    const auto* create = castNode(CreateStmt, const_cast<::Node*>(node));
    const ListCell* lc = nullptr;
    foreach (lc, create->tableElts) {
      const auto* elt = static_cast<const ::Node*>(lfirst(lc));
      if (!IsA(elt, ColumnDef)) continue;
      const auto* column = castNode(ColumnDef, const_cast<::Node*>(elt));
      if (column->typeName == nullptr || column->colname == nullptr) continue;  // PARTITION OF / OF type
      visit(TypedColumn{TypedColumn::Where::create_table, create->relation, column, column->colname, column->typeName,
                        create->tableElts});
    }
    return;
  }
  if (!IsA(node, AlterTableStmt)) return;
  const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(node));
  if (alter->objtype != OBJECT_TABLE) return;
  const ListCell* lc = nullptr;
  foreach (lc, alter->cmds) {
    const auto* cmd = lfirst_node(AlterTableCmd, lc);
    if (cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) continue;
    const auto* column = castNode(ColumnDef, cmd->def);
    if (column->typeName == nullptr) continue;
    if (cmd->subtype == AT_AddColumn && column->colname != nullptr) {
      visit(TypedColumn{TypedColumn::Where::add_column, alter->relation, column, column->colname, column->typeName,
                        nullptr});
    } else if (cmd->subtype == AT_AlterColumnType && cmd->name != nullptr) {
      visit(TypedColumn{TypedColumn::Where::alter_type, alter->relation, column, cmd->name, column->typeName, nullptr});
    }
  }
}

}  // namespace sqlmigrate::rules
