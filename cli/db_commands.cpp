// The commands that talk to a database: upgrade, downgrade, status, history, stamp, rebaseline,
// validate, verify. Option parsing, then runner::Runner does the work (docs/runner.md).

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "cli/app.hpp"
#include "cli/project.hpp"
#include "compiler/config.hpp"
#include "compiler/migration.hpp"
#include "compiler/plan.hpp"
#include "compiler/source.hpp"
#include "linter/report.hpp"
#include "runner/connection.hpp"
#include "runner/early_connections.hpp"
#include "runner/database.hpp"
#include "runner/executor.hpp"
#include "runner/offline.hpp"
#include "runner/scratch_postgres.hpp"

namespace sqlmigrate::cli {
namespace fs = std::filesystem;

namespace {

struct DbOptions {
  std::optional<std::string> database_url;
  std::optional<std::string> lock_wait;
  std::optional<std::string> lock_mode;
  bool dry_run = false;
  bool allow_out_of_order = false;
  bool verbose = false;
  std::string color = "auto";
  // per command
  std::string target;
  std::vector<std::string> versions;
  bool sql = false;
  std::optional<std::string> output;
  bool exit_code = false;
  bool attempts = false;
};

class CliOutput final : public runner::Output {
 public:
  explicit CliOutput(bool progress) : m_progress(progress) {}
  void result(const std::string& line) override {
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
  void progress(const std::string& line) override {
    if (!m_progress) return;
    std::fputs(line.c_str(), stderr);
    std::fputc('\n', stderr);
  }

 private:
  bool m_progress;
};

void print_diagnostics(const std::vector<compiler::Diagnostic>& diagnostics, bool color) {
  for (const auto& d : diagnostics) {
    std::optional<compiler::SourceFile> source;
    if (!d.file.empty() && d.span) {
      auto read = compiler::SourceFile::read(d.file, d.file);
      if (read) source.emplace(std::move(*read));
    }
    std::fputs(linter::render_text(d, source ? &*source : nullptr, color).c_str(), stderr);
  }
}

int exit_code_of(runner::Status status) {
  switch (status) {
    case runner::Status::ok: return k_exit_ok;
    case runner::Status::findings: return k_exit_findings;
    case runner::Status::input: return k_exit_input;
    case runner::Status::database: return k_exit_database;
    case runner::Status::lock_wait_exceeded: return k_exit_lock_wait;
  }
  return k_exit_internal;
}

// Everything a database command needs before it runs: config, the compiled project, the settings.
struct Prepared {
  compiler::Config config;
  compiler::Project project;
  runner::RunnerOptions options;
  // Loads the database module and opens the command's connections while the project compiles.
  std::unique_ptr<runner::EarlyConnections> early;
};

// `takes_lock`: the command will open the lock connection too.
std::optional<Prepared> prepare(const DbOptions& opts, const GlobalOptions& global, const std::string& command,
                                bool takes_lock, bool color, int& exit_code) {
  // Loading libpq (and the libraries behind it) and opening each connection take a few milliseconds:
  // do them beside the compile.
  auto early = std::make_unique<runner::EarlyConnections>();
  auto loaded = compiler::load_config(global.config_path);
  if (!loaded.config) {
    for (const auto& d : loaded.errors) std::fputs(linter::render_text(d, loaded.file.get(), color).c_str(), stderr);
    exit_code = k_exit_input;
    return std::nullopt;
  }
  Prepared p;
  p.config = *loaded.config;
  const compiler::Config& c = p.config;
  std::vector<compiler::Diagnostic> errors;
  auto bad = [&](std::string message, std::string help) {
    errors.push_back(compiler::input_error("config-error", c.file ? c.file->path() : "", std::nullopt,
                                           std::move(message), std::move(help)));
  };
  const std::string lock_wait = opts.lock_wait.value_or(c.lock_wait);
  if (auto d = runner::parse_duration(lock_wait)) {
    p.options.lock_wait = *d;
  } else {
    bad(fmt::format("lock wait `{}` is not a duration", lock_wait), "write it like 60s, 500ms or 2min");
  }
  const std::string mode = opts.lock_mode.value_or(c.lock_mode);
  if (mode == "advisory") p.options.lock_mode = runner::LockMode::advisory;
  else if (mode == "table") p.options.lock_mode = runner::LockMode::table;
  else bad(fmt::format("lock mode `{}` is not known", mode), "use advisory (the default) or table (behind PgBouncer in transaction pooling)");
  p.options.settings.history.schema = c.history_schema;
  p.options.settings.history.table = c.history_table;
  p.options.settings.lock_timeout = c.lock_timeout == "0" ? std::string("0") : c.lock_timeout;
  p.options.settings.statement_timeout = c.statement_timeout;
  p.options.dry_run = opts.dry_run;
  p.options.allow_out_of_order = opts.allow_out_of_order;
  p.options.command = command;
  if (!errors.empty()) {
    print_diagnostics(errors, color);
    exit_code = k_exit_input;
    return std::nullopt;
  }
  // A throwaway server does not exist yet: its connections open later.
  const runner::ConnectionTarget target = runner::resolve_connection(opts.database_url, p.config);
  if (!target.scratch && command != "verify") {
    std::vector<std::string> names{runner::main_application_name(command)};
    if (takes_lock) names.push_back(runner::lock_application_name());
    early->open(target.conninfo, names);
  }
  p.early = std::move(early);
  const fs::path dir = compiler::migrations_path(c);
  const std::string display = compiler::migrations_display(c);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    print_diagnostics({compiler::input_error("missing-file", display, std::nullopt,
                                             fmt::format("the migrations folder `{}` does not exist", display),
                                             "create it, or set [migrations] dir in sqlmigrate.toml")},
                      color);
    exit_code = k_exit_input;
    return std::nullopt;
  }
  auto set = compiler::discover_migrations(dir, display, c.migrations_layout);
  if (!set.errors.empty()) {
    print_diagnostics(set.errors, color);
    exit_code = k_exit_input;
    return std::nullopt;
  }
  auto project = compiler::compile_project(set);
  if (!project) {
    print_diagnostics(project.errors(), color);
    exit_code = k_exit_input;
    return std::nullopt;
  }
  p.project = std::move(*project);
  return p;
}

// A scratch server (when the URL is `scratch`) kept alive for the command, and the connected runner.
struct Session {
  std::optional<runner::ScratchPostgres> scratch;
  std::unique_ptr<runner::Runner> runner;
};

int open_session(Session& s, const Prepared& p, const DbOptions& opts, runner::Output& out, bool color,
                 bool force_scratch = false) {
  runner::ConnectionTarget target = runner::resolve_connection(opts.database_url, p.config);
  if (force_scratch) target.scratch = true;
  std::string why;
  if (p.early->loaded(why) == nullptr) {  // waits for the module, if still loading
    std::fprintf(stderr, "error: %s\n", why.c_str());
    return k_exit_database;
  }
  std::string conninfo = target.conninfo;
  if (target.scratch) {
    out.progress("starting a throwaway local Postgres (removed when this command ends)...");
    auto started = runner::ScratchPostgres::start();
    if (!started) {
      print_diagnostics(started.errors(), color);
      return k_exit_database;
    }
    s.scratch.emplace(std::move(*started));
    conninfo = s.scratch->conninfo();
  }
  s.runner = std::make_unique<runner::Runner>(p.project, p.options, out);
  auto o = s.runner->connect(*p.early, conninfo, target.display());
  if (o.status != runner::Status::ok) {
    if (!o.errors.empty()) o.errors.back().notes.push_back("connection from " + target.source);
    print_diagnostics(o.errors, color);
    return exit_code_of(o.status);
  }
  return k_exit_ok;
}

int finish(const runner::Outcome& o, bool color) {
  print_diagnostics(o.errors, color);
  return exit_code_of(o.status);
}

bool progress_wanted(const DbOptions& opts) { return opts.verbose || isatty(STDERR_FILENO) != 0; }

enum class Command { upgrade, downgrade, status, history, stamp, rebaseline, validate };

int run_command(Command command, const DbOptions& opts, const GlobalOptions& global, const std::string& name) {
  const bool color = use_color(opts.color, STDERR_FILENO);
  const char* verb = command == Command::upgrade ? "upgrade" : "downgrade";
  if (!opts.sql && opts.output) {
    // Without --sql this would run against the database, the opposite of what -o asks for.
    print_errors({compiler::input_error(
        "invalid-option", "", std::nullopt,
        fmt::format("--output writes the offline script, and this {} has no --sql: it would have run against the "
                    "database instead",
                    verb),
        fmt::format("add --sql to write the script (`sqlmigrate {} {}--sql -o {}`), or drop --output to run against "
                    "the database",
                    verb, opts.target.empty() ? "" : opts.target + " ", *opts.output))});
    return k_exit_input;
  }
  if (opts.sql) {
    // The offline script never connects: options about a connection or a run would be ignored in silence.
    const char* ignored = opts.database_url ? "--database-url"
                          : opts.dry_run    ? "--dry-run"
                          : opts.lock_wait  ? "--lock-wait"
                          : opts.lock_mode  ? "--lock-mode"
                                            : nullptr;
    if (ignored != nullptr) {
      print_errors({compiler::input_error(
          "invalid-option", "", std::nullopt,
          fmt::format("{} does not apply to `{} --sql`: the offline script is written without connecting to a "
                      "database (it takes the run lock when psql runs it)",
                      ignored, verb),
          std::string(ignored) == "--database-url"
              ? fmt::format("drop --database-url and say where the database stands as FROM in FROM:TARGET (for "
                            "example `sqlmigrate {} {}:{} --sql`; `sqlmigrate status` tells where it stands)",
                            verb, command == Command::upgrade ? "0005" : "head",
                            command == Command::upgrade ? "head" : "0005")
              : fmt::format("drop {}", ignored))});
      return k_exit_input;
    }
  }
  if (opts.sql && (command == Command::upgrade || command == Command::downgrade)) {
    // Offline: the psql script of the same plan (cli/project.cpp, runner/offline.cpp); no connection.
    return write_offline_script(global, opts.target.empty() ? "head" : opts.target,
                                command == Command::upgrade ? compiler::Direction::up : compiler::Direction::down,
                                opts.output);
  }
  int code = k_exit_ok;
  const bool takes_lock = !opts.dry_run && (command == Command::upgrade || command == Command::downgrade ||
                                            command == Command::stamp || command == Command::rebaseline);
  auto prepared = prepare(opts, global, name, takes_lock, color, code);
  if (!prepared) return code;
  CliOutput out(progress_wanted(opts));
  Session s;
  if (int c = open_session(s, *prepared, opts, out, color); c != k_exit_ok) return c;
  runner::Outcome o;
  switch (command) {
    case Command::upgrade: o = s.runner->upgrade(opts.target.empty() ? "head" : opts.target); break;
    case Command::downgrade: o = s.runner->downgrade(opts.target); break;
    case Command::status: o = s.runner->status(opts.exit_code); break;
    case Command::history: o = s.runner->history(opts.attempts); break;
    case Command::stamp: o = s.runner->stamp(opts.target); break;
    case Command::rebaseline: o = s.runner->rebaseline(opts.versions); break;
    case Command::validate: o = s.runner->validate(); break;
  }
  return finish(o, color);
}

// verify: on a throwaway server, upgrade to the heads, downgrade to base, upgrade again, and compare schemas.
int run_verify(const DbOptions& opts, const GlobalOptions& global) {
  const bool color = use_color(opts.color, STDERR_FILENO);
  int code = k_exit_ok;
  auto prepared = prepare(opts, global, "verify", true, color, code);
  if (!prepared) return code;
  CliOutput out(progress_wanted(opts));
  Session s;
  if (int c = open_session(s, *prepared, opts, out, color, true); c != k_exit_ok) return c;
  runner::Runner& r = *s.runner;
  auto empty = r.schema_listing();
  if (!empty) return finish(runner::Outcome{runner::Status::database, empty.errors()}, color);
  const auto compare = [&](const std::string& before, const std::string& after, const std::string& what) -> int {
    if (before == after) return k_exit_ok;
    std::set<std::string> a;
    std::set<std::string> b;
    std::string line;
    for (char ch : before) {
      if (ch == '\n') a.insert(std::exchange(line, {}));
      else line += ch;
    }
    for (char ch : after) {
      if (ch == '\n') b.insert(std::exchange(line, {}));
      else line += ch;
    }
    std::string diff;
    int shown = 0;
    for (const auto& x : a) {
      if (b.count(x) == 0 && shown++ < 20) diff += "  - " + x + "\n";
    }
    for (const auto& x : b) {
      if (a.count(x) == 0 && shown++ < 20) diff += "  + " + x + "\n";
    }
    std::fprintf(stderr, "error[verify-failed]: %s\n%s  = help: make the down migrations undo exactly what the up migrations do\n",
                 what.c_str(), diff.c_str());
    return k_exit_findings;
  };
  auto o = r.upgrade("heads");
  if (o.status != runner::Status::ok) return finish(o, color);
  auto full = r.schema_listing();
  if (!full) return finish(runner::Outcome{runner::Status::database, full.errors()}, color);
  o = r.downgrade("base");
  if (o.status != runner::Status::ok) return finish(o, color);
  auto after_down = r.schema_listing();
  if (!after_down) return finish(runner::Outcome{runner::Status::database, after_down.errors()}, color);
  if (int c = compare(*empty, *after_down, "downgrading to base did not restore the empty schema (- missing, + left over)");
      c != k_exit_ok) {
    return c;
  }
  o = r.upgrade("heads");
  if (o.status != runner::Status::ok) return finish(o, color);
  auto again = r.schema_listing();
  if (!again) return finish(runner::Outcome{runner::Status::database, again.errors()}, color);
  if (int c = compare(*full, *again, "upgrading again after a full downgrade gave a different schema (- first run, + second run)");
      c != k_exit_ok) {
    return c;
  }
  std::size_t lines = 0;
  for (char ch : *full) lines += ch == '\n' ? 1 : 0;
  out.result(fmt::format("verified {} migrations on a throwaway Postgres: upgrade to heads, downgrade to base (schema empty "
                         "again), upgrade again (same schema: {} objects and columns)",
                         prepared->project.migrations.size(), lines));
  return k_exit_ok;
}

void add_connection_options(CLI::App* cmd, DbOptions& o) {
  cmd->add_option("--database-url", o.database_url,
                  "Database to use: a postgres:// URL, key=value conninfo, or `scratch` (a throwaway local Postgres); "
                  "default: $DATABASE_URL, then [database] url, then libpq's PG* variables")
      ->type_name("URL");
  cmd->add_option("--color", o.color, "Colour messages: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("-v,--verbose", o.verbose, "Print a progress line per migration even when not on a terminal");
}

void add_writer_options(CLI::App* cmd, DbOptions& o) {
  add_connection_options(cmd, o);
  cmd->add_flag("--dry-run", o.dry_run, "Print what would be done and change nothing");
  cmd->add_option("--lock-wait", o.lock_wait,
                  "How long to wait for another run's migration lock, e.g. 60s (default: [runner] lock_wait)")
      ->type_name("DURATION")
      ->check([](const std::string& text) {
        return compiler::parse_duration(text)
                   ? std::string()
                   : fmt::format("`{}` is not a duration: write it like 60s, 500ms or 2min", text);
      });
  cmd->add_option("--lock-mode", o.lock_mode,
                  "advisory (session advisory lock) or table (lease row, for PgBouncer transaction pooling)")
      ->check(CLI::IsMember({"advisory", "table"}));
}

const char* k_exit_footer =
    "Exit codes: 0 done; 1 check found something (status --exit-code, validate, verify); 2 usage, config or input "
    "error (edited applied migration, missing file, out-of-order, bad target); 3 database error; 5 lock wait "
    "exceeded. See docs/runner.md.";

}  // namespace

#define SQLMIGRATE_DB_COMMAND(fn, NAME, DESC, COMMAND, SETUP)                                           \
  Action fn(CLI::App& app, const GlobalOptions& global) {                                                \
    auto opts = std::make_shared<DbOptions>();                                                         \
    CLI::App* cmd = app.add_subcommand(NAME, DESC);                                                    \
    cmd->footer(k_exit_footer);                                                                        \
    DbOptions& o = *opts;                                                                              \
    SETUP;                                                                                             \
    return [opts, &global] { return run_command(COMMAND, *opts, global, NAME); };                      \
  }

SQLMIGRATE_DB_COMMAND(add_upgrade_command, "upgrade", "Apply pending migrations up to TARGET (default: head)",
                      Command::upgrade, {
                        cmd->add_option("TARGET", o.target,
                                        "head (default), heads, a version, +N; with --sql [FROM:]TARGET (FROM: base (default), a version, head or heads)");
                        add_writer_options(cmd, o);
                        cmd->add_flag("--allow-out-of-order", o.allow_out_of_order,
                                      "Apply pending migrations that come before already-applied ones in the plan (refused otherwise)");
                        cmd->add_flag("--sql", o.sql, "Print the psql script instead of connecting (offline mode)");
                        cmd->add_option("-o,--output", o.output, "With --sql: write the script to FILE")->type_name("FILE");
                      })

SQLMIGRATE_DB_COMMAND(add_downgrade_command, "downgrade", "Revert applied migrations down to TARGET",
                      Command::downgrade, {
                        cmd->add_option("TARGET", o.target, "-N (the last N applied), a version (revert what came after it), base; with --sql FROM:TARGET (FROM: a version, head or heads)")
                            ->required();
                        add_writer_options(cmd, o);
                        cmd->add_flag("--sql", o.sql, "Print the psql script instead of connecting (offline mode)");
                        cmd->add_option("-o,--output", o.output, "With --sql: write the script to FILE")->type_name("FILE");
                      })

SQLMIGRATE_DB_COMMAND(add_status_command, "status",
                      "Show applied, pending, partial, out-of-order and edited migrations", Command::status, {
                        add_connection_options(cmd, o);
                        cmd->add_flag("--exit-code", o.exit_code, "Exit 1 when anything is pending (for CI and readiness checks)");
                      })

SQLMIGRATE_DB_COMMAND(add_history_command, "history", "List applied migrations with time, duration and who applied them",
                      Command::history, {
                        add_connection_options(cmd, o);
                        cmd->add_flag("--attempts", o.attempts, "List every attempt from the log, failures included");
                      })

SQLMIGRATE_DB_COMMAND(add_stamp_command, "stamp",
                      "Make the history record TARGET (head, heads, a version, base) without running any SQL",
                      Command::stamp, {
                        cmd->add_option("TARGET", o.target, "head, heads, a version, or base")->required();
                        add_writer_options(cmd, o);
                      })

SQLMIGRATE_DB_COMMAND(add_rebaseline_command, "rebaseline",
                      "Record the current checksum of edited applied migrations (after a harmless edit)",
                      Command::rebaseline, {
                        cmd->add_option("VERSION", o.versions, "Versions to re-baseline (default: every edited one)");
                        add_writer_options(cmd, o);
                      })

SQLMIGRATE_DB_COMMAND(add_validate_command, "validate",
                      "Check the history against the files: edited, missing, out-of-order and partial migrations",
                      Command::validate, { add_connection_options(cmd, o); })

Action add_verify_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<DbOptions>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "On a throwaway local Postgres: upgrade to heads, downgrade to base, upgrade again, compare schemas");
  cmd->footer(k_exit_footer);
  cmd->add_option("--color", opts->color, "Colour messages: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("-v,--verbose", opts->verbose, "Print a progress line per migration even when not on a terminal");
  return [opts, &global] { return run_verify(*opts, global); };
}

}  // namespace sqlmigrate::cli
