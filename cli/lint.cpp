// `sqlmigrate lint [PATH...]`

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <unordered_set>

#include "cli/app.hpp"
#include "cli/git.hpp"
#include "compiler/config.hpp"
#include "compiler/migration.hpp"
#include "linter/engine.hpp"
#include "linter/report.hpp"
#include "rules/registry.hpp"

namespace sqlmigrate::cli {
namespace fs = std::filesystem;

constexpr std::string_view k_default_stdin_name = "<stdin>";

// Groups the paths: each folder is a migration set; loose files together form another.
std::vector<compiler::MigrationSet> migration_sets(const std::vector<std::string>& paths, const compiler::Config& config,
                                                   const std::string& stdin_filename) {
  std::vector<compiler::MigrationSet> sets;
  std::vector<std::string> files;
  std::optional<compiler::StdinScript> stdin_script;
  if (paths.empty()) {
    sets.push_back(compiler::discover_migrations(compiler::migrations_path(config), compiler::migrations_display(config),
                                                 config.migrations_layout));
  }
  // A path named twice (`lint a.sql a.sql`, or a folder and a file in it spelled two ways) is read once.
  std::set<std::string> seen;
  // The folders named (canonical path, index in `sets`), and the canonical path of each of `files`
  // (empty for standard input).
  std::vector<std::pair<fs::path, std::size_t>> folders;
  std::vector<fs::path> canonical_files;
  for (const std::string& p : paths) {
    std::error_code canonical_ec;
    const fs::path canonical = p == "-" ? fs::path("-") : fs::weakly_canonical(fs::absolute(p), canonical_ec);
    if (!seen.insert(canonical_ec ? p : canonical.string()).second) continue;
    if (p == "-") {
      std::ostringstream buffer;
      buffer << std::cin.rdbuf();
      if (stdin_filename != k_default_stdin_name) {
        // Named: what the name says, as the file would be on disk. A down file is paired with its
        // up file beside it (read from disk) and never checked by the statement rules; a file of
        // another layout gets its sections (dbmate), metadata.toml (diesel) or .sql.conf (Flyway).
        stdin_script =
            compiler::StdinScript{stdin_filename, std::make_shared<const std::string>(std::move(buffer).str())};
        files.push_back(stdin_filename);
        canonical_files.emplace_back();
        continue;
      }
      compiler::Migration m;
      m.name = fs::path(stdin_filename).stem().string();
      m.up.display = stdin_filename;
      m.up.from_stdin = true;
      m.up.rare.edit().stdin_text = std::make_shared<const std::string>(std::move(buffer).str());
      m.standalone = true;
      compiler::MigrationSet set;
      set.migrations.push_back(std::move(m));
      sets.push_back(std::move(set));
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      if (!canonical_ec) folders.emplace_back(canonical, sets.size());
      sets.push_back(compiler::discover_migrations(p, p, config.migrations_layout));
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
      canonical_files.push_back(canonical_ec ? fs::path() : canonical);
    } else {
      compiler::MigrationSet set;
      set.errors.push_back(compiler::input_error(
          "missing-file", p, std::nullopt, fmt::format("`{}` does not exist", p),
          "name a migrations folder, .sql files, or - for standard input"));
      sets.push_back(std::move(set));
    }
  }
  // A file that a folder also named already reads (`lint migrations migrations/0001_x.up.sql`) is
  // linted with that folder, once: on its own too, each of its findings would be reported twice.
  if (!folders.empty()) {
    const auto read_with_a_folder = [&](const fs::path& canonical) {
      if (canonical.empty()) return false;
      for (const auto& [folder, index] : folders) {
        const fs::path relative = canonical.lexically_relative(folder);
        if (relative.empty() || *relative.begin() == "..") continue;
        for (const compiler::Migration& m : sets[index].migrations) {
          for (const compiler::MigrationFile* file : {&m.up, m.down ? &*m.down : nullptr}) {
            if (file == nullptr || fs::path(file->location()).filename() != canonical.filename()) continue;
            std::error_code ec;
            if (fs::weakly_canonical(fs::absolute(file->location()), ec) == canonical && !ec) return true;
          }
        }
      }
      return false;
    };
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (!read_with_a_folder(canonical_files[i])) kept.push_back(files[i]);
    }
    files = std::move(kept);
  }
  if (!files.empty()) {
    sets.push_back(
        compiler::migrations_from_files(files, config.migrations_layout, stdin_script ? &*stdin_script : nullptr));
  }

  return sets;
}

namespace {

struct LintOptionsCli {
  std::vector<std::string> paths;
  std::string format = "text";
  std::optional<std::string> fail_on;
  std::optional<std::string> pg_version;
  std::string stdin_filename{k_default_stdin_name};
  std::string color = "auto";
  unsigned jobs = 0;
  std::optional<std::string> changed_since;
};

int run_lint(const LintOptionsCli& opts, const GlobalOptions& global) {
  const auto format = linter::parse_format(opts.format);  // validated by CLI11
  if (isatty(STDOUT_FILENO) == 0) {
    // Into a file or a pipe, a large project's report (megabytes of JSON) goes out in 64 KiB writes
    // rather than the default 4 KiB ones. On a terminal, stdout stays line-buffered.
    static char buffer[std::size_t{1} << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  }
  auto loaded = compiler::load_config(global.config_path);
  linter::ReportOptions report_options;
  report_options.rules = rules::all_rules();
  report_options.color = use_color(opts.color, STDOUT_FILENO);
  linter::LintSummary total;

  if (!loaded.config) {
    auto reporter = linter::make_reporter(*format, stdout, report_options);
    // The config file could not be read or parsed: say so in the chosen format, exit 2.
    reporter->report(loaded.errors, {loaded.file.get()});
    total.input_errors = true;
    total.count[2] = loaded.errors.size();
    reporter->finish(total);
    return k_exit_input;
  }
  const compiler::Config* config = &*loaded.config;

  const compiler::FailOn fail_on = opts.fail_on ? *compiler::parse_fail_on(*opts.fail_on) : config->fail_on;
  report_options.fail_on = fail_on;
  report_options.rules = rules::all_rules();
  auto reporter = linter::make_reporter(*format, stdout, report_options);
  auto selection = linter::select_rules(rules::all_rules(), *config);
  if (!selection.errors.empty()) {
    reporter->report(selection.errors, {config->file.get()});
    total.input_errors = true;
    total.count[2] = selection.errors.size();
    reporter->finish(total);
    return k_exit_input;
  }

  linter::LintOptions options;
  const compiler::PgVersion version = pg_version_of(*config, opts.pg_version);
  options.settings.pg_version = version.major;
  options.settings.pg_minor = version.minor;
  options.rules = selection.active;
  options.all_rules = rules::all_rules();
  options.jobs = opts.jobs;
  options.leave_catalog_to_exit = true;

  std::vector<compiler::MigrationSet> sets = migration_sets(opts.paths, *config, opts.stdin_filename);

  // start_after grandfathers the migration it names and those before it, in the order they apply.
  // It may be written as in the file name or as the version's identity (diesel's digits without
  // `-`, Flyway's `1.1` for V1_1 or V1.01).
  std::unordered_set<const compiler::Migration*> grandfathered;
  const auto names_start_after = [&](const compiler::Migration& m) {
    if (m.version.empty()) return false;
    std::string dotted = *config->start_after;
    std::replace(dotted.begin(), dotted.end(), '_', '.');
    std::string digits = *config->start_after;
    std::erase(digits, '-');
    return m.version == *config->start_after || compiler::compare_versions(m.version, *config->start_after) == 0 ||
           compiler::compare_versions(m.version_key, dotted) == 0 || m.version_key == digits;
  };
  // A start_after that names no migration of a folder is a typo or a stale value (the migrations
  // it named were squashed): it would silently grandfather too much, or everything.
  if (config->start_after) {
    for (const auto& set : sets) {
      if (set.migrations.empty()) continue;
      const auto named = std::find_if(set.migrations.begin(), set.migrations.end(), names_start_after);
      if (named != set.migrations.end()) {
        for (auto it = set.migrations.begin(); it <= named; ++it) grandfathered.insert(&*it);
        continue;
      }
      if (!set.complete) {
        // Files named one by one: those whose version comes before it, or is it.
        for (const auto& m : set.migrations) {
          if (!m.version.empty() && compiler::compare_versions(m.version, *config->start_after) <= 0) {
            grandfathered.insert(&m);
          }
        }
        continue;
      }
      const auto skipped =
          std::count_if(set.migrations.begin(), set.migrations.end(), [&](const compiler::Migration& m) {
            return !m.version.empty() && compiler::compare_versions(m.version, *config->start_after) < 0;
          });
      const std::vector<compiler::Diagnostic> errors = {compiler::input_error(
          "invalid-config", config->file ? config->file->path() : "sqlmigrate.toml", config->start_after_span,
          fmt::format("`start_after` is \"{}\", which is not the version of any migration in `{}`",
                      *config->start_after, set.display),
          fmt::format("set it to the version of the last migration to grandfather (the first and last here are "
                      "{} and {}); as it is, {} of {} migrations would not be linted",
                      set.migrations.front().version, set.migrations.back().version, skipped, set.migrations.size()))};
      reporter->report(errors, {config->file.get()});
      total.input_errors = true;
      total.count[2] = errors.size();
      reporter->finish(total);
      return k_exit_input;
    }
  }

  // Which migrations to report on: after [lint] start_after, and changed since --changed-since.
  // The others are still replayed, so the catalog is complete.
  std::optional<std::set<fs::path>> changed;
  if (opts.changed_since) {
    // git runs in the repositories that hold the migrations, wherever sqlmigrate runs from.
    std::vector<fs::path> folders;
    std::error_code ec;
    if (opts.paths.empty() && fs::is_directory(compiler::migrations_path(*config), ec)) {
      folders.push_back(compiler::migrations_path(*config).lexically_normal());
    }
    for (const std::string& p : opts.paths) {
      if (p == "-") continue;  // standard input is always reported on
      if (fs::is_directory(p, ec)) {
        folders.push_back(fs::path(p).lexically_normal());
      } else if (fs::exists(p, ec)) {
        const fs::path parent = fs::path(p).parent_path();
        folders.push_back(parent.empty() ? fs::path(".") : parent);
      }
    }
    auto files = changed_files_since(*opts.changed_since, folders);
    if (!files) {
      reporter->report(files.errors(), {});
      total.input_errors = true;
      total.count[2] = files.errors().size();
      reporter->finish(total);
      return k_exit_input;
    }
    changed = std::move(*files);
  }
  const auto is_changed = [&](const compiler::MigrationFile& file) {
    if (file.from_stdin) return true;
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(file.location(), ec), ec);
    return changed->contains(absolute);
  };
  if (changed || config->start_after) {
    options.report_migration = [&](const compiler::Migration& m) {
      if (grandfathered.contains(&m)) return false;
      return !changed || is_changed(m.up) || (m.down && is_changed(*m.down));
    };
  }

  for (const auto& set : sets) {
    const auto summary = linter::lint(set, options, [&](const linter::MigrationReport& report) {
      reporter->report(report.diagnostics, report.sources);
    });
    total.migrations += summary.migrations;
    total.files += summary.files;
    total.statements += summary.statements;
    for (int s = 0; s < 3; ++s) {
      total.count[s] += summary.count[s];
      total.lint_count[s] += summary.lint_count[s];
    }
    total.input_errors = total.input_errors || summary.input_errors;
  }
  reporter->finish(total);
  if (total.input_errors) return k_exit_input;
  return total.failed(fail_on) ? k_exit_findings : k_exit_ok;
}

}  // namespace

Action add_lint_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<LintOptionsCli>();
  CLI::App* cmd = app.add_subcommand(
      "lint", "Parse migrations with the Postgres parser and report dangerous statements");
  cmd->footer(
      "PATH is a migrations folder (<version>_<name>.up.sql / .down.sql, or the layout of diesel, golang-migrate,\n"
      "dbmate or Flyway: see [migrations] layout), .sql files, or - for standard input.\n"
      "Without PATH, the folder named by [migrations] dir in sqlmigrate.toml (default: migrations).\n"
      "A lone .sql file is linted as one migration that runs in a transaction, unless it starts with\n"
      "`-- sqlmigrate:no-transaction`. A .down.sql file (named, or as --stdin-filename) is checked as a down\n"
      "file: the statement rules run on up files only.\n"
      "Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage, config or input error (bad SQL, bad file "
      "names),\nor a migration that `plan` would refuse to run (whatever --fail-on says).");
  cmd->add_option("PATH", opts->paths, "Migrations folder, .sql files, or - for standard input");
  cmd->add_option("--format", opts->format,
                  "Output format: text, json, sarif (SARIF 2.1.0), github (workflow commands), gitlab (Code Quality) "
                  "or gcc (file:line:col: severity: message [rule]); see docs/ci.md")
      ->check(CLI::IsMember(std::vector<std::string>(linter::k_formats.begin(), linter::k_formats.end())))
      ->capture_default_str();
  cmd->add_option("--fail-on", opts->fail_on,
                  "Lowest severity that makes the command fail: info, warning, error or none (default: from config, "
                  "else warning)")
      ->check(CLI::IsMember({"info", "warning", "error", "none"}));
  add_pg_version_option(cmd, opts->pg_version);
  cmd->add_option("--stdin-filename", opts->stdin_filename,
                  "File name for standard input (-): it is checked as that file would be on disk (a .down.sql name "
                  "makes it a down file paired with its up file; a dbmate file gets its sections, a diesel or Flyway "
                  "file its metadata.toml or .sql.conf)")
      ->capture_default_str();
  cmd->add_option("--color", opts->color, "Colour the text output: auto, always or never (NO_COLOR is respected)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Threads (default: one per core): one replays the schema and runs the rules in order, the "
                  "others read and parse files ahead of it");
  cmd->add_option("--changed-since", opts->changed_since,
                  "Report only on migrations whose up or down file changed since this git ref (committed, staged, "
                  "unstaged or untracked); all migrations are still read to build the schema")
      ->type_name("REF");
  return [opts, &global] { return run_lint(*opts, global); };
}

}  // namespace sqlmigrate::cli
