// holding-access-exclusive-across-statements: in a transaction that already holds an ACCESS
// EXCLUSIVE lock on an existing table, a later statement that takes time or waits for other locks
// keeps every reader and writer of that table blocked until the transaction commits.

#include <fmt/format.h>

#include <algorithm>
#include <string>

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
      const std::string_view mode = compiler::to_string(r.mode);
      return fmt::format("it waits for {} {} lock on {}, behind any transaction using it",
                         mode.starts_with('A') || mode.starts_with('E') ? "an" : "a", mode, r.display);
    }
  }
  return {};
}

// The first slow statement of a transaction is the finding; the later ones are listed in a note of
// it ("line 7 (ALTER TABLE), line 11 (DROP VIEW) and 3 more"), since one change fixes them all
// (the locking statement moved to a migration of its own, or last), and a finding per statement
// would bury a migration under the same warning.
constexpr std::string_view k_later = "later statements of this transaction also run while it is held: ";
constexpr std::size_t k_listed = 6;

void add_later_statement(compiler::Diagnostic& first, std::string_view command, std::size_t line) {
  const std::string item = fmt::format("line {} ({})", line, command);
  auto it =
      std::find_if(first.notes.begin(), first.notes.end(), [](const std::string& n) { return n.starts_with(k_later); });
  if (it == first.notes.end()) {
    first.notes.push_back(std::string(k_later) + item);
    return;
  }
  std::string& note = *it;
  std::size_t listed = 0;
  for (std::size_t pos = note.find("line "); pos != std::string::npos; pos = note.find("line ", pos + 5)) ++listed;
  if (listed < k_listed) {
    note += ", " + item;
    return;
  }
  // "... and N more": count on.
  std::size_t more = 0;
  const std::size_t and_at = note.rfind(" and ");
  if (and_at != std::string::npos && note.ends_with(" more")) {
    more = std::stoul(note.substr(and_at + 5));
    note.erase(and_at);
  }
  note += fmt::format(" and {} more", more + 1);
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

    const auto line_at = [&](std::size_t offset) { return ctx.script().source().line_col(offset).line; };
    const auto line_of = [&](const linter::HeldLock* h) { return line_at(h->taken_at.begin); };
    std::size_t since = blocked.front()->taken_at.begin;
    for (const linter::HeldLock* h : blocked) since = std::min<std::size_t>(since, h->taken_at.begin);
    if (compiler::Diagnostic* first = out.latest_since(since)) {
      add_later_statement(*first, ctx.lock_facts().command, line_at(stmt.span.begin));
      return;
    }
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
