// require-statement-timeout: a statement that scans or rewrites an existing table under a lock
// that blocks reads or writes, with no statement_timeout set earlier in the migration. Off by
// default: sqlmigrate's own runner sets statement_timeout from the config before every unit.

#include <fmt/format.h>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

using compiler::Tri;

class RequireStatementTimeout final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "require-statement-timeout", {}, Severity::warning, false,
        "a scan or rewrite under a blocking lock runs without SET statement_timeout earlier in the migration"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (ctx.lock_state().statement_timeout_set()) return;
    for (const compiler::RelationLock& r : ctx.lock_facts().relations) {
      if (r.created || ctx.created_in_migration(r.key) || !compiler::blocks(r.mode).writes) continue;
      const bool rewrite = r.rewrite != Tri::no;
      if (!rewrite && r.scan == Tri::no) continue;
      const Tri how = rewrite ? r.rewrite : r.scan;
      out.report(stmt.span,
                 fmt::format("{} {}{} {} under a {} lock with no statement_timeout, blocking {} of {} for as long as "
                             "that takes",
                             ctx.lock_facts().command, how == Tri::maybe ? "may " : "",
                             rewrite ? "rewrite" : "read every row of", r.display, compiler::to_string(r.mode),
                             compiler::describe_blocks(r.mode), r.display),
                 fmt::format("the time {} takes grows with the table ({}), and nothing stops it if the table is larger "
                             "than expected",
                             ctx.lock_facts().command, rewrite ? r.rewrite_why : r.scan_why),
                 "set a statement timeout sized for the table first, such as `SET statement_timeout = '15min';` at "
                 "the top of the migration, so an unexpectedly long run is cancelled instead of blocking the "
                 "application");
      return;  // one finding per statement
    }
  }
};

}  // namespace

const linter::Rule& require_statement_timeout() {
  static const RequireStatementTimeout k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
