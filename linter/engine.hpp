#pragma once
// Lints migrations in plan order: parse (in parallel), replay the catalog, run the rules, apply
// suppressions, and hand each migration's sorted findings to the caller as soon as it is done.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "compiler/config.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/migration.hpp"
#include "compiler/source.hpp"
#include "linter/context.hpp"
#include "linter/rule.hpp"

namespace sqlmigrate::linter {

struct ActiveRule {
  const Rule* rule = nullptr;
  Severity severity = Severity::warning;
};

struct RuleSelection {
  std::vector<ActiveRule> active;          // in registry (alphabetical) order
  std::vector<compiler::Diagnostic> errors;  // unknown rule ids in the config
};

// The rules to run: each rule's default, overridden by the config's [rules] table.
RuleSelection select_rules(std::span<const Rule* const> all_rules, const compiler::Config& config);

// Finds a rule by id or alias.
const Rule* find_rule(std::span<const Rule* const> all_rules, std::string_view id);
// Edits (insert, delete or replace one character) between two short words: the nearest command
// or rule id to suggest for a misspelt one.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The help for a rule id that names no rule: the rule it most likely means (a near spelling, or
// the one rule whose id holds it), else the rules whose ids hold it, else where the list is.
std::string unknown_rule_help(std::span<const Rule* const> all_rules, std::string_view id);

struct LintOptions {
  LintSettings settings;
  std::vector<ActiveRule> rules;
  std::span<const Rule* const> all_rules;  // to validate rule ids in ignore comments
  unsigned jobs = 0;                       // threads in all (this one + jobs - 1 parsing ahead); 0: one per core
  // An up file this large or larger, read ahead by another thread, is parsed on the linting thread
  // (see engine.cpp). Tests set it low to take that path every time.
  std::size_t parse_ahead_below = 64 * 1024;
  // Which migrations to report on (null: all). The others are still parsed and replayed into the
  // catalog, but no rule runs on them and nothing of theirs is reported (--changed-since, start_after).
  std::function<bool(const compiler::Migration&)> report_migration;
  // The process exits right after linting (the CLI): the catalog, which holds the whole schema, is
  // left for the operating system to reclaim instead of being freed piece by piece.
  bool leave_catalog_to_exit = false;
  // Called for every statement of a reported up file, after the rules (`sqlmigrate locks`).
  std::function<void(const Statement&, const LintContext&)> on_statement;
};

struct MigrationReport {
  const compiler::Migration& migration;
  std::vector<const compiler::SourceFile*> sources;  // the files read, for rendering
  std::vector<compiler::Diagnostic> diagnostics;     // sorted by file, position and code
};

struct LintSummary {
  std::size_t migrations = 0;
  std::size_t files = 0;
  std::size_t statements = 0;
  std::size_t count[3] = {0, 0, 0};  // by Severity
  bool input_errors = false;         // anything of Origin::input (exit 2)
  bool failed(compiler::FailOn fail_on) const;  // any lint finding at or above fail_on
  std::size_t lint_count[3] = {0, 0, 0};
};

LintSummary lint(const compiler::MigrationSet& set, const LintOptions& options,
                 const std::function<void(const MigrationReport&)>& on_migration);

}  // namespace sqlmigrate::linter
