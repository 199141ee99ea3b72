// foreign-key-without-index: a foreign key whose referencing columns no index starts with. Every
// DELETE on the referenced table, and every UPDATE of its key, then scans the referencing table
// (one scan per row deleted) to find the rows that point at it.

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

std::vector<std::string> names_of(const List* list) {
  std::vector<std::string> out;
  const ListCell* lc = nullptr;
  foreach (lc, list) {
    const ::Node* n = static_cast<const ::Node*>(lfirst(lc));
    const char* name = IsA(n, IndexElem) ? castNode(IndexElem, const_cast<::Node*>(n))->name : compiler::pg::str_value(n);
    out.emplace_back(name != nullptr ? name : "");
  }
  return out;
}

// Whether `leading` (an index's key columns) starts with exactly the columns of `fk`.
bool leads_with(const std::vector<std::string>& leading, const std::vector<std::string>& fk) {
  if (fk.empty() || leading.size() < fk.size()) return false;
  return std::is_permutation(leading.begin(), leading.begin() + static_cast<std::ptrdiff_t>(fk.size()), fk.begin(),
                             fk.end());
}

// A PRIMARY KEY or UNIQUE constraint among `constraints` that provides the index.
bool constraint_indexes(const Constraint* c, const std::vector<std::string>& fk, const char* column) {
  if (c->contype != CONSTR_PRIMARY && c->contype != CONSTR_UNIQUE) return false;
  if (column != nullptr) return leads_with({column}, fk);
  return leads_with(names_of(c->keys), fk);
}

// Whether a later statement of the same file creates the index (CREATE INDEX, or ADD PRIMARY
// KEY / UNIQUE) on the table.
bool indexed_later(const Statement& stmt, const linter::LintContext& ctx, const std::string& key,
                   const std::vector<std::string>& fk) {
  const auto& statements = ctx.script().statements();
  for (std::size_t i = stmt.index + 1; i < statements.size(); ++i) {
    const ::Node* node = statements[i].node;
    if (IsA(node, IndexStmt)) {
      const auto* index = castNode(IndexStmt, const_cast<::Node*>(node));
      if (index->whereClause == nullptr && ctx.catalog().resolve(index->relation) == key &&
          leads_with(names_of(index->indexParams), fk)) {
        return true;
      }
    } else if (IsA(node, AlterTableStmt)) {
      const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(node));
      if (ctx.catalog().resolve(alter->relation) != key) continue;
      const ListCell* lc = nullptr;
      foreach (lc, alter->cmds) {
        const auto* cmd = lfirst_node(AlterTableCmd, lc);
        if (cmd->subtype == AT_AddConstraint && cmd->def != nullptr && IsA(cmd->def, Constraint) &&
            constraint_indexes(castNode(Constraint, cmd->def), fk, nullptr)) {
          return true;
        }
      }
    }
  }
  return false;
}

class ForeignKeyWithoutIndex final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "foreign-key-without-index", {}, Severity::warning, false,
        "A foreign key whose columns no index starts with: deletes on the referenced table scan this one"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (IsA(stmt.node, CreateStmt)) {
      const auto* create = castNode(CreateStmt, const_cast<::Node*>(stmt.node));
      if (create->partbound != nullptr) return;  // partitions get the parent's indexes
      // Every index the statement itself creates (primary key, unique).
      std::vector<std::pair<const Constraint*, const char*>> all;
      const ListCell* lc = nullptr;
      foreach (lc, create->tableElts) {
        const ::Node* elt = static_cast<const ::Node*>(lfirst(lc));
        if (IsA(elt, Constraint)) all.emplace_back(castNode(Constraint, const_cast<::Node*>(elt)), nullptr);
        if (IsA(elt, ColumnDef)) {
          const auto* def = castNode(ColumnDef, const_cast<::Node*>(elt));
          const ListCell* cc = nullptr;
          foreach (cc, def->constraints) all.emplace_back(lfirst_node(Constraint, cc), def->colname);
        }
      }
      std::string key;  // resolved at the first foreign key
      for (const auto& [con, column] : all) {
        if (con->contype != CONSTR_FOREIGN) continue;
        if (key.empty()) key = ctx.catalog().resolve(create->relation);
        const std::vector<std::string> fk = column != nullptr ? std::vector<std::string>{column} : names_of(con->fk_attrs);
        const bool covered = std::any_of(all.begin(), all.end(), [&](const auto& other) {
          return constraint_indexes(other.first, fk, other.second);
        });
        if (!covered && !indexed_later(stmt, ctx, key, fk)) report(stmt, out, create->relation, con, fk);
      }
      return;
    }
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE) return;
    std::string key;  // resolved at the first foreign key
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AddConstraint || cmd->def == nullptr || !IsA(cmd->def, Constraint)) continue;
      const auto* con = castNode(Constraint, cmd->def);
      if (con->contype != CONSTR_FOREIGN) continue;
      if (key.empty()) {
        key = ctx.catalog().resolve(alter->relation);
        // Only a table the catalog knows completely can be said to lack an index.
        if (ctx.catalog().known_relation(key) == nullptr) return;
      }
      const std::vector<std::string> fk = names_of(con->fk_attrs);
      if (ctx.catalog().has_leading_index(key, fk) || indexed_later(stmt, ctx, key, fk)) continue;
      report(stmt, out, alter->relation, con, fk);
    }
  }

 private:
  static void report(const Statement& stmt, linter::Sink& out, const RangeVar* table, const Constraint* con,
                     const std::vector<std::string>& fk) {
    std::string columns;
    for (const auto& c : fk) columns += (columns.empty() ? "" : ", ") + quote_ident(c);
    const std::string t = display_name(table);
    const std::string referenced = display_name(con->pktable);
    out.report(stmt.span_at(con->location, 1),
               fmt::format("no index on {} starts with the foreign key columns ({}), so every DELETE on {} scans {}",
                           t, columns, referenced, t),
               fmt::format("to enforce the foreign key, Postgres looks up the rows of {} that reference each deleted "
                           "or re-keyed row of {}, and without an index that is a sequential scan per row, done while "
                           "the deleting transaction holds its locks",
                           t, referenced),
               fmt::format("create an index on {} ({}) with CREATE INDEX CONCURRENTLY (in a no-transaction "
                           "migration), or ignore this finding if rows of {} are never deleted",
                           t, columns, referenced));
  }
};

}  // namespace

const linter::Rule& foreign_key_without_index() {
  static const ForeignKeyWithoutIndex k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
