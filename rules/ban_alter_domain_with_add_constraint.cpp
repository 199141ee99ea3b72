// ban-alter-domain-with-add-constraint: ALTER DOMAIN ... ADD CONSTRAINT (without NOT VALID) or
// SET NOT NULL on a domain that existed before this migration, which checks every column of that
// type in every table while blocking writes to them.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanAlterDomainWithAddConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-alter-domain-with-add-constraint", {}, Severity::warning, true,
        "ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain while blocking writes to their tables"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterDomainStmt)) return;
    const auto* alter = castNode(AlterDomainStmt, const_cast<::Node*>(stmt.node));
    if (alter->subtype != 'C' && alter->subtype != 'O') return;  // ADD CONSTRAINT, SET NOT NULL
    if (is_new_domain(qualified_key(alter->typeName), stmt, ctx)) return;
    const std::string domain = display_names(alter->typeName);
    const std::string note = fmt::format(
        "Postgres checks the existing value of every column of type {} in every table, holding a SHARE lock on "
        "each of those tables, which blocks INSERT, UPDATE and DELETE, for the whole scan",
        domain);
    if (alter->subtype == 'O') {
      out.report(stmt.span,
                 fmt::format("setting NOT NULL on domain {} scans every column of that type while blocking writes to "
                             "their tables",
                             domain),
                 note,
                 fmt::format("add CHECK (VALUE IS NOT NULL) NOT VALID to {} instead and validate it later at a quiet "
                             "time, or put NOT NULL on the table columns",
                             domain));
      return;
    }
    if (alter->def == nullptr || !IsA(alter->def, Constraint)) return;
    const auto* constraint = castNode(Constraint, alter->def);
    if (constraint->skip_validation) return;  // NOT VALID: only new values are checked
    const std::string name = constraint->conname != nullptr ? quote_ident(constraint->conname) + " " : std::string();
    out.report(stmt.span,
               fmt::format("adding constraint {}to domain {} scans every column of that type while blocking writes "
                           "to their tables",
                           name, domain),
               note,
               "add the constraint with NOT VALID, which checks only new values, and run ALTER DOMAIN ... VALIDATE "
               "CONSTRAINT later at a quiet time (it takes the same SHARE locks), or put a CHECK on the table columns "
               "instead, which validates without blocking writes");
  }
};

}  // namespace

const linter::Rule& ban_alter_domain_with_add_constraint() {
  static const BanAlterDomainWithAddConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
