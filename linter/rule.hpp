#pragma once
// The rule interface. A rule is pure: no I/O, no globals, no state between calls.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/pg/parse.hpp"
#include "linter/context.hpp"

namespace sqlmigrate::linter {

using compiler::Severity;
using compiler::Span;
using compiler::Statement;

struct RuleMeta {
  std::string_view id;                     // kebab-case, as used in config and ignores
  std::vector<std::string_view> aliases;   // other names users know the rule by
  Severity default_severity = Severity::warning;
  bool enabled_by_default = true;
  std::string_view summary;                // one line, for `sqlmigrate rules`
};

// Collects a rule's findings; stamps the rule id, configured severity and file, so a rule
// cannot mislabel itself.
class Sink {
 public:
  // `hidden`: whether an ignore comment covers a finding (see latest_since); null when none can.
  using Hidden = std::function<bool(const compiler::Diagnostic&)>;
  Sink(std::string_view rule_id, Severity severity, std::string_view file, std::vector<compiler::Diagnostic>& out,
       const Hidden* hidden = nullptr)
      : m_rule_id(rule_id), m_severity(severity), m_file(file), m_out(out), m_hidden(hidden) {}

  // message = what is wrong and its consequence; note = why; help = what to do instead.
  void report(std::optional<Span> span, std::string message, std::string note, std::string help) {
    compiler::Diagnostic d;
    d.code = std::string(m_rule_id);
    d.severity = m_severity;
    d.origin = compiler::Origin::lint;
    d.file = std::string(m_file);
    d.span = span;
    d.message = std::move(message);
    if (!note.empty()) d.notes.push_back(std::move(note));
    d.help = std::move(help);
    m_out.push_back(std::move(d));
  }

  // The latest finding of this rule in this file that starts at or after byte `offset` and that no
  // ignore comment covers, for a rule that adds to one finding instead of reporting the same
  // problem again; null when there is none.
  compiler::Diagnostic* latest_since(std::size_t offset) {
    for (auto it = m_out.rbegin(); it != m_out.rend(); ++it) {
      if (it->code != m_rule_id || it->file != m_file || !it->span) continue;
      if (it->span->begin < offset) return nullptr;  // a rule's findings come in statement order
      if (m_hidden == nullptr || !(*m_hidden)(*it)) return &*it;
    }
    return nullptr;
  }

 private:
  std::string_view m_rule_id;
  Severity m_severity;
  std::string_view m_file;
  std::vector<compiler::Diagnostic>& m_out;
  const Hidden* m_hidden;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  // Called once per statement of an up file, in plan order.
  virtual void check(const Statement& stmt, const LintContext& ctx, Sink& out) const = 0;
  // Called once per migration, for rules about the migration as a whole. It sees the two scripts
  // only, and may run on a parsing thread, concurrently with other migrations' checks: it must not
  // keep state between calls.
  virtual void check_migration(const MigrationContext& /*ctx*/, Sink& /*out*/) const {}
};

}  // namespace sqlmigrate::linter
