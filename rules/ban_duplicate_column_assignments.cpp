// ban-duplicate-column-assignments: one statement assigns or alters the same column twice.
//
// Postgres rejects most of these when the migration is deployed (UPDATE ... SET a = 1, a = 2;
// INSERT INTO t (a, a); CREATE TABLE t (a int, a int); ALTER TABLE ... ADD COLUMN a, ADD COLUMN a;
// ALTER COLUMN a TYPE ..., ALTER COLUMN a TYPE ...), and silently keeps only one of the others
// (two SET/DROP DEFAULT, SET/DROP NOT NULL, SET STATISTICS, SET STORAGE or SET COMPRESSION on one
// column in one ALTER TABLE), choosing by its own order of execution phases, not as written.

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_set>
#include <vector>
#include <string>
#include <utility>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// Names seen so far in one list; they point into the parse tree. Lists are short: a linear scan
// beats a map, which a long list (a wide INSERT) switches to.
class SeenNames {
 public:
  explicit SeenNames(int expected) { m_names.reserve(static_cast<std::size_t>(std::min(expected, 64))); }
  bool insert(std::string_view name) {  // false when seen before
    if (!m_set.empty()) return m_set.insert(name).second;
    if (std::find(m_names.begin(), m_names.end(), name) != m_names.end()) return false;
    m_names.push_back(name);
    if (m_names.size() > 64) m_set.insert(m_names.begin(), m_names.end());
    return true;
  }

 private:
  std::vector<std::string_view> m_names;
  std::unordered_set<std::string_view> m_set;
};

// Column names of SET / INSERT target lists. Assignments to different elements or fields of the same
// column (SET a[1] = 1, a[2] = 2) are allowed: Postgres combines them.
template <typename Report>
void check_targets(const List* targets, std::string_view what, Report&& report) {
  SeenNames seen(list_length(targets));
  const ListCell* lc = nullptr;
  foreach (lc, targets) {
    const auto* node = static_cast<const ::Node*>(lfirst(lc));
    if (!IsA(node, ResTarget)) continue;
    const auto* target = castNode(ResTarget, const_cast<::Node*>(node));
    if (target->name == nullptr || target->indirection != nullptr) continue;
    if (!seen.insert(target->name)) report(target->name, target->location, what);
  }
}

// What an ALTER TABLE subcommand sets on a column, and whether Postgres rejects a second one.
struct ColumnProperty {
  const char* what = nullptr;  // "type", "default", ...; null: not a per-column property
  bool rejected = false;       // Postgres refuses the statement (otherwise one of the two is dropped)
};

ColumnProperty property_of(AlterTableType subtype) {
  switch (subtype) {
    case AT_AddColumn:
      return {"ADD COLUMN", true};
    case AT_DropColumn:
      return {"DROP COLUMN", true};
    case AT_AlterColumnType:
      return {"TYPE", true};
    case AT_ColumnDefault:
      return {"SET / DROP DEFAULT", false};
    case AT_SetNotNull:
    case AT_DropNotNull:
      return {"SET / DROP NOT NULL", false};
    case AT_SetStatistics:
      return {"SET STATISTICS", false};
    case AT_SetStorage:
      return {"SET STORAGE", false};
    case AT_SetCompression:
      return {"SET COMPRESSION", false};
    default:
      return {};
  }
}

class BanDuplicateColumnAssignments final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-duplicate-column-assignments",
        {},
        Severity::error,
        true,
        "one statement assigns or alters the same column twice: Postgres rejects it or silently keeps only one"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& /*ctx*/, linter::Sink& out) const override {
    const auto rejected = [&](const std::string& column, int location, std::string_view what) {
      out.report(stmt.span_at(location, static_cast<std::uint32_t>(quote_ident(column).size())),
                 fmt::format("column {} appears twice in the {}, so Postgres rejects the statement when the "
                             "migration is deployed",
                             quote_ident(column), what),
                 fmt::format("Postgres allows each column once per {}: a second assignment is an error, not an "
                             "override",
                             what),
                 "keep one assignment per column, with the value that is meant");
    };
    switch (nodeTag(stmt.node)) {
      case T_UpdateStmt:
        check_targets(castNode(UpdateStmt, const_cast<::Node*>(stmt.node))->targetList, "SET list of the UPDATE",
                      rejected);
        break;
      case T_InsertStmt: {
        const auto* insert = castNode(InsertStmt, const_cast<::Node*>(stmt.node));
        check_targets(insert->cols, "column list of the INSERT", rejected);
        if (insert->onConflictClause != nullptr) {
          check_targets(insert->onConflictClause->targetList, "SET list of ON CONFLICT DO UPDATE", rejected);
        }
        break;
      }
      case T_MergeStmt: {
        const ListCell* lc = nullptr;
        foreach (lc, castNode(MergeStmt, const_cast<::Node*>(stmt.node))->mergeWhenClauses) {
          const auto* when = lfirst_node(MergeWhenClause, lc);
          check_targets(
              when->targetList,
              when->commandType == CMD_INSERT ? "column list of the MERGE INSERT" : "SET list of the MERGE UPDATE",
              rejected);
        }
        break;
      }
      case T_CreateStmt:
        check_create(stmt, castNode(CreateStmt, const_cast<::Node*>(stmt.node)), rejected);
        break;
      case T_AlterTableStmt:
        check_alter(stmt, castNode(AlterTableStmt, const_cast<::Node*>(stmt.node)), out);
        break;
      default:
        break;
    }
  }

 private:
  template <typename Report>
  static void check_create(const Statement& /*stmt*/, const CreateStmt* create, Report&& rejected) {
    SeenNames seen(list_length(create->tableElts));
    const ListCell* lc = nullptr;
    foreach (lc, create->tableElts) {
      const auto* elt = static_cast<const ::Node*>(lfirst(lc));
      if (!IsA(elt, ColumnDef)) continue;
      const auto* column = castNode(ColumnDef, const_cast<::Node*>(elt));
      if (column->colname == nullptr) continue;
      if (!seen.insert(column->colname)) {
        rejected(column->colname, column->location, "column list of the CREATE TABLE");
      }
    }
  }

  static void check_alter(const Statement& stmt, const AlterTableStmt* alter, linter::Sink& out) {
    // (column, property) -> how many times so far
    std::map<std::pair<std::string, std::string>, int> seen;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      const ColumnProperty property = property_of(cmd->subtype);
      if (property.what == nullptr) continue;
      const char* column = cmd->name;
      int location = -1;
      if (cmd->subtype == AT_AddColumn && cmd->def != nullptr && IsA(cmd->def, ColumnDef)) {
        column = castNode(ColumnDef, cmd->def)->colname;
        location = castNode(ColumnDef, cmd->def)->location;
      }
      if (column == nullptr) continue;
      if (++seen[{column, property.what}] != 2) continue;  // report the first repeat only
      const std::string name = quote_ident(column);
      const std::optional<Span> span =
          location >= 0 ? std::optional<Span>(stmt.span_at(location, static_cast<std::uint32_t>(name.size())))
                        : std::optional<Span>(stmt.span);
      if (property.rejected && cmd->missing_ok) {
        const bool adds = cmd->subtype == AT_AddColumn;
        out.report(span,
                   fmt::format("this ALTER TABLE on {} has {} twice for column {}, and the second is skipped",
                               display_name(alter->relation), property.what, name),
                   fmt::format("with IF {}EXISTS Postgres only notes that the first subcommand already {} the "
                               "column, so whatever the second one says is silently lost",
                               adds ? "NOT " : "", adds ? "added" : "dropped"),
                   "keep one subcommand per column, with the definition that is meant");
      } else if (property.rejected) {
        out.report(span,
                   fmt::format("this ALTER TABLE on {} has {} twice for column {}, so Postgres rejects it when the "
                               "migration is deployed",
                               display_name(alter->relation), property.what, name),
                   fmt::format("Postgres cannot {} the same column twice in one ALTER TABLE",
                               cmd->subtype == AT_AlterColumnType ? "change the type of"
                               : cmd->subtype == AT_AddColumn     ? "add"
                                                                  : "drop"),
                   "keep one subcommand per column, with the definition that is meant");
      } else {
        out.report(span,
                   fmt::format("this ALTER TABLE on {} has {} twice for column {}, and only one of them takes "
                               "effect",
                               display_name(alter->relation), property.what, name),
                   "Postgres runs the subcommands of one ALTER TABLE in its own order of phases, not as written, "
                   "so the one that wins need not be the last (DROP NOT NULL runs before SET NOT NULL whatever "
                   "their order)",
                   "keep one subcommand per column and property, with the value that is meant");
      }
    }
  }
};

}  // namespace

const linter::Rule& ban_duplicate_column_assignments() {
  static const BanDuplicateColumnAssignments k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
