#include "cli/app.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/engine.hpp"

namespace sqlmigrate::cli {

CLI::Option* add_pg_version_option(CLI::App* cmd, std::optional<std::string>& target) {
  return cmd
      ->add_option("--pg-version", target,
                   fmt::format("Postgres version the migrations run on: a major version ({} to {}), or a minor "
                               "release such as 14.3 (default: from config, else {})",
                               compiler::k_min_pg_version, compiler::k_max_pg_version, compiler::k_default_pg_version))
      ->check(CLI::Validator(
          [](const std::string& text) {
            return compiler::parse_pg_version(text)
                       ? std::string()
                       : fmt::format("expected a Postgres major version from {} to {} (15) or a minor release (14.3)",
                                     compiler::k_min_pg_version, compiler::k_max_pg_version);
          },
          "VERSION"));
}

compiler::PgVersion pg_version_of(const compiler::Config& config, const std::optional<std::string>& option) {
  if (option) {
    if (const auto parsed = compiler::parse_pg_version(*option)) return *parsed;
  }
  return compiler::PgVersion{config.pg_version, config.pg_minor};
}

bool use_color(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return isatty(fd) != 0;
}

int run(int argc, char** argv) {
  CLI::App app{"sqlmigrate: parse, lint, plan and run PostgreSQL migrations written as plain SQL files.", "sqlmigrate"};
  app.footer(
      "Exit codes: 0 clean; 1 lint findings at or above --fail-on; 2 usage, config or input error; 3 database "
      "error; 4 internal error (a bug); 5 migration lock wait exceeded.\nRun `sqlmigrate <command> --help` for a command's options.");
  app.set_version_flag("--version", std::string("sqlmigrate ") + SQLMIGRATE_VERSION);
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option_function<std::string>("--config", [&](const std::string& p) { global.config_path = p; },
                                        "Config file (default: sqlmigrate.toml in this folder or the nearest parent)")
      ->type_name("FILE");
  app.fallthrough();  // --config may also follow the command: `sqlmigrate lint --config ci.toml`

  std::vector<std::pair<CLI::App*, Action>> commands;
  const auto add = [&](Action (*adder)(CLI::App&, const GlobalOptions&)) {
    const std::size_t before = app.get_subcommands({}).size();
    Action action = adder(app, global);
    commands.emplace_back(app.get_subcommands({})[before], std::move(action));
  };
  using Adder = Action (*)(CLI::App&, const GlobalOptions&);
  static constexpr std::pair<std::string_view, Adder> k_commands[] = {
      {"lint", add_lint_command},         {"locks", add_locks_command},
      {"rules", add_rules_command},       {"explain", add_explain_command},
      {"plan", add_plan_command},         {"new", add_new_command},
      {"merge", add_merge_command},       {"init", add_init_command},
      {"upgrade", add_upgrade_command},   {"downgrade", add_downgrade_command},
      {"status", add_status_command},     {"history", add_history_command},
      {"stamp", add_stamp_command},       {"rebaseline", add_rebaseline_command},
      {"validate", add_validate_command}, {"verify", add_verify_command},
  };
  // A command line that starts with a command's name (after `--config FILE`, if any) sets up that
  // command alone: setting up all sixteen is a tenth of linting one small file (a pre-commit
  // hook). Anything else (--help, --version, a misspelt command) gets all of them.
  int first = 1;
  if (first < argc && std::string_view(argv[first]) == "--config") {
    first += 2;
  } else if (first < argc && std::string_view(argv[first]).starts_with("--config=")) {
    first += 1;
  }
  const std::string_view named = first < argc ? std::string_view(argv[first]) : std::string_view();
  bool one = false;
  for (const auto& [name, adder] : k_commands) {
    if (name != named) continue;
    add(adder);
    one = commands.back().first->get_name() == name;
    if (!one) {  // the table and the command disagree: set up everything, as for any other line
      app.remove_subcommand(commands.back().first);
      commands.clear();
    }
  }
  if (!one) {
    for (const auto& [name, adder] : k_commands) add(adder);
  }
  std::string command_list;
  for (const auto& entry : k_commands) command_list += (command_list.empty() ? "" : ", ") + std::string(entry.first);
  if (!one && !named.empty() && !named.starts_with('-')) {
    // A word where the command goes that is no command: say so, and name the nearest one.
    std::string_view nearest;
    std::size_t best = 3;  // at most two edits away, or it is no suggestion
    for (const auto& entry : k_commands) {
      const std::size_t d = linter::edit_distance(named, entry.first);
      if (d < best) {
        best = d;
        nearest = entry.first;
      }
    }
    std::fprintf(stderr, "error: `%.*s` is not a sqlmigrate command%s\n  = help: the commands are %s; run `sqlmigrate --help` for what each does\n",
                 static_cast<int>(named.size()), named.data(),
                 nearest.empty() ? "" : fmt::format(" (did you mean `{}`?)", nearest).c_str(), command_list.c_str());
    return k_exit_input;
  }
  if (first == argc) {
    // Nothing but (at most) --config: show what there is to run.
    std::fprintf(stderr, "%s\nerror: no command given\n  = help: run `sqlmigrate <command>`, one of: %s\n",
                 app.help().c_str(), command_list.c_str());
    return k_exit_input;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto parsed = std::find_if(commands.begin(), commands.end(), [](const auto& c) { return c.first->parsed(); });
    if (parsed != commands.end()) {
      // A command with a missing or wrong argument: the problem, the command's usage line, and where
      // to read more.
      const CLI::App& sub = *parsed->first;
      const std::string help = sub.help();
      const auto at = help.find("Usage: ");
      // Shown alone, a command's help names it without the program ("Usage: lint ...").
      std::string usage = at == std::string::npos ? std::string() : help.substr(at, help.find('\n', at) - at);
      if (usage.starts_with("Usage: " + sub.get_name())) usage.insert(7, "sqlmigrate ");
      std::fprintf(stderr, "error: %s\n%s%s  = help: `sqlmigrate %s --help` describes each argument and option\n", e.what(),
                   usage.c_str(), usage.empty() ? "" : "\n", sub.get_name().c_str());
      return k_exit_input;
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e) == nullptr) {
      std::fprintf(stderr, "error: %s\n  = help: `sqlmigrate --help` lists the commands and global options\n", e.what());
      return k_exit_input;
    }
    // Only options, no command (`sqlmigrate --frob`): CLI11 would only say that a subcommand is required.
    std::string unexpected;
    for (const std::string& arg : app.remaining()) unexpected += (unexpected.empty() ? "`" : ", `") + arg + "`";
    std::fprintf(stderr, "error: no command given%s\n  = help: run `sqlmigrate <command>`, one of: %s; `sqlmigrate --help` says what each does\n",
                 unexpected.empty() ? "" : (" (not understood: " + unexpected + ")").c_str(), command_list.c_str());
    return k_exit_input;
  }
  try {
    for (auto& [sub, action] : commands) {
      if (sub->parsed()) return action();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sqlmigrate: internal error: %s\nThis is a bug in sqlmigrate; please report it.\n", e.what());
    return k_exit_internal;
  }
  return k_exit_input;
}

}  // namespace sqlmigrate::cli
