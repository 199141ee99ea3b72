#include "linter/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "compiler/catalog.hpp"
#include "compiler/catalog_knowledge.hpp"
#include "compiler/directives.hpp"
#include "compiler/load.hpp"
#include "compiler/locks.hpp"
#include "compiler/ordered_pool.hpp"
#include "compiler/pg/nesting.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/plan.hpp"

namespace sqlmigrate::linter {

using compiler::Diagnostic;

const Rule* find_rule(std::span<const Rule* const> all_rules, std::string_view id) {
  for (const Rule* rule : all_rules) {
    if (rule->meta().id == id) return rule;
    for (const auto alias : rule->meta().aliases) {
      if (alias == id) return rule;
    }
  }
  return nullptr;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string unknown_rule_help(std::span<const Rule* const> all_rules, std::string_view id) {
  const Rule* nearest = nullptr;
  std::size_t nearest_distance = SIZE_MAX;
  std::vector<std::string_view> holding;
  for (const Rule* r : all_rules) {
    const std::string_view rule_id = r->meta().id;
    const std::size_t d = edit_distance(id, rule_id);
    if (d < nearest_distance) {
      nearest_distance = d;
      nearest = r;
    }
    if (!id.empty() && rule_id.find(id) != std::string_view::npos) holding.push_back(rule_id);
  }
  if (nearest != nullptr && nearest_distance <= std::max<std::size_t>(3, id.size() / 3)) {
    return fmt::format("did you mean `{}`? `sqlmigrate rules` lists every rule", nearest->meta().id);
  }
  if (holding.size() == 1) return fmt::format("did you mean `{}`? `sqlmigrate rules` lists every rule", holding[0]);
  if (!holding.empty() && holding.size() <= 8) {
    std::string names;
    for (std::size_t i = 0; i < holding.size(); ++i) {
      names += i == 0 ? "" : i + 1 == holding.size() ? " or " : ", ";
      names += fmt::format("`{}`", holding[i]);
    }
    return fmt::format("did you mean {}? `sqlmigrate rules` lists every rule", names);
  }
  return "`sqlmigrate rules` lists every rule";
}

RuleSelection select_rules(std::span<const Rule* const> all_rules, const compiler::Config& config) {
  RuleSelection out;
  for (const auto& [id, setting] : config.rules) {
    if (find_rule(all_rules, id) == nullptr) {
      out.errors.push_back(
          compiler::input_error("invalid-config", config.file ? config.file->path() : "sqlmigrate.toml", setting.span,
                                fmt::format("unknown rule `{}` in [rules]", id), unknown_rule_help(all_rules, id)));
    }
  }
  for (const Rule* rule : all_rules) {
    const RuleMeta& meta = rule->meta();
    bool enabled = meta.enabled_by_default;
    Severity severity = meta.default_severity;
    const auto apply = [&](std::string_view key) {
      const auto it = config.rules.find(std::string(key));
      if (it == config.rules.end()) return;
      const std::string& value = it->second.value;
      if (value == "off") {
        enabled = false;
      } else if (value == "on") {
        enabled = true;
      } else if (auto s = compiler::parse_severity(value)) {
        enabled = true;
        severity = *s;
      }
    };
    for (const auto alias : meta.aliases) apply(alias);
    apply(meta.id);
    if (enabled) out.active.push_back(ActiveRule{rule, severity});
  }
  return out;
}

bool LintSummary::failed(compiler::FailOn fail_on) const {
  for (int s = 0; s < 3; ++s) {
    if (lint_count[s] > 0 && compiler::fails(fail_on, static_cast<Severity>(s))) return true;
  }
  return false;
}

namespace {

using LoadedFile = compiler::LoadedScript;

struct LoadedMigration {
  LoadedFile up;
  std::optional<LoadedFile> down;
  bool reported = true;  // LintOptions::report_migration
  bool read_only = false;  // only the up file was read: the linting thread does the rest (see load)
  // Findings of the rules' whole-migration checks, which read only the two scripts (no catalog):
  // they run on the parsing thread, beside the parse, to keep the in-order thread free.
  std::vector<Diagnostic> migration_findings;
  // What keeps the up file from running as the plan splits it (compiler::script_errors); reported
  // unless a rule already reported it as an error at the same statement.
  std::vector<Diagnostic> up_script_errors;
};

LoadedFile load(const compiler::MigrationFile& file) { return compiler::load_script(file); }

// The rule findings that already fail what a script error reports: a rule's finding says more. A
// statement refused inside a transaction block is reported at that statement (by
// ban-concurrent-index-creation-in-transaction); misplaced BEGIN, COMMIT and ROLLBACK by
// transaction-nesting, which folds the COMMIT that closes a reported BEGIN into that finding (so the
// findings at the error's statement when there are any, else all of them), and a block never
// committed by ban-uncommitted-transaction. Only findings at severity error count: where no rule
// failed it (the rule is off, ignored or not an error), the script error stays, so that lint fails
// wherever the plan refuses.
std::vector<Diagnostic*> standing_in_for(std::vector<Diagnostic>& findings, const Diagnostic& error) {
  const bool at_statement = error.code == "statement-needs-no-transaction";
  std::vector<Diagnostic*> all;
  std::vector<Diagnostic*> at_same_place;
  for (Diagnostic& d : findings) {
    if (d.severity != Severity::error || d.file != error.file) continue;
    const bool same_place = d.span && error.span && d.span->begin == error.span->begin;
    if (at_statement) {
      if (same_place) at_same_place.push_back(&d);
      continue;
    }
    if (d.code != "transaction-nesting" && d.code != "ban-uncommitted-transaction") continue;
    all.push_back(&d);
    if (same_place) at_same_place.push_back(&d);
  }
  return at_statement || !at_same_place.empty() ? at_same_place : all;
}

// A migration's `-- sqlmigrate:depends-on` parents, kept while linting for the graph check.
struct ExplicitParents {
  std::size_t migration = 0;  // index in the set
  std::vector<std::string> parents;
  std::optional<compiler::Span> span;
};

// The plan's graph errors (unknown parents, cycles) for a folder whose listed migrations depend on
// others explicitly; every other migration depends on the one before it.
std::vector<Diagnostic> dependency_errors(const compiler::MigrationSet& set,
                                          const std::vector<ExplicitParents>& explicit_parents) {
  std::vector<compiler::DependencyNode> nodes(set.migrations.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const compiler::Migration& m = set.migrations[i];
    nodes[i].version = m.version;
    nodes[i].version_key = m.version_key.empty() ? m.version : m.version_key;
    nodes[i].file = m.up.display;
    if (i > 0) nodes[i].parents.push_back(set.migrations[i - 1].version);
  }
  for (const ExplicitParents& e : explicit_parents) {
    nodes[e.migration].parents.assign(e.parents.begin(), e.parents.end());
    nodes[e.migration].span = e.span;
  }
  std::vector<Diagnostic> errors;
  compiler::resolve_dependencies(nodes, errors);
  return errors;
}

// Whether ignore comment `s` is placed to cover finding `d` (whole file, or the statement it starts in).
bool placed_over(const compiler::Suppression& s, const std::vector<Statement>& statements, const Diagnostic& d) {
  if (s.whole_file) return true;
  if (!s.statement || !d.span) return false;
  const auto& st = statements[*s.statement];
  return d.span->begin >= st.span.begin && d.span->begin <= st.span.end;
}

// Whether an ignore comment of `file` covers finding `d`.
bool ignored(const LoadedFile& file, const LintOptions& options, const Diagnostic& d) {
  for (const auto& s : file.directives.suppressions) {
    const bool names_it = std::any_of(s.rules.begin(), s.rules.end(), [&](const std::string& id) {
      const Rule* rule = find_rule(options.all_rules, id);
      return rule != nullptr && rule->meta().id == d.code;
    });
    if (names_it && placed_over(s, file.script->statements(), d)) return true;
  }
  return false;
}

// Which script an ignore comment is in, for what its unused-ignore finding says.
enum class ScriptKind : std::uint8_t {
  up,
  down,       // the down file of a migration, whose findings are reported on its up file
  lone_down,  // a down file linted on its own (Migration::down_only)
};

// Drops the findings of `file` that its ignore comments cover; reports the rules those comments
// name that exist nowhere (unknown-rule, into `out`) and those that suppressed nothing
// (unused-ignore, into `findings`), naming each such rule even where the comment's other rules are
// used. `up_file`: the up file, for an ignore comment in a down file.
void apply_suppressions(const LoadedFile& file, const LintOptions& options, std::vector<Diagnostic>& findings,
                        std::vector<Diagnostic>& out, ScriptKind kind = ScriptKind::up, std::string_view up_file = {}) {
  const auto& suppressions = file.directives.suppressions;
  if (suppressions.empty()) return;
  const auto& statements = file.script->statements();
  const std::string& path = file.source->path();

  // Resolve ids (aliases included) once; used[i][k]: rule k of comment i suppressed a finding.
  std::vector<std::vector<const Rule*>> resolved(suppressions.size());
  std::vector<std::vector<bool>> used(suppressions.size());
  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    for (const auto& id : suppressions[i].rules) {
      const Rule* rule = find_rule(options.all_rules, id);
      if (rule == nullptr) {
        out.push_back(compiler::input_error("unknown-rule", path, suppressions[i].span,
                                            fmt::format("the ignore comment names an unknown rule `{}`", id),
                                            unknown_rule_help(options.all_rules, id)));
      }
      resolved[i].push_back(rule);
    }
    used[i].assign(resolved[i].size(), false);
  }
  std::vector<Diagnostic> kept;
  for (auto& d : findings) {
    bool suppressed = false;
    if (d.origin == compiler::Origin::lint && d.file == path) {
      for (std::size_t i = 0; i < suppressions.size() && !suppressed; ++i) {
        bool names_it = false;
        for (std::size_t k = 0; k < resolved[i].size(); ++k) {
          if (resolved[i][k] != nullptr && resolved[i][k]->meta().id == d.code) names_it = true;
        }
        if (!names_it || !placed_over(suppressions[i], statements, d)) continue;
        suppressed = true;
        for (std::size_t k = 0; k < resolved[i].size(); ++k) {
          if (resolved[i][k] != nullptr && resolved[i][k]->meta().id == d.code) used[i][k] = true;
        }
      }
    }
    if (!suppressed) kept.push_back(std::move(d));
  }
  findings = std::move(kept);

  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    const auto& s = suppressions[i];
    // A rule that is switched off, or unknown (reported above), is not "unused".
    std::vector<std::string_view> unused;
    bool any_used = false;
    for (std::size_t k = 0; k < resolved[i].size(); ++k) {
      const Rule* rule = resolved[i][k];
      any_used = any_used || used[i][k];
      if (rule == nullptr || used[i][k]) continue;
      const bool active =
          std::any_of(options.rules.begin(), options.rules.end(), [&](const ActiveRule& a) { return a.rule == rule; });
      if (active && std::find(unused.begin(), unused.end(), s.rules[k]) == unused.end()) unused.push_back(s.rules[k]);
    }
    if (unused.empty()) continue;
    std::string ids;
    for (std::size_t k = 0; k < unused.size(); ++k) {
      ids += k == 0 ? "" : k + 1 == unused.size() ? " or " : ", ";
      ids += fmt::format("`{}`", unused[k]);
    }
    const std::string_view where = s.whole_file ? "in this file" : "on the statement after it";
    Diagnostic d;
    d.code = "unused-ignore";
    d.severity = Severity::warning;
    d.origin = compiler::Origin::lint;
    d.file = path;
    d.span = s.span;
    if (any_used) {
      // Some of the comment's rules suppress a finding, these do not.
      d.message = fmt::format("{} in this ignore comment suppress{} nothing: no such finding {}", ids,
                              unused.size() == 1 ? "es" : "", where);
      d.notes.push_back("a stale rule id in an ignore comment would hide a future finding that nobody reviewed");
      d.help = fmt::format("remove {} from the comment and keep the rules it does suppress", ids);
    } else {
      d.message = s.statement || s.whole_file
                      ? fmt::format("this ignore comment suppresses nothing: no {} finding {}", ids, where)
                      : std::string("this ignore comment suppresses nothing: no statement follows it");
      switch (kind) {
        case ScriptKind::up:
          d.notes.push_back("a stale ignore would hide a future finding that nobody reviewed");
          d.help = "remove the comment, or move it right before the statement it is meant for";
          break;
        case ScriptKind::down:
          d.notes.push_back(
              "the rules check the statements of up files only, and report what concerns the whole migration "
              "(such as down-migration-incomplete) on its up file");
          d.help = fmt::format("remove the comment, or move it to the up file, {}", up_file);
          break;
        case ScriptKind::lone_down:
          d.notes.push_back("the rules check the statements of up files only, never those of a down file");
          d.help = "remove the comment";
          break;
      }
    }
    findings.push_back(std::move(d));
  }
}

// Parses what load() only read, loads the down file and runs the whole-migration checks.
void finish_loading(LoadedMigration& out, const compiler::Migration& migration, const LintOptions& options) {
  out.read_only = false;
  compiler::parse_script(out.up);
  out.reported = !options.report_migration || options.report_migration(migration);
  if (migration.down_only) {
    // A lone down file: what keeps it from running as a down file, and nothing more.
    static const compiler::MigrationFile k_its_up_file = [] {
      compiler::MigrationFile f;
      f.display = "its up file";
      return f;
    }();
    if (out.reported) {
      out.up_script_errors = compiler::script_errors(out.up, migration.up, migration.layout, &k_its_up_file);
    }
    return;
  }
  // A migration that is only replayed needs its up script alone.
  if (migration.down && out.reported) {
    out.down = load(*migration.down);
    auto errors = compiler::script_errors(*out.down, *migration.down, migration.layout, &migration.up);
    out.down->errors.insert(out.down->errors.end(), std::make_move_iterator(errors.begin()),
                            std::make_move_iterator(errors.end()));
  }
  if (out.reported) out.up_script_errors = compiler::script_errors(out.up, migration.up, migration.layout);
  if (out.reported && out.up.script) {
    const compiler::Script* down = out.down && out.down->script ? &*out.down->script : nullptr;
    const MigrationContext mctx(migration, *out.up.script, down, options.settings);
    for (const ActiveRule& active : options.rules) {
      Sink sink(active.rule->meta().id, active.severity, out.up.source->path(), out.migration_findings);
      active.rule->check_migration(mctx, sink);
    }
  }
  // The down file's ignore comments: no rule reports on a down file, so they are checked for
  // unknown rules and reported as unused (dbmate's down section aside, which shares its file).
  if (out.reported && out.down && out.down->script) {
    apply_suppressions(*out.down, options, out.migration_findings, out.down->errors, ScriptKind::down,
                       migration.up.display);
  }
  // Only the checks above read the down script's statements; its text and errors stay for the
  // report. Freed here, on the thread that parsed it, rather than held while the migration waits
  // its turn (up to 256 of them wait when the parsing threads are ahead).
  if (out.down) out.down->script.reset();
}

// `ahead`: on a thread other than the linting one. From LintOptions::parse_ahead_below up, such a
// thread only reads the up file and leaves the rest to the linting thread. A parse tree takes
// about 18 bytes per byte of SQL; made on a parsing thread, its memory goes back to that thread's
// allocator once freed, where the linting thread (which grows the catalog all run long) cannot
// reuse it. A few large files (schema dumps) would add megabytes to the peak. The linting thread
// is the busier one, so the limit is high. On the 20 MB bench corpus without down files, at 2
// threads: 5% longer at 32 KiB, 2% at 64 KiB (the full corpus: no change); peak RSS on the 5 MB
// corpus 1.5 and 0.9 MiB lower.
LoadedMigration load(const compiler::Migration& migration, const LintOptions& options, bool ahead) {
  LoadedMigration out{compiler::read_script(migration.up), std::nullopt, true, false, {}, {}};
  if (ahead && out.up.source && out.up.source->text().size() >= options.parse_ahead_below) {
    out.read_only = true;
    return out;
  }
  finish_loading(out, migration, options);
  return out;
}

// A statement whose expressions nest deeper than the tree walks go (compiler/pg/nesting.hpp).
Diagnostic nesting_error(const compiler::SourceFile& source, const Statement& stmt) {
  return compiler::input_error(
      "nesting-too-deep", source.path(), stmt.span,
      fmt::format("this statement nests expressions too deeply to check: sqlmigrate reads them down to {},{:03} "
                  "levels at most, and what lies below goes unchecked",
                  compiler::pg::k_max_nesting / 1000, compiler::pg::k_max_nesting % 1000),
      "split the expression into steps, or pass its parts as a list to a function such as concat(), greatest() or "
      "string_agg(): each operator of a chain such as `a + b + c` or `a || b || c` is one level, and PostgreSQL "
      "itself refuses expressions about 4,500 levels deep (\"stack depth limit exceeded\") unless max_stack_depth "
      "is raised");
}

}  // namespace

LintSummary lint(const compiler::MigrationSet& set, const LintOptions& options,
                 const std::function<void(const MigrationReport&)>& on_migration) {
  LintSummary summary;
  const auto count = [&](const std::vector<Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics) {
      ++summary.count[static_cast<int>(d.severity)];
      if (d.origin == compiler::Origin::input) {
        summary.input_errors = true;
      } else {
        ++summary.lint_count[static_cast<int>(d.severity)];
      }
    }
  };

  // Problems with the set itself (bad names, duplicates) come first, as their own report.
  if (!set.errors.empty()) {
    compiler::Migration none;
    MigrationReport report{none, {}, set.errors};
    compiler::sort_diagnostics(report.diagnostics);
    count(report.diagnostics);
    on_migration(report);
  }

  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  if (set.migrations.size() < 8) jobs = 1;  // a handful of files: threads cost more than they save
  // `jobs` threads in all: this one replays the catalog and runs the rules in order while jobs - 1
  // others read and parse ahead of it. Up to 256 parsed migrations wait (a few MB): which side is
  // ahead swings with the files (a run of large files to parse, then one of busy ALTER TABLEs), and
  // with room for 64 the parsing threads sat waiting for room about a tenth of the time.
  const unsigned workers = jobs > 1 ? jobs - 1 : 0;
  compiler::OrderedPool<LoadedMigration> pool(
      set.migrations.size(), workers, 256,
      [&, linting_thread = std::this_thread::get_id()](std::size_t i) {
        return load(set.migrations[i], options, std::this_thread::get_id() != linting_thread);
      },
      [] { compiler::end_parsing_thread(); });

  auto owned_catalog = std::make_unique<compiler::Catalog>();
  compiler::Catalog& catalog = *owned_catalog;
  // A migration creates about one relation and one index on average in real projects.
  catalog.reserve(set.migrations.size(), set.migrations.size());
  struct LeaveToExit {
    std::unique_ptr<compiler::Catalog>& catalog;
    bool leave;
    ~LeaveToExit() {
      // Kept reachable from a static, so leak checkers do not count it.
      static auto* const left = new std::vector<std::unique_ptr<compiler::Catalog>>();
      if (leave) left->push_back(std::move(catalog));
    }
  } leave_to_exit{owned_catalog, options.leave_catalog_to_exit};
  std::vector<ExplicitParents> explicit_parents;
  LockState lock_state;
  compiler::LockOptions lock_options;
  lock_options.pg_version = options.settings.pg_version;
  compiler::CatalogKnowledge knowledge(catalog);
  lock_options.knowledge = &knowledge;
  for (std::size_t i = 0; i < set.migrations.size(); ++i) {
    const compiler::Migration& migration = set.migrations[i];
    LoadedMigration loaded = pool.take(i);
    if (loaded.read_only) finish_loading(loaded, migration, options);
    if (set.complete && !loaded.up.directives.depends_on.empty()) {
      explicit_parents.push_back(
          ExplicitParents{i, std::move(loaded.up.directives.depends_on), loaded.up.directives.depends_on_span});
    }
    if (!loaded.reported) {
      // Not reported: only replayed, so that later migrations see the schema it builds.
      catalog.begin_migration();
      if (loaded.up.script && !migration.down_only) {
        for (const Statement& stmt : loaded.up.script->statements()) catalog.apply(stmt);
      }
      continue;
    }
    MigrationReport report{migration, {}, {}};
    ++summary.migrations;

    auto add_file = [&](LoadedFile& f) {
      const compiler::SourceFile* shown = f.whole ? f.whole.get() : f.source.get();
      const bool known = std::any_of(report.sources.begin(), report.sources.end(), [&](const auto* s) {
        return shown != nullptr && s->path() == shown->path();
      });
      if (shown != nullptr && !known) {  // the two sections of one dbmate file count once
        report.sources.push_back(shown);
        ++summary.files;
      }
      report.diagnostics.insert(report.diagnostics.end(), f.errors.begin(), f.errors.end());
    };
    add_file(loaded.up);
    if (loaded.down) add_file(*loaded.down);

    catalog.begin_migration();
    lock_state.begin_migration();
    // A folder is replayed from its first migration; loose files say nothing of the rest of the schema.
    knowledge.set_complete(set.complete && !migration.standalone);
    if (loaded.up.script && migration.down_only) {
      // A lone down file: neither replayed nor checked by the statement rules (up files only).
      summary.statements += loaded.up.script->statements().size();
      std::vector<Diagnostic> findings;
      apply_suppressions(loaded.up, options, findings, report.diagnostics, ScriptKind::lone_down);
      report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(findings.begin()),
                                std::make_move_iterator(findings.end()));
      for (Diagnostic& e : loaded.up_script_errors) report.diagnostics.push_back(std::move(e));
    } else if (loaded.up.script) {
      const compiler::Script& script = *loaded.up.script;
      const auto& statements = script.statements();
      summary.statements += statements.size();
      // Outside a transaction: by directive, by the layout's own marker (diesel metadata.toml, dbmate
      // `transaction:false`, Flyway `executeInTransaction=false`), or for a lone autocommit-only statement.
      const bool transactional =
          !loaded.up.directives.no_transaction && !migration.up.no_transaction_by_layout &&
          !(statements.size() == 1 && !statements.front().autocommit_only.empty());
      std::vector<Diagnostic> findings;
      const Sink::Hidden hidden = [&](const Diagnostic& d) { return ignored(loaded.up, options, d); };
      bool in_explicit_tx = false;
      for (const Statement& stmt : statements) {
        compiler::pg::take_nesting_exceeded();  // what earlier walks met is not this statement's
        const bool in_tx = transactional || in_explicit_tx || stmt.tx_control == compiler::TxControl::commit ||
                           stmt.tx_control == compiler::TxControl::rollback;
        LintContext ctx(migration, script, catalog, options.settings, transactional, in_tx);
        const compiler::LockFacts facts = compiler::lock_facts(stmt, lock_options);
        ctx.set_locks(&facts, &lock_state);
        for (const ActiveRule& active : options.rules) {
          Sink sink(active.rule->meta().id, active.severity, loaded.up.source->path(), findings, &hidden);
          active.rule->check(stmt, ctx, sink);
        }
        if (options.on_statement) options.on_statement(stmt, ctx);
        lock_state.after_statement(stmt, facts, in_tx, catalog);
        if (stmt.tx_control == compiler::TxControl::begin) in_explicit_tx = true;
        if ((stmt.tx_control == compiler::TxControl::commit || stmt.tx_control == compiler::TxControl::rollback) &&
            !stmt.and_chain) {
          in_explicit_tx = false;
        }
        catalog.apply(stmt);
        if (compiler::pg::take_nesting_exceeded()) report.diagnostics.push_back(nesting_error(*loaded.up.source, stmt));
      }
      findings.insert(findings.end(), std::make_move_iterator(loaded.migration_findings.begin()),
                      std::make_move_iterator(loaded.migration_findings.end()));
      apply_suppressions(loaded.up, options, findings, report.diagnostics);
      for (Diagnostic& e : loaded.up_script_errors) {
        const std::vector<Diagnostic*> rule_findings = standing_in_for(findings, e);
        if (rule_findings.empty()) {
          report.diagnostics.push_back(std::move(e));
          continue;
        }
        // The plan refuses the file all the same: the rule's finding is what stops it from running
        // (origin input, exit 2 whatever --fail-on says), as the script error it replaces would be.
        for (Diagnostic* d : rule_findings) d->origin = compiler::Origin::input;
      }
      report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(findings.begin()),
                                std::make_move_iterator(findings.end()));
    }
    compiler::sort_diagnostics(report.diagnostics);
    count(report.diagnostics);
    on_migration(report);
  }
  // Unknown parents and cycles, as the plan finds them: their own report, after the migrations.
  if (!explicit_parents.empty()) {
    std::vector<Diagnostic> errors = dependency_errors(set, explicit_parents);
    if (!errors.empty()) {
      std::vector<std::unique_ptr<compiler::SourceFile>> owned;
      std::vector<const compiler::SourceFile*> sources;
      for (const ExplicitParents& e : explicit_parents) {
        const compiler::MigrationFile& up = set.migrations[e.migration].up;
        const bool named =
            std::any_of(errors.begin(), errors.end(), [&](const Diagnostic& d) { return d.file == up.display; });
        if (!named) continue;
        LoadedFile read = compiler::read_script(up);
        if (read.source) {
          owned.push_back(std::move(read.whole ? read.whole : read.source));
          sources.push_back(owned.back().get());
        }
      }
      compiler::Migration none;
      MigrationReport report{none, std::move(sources), std::move(errors)};
      compiler::sort_diagnostics(report.diagnostics);
      count(report.diagnostics);
      on_migration(report);
    }
  }
  return summary;
}

}  // namespace sqlmigrate::linter
