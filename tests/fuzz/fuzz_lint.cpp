// libFuzzer target: any bytes through source validation, parsing, directives, every rule and
// the reporters must never crash, leak or trip a sanitizer.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "compiler/migration.hpp"
#include "linter/engine.hpp"
#include "linter/report.hpp"
#include "rules/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sqlmigrate;
  compiler::MigrationSet set;
  compiler::Migration m;
  m.name = "fuzz";
  m.up.display = "fuzz.sql";
  m.up.from_stdin = true;
  m.up.rare.edit().stdin_text = std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size);
  m.standalone = true;
  set.migrations.push_back(std::move(m));

  linter::LintOptions options;
  options.all_rules = rules::all_rules();
  compiler::Config config;
  for (const linter::Rule* rule : rules::all_rules()) config.rules[std::string(rule->meta().id)] = {"on", {}};
  options.rules = linter::select_rules(rules::all_rules(), config).active;
  options.settings.pg_version = size % 2 == 0 ? 15 : 10;
  options.jobs = 1;

  static std::FILE* sink = std::fopen("/dev/null", "w");
  auto text = linter::make_reporter(linter::Format::text, sink, {});
  auto json = linter::make_reporter(linter::Format::json, sink, {});
  const auto summary = linter::lint(set, options, [&](const linter::MigrationReport& report) {
    text->report(report.diagnostics, report.sources);
    json->report(report.diagnostics, report.sources);
  });
  text->finish(summary);
  json->finish(summary);
  return 0;
}
