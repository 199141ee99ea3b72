#pragma once
// Migrations found on disk: versions, names and their up/down files (not yet read).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/boxed.hpp"
#include "compiler/diagnostic.hpp"

namespace sqlmigrate::compiler {

// How a migrations folder names its files (docs/layouts.md).
enum class Layout : std::uint8_t {
  native,          // <version>_<name>.up.sql + <version>_<name>.down.sql
  diesel,          // <version>_<name>/up.sql + down.sql (+ metadata.toml)
  golang_migrate,  // <version>_<name>.up.sql + .down.sql, any characters in the name
  dbmate,          // <version>_<name>.sql with `-- migrate:up` and `-- migrate:down` sections
  flyway,          // V<version>__<desc>.sql, U<version>__<desc>.sql undo files (+ .sql.conf)
};

std::string_view to_string(Layout layout);
std::optional<Layout> parse_layout(std::string_view text);
// The values of `[migrations] layout`, for messages.
inline constexpr const char* k_layout_values = R"("native", "diesel", "golang-migrate", "dbmate", "flyway")";

// An open migrations folder, shared by the files discovered in it: they are read with openat()
// relative to it (see SourceFile::read).
class OpenDirectory {
 public:
  explicit OpenDirectory(int fd) : m_fd(fd) {}
  OpenDirectory(const OpenDirectory&) = delete;
  OpenDirectory& operator=(const OpenDirectory&) = delete;
  ~OpenDirectory();
  int fd() const { return m_fd; }
  // Opens a folder to read files from; nullptr when it cannot be opened (files are then read by path).
  static std::shared_ptr<const OpenDirectory> open(const std::string& path);

 private:
  int m_fd;
};

// What few migration files have, kept out of line (see MigrationFile::rare).
struct MigrationFileRare {
  std::string path;  // where to read it, when not `display` (see MigrationFile::location)
  // The text when the file is standard input (`from_stdin`).
  std::shared_ptr<const std::string> stdin_text;
  // Where the layout's marker (MigrationFile::no_transaction_by_layout) was read, for messages
  // ("…/metadata.toml: run_in_transaction = false").
  std::string no_transaction_origin;
  // Part of a file that holds both scripts (dbmate): the byte range [begin, end) of this script.
  // The loader blanks out the rest of the file (spaces, line ends kept), so that byte offsets,
  // lines and columns stay those of the whole file.
  std::optional<Span> section;
};

// A folder may hold tens of thousands of these, kept for the whole run: what few files have is
// kept out of line (one pointer, null for most files).
struct MigrationFile {
  std::string display;  // how to name it in messages
  // The folder the file is in, when it was discovered in a listing: the file is read relative to
  // it (its location is that folder's path joined with the file's name).
  std::shared_ptr<const OpenDirectory> dir;
  Boxed<MigrationFileRare> rare;
  bool from_stdin = false;
  // The layout's own marker says this script runs outside a transaction: diesel's metadata.toml
  // `run_in_transaction = false`, dbmate's `-- migrate:up transaction:false`, Flyway's
  // `executeInTransaction=false` in <script>.conf. Same effect as `-- sqlmigrate:no-transaction`.
  bool no_transaction_by_layout = false;

  // Where to read it. A folder named as it is shown (the usual case) gives each file one string.
  const std::string& location() const { return rare.get().path.empty() ? display : rare.get().path; }
  void set_path(std::string path) {
    if (!path.empty() || rare.if_any() != nullptr) rare.edit().path = std::move(path);
  }
  const std::optional<Span>& section() const { return rare.get().section; }
};

struct Migration {
  std::string version;  // as written in the file name ("0042", "2019-01-01-000000", "1.1" for V1_1); empty for a standalone file
  std::string name;     // the name after the version
  MigrationFile up;
  std::optional<MigrationFile> down;
  bool standalone = false;  // a lone .sql file outside the migration layout: no down file expected
  // A lone down file whose name does not fit the layout (`undo.down.sql`): `up` holds the down
  // script, checked as a down file is (parse, directives, transaction errors) but neither replayed
  // nor checked by the statement rules, which run on up files only.
  bool down_only = false;
  // The version normalised to its identity: unique within a set, stable, what a history table
  // stores. Native/golang-migrate: digits without leading zeros; diesel: digits without `-` (what
  // diesel itself records); dbmate: the digits as written; Flyway: numeric parts joined by `.`,
  // leading zeros and trailing `.0` parts dropped (V1_01 and V1.1.0 are both "1.1").
  std::string version_key;
  Layout layout = Layout::native;
};

struct MigrationSet {
  std::vector<Migration> migrations;  // in the order the layout's own tool applies them
  std::vector<Diagnostic> errors;     // duplicate versions, orphan down files, bad names, ...
  Layout layout = Layout::native;     // the layout read (configured or detected)
  // Read from a whole migrations folder, so replaying it from the start gives the whole schema;
  // not so for files named one by one.
  bool complete = false;
  std::string display;  // the folder as shown in messages (empty for files named one by one)
};

// Compares two versions made of numeric parts separated by `.` (digit strings of any length,
// leading zeros ignored, a missing part counts as 0): "1.10" > "1.9", "0042" == "42", "1" == "1.0".
// This is the order of native, golang-migrate and Flyway versions; diesel and dbmate order their
// migrations by text (see docs/layouts.md); every MigrationSet is already in its apply order.
int compare_versions(std::string_view a, std::string_view b);

// Reads a migrations folder in the given layout, or the layout detected from its files when none
// is given (a folder that mixes layouts is an error that names the files). `display_dir` prefixes
// the file names shown to the user.
MigrationSet discover_migrations(const std::filesystem::path& dir, const std::string& display_dir,
                                 std::optional<Layout> layout = std::nullopt);

// Standard input, linted as if it were the file `name`.
struct StdinScript {
  std::string name;
  std::shared_ptr<const std::string> text;
};

// Groups explicitly named .sql files: files that fit a migration layout become migrations (with
// their down sibling, metadata or sections on disk); a `.down.sql` file that does not fit is a
// down-only migration (Migration::down_only); any other .sql file is a standalone, one-file
// migration. `layout` restricts recognition to one layout (else every layout is tried). The file
// of `files` named `stdin_script->name`, when given, is read from that text instead of from disk.
MigrationSet migrations_from_files(const std::vector<std::string>& files, std::optional<Layout> layout = std::nullopt,
                                   const StdinScript* stdin_script = nullptr);

}  // namespace sqlmigrate::compiler
