// prefer-robust-stmts: a statement that runs outside any transaction (a no-transaction migration, or
// a lone CREATE INDEX CONCURRENTLY) and fails when it is run a second time: CREATE without IF NOT
// EXISTS, DROP without IF EXISTS, ADD COLUMN without IF NOT EXISTS, ADD CONSTRAINT, ...

#include <fmt/format.h>

#include <set>
#include <string>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

struct Fragile {
  std::string what;         // "CREATE TABLE orders"
  std::string fix;          // "write CREATE TABLE IF NOT EXISTS"
  bool duplicates = false;  // a rerun succeeds but creates a second copy under a generated name
};

const char* drop_keyword(ObjectType type) {
  switch (type) {
    case OBJECT_TABLE:
      return "DROP TABLE";
    case OBJECT_INDEX:
      return "DROP INDEX";
    case OBJECT_VIEW:
      return "DROP VIEW";
    case OBJECT_MATVIEW:
      return "DROP MATERIALIZED VIEW";
    case OBJECT_SEQUENCE:
      return "DROP SEQUENCE";
    case OBJECT_TYPE:
      return "DROP TYPE";
    case OBJECT_DOMAIN:
      return "DROP DOMAIN";
    case OBJECT_FUNCTION:
      return "DROP FUNCTION";
    case OBJECT_PROCEDURE:
      return "DROP PROCEDURE";
    case OBJECT_SCHEMA:
      return "DROP SCHEMA";
    case OBJECT_EXTENSION:
      return "DROP EXTENSION";
    case OBJECT_TRIGGER:
      return "DROP TRIGGER";
    case OBJECT_POLICY:
      return "DROP POLICY";
    default:
      return "DROP";
  }
}

std::string object_list(const DropStmt* drop) {
  std::string out;
  const ListCell* lc = nullptr;
  foreach (lc, drop->objects) {
    const auto* node = static_cast<const ::Node*>(lfirst(lc));
    out += out.empty() ? "" : ", ";
    out += IsA(node, List)       ? dotted_name(castNode(List, const_cast<::Node*>(node)))
           : IsA(node, TypeName) ? dotted_name(castNode(TypeName, const_cast<::Node*>(node))->names)
           : compiler::pg::str_value(node) != nullptr ? std::string(compiler::pg::str_value(node))
                                                      : std::string("...");
  }
  return out;
}

void alter_table_cmds(const AlterTableStmt* alter, std::vector<Fragile>& out) {
  const std::string table = display_name(alter->relation);
  std::set<std::string> dropped_first;  // constraints dropped IF EXISTS earlier in the same statement
  const ListCell* lc = nullptr;
  foreach (lc, alter->cmds) {
    const auto* cmd = lfirst_node(AlterTableCmd, lc);
    switch (cmd->subtype) {
      case AT_AddColumn:
        if (!cmd->missing_ok && cmd->def != nullptr && IsA(cmd->def, ColumnDef)) {
          out.push_back(
              {fmt::format("ALTER TABLE {} ADD COLUMN {}", table, quote_ident(castNode(ColumnDef, cmd->def)->colname)),
               "write ADD COLUMN IF NOT EXISTS"});
        }
        break;
      case AT_DropColumn:
        if (!cmd->missing_ok) {
          out.push_back({fmt::format("ALTER TABLE {} DROP COLUMN {}", table, quote_ident(cmd->name)),
                         "write DROP COLUMN IF EXISTS"});
        }
        break;
      case AT_DropConstraint:
        if (cmd->missing_ok) {
          dropped_first.insert(cmd->name);
        } else {
          out.push_back({fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", table, quote_ident(cmd->name)),
                         "write DROP CONSTRAINT IF EXISTS"});
        }
        break;
      case AT_AddConstraint: {
        const auto* constraint =
            cmd->def != nullptr && IsA(cmd->def, Constraint) ? castNode(Constraint, cmd->def) : nullptr;
        if (constraint == nullptr) break;
        if (constraint->conname == nullptr) {
          out.push_back({fmt::format("ALTER TABLE {} ADD an unnamed constraint", table),
                         "name the constraint and drop it first in the same statement: ALTER TABLE ... DROP "
                         "CONSTRAINT IF EXISTS c, ADD CONSTRAINT c ...",
                         constraint->contype != CONSTR_PRIMARY});
        } else if (!dropped_first.contains(constraint->conname)) {
          out.push_back({fmt::format("ALTER TABLE {} ADD CONSTRAINT {}", table, quote_ident(constraint->conname)),
                         fmt::format("ADD CONSTRAINT has no IF NOT EXISTS: drop it first in the same statement, "
                                     "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}, ADD CONSTRAINT {} ...",
                                     table, quote_ident(constraint->conname), quote_ident(constraint->conname))});
        }
        break;
      }
      default:
        break;
    }
  }
}

std::vector<Fragile> fragile_parts(const ::Node* node) {
  std::vector<Fragile> out;
  switch (nodeTag(node)) {
    case T_IndexStmt: {
      const auto* index = castNode(IndexStmt, const_cast<::Node*>(node));
      const std::string kind = index->concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX";
      if (index->idxname == nullptr) {
        out.push_back({fmt::format("{} without a name on {}", kind, display_name(index->relation)),
                       "name the index and write IF NOT EXISTS", true});
      } else if (!index->if_not_exists) {
        out.push_back({fmt::format("{} {}", kind, quote_ident(index->idxname)),
                       index->concurrent
                           ? std::string("write CREATE INDEX CONCURRENTLY IF NOT EXISTS, and if a build fails, drop "
                                         "the INVALID index it leaves behind before running it again")
                           : std::string("write CREATE INDEX IF NOT EXISTS")});
      }
      break;
    }
    case T_CreateStmt: {
      const auto* create = castNode(CreateStmt, const_cast<::Node*>(node));
      if (!create->if_not_exists) {
        out.push_back(
            {fmt::format("CREATE TABLE {}", display_name(create->relation)), "write CREATE TABLE IF NOT EXISTS"});
      }
      break;
    }
    case T_CreateSeqStmt: {
      const auto* create = castNode(CreateSeqStmt, const_cast<::Node*>(node));
      if (!create->if_not_exists) {
        out.push_back(
            {fmt::format("CREATE SEQUENCE {}", display_name(create->sequence)), "write CREATE SEQUENCE IF NOT EXISTS"});
      }
      break;
    }
    case T_CreateSchemaStmt: {
      const auto* create = castNode(CreateSchemaStmt, const_cast<::Node*>(node));
      if (!create->if_not_exists && create->schemaname != nullptr) {
        out.push_back(
            {fmt::format("CREATE SCHEMA {}", quote_ident(create->schemaname)), "write CREATE SCHEMA IF NOT EXISTS"});
      }
      break;
    }
    case T_CreateExtensionStmt: {
      const auto* create = castNode(CreateExtensionStmt, const_cast<::Node*>(node));
      if (!create->if_not_exists) {
        out.push_back(
            {fmt::format("CREATE EXTENSION {}", quote_ident(create->extname)), "write CREATE EXTENSION IF NOT EXISTS"});
      }
      break;
    }
    case T_ViewStmt: {
      const auto* view = castNode(ViewStmt, const_cast<::Node*>(node));
      if (!view->replace) {
        out.push_back({fmt::format("CREATE VIEW {}", display_name(view->view)), "write CREATE OR REPLACE VIEW"});
      }
      break;
    }
    case T_CreateFunctionStmt: {
      const auto* function = castNode(CreateFunctionStmt, const_cast<::Node*>(node));
      if (!function->replace) {
        out.push_back({fmt::format("CREATE {} {}", function->is_procedure ? "PROCEDURE" : "FUNCTION",
                                   dotted_name(function->funcname)),
                       fmt::format("write CREATE OR REPLACE {}", function->is_procedure ? "PROCEDURE" : "FUNCTION")});
      }
      break;
    }
    case T_DropStmt: {
      const auto* drop = castNode(DropStmt, const_cast<::Node*>(node));
      if (!drop->missing_ok) {
        out.push_back({fmt::format("{} {}", drop_keyword(drop->removeType), object_list(drop)),
                       fmt::format("write {} IF EXISTS", drop_keyword(drop->removeType))});
      }
      break;
    }
    case T_AlterTableStmt: {
      const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(node));
      if (alter->objtype == OBJECT_TABLE) alter_table_cmds(alter, out);
      break;
    }
    case T_AlterEnumStmt: {
      const auto* alter = castNode(AlterEnumStmt, const_cast<::Node*>(node));
      if (alter->oldVal == nullptr && alter->newVal != nullptr && !alter->skipIfNewValExists) {
        out.push_back({fmt::format("ALTER TYPE {} ADD VALUE '{}'", dotted_name(alter->typeName), alter->newVal),
                       "write ADD VALUE IF NOT EXISTS"});
      }
      break;
    }
    default:
      break;
  }
  return out;
}

class PreferRobustStmts final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "prefer-robust-stmts",
        {},
        Severity::warning,
        true,
        "a statement outside a transaction fails when a retried migration runs it again; use IF [NOT] EXISTS"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (ctx.in_transaction() || stmt.tx_control != compiler::TxControl::none) return;
    for (const Fragile& part : fragile_parts(stmt.node)) {
      out.report(stmt.span,
                 part.duplicates ? fmt::format("{} runs outside a transaction and, if the migration is retried after "
                                               "it took effect, silently creates a second copy under a generated name",
                                               part.what)
                                 : fmt::format("{} runs outside a transaction and fails if the migration is retried "
                                               "after it took effect",
                                               part.what),
                 "outside a transaction each statement commits on its own, so an interrupted run leaves its effects "
                 "behind, and a retry repeats it when the run stopped before recording its progress or another tool "
                 "reruns the file",
                 part.fix);
    }
  }
};

}  // namespace

const linter::Rule& prefer_robust_stmts() {
  static const PreferRobustStmts k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
