// `sqlmigrate plan [[FROM:]TARGET]`, and the offline `upgrade --sql` / `downgrade --sql` scripts.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/app.hpp"
#include "cli/project.hpp"
#include "linter/report.hpp"
#include "runner/offline.hpp"

namespace sqlmigrate::cli {
namespace fs = std::filesystem;

OfflinePlan resolve_offline_plan(const compiler::Project& project, std::string_view range_text,
                                 std::optional<compiler::Direction> direction, std::vector<compiler::Diagnostic>& errors) {
  OfflinePlan out;
  const auto range = compiler::split_range(range_text);
  out.from = range.from.value_or("base");
  if (out.from.empty()) out.from = "base";
  out.to = range.to.empty() ? "head" : range.to;
  auto state = compiler::state_at(project, out.from);
  if (!state) {
    errors = state.take_errors();
    return out;
  }
  if (!direction) {
    // A plan reads its direction from the target: base and -N go down; so does a version the FROM
    // state already holds (other than FROM itself).
    direction = compiler::Direction::up;
    if (out.to == "base" || out.to.starts_with('-')) {
      direction = compiler::Direction::down;
    } else if (range.from && compiler::compare_versions(out.to, out.from) != 0 && project.find(out.to) &&
               state->applied.contains(out.to)) {
      direction = compiler::Direction::down;
    }
  }
  auto plan = *direction == compiler::Direction::up ? compiler::plan_upgrade(project, *state, out.to)
                                                    : compiler::plan_downgrade(project, *state, out.to);
  if (!plan) {
    errors = plan.take_errors();
    return out;
  }
  out.plan = std::move(*plan);
  return out;
}

runner::RunSettings run_settings(const compiler::Config& config) {
  runner::RunSettings settings;
  settings.history.schema = config.history_schema;
  settings.history.table = config.history_table;
  settings.lock_timeout = config.lock_timeout;
  settings.statement_timeout = config.statement_timeout;
  return settings;
}

int write_offline_script(const GlobalOptions& global, std::string_view range_text, compiler::Direction direction,
                         const std::optional<std::string>& output) {
  if (output && output->empty()) {
    print_errors({compiler::input_error("invalid-option", "", std::nullopt, "`--output` is empty",
                                        "name the file to write the script to, for example `-o upgrade.sql`, or leave "
                                        "-o out to print the script")});
    return k_exit_input;
  }
  auto loaded = load_project(global);
  if (!loaded) return k_exit_input;
  if (direction == compiler::Direction::down && !compiler::split_range(range_text).from) {
    print_errors({compiler::input_error(
        "invalid-target", "", std::nullopt,
        fmt::format("an offline downgrade needs to know where the database stands, and `{}` does not say", range_text),
        fmt::format("write the range as FROM:TARGET, for example `sqlmigrate downgrade head:{} --sql`", range_text))});
    return k_exit_input;
  }
  std::vector<compiler::Diagnostic> errors;
  auto resolved = resolve_offline_plan(loaded->project, range_text, direction, errors);
  if (!errors.empty()) {
    print_errors(errors);
    return k_exit_input;
  }
  const std::string script =
      runner::offline_script(loaded->project, resolved.plan, run_settings(loaded->config), resolved.from, resolved.to);
  if (!output) {
    std::fwrite(script.data(), 1, script.size(), stdout);
    return std::fflush(stdout) == 0 ? k_exit_ok : k_exit_input;
  }
  // Write next to the target and rename, so a failed write never leaves half a script behind.
  const fs::path target = *output;
  const fs::path temp = target.string() + ".tmp";
  if (std::error_code dir_ec; fs::is_directory(target, dir_ec)) {
    print_errors({compiler::input_error(
        "unwritable-output", *output, std::nullopt,
        fmt::format("`{}` is a folder, not a file to write the script to", *output),
        fmt::format("name the file to write, for example --output {}", (target / "upgrade.sql").generic_string()))});
    return k_exit_input;
  }
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << script;
    file.close();
    if (!file) {
      std::error_code ec;
      fs::remove(temp, ec);
      print_errors({compiler::input_error("unwritable-output", *output, std::nullopt,
                                          fmt::format("cannot write the script to `{}`", *output),
                                          "check that the folder exists and is writable, or leave out --output to "
                                          "write to standard output")});
      return k_exit_input;
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    print_errors({compiler::input_error("unwritable-output", *output, std::nullopt,
                                        fmt::format("cannot write the script to `{}`: {}", *output,
                                                    ec.message() == "Success" ? "the rename failed" : ec.message()),
                                        "check that the folder is writable")});
    return k_exit_input;
  }
  return k_exit_ok;
}

namespace {

struct PlanOptions {
  std::string target;
  std::string format = "text";
};

void print_text(const compiler::Project& project, const OfflinePlan& resolved) {
  const auto& plan = resolved.plan;
  const bool up = plan.direction == compiler::Direction::up;
  fmt::print("{} {} -> {}: {} migration(s)\n", up ? "Upgrade" : "Downgrade", resolved.from, resolved.to,
             plan.steps.size());
  for (const auto& step : plan.steps) {
    const auto& m = project.migrations[step.migration];
    const auto& script = up ? m.up : *m.down;
    fmt::print("\n{} {}  {}\n", m.version, m.name, script.file);
    if (m.explicit_parents) fmt::print("  depends on: {}\n", fmt::join(m.parents, ", "));
    for (std::size_t u = 0; u < script.units.size(); ++u) {
      const auto& unit = script.units[u];
      if (unit.transactional) {
        fmt::print("  unit {}: BEGIN; {} statement(s) from line {}, then the history write; COMMIT\n", u + 1,
                   unit.statements, unit.line);
      } else {
        fmt::print("  unit {}: autocommit, line {} ({}); progress recorded after it\n", u + 1, unit.line,
                   unit.autocommit_reason);
      }
      if (!unit.summary.empty()) fmt::print("          {}\n", unit.summary);
      for (const auto& lock : unit.locks) {
        std::string extra;
        if (lock.created) {
          extra = ", created here";
        } else {
          if (lock.rewrite != compiler::Tri::no) extra += fmt::format(", rewrite: {}", compiler::to_string(lock.rewrite));
          if (lock.scan != compiler::Tri::no) extra += fmt::format(", scan: {}", compiler::to_string(lock.scan));
        }
        fmt::print("          lock {} on {}{}\n", compiler::to_string(lock.mode), lock.relation, extra);
      }
      if (!unit.locks_known) fmt::print("          (runs code sqlmigrate cannot see into: it may lock more)\n");
    }
  }
}

void print_json(const compiler::Project& project, const OfflinePlan& resolved) {
  const auto& plan = resolved.plan;
  const bool up = plan.direction == compiler::Direction::up;
  std::string out = fmt::format(R"({{"direction":"{}","from":"{}","to":"{}","steps":[)", up ? "up" : "down",
                                linter::json_escape(resolved.from), linter::json_escape(resolved.to));
  for (std::size_t s = 0; s < plan.steps.size(); ++s) {
    const auto& m = project.migrations[plan.steps[s].migration];
    const auto& script = up ? m.up : *m.down;
    if (s > 0) out += ',';
    out += fmt::format(R"({{"version":"{}","name":"{}","file":"{}","checksum":"{}","parents":[)",
                       linter::json_escape(m.version), linter::json_escape(m.name), linter::json_escape(script.file),
                       script.checksum);
    for (std::size_t p = 0; p < m.parents.size(); ++p) {
      out += fmt::format(R"({}"{}")", p > 0 ? "," : "", linter::json_escape(m.parents[p]));
    }
    out += R"(],"units":[)";
    for (std::size_t u = 0; u < script.units.size(); ++u) {
      const auto& unit = script.units[u];
      out += fmt::format(R"({}{{"transactional":{},"line":{},"statements":{},"summary":"{}","autocommit_reason":{},)",
                         u > 0 ? "," : "", unit.transactional ? "true" : "false", unit.line, unit.statements,
                         linter::json_escape(unit.summary),
                         unit.transactional ? std::string("null")
                                            : fmt::format("\"{}\"", linter::json_escape(unit.autocommit_reason)));
      out += fmt::format(R"("locks_known":{},"locks":[)", unit.locks_known ? "true" : "false");
      for (std::size_t l = 0; l < unit.locks.size(); ++l) {
        const auto& lock = unit.locks[l];
        out += fmt::format(R"({}{{"relation":"{}","mode":"{}","scan":"{}","rewrite":"{}","created":{}}})",
                           l > 0 ? "," : "", linter::json_escape(lock.relation), compiler::to_string(lock.mode),
                           compiler::to_string(lock.scan), compiler::to_string(lock.rewrite),
                           lock.created ? "true" : "false");
      }
      out += "]}";
    }
    out += "]}";
  }
  out += "]}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

int run_plan(const PlanOptions& opts, const GlobalOptions& global) {
  auto loaded = load_project(global);
  if (!loaded) return k_exit_input;
  if (const auto range = compiler::split_range(opts.target); !range.from && range.to.starts_with('-')) {
    // Without FROM, a plan starts from an empty database: there is nothing to revert.
    print_errors({compiler::input_error(
        "invalid-target", "", std::nullopt,
        fmt::format("`{}` counts back from where the database stands, and a plan without FROM: starts from an "
                    "empty database",
                    opts.target),
        fmt::format("write the range as FROM:{}, for example `sqlmigrate plan head:{}`", opts.target, opts.target))});
    return k_exit_input;
  }
  std::vector<compiler::Diagnostic> errors;
  const auto resolved = resolve_offline_plan(loaded->project, opts.target.empty() ? "head" : opts.target,
                                             std::nullopt, errors);
  if (!errors.empty()) {
    print_errors(errors);
    return k_exit_input;
  }
  if (opts.format == "json") {
    print_json(loaded->project, resolved);
  } else {
    print_text(loaded->project, resolved);
  }
  return k_exit_ok;
}

}  // namespace

Action add_plan_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<PlanOptions>();
  CLI::App* cmd = app.add_subcommand("plan", "Show the steps, units and transaction boundaries a run would take");
  cmd->footer(
      "TARGET is head (default), heads, a version, +N, base or -N, optionally after FROM: (a version, base, head\n"
      "or heads; default base). base and -N plan a downgrade, as does a version that FROM already includes.\n"
      "Examples: `sqlmigrate plan`, `sqlmigrate plan 0003:head`, `sqlmigrate plan head:-2`.\n"
      "Exit codes: 0 printed; 2 config, input or target error.");
  cmd->add_option("TARGET", opts->target, "[FROM:]TARGET (default: head)");
  cmd->add_option("--format", opts->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [opts, &global] { return run_plan(*opts, global); };
}

}  // namespace sqlmigrate::cli
