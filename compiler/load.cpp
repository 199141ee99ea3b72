#include "compiler/load.hpp"

#include <algorithm>
#include <string>

namespace sqlmigrate::compiler {

LoadedScript load_script(const MigrationFile& file) {
  LoadedScript out = read_script(file);
  parse_script(out);
  return out;
}

void parse_script(LoadedScript& out) {
  if (!out.source || out.script) return;
  out.script.emplace(parse(*out.source));
  out.directives = read_directives(*out.script);
  out.errors = out.script->errors();
  out.errors.insert(out.errors.end(), out.directives.errors.begin(), out.directives.errors.end());
}

LoadedScript read_script(const MigrationFile& file) {
  LoadedScript out;
  auto source = file.from_stdin ? SourceFile::from_text(file.display, file.rare.get().stdin_text ? *file.rare.get().stdin_text : std::string())
                                : file.dir ? SourceFile::read(file.location(), file.display, file.dir->fd(),
                                                              file.location().c_str() + file.location().rfind('/') + 1)
                                           : SourceFile::read(file.location(), file.display);
  if (!source) {
    out.errors = source.take_errors();
    return out;
  }
  out.source = std::make_unique<SourceFile>(std::move(*source));
  if (const auto& range = file.section(); range) {
    // One section of a file that holds several (dbmate): parse the file with everything outside the
    // section blanked out (line ends kept), so offsets, lines and columns are the whole file's.
    std::string text = out.source->text();
    const std::size_t begin = std::min<std::size_t>(range->begin, text.size());
    const std::size_t end = std::min<std::size_t>(std::max(range->end, range->begin), text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((i < begin || i >= end) && text[i] != '\n' && text[i] != '\r') text[i] = ' ';
    }
    auto section = SourceFile::from_text(file.display, std::move(text));
    if (!section) {
      out.errors = section.take_errors();
      return out;
    }
    out.whole = std::move(out.source);
    out.source = std::make_unique<SourceFile>(std::move(*section));
  }
  return out;
}

}  // namespace sqlmigrate::compiler
