// missing-down-migration: a migration of a migrations folder that has no .down.sql file, or one
// with no statements that does not say it is empty on purpose, so it cannot be rolled back.
// Standalone .sql files are not expected to have one.

#include <fmt/format.h>

#include "compiler/directives.hpp"
#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// The down file's name as the user would create it, next to the up file, in the folder's layout.
std::string down_file_name(const compiler::Migration& migration) {
  constexpr std::string_view k_up = ".up.sql";
  const std::string& up = migration.up.display;
  if (migration.layout == compiler::Layout::diesel && up.ends_with("up.sql")) {
    return up.substr(0, up.size() - 6) + "down.sql";
  }
  if (migration.layout == compiler::Layout::flyway) {
    const std::size_t slash = up.rfind('/');
    const std::size_t at = slash == std::string::npos ? 0 : slash + 1;
    if (at < up.size() && up[at] == 'V') return up.substr(0, at) + "U" + up.substr(at + 1) + " (an undo script)";
  }
  if (up.size() > k_up.size() && up.ends_with(k_up)) return up.substr(0, up.size() - k_up.size()) + ".down.sql";
  return fmt::format("{}_{}.down.sql", migration.version, migration.name);
}

class MissingDownMigration final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "missing-down-migration", {}, Severity::warning, true,
        "A migration has no down file, so it cannot be rolled back"};
    return k_meta;
  }

  void check(const Statement& /*stmt*/, const linter::LintContext& /*ctx*/, linter::Sink& /*out*/) const override {}

  void check_migration(const linter::MigrationContext& ctx, linter::Sink& out) const override {
    const compiler::Migration& migration = ctx.migration();
    if (migration.standalone) return;
    if (migration.down) {
      // What `sqlmigrate downgrade` refuses (empty-down-migration, compiler/plan.cpp): a down file
      // of the native layout with no statements, for an up file with some, not marked as empty on
      // purpose. The other layouts' tools run an empty down file as a no-op, and so does sqlmigrate.
      const compiler::Script* down = ctx.down();
      if (migration.layout != compiler::Layout::native || down == nullptr || !down->ok() ||
          !down->statements().empty() || ctx.up().statements().empty() ||
          compiler::read_directives(*down).nothing_to_undo) {
        return;
      }
      out.report(std::nullopt,
                 fmt::format("the down file of migration {}_{} has no statements, so `sqlmigrate downgrade` refuses "
                             "to roll it back",
                             migration.version, migration.name),
                 "reverting it would record the migration as undone while its changes stay, so sqlmigrate stops "
                 "there unless the down file says it is empty on purpose",
                 "write the statements that undo the up file; for a migration that cannot be undone, put "
                 "`-- sqlmigrate:nothing-to-undo` in the down file, with a comment saying why");
      return;
    }
    out.report(std::nullopt,
               fmt::format("migration {} has no down file, so `sqlmigrate downgrade` cannot roll it back",
                           migration.layout == compiler::Layout::flyway
                               ? fmt::format("V{}__{}", migration.version, migration.name)
                               : fmt::format("{}_{}", migration.version, migration.name)),
               "when a deploy goes wrong, the way back is then SQL written by hand under pressure instead of a "
               "script that was reviewed with the change",
               fmt::format("add {} with the statements that undo this migration (for a migration that cannot be "
                           "undone, a down file holding `-- sqlmigrate:nothing-to-undo` and a comment saying why), or "
                           "switch the rule off with "
                           "`missing-down-migration = \"off\"` under [rules] in sqlmigrate.toml",
                           down_file_name(migration)));
  }
};

}  // namespace

const linter::Rule& missing_down_migration() {
  static const MissingDownMigration k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
