// require-lock-timeout: a statement that needs a lock blocking reads or writes of an existing table,
// with no lock_timeout set earlier in the migration. Off by default: sqlmigrate's own runner sets
// lock_timeout from the config before every unit.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

class RequireLockTimeout final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-lock-timeout", {}, Severity::warning, false,
        "a statement that blocks reads or writes runs without SET lock_timeout earlier in the migration"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (ctx.lock_state().lock_timeout_set()) return;
    for (const compiler::RelationLock& r : ctx.lock_facts().relations) {
      if (r.created || ctx.created_in_migration(r.key) || !compiler::blocks(r.mode).writes) continue;
      // Already held by this transaction: no new wait.
      const linter::HeldLock* held = ctx.lock_state().held(r.key);
      if (held != nullptr && held->mode >= r.mode) continue;
      const bool reads = compiler::blocks(r.mode).reads;
      out.report(stmt.span,
                 fmt::format("{} waits for a {} lock on {} with no lock_timeout, and while it waits every {} of {} "
                             "queues behind it",
                             ctx.lock_facts().command, compiler::to_string(r.mode), r.display,
                             reads ? "read and write" : "write", r.display),
                 fmt::format("Postgres grants locks in order, so when a long transaction is using {} this statement "
                             "waits for it without limit and the {} lock it asks for blocks {} in the meantime",
                             r.display, compiler::to_string(r.mode), compiler::describe_blocks(r.mode)),
                 "set a lock timeout first, such as `SET lock_timeout = '5s';` at the top of the migration, and "
                 "retry the migration when it times out");
      return;  // one finding per statement
    }
  }
};

}  // namespace

const linter::Rule& require_lock_timeout() {
  static const RequireLockTimeout k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
