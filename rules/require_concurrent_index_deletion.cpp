// require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY on an index that existed before
// this migration, which locks the index's table against every read and write.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class RequireConcurrentIndexDeletion final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-concurrent-index-deletion", {}, Severity::warning, true,
        "DROP INDEX without CONCURRENTLY blocks reads and writes on the index's table"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, DropStmt)) return;
    const auto* drop = castNode(DropStmt, const_cast<::Node*>(stmt.node));
    if (drop->removeType != OBJECT_INDEX || drop->concurrent) return;
    std::vector<std::string> existing;
    const ListCell* lc = nullptr;
    foreach (lc, drop->objects) {
      const auto* names = static_cast<const List*>(lfirst(lc));
      if (!is_new_index(qualified_key(names), stmt, ctx)) existing.push_back(display_names(names));
    }
    if (existing.empty()) return;
    const bool several = list_length(drop->objects) > 1;
    const bool cascade = drop->behavior == DROP_CASCADE;
    std::string help = "use DROP INDEX CONCURRENTLY IF EXISTS in a migration whose first line is "
                       "`-- sqlmigrate:no-transaction`";
    if (several) help += ", one statement per index, since DROP INDEX CONCURRENTLY drops a single index";
    if (cascade) {
      help += fmt::format("{} drop what depends on the index first (such as foreign keys that rely on it), since "
                          "CONCURRENTLY does not allow CASCADE",
                          several ? ", and" : ";");
    }
    out.report(stmt.span,
               fmt::format("dropping {} {} without CONCURRENTLY blocks all reads and writes on {} until the drop "
                           "is done",
                           existing.size() > 1 ? "indexes" : "index", join_names(existing),
                           existing.size() > 1 ? "their tables" : "its table"),
               "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table, so it waits for every running query on it "
               "while every new query queues behind it",
               help);
  }
};

}  // namespace

const linter::Rule& require_concurrent_index_deletion() {
  static const RequireConcurrentIndexDeletion k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
