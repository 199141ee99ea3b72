#pragma once
// Reading one migration script: its text (one section of a shared file for dbmate), the parse, and
// its directives. The lint engine and the plan both load files through here.

#include <memory>
#include <optional>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/directives.hpp"
#include "compiler/migration.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::compiler {

struct LoadedScript {
  std::unique_ptr<SourceFile> source;  // what was parsed
  // The whole file, for showing lines, when `source` is one section of it with the rest blanked out.
  std::unique_ptr<SourceFile> whole;
  std::optional<Script> script;  // empty when the file could not be read
  Directives directives;
  std::vector<Diagnostic> errors;  // read, syntax and directive errors
};

// Reads and parses a file (or its section). Never throws; errors are in the result.
LoadedScript load_script(const MigrationFile& file);

// The two halves of load_script: reading (no script yet) and then parsing what was read (nothing
// to do when the file could not be read).
LoadedScript read_script(const MigrationFile& file);
void parse_script(LoadedScript& loaded);

}  // namespace sqlmigrate::compiler
