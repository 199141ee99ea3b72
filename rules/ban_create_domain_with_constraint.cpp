// ban-create-domain-with-constraint: CREATE DOMAIN with a CHECK or NOT NULL constraint, whose later
// changes block writes to every table that uses the domain. Off by default: a design preference.

#include <fmt/format.h>

#include "rules/statement_facts.hpp"

namespace sqlmigrate::rules {
namespace {

class BanCreateDomainWithConstraint final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ban-create-domain-with-constraint", {}, Severity::warning, false,
        "A constraint on a domain can later only be changed while blocking writes to every table that uses it"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& /*ctx*/, linter::Sink& out) const override {
    if (!IsA(stmt.node, CreateDomainStmt)) return;
    const auto* create = castNode(CreateDomainStmt, const_cast<::Node*>(stmt.node));
    const ListCell* lc = nullptr;
    foreach (lc, create->constraints) {
      const auto* node = static_cast<const ::Node*>(lfirst(lc));
      if (!IsA(node, Constraint)) continue;
      const auto* constraint = castNode(Constraint, const_cast<::Node*>(node));
      if (constraint->contype != CONSTR_CHECK && constraint->contype != CONSTR_NOTNULL) continue;
      const std::string domain = display_names(create->domainname);
      const bool check = constraint->contype == CONSTR_CHECK;
      out.report(stmt.span_at(constraint->location),
                 fmt::format("domain {} gets a {} constraint, which ties every future column of type {} to it",
                             domain, check ? "CHECK" : "NOT NULL", domain),
                 "adding or tightening a domain constraint later checks every column of the domain while holding "
                 "SHARE locks that block writes to all their tables at once, and a NOT NULL domain still lets NULLs "
                 "through outer joins and missing composite fields",
                 fmt::format("create {} without the constraint and put CHECK or NOT NULL on the table columns that "
                             "use it, where each table's constraint can be added NOT VALID and validated without "
                             "blocking writes",
                             domain));
    }
  }
};

}  // namespace

const linter::Rule& ban_create_domain_with_constraint() {
  static const BanCreateDomainWithConstraint k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
