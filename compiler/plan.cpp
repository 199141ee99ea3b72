#include "compiler/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <queue>
#include <thread>

#include "compiler/checksum.hpp"
#include "compiler/directives.hpp"
#include "compiler/load.hpp"
#include "compiler/locks.hpp"
#include "compiler/ordered_pool.hpp"
#include "compiler/pg/parse.hpp"

namespace sqlmigrate::compiler {
namespace {

// The statement's text on one line, shortened for plans and progress lines.
std::string summarize(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() > 72) {
      // Cut at a character boundary (never inside a UTF-8 sequence).
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0U) == 0x80U) out.pop_back();
      if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80U) != 0) out.pop_back();
      return out + "...";
    }
  }
  return out;
}

// The file text from the first to the last statement (comments between them included), ended by
// its ';' and a newline.
Unit make_unit(const SourceFile& source, const std::vector<const Statement*>& statements, bool transactional) {
  Unit unit;
  unit.transactional = transactional;
  unit.statements = static_cast<std::uint32_t>(statements.size());
  if (statements.empty()) return unit;
  const std::string_view text = source.text();
  const Statement& first = *statements.front();
  const Statement& last = *statements.back();
  unit.offset = first.span.begin;
  unit.line = source.line_col(first.span.begin).line;
  // Up to and including the last statement's own ';' when it has one (a trailing `-- comment` may sit
  // between), else the statement and a ';' on a line of its own, so no comment can swallow it.
  const std::uint32_t after = skip_trivia(text, last.span.end);
  if (after < text.size() && text[after] == ';') {
    unit.sql = std::string(text.substr(first.span.begin, after + 1 - first.span.begin));
    unit.sql += "\n";
  } else {
    unit.sql = std::string(text.substr(first.span.begin, last.span.end - first.span.begin));
    unit.sql += "\n;\n";
  }
  unit.summary = summarize(text.substr(first.span.begin, first.span.end - first.span.begin));
  for (const Statement* st : statements) {
    const LockFacts facts = lock_facts(*st);
    unit.locks_known = unit.locks_known && facts.known;
    for (const RelationLock& r : facts.relations) {
      if (r.mode == LockMode::none) continue;
      auto it = std::find_if(unit.locks.begin(), unit.locks.end(), [&](const UnitLock& l) { return l.relation == r.display; });
      if (it == unit.locks.end()) {
        unit.locks.push_back(UnitLock{r.display, r.mode, r.scan, r.rewrite, r.created});
        continue;
      }
      it->mode = std::max(it->mode, r.mode);
      it->scan = std::max(it->scan, r.scan);
      it->rewrite = std::max(it->rewrite, r.rewrite);
    }
  }
  return unit;
}

std::optional<LoadedScript> load(const MigrationFile& file, std::vector<Diagnostic>& errors) {
  LoadedScript out = load_script(file);
  if (!out.errors.empty() || !out.script) {
    for (auto& e : out.errors) errors.push_back(std::move(e));
    return std::nullopt;
  }
  return out;
}

std::string tx_word(TxControl control) {
  switch (control) {
    case TxControl::begin: return "BEGIN";
    case TxControl::commit: return "COMMIT";
    case TxControl::rollback: return "ROLLBACK";
    default: return "a transaction-control statement";
  }
}

// Splits one file into units (see Unit). Errors name the statement and the directive that fixes it.
// How the layout's own tool marks a script to run outside a transaction, for help texts; empty for
// the native layout, whose marker is sqlmigrate's directive.
std::string layout_marker(Layout layout, const MigrationFile& file) {
  switch (layout) {
    case Layout::diesel:
      return "`run_in_transaction = false` in the folder's metadata.toml (diesel's marker)";
    case Layout::dbmate:
      return "`transaction:false` after the section's `-- migrate:up` or `-- migrate:down` (dbmate's marker)";
    case Layout::flyway:
      return fmt::format("`executeInTransaction=false` in {}.conf (Flyway's marker)", file.display);
    case Layout::native:
    case Layout::golang_migrate:
      break;
  }
  return {};
}

// Splits a script into the units that run, into `units` when given, and reports in `errors` what
// would keep it from running (each error names the statement and the directive that fixes it).
void split_units(const LoadedScript& loaded, const MigrationFile& file, Layout layout, std::vector<Diagnostic>& errors,
                 std::vector<Unit>* units) {
  const bool no_transaction_by_layout = file.no_transaction_by_layout;
  const SourceFile& source = *loaded.source;
  const auto& statements = loaded.script->statements();
  const bool no_transaction = loaded.directives.no_transaction || no_transaction_by_layout;
  const std::string& path = source.path();
  const auto add = [&](const std::vector<const Statement*>& group, bool transactional) -> Unit* {
    if (units == nullptr) return nullptr;
    units->push_back(make_unit(source, group, transactional));
    return &units->back();
  };

  if (statements.empty()) {
    if (units != nullptr) units->push_back(Unit{});
    return;
  }
  if (!no_transaction && statements.size() == 1 && !statements.front().autocommit_only.empty()) {
    if (Unit* unit = add({&statements.front()}, false)) {
      unit->autocommit_reason =
          fmt::format("{} cannot run inside a transaction block", statements.front().autocommit_only);
    }
    return;
  }
  if (!no_transaction) {
    std::vector<const Statement*> all;
    for (const Statement& st : statements) {
      if (!st.autocommit_only.empty()) {
        errors.push_back(input_error(
            "statement-needs-no-transaction", path, st.span,
            fmt::format("{} cannot run inside a transaction block, and this migration runs as one transaction",
                        st.autocommit_only),
            fmt::format("run the script outside a transaction: add `-- sqlmigrate:no-transaction` as its first "
                        "line{}, and each statement then runs and is recorded on its own; or move this statement "
                        "into a migration of its own",
                        layout_marker(layout, file).empty() ? "" : ", or " + layout_marker(layout, file))));
      } else if (st.tx_control == TxControl::begin || st.tx_control == TxControl::commit ||
                 st.tx_control == TxControl::rollback) {
        errors.push_back(input_error(
            "transaction-control-in-transaction", path, st.span,
            fmt::format("{} is written in a migration that already runs as one transaction", tx_word(st.tx_control)),
            "remove it: sqlmigrate wraps the migration and its history write in one transaction; to control "
            "transactions yourself, add `-- sqlmigrate:no-transaction` as the first line"));
      }
      if (units != nullptr) all.push_back(&st);
    }
    add(all, true);
    return;
  }

  // No-transaction: each statement alone, except explicit BEGIN ... COMMIT groups, which become one
  // transactional unit (without the BEGIN and COMMIT, which the executor writes around it).
  const std::string reason =
      units == nullptr ? std::string()
      : no_transaction_by_layout && !loaded.directives.no_transaction
          ? fmt::format("run outside a transaction by {}", !file.rare.get().no_transaction_origin.empty()
                                                               ? file.rare.get().no_transaction_origin
                                                               : file.display)
          : "the migration is marked -- sqlmigrate:no-transaction";
  constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::size_t group_begin = k_none;  // index of the open BEGIN
  std::vector<const Statement*> group;
  const std::size_t units_before = units != nullptr ? units->size() : 0;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Statement& st = statements[i];
    if (st.tx_control == TxControl::begin) {
      if (group_begin != k_none) {
        errors.push_back(input_error("transaction-control-in-transaction", path, st.span,
                                     "BEGIN inside a transaction block that is already open",
                                     "end the first block with COMMIT before starting another one"));
      }
      group_begin = i;
      group.clear();
      continue;
    }
    if (st.tx_control == TxControl::commit || st.tx_control == TxControl::rollback) {
      if (group_begin == k_none) {
        errors.push_back(input_error("transaction-control-in-transaction", path, st.span,
                                     fmt::format("{} without a BEGIN before it", tx_word(st.tx_control)),
                                     "remove it, or add BEGIN before the statements it should end"));
        continue;
      }
      if (st.tx_control == TxControl::rollback) {
        errors.push_back(input_error(
            "transaction-control-in-transaction", path, st.span,
            "ROLLBACK would discard the migration's own statements, so the migration could never be applied",
            "remove the block, or end it with COMMIT"));
      }
      if (Unit* unit = add(group, true); unit != nullptr && unit->statements == 0) {
        unit->line = source.line_col(statements[group_begin].span.begin).line;
      }
      // COMMIT AND CHAIN opens the next block at once: its statements are the next unit.
      group_begin = st.and_chain ? i : k_none;
      group.clear();
      continue;
    }
    if (group_begin != k_none) {
      if (!st.autocommit_only.empty()) {
        errors.push_back(input_error("statement-needs-no-transaction", path, st.span,
                                     fmt::format("{} cannot run inside a transaction block, and this one is inside "
                                                 "the BEGIN ... COMMIT block above it",
                                                 st.autocommit_only),
                                     "move it after the COMMIT"));
      }
      group.push_back(&st);
      continue;
    }
    if (Unit* unit = add({&st}, false)) {
      unit->autocommit_reason = st.autocommit_only.empty()
                                    ? reason
                                    : fmt::format("{} cannot run inside a transaction block", st.autocommit_only);
    }
  }
  if (group_begin != k_none) {
    errors.push_back(input_error("uncommitted-transaction", path, statements[group_begin].span,
                                 "this BEGIN is never committed: the file ends inside the transaction block",
                                 "add COMMIT after the last statement of the block"));
  }
  if (units != nullptr && units->size() == units_before) units->push_back(Unit{});
}

// `depends-on` written in a down file.
void check_down_directives(const LoadedScript& down, const MigrationFile& down_file, const MigrationFile& up_file,
                           std::vector<Diagnostic>& errors) {
  if (down.directives.depends_on.empty()) return;
  errors.push_back(input_error("misplaced-directive", down_file.display, down.directives.depends_on_span,
                               "depends-on belongs in the up file; in a down file it has no effect",
                               fmt::format("move the directive to {}", up_file.display)));
}

CompiledScript compile_script(const LoadedScript& loaded, const MigrationFile& file, Layout layout,
                              std::vector<Diagnostic>& errors) {
  const SourceFile& source = *loaded.source;
  CompiledScript out;
  out.file = source.path();
  // A section of a shared file (dbmate) is checksummed alone, so editing the other section does not
  // make this one look edited.
  if (const auto& section = file.section(); section && loaded.whole) {
    const std::string_view whole = loaded.whole->text();
    const std::size_t begin = std::min<std::size_t>(section->begin, whole.size());
    const std::size_t end = std::min<std::size_t>(std::max(section->end, section->begin), whole.size());
    out.checksum = checksum(whole.substr(begin, end - begin));
  } else {
    out.checksum = checksum(source.text());
  }
  out.no_transaction = loaded.directives.no_transaction || file.no_transaction_by_layout;
  out.nothing_to_undo = loaded.directives.nothing_to_undo;
  split_units(loaded, file, layout, errors, &out.units);
  return out;
}

std::string file_list(const Project& project, const std::vector<std::size_t>& indices) {
  std::string out;
  for (const std::size_t i : indices) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", project.migrations[i].version, project.migrations[i].up.file);
  }
  return out;
}

std::optional<long> parse_count(std::string_view text) {
  long n = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || ptr != text.data() + text.size() || n <= 0) return std::nullopt;
  return n;
}

Diagnostic target_error(std::string message, std::string help) {
  return input_error("invalid-target", "", std::nullopt, std::move(message), std::move(help));
}

}  // namespace

std::string_view to_string(Direction direction) { return direction == Direction::up ? "up" : "down"; }

std::optional<std::size_t> Project::find(std::string_view version) const {
  // As written, then by identity key, then numerically ("12" finds "0012").
  for (const auto* index : {&by_version, &by_key}) {
    if (const auto it = index->find(version); it != index->end()) return it->second;
  }
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (compare_versions(migrations[i].version, version) == 0) return i;
  }
  return std::nullopt;
}

namespace {

std::vector<std::size_t> closure(const Project& project, std::size_t start, bool up) {
  std::vector<char> seen(project.migrations.size(), 0);
  std::vector<std::size_t> stack = {start};
  seen[start] = 1;
  const auto& edges = up ? project.parent_indices : project.child_indices;
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    for (const std::size_t next : edges[i]) {
      if (seen[next] == 0) {
        seen[next] = 1;
        stack.push_back(next);
      }
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (seen[i] != 0) out.push_back(i);
  }
  return out;
}

}  // namespace

std::vector<std::size_t> Project::ancestors_inclusive(std::size_t index) const { return closure(*this, index, true); }
std::vector<std::size_t> Project::descendants_inclusive(std::size_t index) const {
  return closure(*this, index, false);
}

std::vector<Diagnostic> script_errors(const LoadedScript& loaded, const MigrationFile& file, Layout layout,
                                      const MigrationFile* up_file) {
  std::vector<Diagnostic> errors;
  if (loaded.script && loaded.source) split_units(loaded, file, layout, errors, nullptr);
  if (up_file != nullptr) check_down_directives(loaded, file, *up_file, errors);
  return errors;
}

DependencyGraph resolve_dependencies(const std::vector<DependencyNode>& nodes, std::vector<Diagnostic>& errors) {
  const std::size_t n = nodes.size();
  // Resolve parents; the default parent is the previous version, so only explicit ones can be unknown.
  std::map<std::string_view, std::size_t> by_version;  // as written and by identity key
  for (std::size_t i = 0; i < n; ++i) {
    by_version.emplace(nodes[i].version, i);
    by_version.emplace(nodes[i].version_key, i);
  }
  const auto find_parent = [&](std::string_view p) -> std::optional<std::size_t> {
    if (const auto it = by_version.find(p); it != by_version.end()) return it->second;
    for (std::size_t i = 0; i < n; ++i) {
      if (compare_versions(nodes[i].version, p) == 0) return i;
    }
    return std::nullopt;
  };
  std::vector<std::vector<std::size_t>> parents(n);
  std::vector<std::vector<std::size_t>> children(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& p : nodes[i].parents) {
      const auto found = find_parent(p);
      if (!found) {
        errors.push_back(input_error(
            "unknown-parent", std::string(nodes[i].file), nodes[i].span,
            fmt::format("migration {} depends on version {}, which no migration has", nodes[i].version, p),
            "correct the version in `-- sqlmigrate:depends-on` (`sqlmigrate plan heads` lists the migrations)"));
        continue;
      }
      if (*found == i) {
        errors.push_back(input_error("dependency-cycle", std::string(nodes[i].file), nodes[i].span,
                                     fmt::format("migration {} depends on itself", nodes[i].version),
                                     "remove its own version from `-- sqlmigrate:depends-on`"));
        continue;
      }
      if (std::find(parents[i].begin(), parents[i].end(), *found) == parents[i].end()) {
        parents[i].push_back(*found);
        children[*found].push_back(i);
      }
    }
  }

  // Topological order; among ready migrations the lowest version first (indices are in version order).
  std::vector<std::size_t> indegree(n);
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i) {
    indegree[i] = parents[i].size();
    if (indegree[i] == 0) ready.push(i);
  }
  std::vector<std::size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    const std::size_t i = ready.top();
    ready.pop();
    order.push_back(i);
    for (const std::size_t c : children[i]) {
      if (--indegree[c] == 0) ready.push(c);
    }
  }
  if (order.size() != n) {
    // Walk parents from a migration left over until one repeats: that is a cycle.
    std::size_t at = 0;
    while (indegree[at] == 0) ++at;
    std::vector<std::size_t> path;
    std::vector<char> on_path(n, 0);
    while (on_path[at] == 0) {
      on_path[at] = 1;
      path.push_back(at);
      const auto next = std::find_if(parents[at].begin(), parents[at].end(), [&](std::size_t p) { return indegree[p] != 0; });
      at = *next;
    }
    const auto start = std::find(path.begin(), path.end(), at);
    std::string cycle;
    std::vector<std::string> files;
    for (auto it = start; it != path.end(); ++it) {
      cycle += fmt::format("{} -> ", nodes[*it].version);
      files.emplace_back(nodes[*it].file);
    }
    cycle += nodes[at].version;
    Diagnostic d =
        input_error("dependency-cycle", std::string(nodes[at].file), nodes[at].span,
                    fmt::format("migrations depend on each other in a cycle: {} (each depends on the next)", cycle),
                    "edit `-- sqlmigrate:depends-on` in one of them so the dependencies point to older "
                    "migrations only");
    for (const auto& f : files) d.notes.push_back(fmt::format("part of the cycle: {}", f));
    errors.push_back(std::move(d));
  }
  return DependencyGraph{std::move(parents), std::move(children), std::move(order)};
}

Result<Project> compile_project(const MigrationSet& set, const CompileOptions& options) {
  std::vector<Diagnostic> errors = set.errors;
  const std::size_t n = set.migrations.size();
  std::vector<CompiledMigration> compiled(n);
  std::vector<std::optional<Span>> depends_spans(n);

  // Files are read, parsed and split into units on worker threads; each parse tree is freed on the
  // thread that made it, right after its units are taken.
  struct Compiled {
    CompiledMigration migration;
    std::optional<Span> depends_span;
    std::vector<Diagnostic> errors;
  };
  const auto produce = [&](std::size_t i) {
    Compiled out;
    const Migration& m = set.migrations[i];
    CompiledMigration& c = out.migration;
    c.version = m.version;
    c.version_key = m.version_key.empty() ? m.version : m.version_key;
    c.empty_down_is_no_op = m.layout != Layout::native;
    c.name = m.name;
    if (auto up = load(m.up, out.errors)) {
      c.up = compile_script(*up, m.up, m.layout, out.errors);
      c.parents = up->directives.depends_on;
      c.explicit_parents = !c.parents.empty();
      out.depends_span = up->directives.depends_on_span;
    } else {
      c.up.file = m.up.display;
    }
    if (m.down) {
      if (auto down = load(*m.down, out.errors)) {
        c.down = compile_script(*down, *m.down, m.layout, out.errors);
        check_down_directives(*down, *m.down, m.up, out.errors);
      }
    }
    if (!c.explicit_parents && i > 0) c.parents.push_back(set.migrations[i - 1].version);
    return out;
  };
  {
    const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
    OrderedPool<Compiled> pool(n, n >= 64 && jobs > 1 ? jobs : 0, 256, produce, [] { end_parsing_thread(); });
    for (std::size_t i = 0; i < n; ++i) {
      Compiled item = pool.take(i);
      compiled[i] = std::move(item.migration);
      depends_spans[i] = item.depends_span;
      for (auto& e : item.errors) errors.push_back(std::move(e));
    }
  }

  std::vector<DependencyNode> nodes(n);
  for (std::size_t i = 0; i < n; ++i) {
    nodes[i].version = compiled[i].version;
    nodes[i].version_key = compiled[i].version_key;
    nodes[i].file = compiled[i].up.file;
    nodes[i].parents.assign(compiled[i].parents.begin(), compiled[i].parents.end());
    nodes[i].span = depends_spans[i];
  }
  const DependencyGraph graph = resolve_dependencies(nodes, errors);
  const auto& parents = graph.parents;
  const auto& children = graph.children;
  const auto& order = graph.order;
  if (!errors.empty()) {
    sort_diagnostics(errors);
    return errors;
  }

  Project project;
  project.migrations.reserve(n);
  std::vector<std::size_t> position(n);  // compiled index -> index in plan order
  for (std::size_t k = 0; k < n; ++k) position[order[k]] = k;
  project.parent_indices.resize(n);
  project.child_indices.resize(n);
  for (const std::size_t i : order) {
    const std::size_t k = project.migrations.size();
    for (const std::size_t p : parents[i]) project.parent_indices[k].push_back(position[p]);
    for (const std::size_t c : children[i]) project.child_indices[k].push_back(position[c]);
    project.migrations.push_back(std::move(compiled[i]));
  }
  // Parents spelled as the project spells the versions.
  for (std::size_t k = 0; k < n; ++k) {
    auto& m = project.migrations[k];
    m.parents.clear();
    for (const std::size_t p : project.parent_indices[k]) m.parents.push_back(project.migrations[p].version);
    if (project.child_indices[k].empty()) project.heads.push_back(k);
  }
  for (std::size_t k = 0; k < n; ++k) {
    project.by_version.emplace(project.migrations[k].version, k);
    project.by_key.emplace(project.migrations[k].version_key, k);
  }
  // Heads in the folder's order.
  std::sort(project.heads.begin(), project.heads.end(),
            [&](std::size_t a, std::size_t b) { return order[a] < order[b]; });
  return project;
}

namespace {

bool is_applied(const AppliedState& state, const CompiledMigration& m) {
  return state.applied.contains(m.version);
}

Result<std::size_t> single_head(const Project& project) {
  if (project.heads.empty()) {
    return target_error("there are no migrations, so there is no head to go to",
                        "create one with `sqlmigrate new <description>`");
  }
  if (project.heads.size() > 1) {
    return target_error(
        fmt::format("the migrations have {} heads, so `head` is ambiguous: {}", project.heads.size(),
                    file_list(project, project.heads)),
        "join the branches with `sqlmigrate merge`, or name a target: `heads` (all of them) or one version");
  }
  return project.heads.front();
}

}  // namespace

Result<Plan> plan_upgrade(const Project& project, const AppliedState& state, std::string_view target) {
  Plan plan;
  plan.direction = Direction::up;
  std::vector<char> wanted(project.migrations.size(), 0);
  if (target == "head" || target == "heads") {
    std::vector<std::size_t> heads = project.heads;
    if (target == "head") {
      auto head = single_head(project);
      if (!head) return head.take_errors();
      heads = {*head};
    }
    for (const std::size_t h : heads) {
      for (const std::size_t i : project.ancestors_inclusive(h)) wanted[i] = 1;
    }
  } else if (target.starts_with('+')) {
    const auto count = parse_count(target.substr(1));
    if (!count) {
      return target_error(fmt::format("`{}` is not a relative target", target),
                          "write a plus sign and a positive number of migrations, for example: +1");
    }
    long left = *count;
    for (std::size_t i = 0; i < project.migrations.size() && left > 0; ++i) {
      if (!is_applied(state, project.migrations[i])) {
        wanted[i] = 1;
        --left;
      }
    }
    if (left > 0) {
      return target_error(fmt::format("`{}` asks for {} pending migrations, but only {} are pending", target, *count,
                                      *count - left),
                          "use a smaller number, or `head` to apply everything pending");
    }
  } else if (target == "base" || target.starts_with('-')) {
    return target_error(fmt::format("`{}` is a downgrade target", target),
                        "use `sqlmigrate downgrade` to revert migrations");
  } else {
    const auto index = project.find(target);
    if (!index) {
      return target_error(fmt::format("no migration has version `{}`", target),
                          "use a version from `sqlmigrate plan heads`, or head, heads, +N");
    }
    for (const std::size_t i : project.ancestors_inclusive(*index)) wanted[i] = 1;
  }
  for (std::size_t i = 0; i < project.migrations.size(); ++i) {
    if (wanted[i] != 0 && !is_applied(state, project.migrations[i])) plan.steps.push_back(Step{i, Direction::up, 0});
  }
  return plan;
}

Result<Plan> plan_downgrade(const Project& project, const AppliedState& state, std::string_view target) {
  Plan plan;
  plan.direction = Direction::down;
  std::vector<std::size_t> applied_desc;  // applied migrations, newest (last in plan order) first
  for (std::size_t i = project.migrations.size(); i-- > 0;) {
    if (is_applied(state, project.migrations[i])) applied_desc.push_back(i);
  }
  std::vector<std::size_t> revert;
  if (target == "base") {
    revert = applied_desc;
  } else if (target.starts_with('-')) {
    const auto count = parse_count(target.substr(1));
    if (!count) {
      return target_error(fmt::format("`{}` is not a relative target", target),
                          "write a minus sign and a positive number of migrations, for example: -1");
    }
    if (static_cast<std::size_t>(*count) > applied_desc.size()) {
      return target_error(
          fmt::format("`{}` asks to revert {} migrations, but only {} are applied", target, *count, applied_desc.size()),
          "use a smaller number, or `base` to revert everything");
    }
    revert.assign(applied_desc.begin(), applied_desc.begin() + *count);
  } else if (target == "head" || target == "heads" || target.starts_with('+')) {
    return target_error(fmt::format("`{}` is an upgrade target", target),
                        "use `sqlmigrate upgrade` to apply migrations; downgrade takes -N, a version or base");
  } else {
    const auto index = project.find(target);
    if (!index) {
      return target_error(fmt::format("no migration has version `{}`", target),
                          "use a version from `sqlmigrate history`, or -N, or base");
    }
    if (!is_applied(state, project.migrations[*index])) {
      return target_error(fmt::format("migration {} is not applied, so the database cannot be taken back to it", target),
                          "name an applied version (`sqlmigrate status` lists them), or use -N or base");
    }
    const auto below = project.descendants_inclusive(*index);
    for (const std::size_t i : applied_desc) {
      if (i != *index && std::binary_search(below.begin(), below.end(), i)) revert.push_back(i);
    }
  }
  for (const std::size_t i : revert) {
    const CompiledMigration& m = project.migrations[i];
    if (!m.down) {
      return input_error("missing-down-migration", m.up.file, std::nullopt,
                         fmt::format("migration {} has no down file, so it cannot be reverted", m.version),
                         "write its down file next to the up file, or choose a target that stops before it");
    }
    const auto statements = [](const CompiledScript& s) {
      std::uint32_t total = 0;
      for (const Unit& u : s.units) total += u.statements;
      return total;
    };
    if (statements(*m.down) == 0 && statements(m.up) > 0 && !m.down->nothing_to_undo && !m.empty_down_is_no_op) {
      return input_error("empty-down-migration", m.down->file, std::nullopt,
                         fmt::format("the down file of migration {} has no statements, but its up file has: "
                                     "reverting would record the migration as undone while its changes stay",
                                     m.version),
                         "write the statements that undo the up file; if there is truly nothing to undo, say so with "
                         "`-- sqlmigrate:nothing-to-undo` in the down file");
    }
    plan.steps.push_back(Step{i, Direction::down, 0});
  }
  return plan;
}

Result<AppliedState> state_at(const Project& project, std::string_view from) {
  AppliedState state;
  if (from == "base") return state;
  std::vector<std::size_t> tops;
  if (from == "heads") {
    tops = project.heads;
  } else if (from == "head") {
    auto head = single_head(project);
    if (!head) return head.take_errors();
    tops = {*head};
  } else {
    const auto index = project.find(from);
    if (!index) {
      return target_error(fmt::format("no migration has version `{}` (the FROM of the range)", from),
                          "write FROM as base, head, heads or a version of the project");
    }
    tops = {*index};
  }
  for (const std::size_t t : tops) {
    for (const std::size_t i : project.ancestors_inclusive(t)) state.applied.insert(project.migrations[i].version);
  }
  return state;
}

TargetRange split_range(std::string_view text) {
  TargetRange out;
  if (const auto colon = text.find(':'); colon != std::string_view::npos) {
    out.from = std::string(text.substr(0, colon));
    out.to = std::string(text.substr(colon + 1));
  } else {
    out.to = std::string(text);
  }
  return out;
}

}  // namespace sqlmigrate::compiler
