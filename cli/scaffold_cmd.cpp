// `sqlmigrate new`, `sqlmigrate merge` and `sqlmigrate init`: files that start a migration or a project.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/app.hpp"
#include "cli/project.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::cli {
namespace fs = std::filesystem;
namespace {

std::string slugify(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > 60) out.resize(60);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// The description as it goes into the file: one comment line. A newline would end the comment and
// make the rest SQL that runs, so control characters become spaces, and runs of spaces one.
std::string comment_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool space = u < 0x20 || u == 0x7f || u == ' ';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Not UTF-8: the new files would be refused by every later command.
bool refuse_non_utf8(const std::string& description, const char* option) {
  if (compiler::SourceFile::from_text("", description)) return false;
  print_errors(
      {compiler::input_error("invalid-name", "", std::nullopt, fmt::format("the {} is not valid UTF-8", option),
                             "migration files are UTF-8; write the description in UTF-8")});
  return true;
}

std::string increment(const std::string& digits) {
  std::string out = digits;
  for (std::size_t i = out.size(); i-- > 0;) {
    if (out[i] != '9') {
      ++out[i];
      return out;
    }
    out[i] = '0';
  }
  return "1" + out;
}

// The next version: a UTC timestamp when the project uses timestamps (or asks for one), else the
// highest version plus one, as wide as the widest existing version (at least 4 digits).
std::string next_version(const compiler::Project& project, bool timestamp) {
  std::string highest;
  for (const auto& m : project.migrations) {
    if (highest.empty() || compiler::compare_versions(m.version, highest) > 0) highest = m.version;
  }
  if (timestamp || highest.size() >= 12) {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::string stamp = fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                    tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (!highest.empty() && compiler::compare_versions(stamp, highest) <= 0) stamp = increment(highest);
    return stamp;
  }
  if (highest.empty()) return "0001";
  // As wide as the widest version there is, so that the new file sorts after the others by name too.
  std::size_t width = 0;
  for (const auto& m : project.migrations) width = std::max(width, m.version.size());
  std::string next = increment(highest);
  while (next.size() < width) next.insert(next.begin(), '0');
  return next;
}

// Writes both files or neither.
int write_pair(const fs::path& dir, const std::string& base, const std::string& up, const std::string& down) {
  const fs::path up_path = dir / (base + ".up.sql");
  const fs::path down_path = dir / (base + ".down.sql");
  std::error_code ec;
  for (const auto& p : {up_path, down_path}) {
    if (fs::exists(p, ec)) {
      print_errors({compiler::input_error("file-exists", p.string(), std::nullopt,
                                          fmt::format("`{}` already exists", p.string()),
                                          "choose another description, or remove the file")});
      return k_exit_input;
    }
  }
  std::ofstream(up_path, std::ios::binary) << up;
  std::ofstream down_file(down_path, std::ios::binary);
  down_file << down;
  down_file.close();
  if (!down_file || !fs::exists(up_path, ec)) {
    fs::remove(up_path, ec);
    fs::remove(down_path, ec);
    print_errors({compiler::input_error("unwritable-output", dir.string(), std::nullopt,
                                        fmt::format("cannot write the new migration into `{}`", dir.string()),
                                        "check that the folder exists and is writable")});
    return k_exit_input;
  }
  fmt::print("{}\n{}\n", up_path.string(), down_path.string());
  return k_exit_ok;
}

std::string head_list(const compiler::Project& project) {
  std::string out;
  for (const std::size_t h : project.heads) out += (out.empty() ? "" : ", ") + project.migrations[h].version;
  return out;
}

struct NewOptions {
  std::vector<std::string> words;
  bool timestamp = false;
};

// `new` and `merge` write `<version>_<name>.up.sql` / `.down.sql`; in a folder of another layout
// that would mix layouts, which discovery refuses.
bool writes_this_layout(const LoadedProject& loaded) {
  if (loaded.layout == compiler::Layout::native || loaded.layout == compiler::Layout::golang_migrate) return true;
  print_errors({compiler::input_error(
      "unsupported-layout", loaded.migrations_display, std::nullopt,
      fmt::format("`{}` uses the {} layout, and sqlmigrate writes new migrations only in the native layout",
                  loaded.migrations_display, compiler::to_string(loaded.layout)),
      fmt::format("create the migration with {}'s own tool, or by hand; sqlmigrate reads it as it is",
                  compiler::to_string(loaded.layout)))});
  return false;
}

int run_new(const NewOptions& opts, const GlobalOptions& global) {
  std::string description;
  for (const auto& w : opts.words) description += (description.empty() ? "" : " ") + w;
  description = comment_line(description);
  if (refuse_non_utf8(description, "description")) return k_exit_input;
  const std::string slug = slugify(description);
  if (slug.empty()) {
    print_errors(
        {compiler::input_error("invalid-name", "", std::nullopt,
                               fmt::format("`{}` has no ASCII letters or digits to name a migration with", description),
                               "migration file names use the letters a to z and digits only, so that every "
                               "tool and file system reads them alike; describe the change with them, for "
                               "example: sqlmigrate new add orders table")});
    return k_exit_input;
  }
  auto loaded = load_project(global);
  if (!loaded) return k_exit_input;
  if (!writes_this_layout(*loaded)) return k_exit_input;
  const auto& project = loaded->project;
  const std::string version = next_version(project, opts.timestamp);
  // The default parent is the previous version; name the heads only when that would not be all of them.
  std::string depends;
  if (project.heads.size() > 1 ||
      (project.heads.size() == 1 && project.migrations[project.heads.front()].version !=
                                        [&] {
                                          std::string highest;
                                          for (const auto& m : project.migrations) {
                                            if (highest.empty() || compiler::compare_versions(m.version, highest) > 0) {
                                              highest = m.version;
                                            }
                                          }
                                          return highest;
                                        }())) {
    depends = fmt::format("-- sqlmigrate:depends-on {}\n", head_list(project));
  }
  const std::string up = fmt::format("-- {}\n{}\n", description, depends);
  const std::string down = fmt::format("-- Reverts: {}\n\n", description);
  std::error_code ec;
  fs::create_directories(loaded->migrations_dir, ec);
  return write_pair(loaded->migrations_dir, version + "_" + slug, up, down);
}

struct MergeOptions {
  std::string message;
};

int run_merge(const MergeOptions& opts, const GlobalOptions& global) {
  auto loaded = load_project(global);
  if (!loaded) return k_exit_input;
  if (!writes_this_layout(*loaded)) return k_exit_input;
  const auto& project = loaded->project;
  if (project.heads.size() < 2) {
    print_errors({compiler::input_error(
        "nothing-to-merge", loaded->migrations_display, std::nullopt,
        fmt::format("the migrations have {} head, so there is nothing to merge", project.heads.size()),
        "merge joins branches: it is needed when `sqlmigrate plan` reports several heads")});
    return k_exit_input;
  }
  const std::string version = next_version(project, false);
  const std::string heads = head_list(project);
  const std::string description = opts.message.empty() ? fmt::format("merge {}", heads) : comment_line(opts.message);
  if (refuse_non_utf8(description, "message")) return k_exit_input;
  const std::string up = fmt::format(
      "-- {}\n-- sqlmigrate:depends-on {}\n-- A merge migration joins branches; it may stay empty.\n", description, heads);
  const std::string down = fmt::format("-- Reverts the merge of {} (nothing to undo).\n", heads);
  return write_pair(loaded->migrations_dir, version + "_" + slugify(description), up, down);
}

struct InitOptions {
  std::string dir = "migrations";
};

int run_init(const InitOptions& opts) {
  if (opts.dir.empty()) {
    print_errors(
        {compiler::input_error("invalid-option", "", std::nullopt, "`--dir` is empty",
                               "name the migrations folder, for example `sqlmigrate init --dir migrations`, or "
                               "leave --dir out for `migrations`")});
    return k_exit_input;
  }
  const fs::path config = "sqlmigrate.toml";
  std::error_code ec;
  if (fs::exists(config, ec)) {
    print_errors({compiler::input_error("file-exists", "sqlmigrate.toml", std::nullopt,
                                        "sqlmigrate.toml already exists in this folder",
                                        "edit it instead; docs/configuration.md lists every key")});
    return k_exit_input;
  }
  if (fs::exists(opts.dir, ec) && !fs::is_directory(opts.dir, ec)) {
    print_errors({compiler::input_error("unwritable-output", opts.dir, std::nullopt,
                                        fmt::format("`{}` exists and is not a folder", opts.dir),
                                        "choose another folder with --dir, or move that file away")});
    return k_exit_input;
  }
  const bool existed = fs::is_directory(opts.dir, ec);
  fs::create_directories(opts.dir, ec);
  if (ec) {
    print_errors({compiler::input_error("unwritable-output", opts.dir, std::nullopt,
                                        fmt::format("cannot create the folder `{}`: {}", opts.dir, ec.message()),
                                        "check the permissions of this folder")});
    return k_exit_input;
  }
  // The folder as a TOML basic string.
  std::string dir_toml;
  for (const char c : opts.dir) {
    if (c == '"' || c == '\\') dir_toml += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      dir_toml += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
      continue;
    }
    dir_toml += c;
  }
  std::ofstream out(config, std::ios::binary);
  out << fmt::format(
      "# sqlmigrate configuration. Every key is optional; the values shown are the defaults.\n"
      "\n"
      "[migrations]\n"
      "dir = \"{}\"\n"
      "\n"
      "[lint]\n"
      "pg_version = {}   # the Postgres major version you deploy to\n"
      "fail_on = \"warning\"\n"
      "\n"
      "[rules]\n"
      "# rule-id = \"off\" | \"on\" | \"info\" | \"warning\" | \"error\"   (`sqlmigrate rules` lists them)\n"
      "\n"
      "[runner]\n"
      "lock_timeout = \"5s\"\n"
      "statement_timeout = \"0\"\n"
      "history_schema = \"public\"\n"
      "history_table = \"sqlmigrate_history\"\n",
      dir_toml, compiler::k_default_pg_version);
  out.close();
  if (!out) {
    print_errors({compiler::input_error("unwritable-output", "sqlmigrate.toml", std::nullopt,
                                        "cannot write sqlmigrate.toml", "check the permissions of this folder")});
    return k_exit_input;
  }
  if (!existed) {
    fmt::print("created sqlmigrate.toml and {}/\nnext: sqlmigrate new <description>\n", opts.dir);
    return k_exit_ok;
  }
  // A folder that was there: say what is in it, and what `new` will do with it.
  const auto set = compiler::discover_migrations(opts.dir, opts.dir);
  const std::string count = fmt::format("{} migration{}", set.migrations.size(), set.migrations.size() == 1 ? "" : "s");
  fmt::print("created sqlmigrate.toml for the existing folder {}/", opts.dir);
  if (set.migrations.empty()) {
    fmt::print("\nnext: sqlmigrate new <description>\n");
  } else if (set.layout == compiler::Layout::native || set.layout == compiler::Layout::golang_migrate) {
    fmt::print(" ({})\nnext: sqlmigrate lint, then sqlmigrate new <description>\n", count);
  } else {
    fmt::print(
        " ({} in the {} layout, which sqlmigrate reads as they are)\n"
        "next: sqlmigrate lint; write new migrations with {}'s own tool (sqlmigrate new writes the native "
        "layout only)\n",
        count, compiler::to_string(set.layout), compiler::to_string(set.layout));
  }
  return k_exit_ok;
}

}  // namespace

Action add_new_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<NewOptions>();
  CLI::App* cmd = app.add_subcommand("new", "Write the next migration's up and down files");
  cmd->footer(
      "The version is the highest one plus one (a UTC timestamp when the project uses timestamps).\n"
      "When the migrations have several heads, the new one depends on all of them.\n"
      "Example: `sqlmigrate new add orders table` writes 0015_add_orders_table.up.sql and .down.sql.\n"
      "Exit codes: 0 written; 2 config or input error.");
  cmd->add_option("DESCRIPTION", opts->words, "What the migration does, in a few words")->required();
  cmd->add_flag("--timestamp", opts->timestamp, "Use a UTC timestamp (YYYYMMDDHHMMSS) as the version");
  return [opts, &global] { return run_new(*opts, global); };
}

Action add_merge_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand("merge", "Write an empty migration that joins all heads");
  cmd->footer("Exit codes: 0 written; 2 config or input error, or only one head.");
  cmd->add_option("-m,--message", opts->message, "Description of the merge (default: merge <heads>)");
  return [opts, &global] { return run_merge(*opts, global); };
}

Action add_init_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto opts = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "Create sqlmigrate.toml and the migrations folder here");
  cmd->footer("Exit codes: 0 created; 2 sqlmigrate.toml exists already or cannot be written.");
  cmd->add_option("--dir", opts->dir, "The migrations folder")->capture_default_str();
  return [opts] { return run_init(*opts); };
}

}  // namespace sqlmigrate::cli
