#pragma once
// What the commands that work on a whole project share: the config, the compiled migrations, and
// printing errors to standard error with their source lines.

#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "compiler/config.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/plan.hpp"
#include "runner/offline.hpp"

namespace sqlmigrate::cli {

struct LoadedProject {
  compiler::Config config;
  std::string migrations_display;  // the migrations folder as shown to the user
  std::filesystem::path migrations_dir;
  compiler::Project project;
  compiler::Layout layout = compiler::Layout::native;  // configured or detected
};

// Prints diagnostics to standard error as the text reporter renders them (source line and caret,
// reading the files named by the diagnostics).
void print_errors(const std::vector<compiler::Diagnostic>& errors);

// Loads the config only; on error prints it and returns nothing (the exit code is then k_exit_input).
std::optional<compiler::Config> load_config_or_report(const GlobalOptions& global);

// Loads the config, discovers and compiles the migrations. On error prints the errors and returns nothing.
std::optional<LoadedProject> load_project(const GlobalOptions& global);

// A plan resolved without a database: FROM (default base) gives the state, TO the target.
struct OfflinePlan {
  std::string from;
  std::string to;
  compiler::Plan plan;
};
// `direction` none: read it from the target (base and -N go down). Errors land in `errors`.
OfflinePlan resolve_offline_plan(const compiler::Project& project, std::string_view range_text,
                                 std::optional<compiler::Direction> direction, std::vector<compiler::Diagnostic>& errors);

// `upgrade --sql` / `downgrade --sql`: writes the script to stdout or `output`; errors go to stderr only.
int write_offline_script(const GlobalOptions& global, std::string_view range_text, compiler::Direction direction,
                         const std::optional<std::string>& output);

}  // namespace sqlmigrate::cli
