// `sqlmigrate locks [PATH...]`: for each statement, the locks it takes on each relation, whether it
// scans or rewrites the table, and what the locks block (the facts of compiler/locks.hpp).

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "compiler/config.hpp"
#include "compiler/locks.hpp"
#include "linter/engine.hpp"
#include "linter/report.hpp"
#include "rules/registry.hpp"

namespace sqlmigrate::cli {
namespace {

struct LocksOptionsCli {
  std::vector<std::string> paths;
  std::string format = "text";
  std::optional<std::string> pg_version;
  std::string stdin_filename = "<stdin>";
  std::string color = "auto";
  unsigned jobs = 0;
};

// One relation lock, with what the migration knows about the relation.
struct LockEntry {
  compiler::RelationLock lock;
  bool new_in_migration = false;  // created by this statement or earlier in the migration
};

struct StatementEntry {
  std::string file;
  compiler::LineCol begin;
  compiler::LineCol end;
  std::string text;  // the statement, whitespace collapsed, shortened
  std::string command;
  bool known = true;
  bool in_transaction = false;
  std::vector<LockEntry> locks;
};

// The statement's text on one line: runs of whitespace become one space, long text is cut.
std::string summarize(std::string_view text, std::size_t limit) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > limit) {
    std::size_t cut = limit - 3;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out = out.substr(0, cut) + "...";
  }
  return out;
}

std::string blocks_text(compiler::LockMode mode) { return "blocks " + compiler::describe_blocks(mode); }

class LocksPrinter {
 public:
  LocksPrinter(bool json, bool color) : m_json(json), m_color(color) {
    if (m_json) write(fmt::format("{{\"version\":1,\"tool\":{{\"name\":\"sqlmigrate\",\"version\":\"{}\"}},\"statements\":[",
                                  SQLMIGRATE_VERSION));
  }

  void statement(StatementEntry entry) { m_pending.push_back(std::move(entry)); }

  void migration(const linter::MigrationReport& report) {
    for (const auto& d : report.diagnostics) {
      const compiler::SourceFile* source = nullptr;
      for (const auto* s : report.sources) {
        if (s->path() == d.file) source = s;
      }
      if (d.origin == compiler::Origin::input) m_input_errors = true;
      if (m_json) {
        m_errors.push_back(d);
        m_error_positions.push_back(source != nullptr && d.span ? std::optional(source->line_col(d.span->begin))
                                                                : std::nullopt);
      } else if (d.origin == compiler::Origin::input) {
        const std::string text = linter::render_text(d, source, m_color);
        std::fputs(text.c_str(), stderr);
      }
    }
    for (StatementEntry& e : m_pending) m_json ? write_json(e) : write_text(e);
    m_pending.clear();
    std::fflush(stdout);
  }

  void finish() {
    if (m_json) {
      std::string o = "\n],\"errors\":[";
      for (std::size_t i = 0; i < m_errors.size(); ++i) {
        const auto& d = m_errors[i];
        const auto& pos = m_error_positions[i];
        o += fmt::format("{}\n{{\"code\":\"{}\",\"file\":{},\"line\":{},\"column\":{},\"message\":\"{}\"}}",
                         i == 0 ? "" : ",", linter::json_escape(d.code),
                         d.file.empty() ? "null" : "\"" + linter::json_escape(d.file) + "\"",
                         pos ? std::to_string(pos->line) : "null", pos ? std::to_string(pos->column) : "null",
                         linter::json_escape(d.message));
      }
      o += fmt::format("\n],\"summary\":{{\"statements\":{}}}}}\n", m_count);
      write(o);
    } else if (m_count == 0 && !m_input_errors) {
      write("No statements found.\n");
    }
    std::fflush(stdout);
  }

  bool input_errors() const { return m_input_errors; }

 private:
  void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }
  std::string bold(const std::string& s) const { return m_color ? "\x1b[1m" + s + "\x1b[0m" : s; }
  std::string dim(const std::string& s) const { return m_color ? "\x1b[2m" + s + "\x1b[0m" : s; }

  void write_text(const StatementEntry& e) {
    ++m_count;
    std::string o = fmt::format("{}:{}:{}: {}\n", e.file, e.begin.line, e.begin.column, bold(e.text));
    if (!e.known) {
      o += fmt::format("    {} can run any code: its locks cannot be known{}\n", e.command,
                       e.locks.empty() ? "" : " beyond those listed");
    }
    if (e.locks.empty()) {
      if (e.known) o += dim("    no table locks") + "\n";
      write(o + "\n");
      return;
    }
    std::size_t name_width = 0;
    std::size_t mode_width = 0;
    for (const auto& l : e.locks) {
      name_width = std::max(name_width, l.lock.display.size());
      mode_width = std::max(mode_width, compiler::to_string(l.lock.mode).size());
    }
    for (const auto& l : e.locks) {
      const auto& r = l.lock;
      std::string what;
      if (l.new_in_migration) {
        what = "new in this migration, blocks nobody";
      } else {
        what = blocks_text(r.mode);
        if (e.in_transaction) what += ", held until commit";
      }
      o += fmt::format("    {:<{}}  {:<{}}  {} ({})\n", r.display, name_width, compiler::to_string(r.mode), mode_width,
                       what, r.why);
      const std::string pad(name_width + mode_width + 8, ' ');
      if (r.rewrite != compiler::Tri::no) {
        o += fmt::format("{}{}: {}\n", pad, r.rewrite == compiler::Tri::yes ? "rewrites the table" : "may rewrite the table",
                         r.rewrite_why);
      } else if (r.scan != compiler::Tri::no) {
        o += fmt::format("{}{}: {}\n", pad, r.scan == compiler::Tri::yes ? "scans the table" : "may scan the table",
                         r.scan_why);
      }
      if (r.new_storage) o += fmt::format("{}replaces the table's storage with new, empty files\n", pad);
    }
    write(o + "\n");
  }

  void write_json(const StatementEntry& e) {
    std::string o = m_count == 0 ? "\n" : ",\n";
    ++m_count;
    o += fmt::format(
        "{{\"file\":\"{}\",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"statement\":\"{}\","
        "\"command\":\"{}\",\"known\":{},\"in_transaction\":{},\"locks\":[",
        linter::json_escape(e.file), e.begin.line, e.begin.column, e.end.line, e.end.column,
        linter::json_escape(e.text), linter::json_escape(e.command), e.known ? "true" : "false",
        e.in_transaction ? "true" : "false");
    for (std::size_t i = 0; i < e.locks.size(); ++i) {
      const auto& r = e.locks[i].lock;
      const auto b = compiler::blocks(r.mode);
      const auto opt = [](const std::string& s) { return s.empty() ? std::string("null") : "\"" + linter::json_escape(s) + "\""; };
      o += fmt::format(
          "{}{{\"relation\":\"{}\",\"display\":\"{}\",\"mode\":\"{}\",\"pg_locks_mode\":\"{}\",\"reason\":{},"
          "\"new\":{},\"blocks\":{{\"reads\":{},\"writes\":{},\"ddl\":{}}},\"scan\":\"{}\",\"scan_reason\":{},"
          "\"rewrite\":\"{}\",\"rewrite_reason\":{},\"new_storage\":{}}}",
          i == 0 ? "" : ",", linter::json_escape(r.key), linter::json_escape(r.display), compiler::to_string(r.mode),
          compiler::pg_locks_name(r.mode), opt(r.why), e.locks[i].new_in_migration ? "true" : "false",
          b.reads ? "true" : "false", b.writes ? "true" : "false", b.ddl ? "true" : "false",
          compiler::to_string(r.scan), opt(r.scan != compiler::Tri::no ? r.scan_why : ""), compiler::to_string(r.rewrite),
          opt(r.rewrite != compiler::Tri::no ? r.rewrite_why : ""), r.new_storage ? "true" : "false");
    }
    o += "]}";
    write(o);
  }

  bool m_json;
  bool m_color;
  bool m_input_errors = false;
  std::size_t m_count = 0;
  std::vector<StatementEntry> m_pending;
  std::vector<compiler::Diagnostic> m_errors;
  std::vector<std::optional<compiler::LineCol>> m_error_positions;
};

int run_locks(const LocksOptionsCli& opts, const GlobalOptions& global) {
  auto loaded = compiler::load_config(global.config_path);
  if (!loaded.config) {
    for (const auto& d : loaded.errors) std::fputs(linter::render_text(d, loaded.file.get(), false).c_str(), stderr);
    return k_exit_input;
  }
  const compiler::Config& config = *loaded.config;
  LocksPrinter printer(opts.format == "json", use_color(opts.color, STDOUT_FILENO));

  linter::LintOptions options;
  const compiler::PgVersion version = pg_version_of(config, opts.pg_version);
  options.settings.pg_version = version.major;
  options.settings.pg_minor = version.minor;
  options.all_rules = rules::all_rules();
  options.jobs = opts.jobs;
  options.on_statement = [&](const compiler::Statement& stmt, const linter::LintContext& ctx) {
    const compiler::SourceFile& source = ctx.script().source();
    StatementEntry e;
    e.file = source.path();
    e.begin = source.line_col(stmt.span.begin);
    e.end = source.line_col(stmt.span.end);
    e.text = summarize(std::string_view(source.text()).substr(stmt.span.begin, stmt.span.end - stmt.span.begin),
                       opts.format == "json" ? 200 : 100);
    const compiler::LockFacts& facts = ctx.lock_facts();
    e.command = facts.command;
    e.known = facts.known;
    e.in_transaction = ctx.in_transaction();
    for (const auto& r : facts.relations) e.locks.push_back(LockEntry{r, r.created || ctx.created_in_migration(r.key)});
    printer.statement(std::move(e));
  };
  for (const auto& set : migration_sets(opts.paths, config, opts.stdin_filename)) {
    linter::lint(set, options, [&](const linter::MigrationReport& report) { printer.migration(report); });
  }
  printer.finish();
  return printer.input_errors() ? k_exit_input : k_exit_ok;
}

}  // namespace

Action add_locks_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<LocksOptionsCli>();
  CLI::App* cmd = app.add_subcommand(
      "locks", "Show, for each statement, the lock it takes on each table and what that lock blocks");
  cmd->footer(
      "PATH is a migrations folder, .sql files, or - for standard input (as for `sqlmigrate lint`).\n"
      "For each statement: the lock mode on each relation, what it blocks (reads, writes, DDL), and whether the\n"
      "table is scanned or rewritten under it. Locks taken inside a transaction are held until it commits.\n"
      "Exit codes: 0 done; 2 usage, config or input error (bad SQL, bad file names).");
  cmd->add_option("PATH", opts->paths, "Migrations folder, .sql files, or - for standard input");
  cmd->add_option("--format", opts->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_pg_version_option(cmd, opts->pg_version);
  cmd->add_option("--stdin-filename", opts->stdin_filename, "File name to report for standard input (-)")
      ->capture_default_str();
  cmd->add_option("--color", opts->color, "Colour the text output: auto, always or never (NO_COLOR is respected)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Threads (default: one per core): one replays the schema and runs the rules in order, the "
                  "others read and parse files ahead of it");
  return [opts, &global] { return run_locks(*opts, global); };
}

}  // namespace sqlmigrate::cli
