// ban-concurrent-index-creation-in-transaction: a statement that Postgres refuses inside a transaction
// block (CREATE INDEX CONCURRENTLY and the rest of Statement::autocommit_only, plus ALTER TYPE ... ADD
// VALUE before Postgres 12) where it would run inside one, so the migration fails when it is deployed.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// What the statement acts on, as written, to follow its kind in messages ("" when nothing useful).
std::string target_of(const ::Node* node) {
  switch (nodeTag(node)) {
    case T_IndexStmt: {
      const auto* index = castNode(IndexStmt, const_cast<::Node*>(node));
      std::string out = index->idxname != nullptr ? " " + quote_ident(index->idxname) : std::string();
      return out + " on " + display_name(index->relation);
    }
    case T_DropStmt: {
      const auto* drop = castNode(DropStmt, const_cast<::Node*>(node));
      std::string out;
      const ListCell* lc = nullptr;
      foreach (lc, drop->objects) {
        const auto* names = static_cast<const List*>(lfirst(lc));
        out += (out.empty() ? " " : ", ") + dotted_name(names);
      }
      return out;
    }
    case T_ReindexStmt: {
      const auto* reindex = castNode(ReindexStmt, const_cast<::Node*>(node));
      if (reindex->relation != nullptr) return " of " + display_name(reindex->relation);
      return reindex->name != nullptr ? " of " + quote_ident(reindex->name) : std::string();
    }
    case T_AlterTableStmt:
      return " on " + display_name(castNode(AlterTableStmt, const_cast<::Node*>(node))->relation);
    case T_VacuumStmt: {
      const auto* vacuum = castNode(VacuumStmt, const_cast<::Node*>(node));
      std::string out;
      const ListCell* lc = nullptr;
      foreach (lc, vacuum->rels) {
        const auto* rel = lfirst_node(VacuumRelation, lc);
        if (rel->relation != nullptr) out += (out.empty() ? " of " : ", ") + display_name(rel->relation);
      }
      return out;
    }
    case T_AlterEnumStmt:
      return " on " + dotted_name(castNode(AlterEnumStmt, const_cast<::Node*>(node))->typeName);
    default:
      return {};
  }
}

// Why Postgres refuses the statement inside a transaction block.
std::string refusal_reason(std::string_view kind) {
  if (kind.find("CONCURRENTLY") != std::string_view::npos || kind.starts_with("VACUUM") ||
      kind.starts_with("CLUSTER") || kind.starts_with("REINDEX")) {
    return "it commits transactions of its own while it works";
  }
  return "what it does cannot be rolled back";
}

// Before Postgres 12, ALTER TYPE ... ADD VALUE is refused in a transaction block unless the enum type
// was created earlier in that same transaction.
bool enum_created_in_this_transaction(const Statement& stmt, const linter::LintContext& ctx, const List* type_name) {
  const std::string name = last_name(type_name);
  bool created = false;
  for (const Statement& earlier : ctx.script().statements()) {
    if (earlier.index >= stmt.index) break;
    if (!ctx.migration_transactional() &&
        (earlier.tx_control == compiler::TxControl::begin || earlier.tx_control == compiler::TxControl::commit ||
         earlier.tx_control == compiler::TxControl::rollback)) {
      created = false;  // a new transaction starts, or the statement would be in none
      continue;
    }
    if (IsA(earlier.node, CreateEnumStmt) &&
        last_name(castNode(CreateEnumStmt, const_cast<::Node*>(earlier.node))->typeName) == name) {
      created = true;
    }
  }
  return created;
}

class BanConcurrentIndexCreationInTransaction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-concurrent-index-creation-in-transaction", {}, Severity::error, true,
        "CREATE INDEX CONCURRENTLY, or another statement Postgres refuses in a transaction block, runs in one and "
        "fails"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!ctx.in_transaction()) return;
    std::string kind(stmt.autocommit_only);
    std::string refusal;
    if (!kind.empty()) {
      refusal = fmt::format("Postgres refuses {} inside a transaction block because {}", kind, refusal_reason(kind));
    } else if (IsA(stmt.node, AlterEnumStmt) && ctx.pg_version() < 12) {
      const auto* alter = castNode(AlterEnumStmt, const_cast<::Node*>(stmt.node));
      if (alter->oldVal != nullptr || enum_created_in_this_transaction(stmt, ctx, alter->typeName)) return;
      kind = "ALTER TYPE ... ADD VALUE";
      refusal = fmt::format(
          "Postgres {} refuses it inside a transaction block unless the enum type was created in "
          "that same transaction (Postgres 12 lifted the restriction)",
          ctx.pg_version());
    } else {
      return;
    }

    // A lone statement reaches here only when Postgres refuses it in a transaction block for a reason
    // the engine does not know (an old target version): only the directive helps then.
    const bool alone = ctx.script().statements().size() == 1;
    std::string why_in_transaction = "the statement comes after an explicit BEGIN";
    std::string help =
        "move the statement out of the BEGIN ... COMMIT block: in a `-- sqlmigrate:no-transaction` migration each "
        "statement outside such a block runs on its own";
    if (ctx.migration_transactional()) {
      why_in_transaction = fmt::format(
          "this migration runs as one transaction (it has {}no "
          "`-- sqlmigrate:no-transaction` line)",
          alone ? "" : "more than one statement and ");
      help = fmt::format(
          "put `-- sqlmigrate:no-transaction` on the first line of the migration so that each "
          "statement runs on its own{}",
          alone ? "" : ", or move this statement into a migration of its own");
    }
    out.report(stmt.span,
               fmt::format("{}{} would run inside a transaction block, where Postgres refuses it, so the migration "
                           "fails when it is deployed",
                           kind, target_of(stmt.node)),
               fmt::format("{}, and {}", why_in_transaction, refusal), help);
  }
};

}  // namespace

const linter::Rule& ban_concurrent_index_creation_in_transaction() {
  static const BanConcurrentIndexCreationInTransaction k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
