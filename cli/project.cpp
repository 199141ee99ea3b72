#include "cli/project.hpp"

#include <unistd.h>

#include <cstdio>
#include <map>
#include <memory>

#include "compiler/migration.hpp"
#include "linter/report.hpp"

namespace sqlmigrate::cli {

void print_errors(const std::vector<compiler::Diagnostic>& errors) {
  std::vector<compiler::Diagnostic> sorted = errors;
  compiler::sort_diagnostics(sorted);
  const bool color = use_color("auto", STDERR_FILENO);
  std::map<std::string, std::unique_ptr<compiler::SourceFile>> sources;
  for (const auto& d : sorted) {
    const compiler::SourceFile* source = nullptr;
    if (d.span && !d.file.empty()) {
      auto& slot = sources[d.file];
      if (!slot) {
        if (auto read = compiler::SourceFile::read(d.file, d.file)) slot = std::make_unique<compiler::SourceFile>(std::move(*read));
      }
      source = slot.get();
    }
    const std::string text = linter::render_text(d, source, color);
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

std::optional<compiler::Config> load_config_or_report(const GlobalOptions& global) {
  auto loaded = compiler::load_config(global.config_path);
  if (!loaded.config) {
    const bool color = use_color("auto", STDERR_FILENO);
    for (const auto& d : loaded.errors) {
      const std::string text = linter::render_text(d, loaded.file.get(), color);
      std::fwrite(text.data(), 1, text.size(), stderr);
    }
    return std::nullopt;
  }
  return std::move(*loaded.config);
}

std::optional<LoadedProject> load_project(const GlobalOptions& global) {
  auto config = load_config_or_report(global);
  if (!config) return std::nullopt;
  LoadedProject out;
  out.config = std::move(*config);
  out.migrations_dir = compiler::migrations_path(out.config);
  out.migrations_display = compiler::migrations_display(out.config);
  const auto set =
      compiler::discover_migrations(out.migrations_dir, out.migrations_display, out.config.migrations_layout);
  out.layout = set.layout;
  auto project = compiler::compile_project(set);
  if (!project) {
    print_errors(project.errors());
    return std::nullopt;
  }
  out.project = std::move(*project);
  return out;
}

}  // namespace sqlmigrate::cli
