// `sqlmigrate rules` and `sqlmigrate explain <rule-id>`

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/app.hpp"
#include "cli/project.hpp"
#include "compiler/config.hpp"
#include "linter/engine.hpp"
#include "linter/report.hpp"
#include "rules/docs.hpp"
#include "rules/registry.hpp"

namespace sqlmigrate::cli {
namespace {

int run_rules(const std::string& format, const GlobalOptions& global) {
  // The severities shown are those lint uses: a config that lint would refuse is refused here too,
  // rather than shown as the defaults.
  const auto config = load_config_or_report(global);
  if (!config) return k_exit_input;
  const auto selection = linter::select_rules(rules::all_rules(), *config);
  if (!selection.errors.empty()) {
    const bool color = use_color("auto", STDERR_FILENO);
    for (const auto& d : selection.errors) {
      const std::string text = linter::render_text(d, config->file.get(), color);
      std::fwrite(text.data(), 1, text.size(), stderr);
    }
    return k_exit_input;
  }
  const auto active = [&](const linter::Rule* rule) -> const linter::ActiveRule* {
    for (const auto& a : selection.active) {
      if (a.rule == rule) return &a;
    }
    return nullptr;
  };
  std::string out;
  if (format == "json") {
    out = "[";
    bool first = true;
    for (const linter::Rule* rule : rules::all_rules()) {
      const auto& m = rule->meta();
      const auto* a = active(rule);
      out += fmt::format("{}\n{{\"id\":\"{}\",\"default_severity\":\"{}\",\"enabled_by_default\":{},\"enabled\":{},"
                         "\"severity\":\"{}\",\"summary\":\"{}\"}}",
                         first ? "" : ",", m.id, compiler::to_string(m.default_severity),
                         m.enabled_by_default ? "true" : "false", a != nullptr ? "true" : "false",
                         compiler::to_string(a != nullptr ? a->severity : m.default_severity),
                         linter::json_escape(m.summary));
      first = false;
    }
    out += "\n]\n";
  } else {
    std::size_t width = 0;
    for (const linter::Rule* rule : rules::all_rules()) width = std::max(width, rule->meta().id.size());
    for (const linter::Rule* rule : rules::all_rules()) {
      const auto& m = rule->meta();
      const auto* a = active(rule);
      out += fmt::format("{:<{}}  {:<7}  {}\n", m.id, width,
                         a != nullptr ? std::string(compiler::to_string(a->severity)) : std::string("off"), m.summary);
    }
    out += "\nRun `sqlmigrate explain <rule-id>` for a rule's problem, locks and safe alternative.\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

int run_explain(const std::string& id) {
  const linter::Rule* rule = linter::find_rule(rules::all_rules(), id);
  const rules::RuleDoc* doc = rule != nullptr ? rules::find_doc(rule->meta().id) : nullptr;
  if (doc == nullptr && id == "unused-ignore") {
    std::fputs(
        "error: `unused-ignore` is not a rule: it reports an ignore comment (`-- sqlmigrate:ignore`) that "
        "suppresses nothing, or the rule ids in one that suppress nothing\n"
        "  = help: remove the comment or those rule ids, or move the comment right before the statement it "
        "is meant for (README.md, \"Migration layout\")\n",
        stderr);
    return k_exit_input;
  }
  if (doc == nullptr) {
    std::fprintf(stderr, "error: unknown rule `%s`\n", id.c_str());
    std::fprintf(stderr, "  = help: %s\n", linter::unknown_rule_help(rules::all_rules(), id).c_str());
    return k_exit_input;
  }
  std::fwrite(doc->text.data(), 1, doc->text.size(), stdout);
  if (!doc->text.empty() && doc->text.back() != '\n') std::fputc('\n', stdout);
  return k_exit_ok;
}

}  // namespace

Action add_rules_command(CLI::App& app, const GlobalOptions& global) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("rules", "List the lint rules, their severity (as configured) and summary");
  cmd->add_option("--format", *format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [format, &global] { return run_rules(*format, global); };
}

Action add_explain_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "Print a rule's documentation: problem, locks, safe alternative");
  cmd->add_option("RULE", *id, "Rule id, for example require-concurrent-index-creation")->required();
  return [id] { return run_explain(*id); };
}

}  // namespace sqlmigrate::cli
