// holding-access-exclusive-across-statements: in a transaction that already holds an ACCESS
// EXCLUSIVE lock on an existing table, a later statement that takes time or waits for other locks
// keeps every reader and writer of that table blocked until the transaction commits.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

using compiler::LockMode;
using compiler::Tri;

// Why a statement makes the held lock last longer, or nothing when it is quick (a catalog-only
// change of tables already locked, a SET, a statement on tables created in this migration).
std::string slow_reason(const compiler::LockFacts& facts, const linter::LintContext& ctx) {
  if (!facts.known) return fmt::format("{} can run any code for any time", facts.command);
  for (const compiler::RelationLock& r : facts.relations) {
    const bool existing = !r.created && !ctx.created_in_migration(r.key);
    if (!existing) continue;
    if (r.rewrite != Tri::no) {
      return fmt::format("it {}rewrites {} ({})", r.rewrite == Tri::maybe ? "may " : "", r.display, r.rewrite_why);
    }
    if (r.scan != Tri::no) {
      return fmt::format("it {}reads every row of {} ({})", r.scan == Tri::maybe ? "may " : "", r.display, r.scan_why);
    }
    const linter::HeldLock* held = ctx.lock_state().held(r.key);
    if (held == nullptr || held->mode < r.mode) {
      return fmt::format("it waits for a {} lock on {}, behind any transaction using it", compiler::to_string(r.mode),
                         r.display);
    }
  }
  return {};
}

class HoldingAccessExclusiveAcrossStatements final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "holding-access-exclusive-across-statements", {}, Severity::warning, true,
        "a slow statement after an ACCESS EXCLUSIVE lock in the same transaction keeps the table blocked"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!ctx.in_transaction() || stmt.tx_control != compiler::TxControl::none) return;
    std::vector<const linter::HeldLock*> blocked;
    for (const linter::HeldLock& h : ctx.lock_state().held()) {
      if (h.mode == LockMode::access_exclusive) blocked.push_back(&h);
    }
    if (blocked.empty()) return;
    const std::string reason = slow_reason(ctx.lock_facts(), ctx);
    if (reason.empty()) return;

    const auto line_of = [&](const linter::HeldLock* h) { return ctx.script().source().line_col(h->taken_at.begin).line; };
    std::string held;
    if (blocked.size() == 1) {
      held = fmt::format("the ACCESS EXCLUSIVE lock on {} taken on line {}", blocked.front()->display,
                         line_of(blocked.front()));
    } else {
      held = "ACCESS EXCLUSIVE locks on ";
      for (std::size_t i = 0; i < blocked.size(); ++i) {
        if (i > 0) held += i + 1 == blocked.size() ? " and " : ", ";
        held += fmt::format("{} ({}line {})", blocked[i]->display, i == 0 ? "taken on " : "", line_of(blocked[i]));
      }
    }
    out.report(stmt.span,
               fmt::format("{} runs while this transaction holds {}, so every read and write of {} stays blocked "
                           "until it finishes and the transaction commits",
                           ctx.lock_facts().command, held, blocked.size() == 1 ? "it" : "them"),
               fmt::format("Postgres releases table locks only at the end of the transaction, and {}", reason),
               "move this statement into a migration of its own (or the locking statement into the last place of "
               "this one), so the ACCESS EXCLUSIVE lock is held only for the quick change");
  }
};

}  // namespace

const linter::Rule& holding_access_exclusive_across_statements() {
  static const HoldingAccessExclusiveAcrossStatements k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
