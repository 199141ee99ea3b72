// The binary as users run it: exit codes, output formats, colour, stdin, discovery errors.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/lint_helpers.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

std::string lint_cmd(const std::string& args) { return sqlmigrate_binary() + " lint " + args; }

TEST(Cli, VersionAndHelp) {
  auto r = run_shell(sqlmigrate_binary() + " --version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("sqlmigrate ") + SQLMIGRATE_VERSION + "\n");
  r = run_shell(sqlmigrate_binary() + " lint --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--fail-on"), std::string::npos);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  // No command: the overview, and which commands there are.
  auto r = run_shell(sqlmigrate_binary());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: no command given"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("one of: lint, locks, rules"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Subcommands:"), std::string::npos) << r.err;
  r = run_shell(sqlmigrate_binary() + " --frob");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: no command given (not understood: `--frob`)"), std::string::npos) << r.err;
  // A word that is no command: said so, with the nearest command when there is one.
  r = run_shell(sqlmigrate_binary() + " frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: `frobnicate` is not a sqlmigrate command\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the commands are lint, locks, rules,"), std::string::npos) << r.err;
  r = run_shell(sqlmigrate_binary() + " --config=x.toml upgarde");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("`upgarde` is not a sqlmigrate command (did you mean `upgrade`?)"), std::string::npos) << r.err;
  EXPECT_NE(run_shell(sqlmigrate_binary() + " lnt").err.find("(did you mean `lint`?)"), std::string::npos);
  // A command with a missing or wrong argument: the problem, its usage line, where to read more.
  r = run_shell(sqlmigrate_binary() + " downgrade");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: TARGET is required\nUsage: sqlmigrate downgrade [OPTIONS] TARGET\n"
            "  = help: `sqlmigrate downgrade --help` describes each argument and option\n");
  r = run_shell(lint_cmd("--format yaml x.sql"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: --format: yaml not in {text,json,sarif,github,gitlab,gcc}\nUsage: sqlmigrate lint "),
            std::string::npos)
      << r.err;
  r = run_shell(sqlmigrate_binary() + " --config");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: --config: 1 required FILE missing"), std::string::npos) << r.err;
  EXPECT_EQ(run_shell(lint_cmd("--format yaml x.sql")).exit_code, 2);
  EXPECT_EQ(run_shell(lint_cmd("--pg-version 9 x.sql")).exit_code, 2);
  EXPECT_EQ(run_shell(lint_cmd("--pg-version 14.x x.sql")).exit_code, 2);
}

TEST(Cli, PgVersionTakesAMinorReleaseFromFlagOrConfig) {
  TempDir dir;
  dir.write("x.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (x);\n");
  const std::string in_dir = "cd " + shell_quote(dir.path().string()) + " && ";
  auto r = run_shell(in_dir + lint_cmd("--pg-version 14.3 x.sql"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("error[ban-concurrent-index-build-on-pg14-before-14-4]"), std::string::npos) << r.out;
  EXPECT_EQ(run_shell(in_dir + lint_cmd("--pg-version 14.4 x.sql")).exit_code, 0);
  EXPECT_EQ(run_shell(in_dir + lint_cmd("--pg-version 14 x.sql")).exit_code, 0);
  dir.write("sqlmigrate.toml", "[lint]\npg_version = \"14.1\"\n");
  r = run_shell(in_dir + lint_cmd("x.sql"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("on Postgres 14.1 can build an index that misses rows"), std::string::npos) << r.out;
  // The flag overrides the config, minor release included.
  EXPECT_EQ(run_shell(in_dir + lint_cmd("--pg-version 15 x.sql")).exit_code, 0);
  dir.write("sqlmigrate.toml", "[lint]\npg_version = 14.1\n");
  r = run_shell(in_dir + lint_cmd("x.sql"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("pg_version = \"14.3\""), std::string::npos) << r.out;
}

TEST(Cli, SampleProjectLintsClean) {
  const auto r = run_shell("cd " + shell_quote(source_dir().string()) + " && " + lint_cmd(""));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Checked 14 migrations (28 files"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no problems found"), std::string::npos) << r.out;
}

TEST(Cli, FindingsExitOneUnlessBelowFailOn) {
  TempDir dir;
  dir.write("a.sql", "CREATE INDEX i ON orders (customer_id);\n");
  const std::string file = shell_quote((dir.path() / "a.sql").string());
  auto r = run_shell(lint_cmd(file));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("a.sql:1:1: warning[require-concurrent-index-creation]: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  = note: "), std::string::npos);
  EXPECT_NE(r.out.find("  = help: "), std::string::npos);
  EXPECT_EQ(run_shell(lint_cmd("--fail-on error " + file)).exit_code, 0);
  EXPECT_EQ(run_shell(lint_cmd("--fail-on none " + file)).exit_code, 0);
}

TEST(Cli, SyntaxErrorExitsTwoWithFileLineColumn) {
  TempDir dir;
  dir.write("0001_init.up.sql", "CREATE TABLE a (id int);\r\nSELECT 'é' FROM WHERE;\r\nCREATE INDEX i ON b (x);\r\n");
  dir.write("0001_init.down.sql", "DROP TABLE a;\n");
  const auto r = run_shell(lint_cmd(shell_quote(dir.path().string())));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("0001_init.up.sql:2:17: error[syntax-error]: syntax error at or near \"WHERE\""),
            std::string::npos)
      << r.out;
  // The statement after the error is still linted.
  EXPECT_NE(r.out.find("0001_init.up.sql:3:1: warning[require-concurrent-index-creation]"), std::string::npos)
      << r.out;
}

TEST(Cli, APathNamedTwiceIsReadOnce) {
  TempDir t;
  t.write("m/0001_a.up.sql", "CREATE INDEX i ON t (a);\n");
  t.write("m/0001_a.down.sql", "DROP INDEX i;\n");
  const std::string dir = shell_quote((t.path() / "m").string());
  const std::string file = shell_quote((t.path() / "m" / "0001_a.up.sql").string());
  const std::string dotted = shell_quote((t.path() / "m" / "." / "0001_a.up.sql").string());
  auto r = run_shell(lint_cmd("--format gcc " + file + " " + dotted));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;  // one finding, no duplicate-version
  r = run_shell(lint_cmd("--format gcc " + dir + " " + dir + "/"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  // A folder and a file in it, in either order and however spelled: the folder reads the file, once.
  const std::string down = shell_quote((t.path() / "m" / "0001_a.down.sql").string());
  for (const std::string& args : {dir + " " + file, file + " " + dir, dotted + " " + dir + "/", dir + " " + down}) {
    r = run_shell(lint_cmd("--format gcc " + args));
    EXPECT_EQ(r.exit_code, 1) << args << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << r.out;
  }
  r = run_shell("cd " + shell_quote(t.path().string()) + " && " + lint_cmd("m ./m/../m/0001_a.up.sql"));
  EXPECT_NE(r.out.find("Checked 1 migration (2 files, 1 statement): 1 warning."), std::string::npos) << r.out;
}

TEST(Cli, StdinWithFileName) {
  const auto r = run_shell(lint_cmd("- --stdin-filename db/0042_x.up.sql"), "CREATE INDEX i ON t (x);\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("db/0042_x.up.sql:1:1: warning["), std::string::npos) << r.out;
}

// A down file is what its name says, from standard input as from disk: the statement rules run on
// up files only, and the script is checked as a down file (here, one that runs in a transaction).
TEST(Cli, StdinNamedAsADownFileIsADownFile) {
  TempDir t;
  const std::string in_dir = "cd " + shell_quote(t.path().string()) + " && ";
  const std::string index = "CREATE INDEX i ON t (x);\n";
  const std::string refused = "DROP INDEX CONCURRENTLY i;\nSELECT 1;\n";
  t.write("undo.down.sql", index);
  for (const std::string& cmd :
       {lint_cmd("--format gcc - --stdin-filename undo.down.sql"), lint_cmd("--format gcc undo.down.sql")}) {
    SCOPED_TRACE(cmd);
    auto r = run_shell(in_dir + cmd, index);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out, "") << r.out;
    t.write("undo.down.sql", refused);
    r = run_shell(in_dir + cmd, refused);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_EQ(r.out,
              "undo.down.sql:1:1: error: DROP INDEX CONCURRENTLY cannot run inside a transaction block, and "
              "this migration runs as one transaction [statement-needs-no-transaction]\n")
        << r.out;
    t.write("undo.down.sql", index);
  }
  // A versioned down file is paired with the up file beside it on disk; its text is standard input.
  t.write("m/0001_a.up.sql", "CREATE TABLE a (id bigint);\n");
  t.write("m/0001_a.down.sql", refused);
  auto r = run_shell(in_dir + lint_cmd("--format gcc - --stdin-filename m/0001_a.down.sql"), "DROP TABLE a;\n");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "") << r.out;
  r = run_shell(in_dir + lint_cmd("- --stdin-filename m/0001_a.down.sql"), index);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("m/0001_a.up.sql: warning[down-migration-incomplete]: the down file of migration 0001_a does "
                       "not undo everything the up file creates: table a"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("require-concurrent-index-creation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Checked 1 migration (2 files, 1 statement): 1 warning."), std::string::npos) << r.out;
  // Without its up file, as from disk: an orphan.
  for (const std::string& cmd :
       {lint_cmd("--format gcc - --stdin-filename 0005_y.down.sql"), lint_cmd("--format gcc m/0005_y.down.sql")}) {
    t.write("m/0005_y.down.sql", index);
    r = run_shell(in_dir + cmd, index);
    EXPECT_EQ(r.exit_code, 2) << cmd << r.out;
    EXPECT_NE(r.out.find("this down migration has no up migration: no file `0005_y.up.sql` was found "
                         "[orphan-down-migration]"),
              std::string::npos)
        << cmd << r.out;
    EXPECT_EQ(r.out.find("require-concurrent-index-creation"), std::string::npos) << cmd << r.out;
  }
}

TEST(Cli, ColourOnlyWhenAskedOrOnATerminal) {
  const std::string sql = "CREATE INDEX i ON t (x);\n";
  EXPECT_EQ(run_shell(lint_cmd("-"), sql).out.find('\x1b'), std::string::npos);  // not a terminal
  EXPECT_NE(run_shell(lint_cmd("--color always -"), sql).out.find('\x1b'), std::string::npos);
  EXPECT_EQ(run_shell("NO_COLOR=1 script -qec " + shell_quote(SQLMIGRATE_BINARY + std::string(" lint --stdin-filename x.sql - </dev/null")) + " /dev/null").out.find('\x1b'),
            std::string::npos);
}

TEST(Cli, JsonOutput) {
  TempDir dir;
  dir.write("x.sql", "CREATE INDEX i ON t (x);\nSELEC 1;\n");
  const auto r = run_shell(lint_cmd("--format json " + shell_quote((dir.path() / "x.sql").string())));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.starts_with("{\"version\":1,\"tool\":{\"name\":\"sqlmigrate\",")) << r.out;
  EXPECT_NE(r.out.find("\"code\":\"require-concurrent-index-creation\",\"severity\":\"warning\",\"origin\":\"lint\""),
            std::string::npos);
  EXPECT_NE(r.out.find("\"code\":\"syntax-error\",\"severity\":\"error\",\"origin\":\"input\""), std::string::npos);
  EXPECT_NE(r.out.find("\"line\":2,\"column\":1,\"end_line\":2,\"end_column\":6"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.ends_with("\"failed\":true}}\n")) << r.out;
  // Machine-readable output is valid JSON.
  const auto check = run_shell("python3 -c 'import json,sys; json.load(sys.stdin)'", r.out);
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

TEST(Cli, DiscoveryErrorsNameTheFilesAndExitTwo) {
  TempDir dir;
  dir.write("0001_a.up.sql", "SELECT 1;");
  dir.write("0001_a.down.sql", "SELECT 1;");
  dir.write("1_b.up.sql", "SELECT 1;");
  dir.write("0002_c.down.sql", "SELECT 1;");
  dir.write("0003-add-index.sql", "SELECT 1;");
  dir.write("README.md", "not a migration");
  const auto r = run_shell(lint_cmd(shell_quote(dir.path().string())));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("error[duplicate-version]: version 1 is used by two migrations"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error[orphan-down-migration]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error[invalid-file-name]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rename it to `0003_add-index.up.sql`"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("README"), std::string::npos);
  const auto missing = run_shell(lint_cmd(shell_quote((dir.path() / "nope").string())));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("does not exist"), std::string::npos);
}

// A migration whose extension is in capitals would be neither checked nor run: said, not skipped.
TEST(Cli, ExtensionInCapitalsIsAnInvalidFileName) {
  TempDir dir;
  dir.write("0001_a.up.sql", "CREATE TABLE a (id bigint);\n");
  dir.write("0001_a.down.sql", "DROP TABLE a;\n");
  dir.write("0002_b.up.SQL", "CREATE INDEX i ON a (id);\n");
  dir.write("0002_b.Down.Sql", "DROP INDEX i;\n");
  dir.write("0003_c.SQL", "SELECT 1;\n");
  const auto r = run_shell(lint_cmd("--format gcc " + shell_quote(dir.path().string())));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const std::string folder = dir.path().string() + "/";
  EXPECT_NE(r.out.find(folder + "0002_b.up.SQL: error: `0002_b.up.SQL` has its extension in capitals: migration files "
                                "must end in lowercase `.up.sql` or `.down.sql`, so this file would be neither checked "
                                "nor run [invalid-file-name]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(folder + "0002_b.Down.Sql: error: `0002_b.Down.Sql` has its extension in capitals"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(folder + "0003_c.SQL: error: `0003_c.SQL` has its extension in capitals"), std::string::npos)
      << r.out;
  const auto text = run_shell(lint_cmd(shell_quote(dir.path().string())));
  EXPECT_NE(text.out.find("help: rename it to `0002_b.up.sql`"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("help: rename it to `0002_b.down.sql`"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("help: rename it to `0003_c.up.sql`"), std::string::npos) << text.out;
}

// A file name that is not UTF-8 must not make the machine-readable outputs invalid: its stray
// bytes become U+FFFD (SARIF's artifact URI percent-encodes them instead).
TEST(Cli, NonUtf8FileNameKeepsTheOutputValidUtf8) {
  TempDir dir;
  dir.write("m/0001_caf\xE9.up.sql", "SELECT 1;\n");
  dir.write("caf\xE9.sql", "CREATE INDEX i ON t (x);\n");
  const std::string in_dir = "cd " + shell_quote(dir.path().string()) + " && ";
  const std::string valid = "python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode(\"utf-8\"))'";
  for (const char* format : {"json", "sarif", "gitlab"}) {
    SCOPED_TRACE(format);
    const auto r = run_shell(in_dir + lint_cmd(std::string("--format ") + format + " m $(printf 'caf\\351.sql')"));
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.out.find("invalid-file-name"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("require-concurrent-index-creation"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\xE9'), std::string::npos) << r.out;
    const auto check = run_shell(valid, r.out);
    EXPECT_EQ(check.exit_code, 0) << check.err << r.out;
  }
  const auto json = run_shell(in_dir + lint_cmd("--format json $(printf 'caf\\351.sql')"));
  EXPECT_NE(json.out.find("\"file\":\"caf\\ufffd.sql\""), std::string::npos) << json.out;
  const auto sarif = run_shell(in_dir + lint_cmd("--format sarif $(printf 'caf\\351.sql')"));
  EXPECT_NE(sarif.out.find("\"uri\":\"caf%E9.sql\""), std::string::npos) << sarif.out;
}

TEST(Cli, NonUtf8FileIsAnInputError) {
  TempDir dir;
  dir.write("x.sql", "SELECT 'caf\xE9';\n");
  const auto r = run_shell(lint_cmd(shell_quote((dir.path() / "x.sql").string())));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("error[invalid-encoding]: the file is not valid UTF-8"), std::string::npos) << r.out;
}

TEST(Cli, ExplainAndRules) {
  auto r = run_shell(sqlmigrate_binary() + " explain require-concurrent-index-creation");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("# require-concurrent-index-creation\n"));
  r = run_shell(sqlmigrate_binary() + " explain require-concurrent-index-creaton");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean `require-concurrent-index-creation`?"), std::string::npos) << r.err;
  r = run_shell(sqlmigrate_binary() + " rules");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("require-concurrent-index-creation"), std::string::npos);
  // unused-ignore is reported like a rule's finding but is none: explain says what it is instead.
  EXPECT_EQ(r.out.find("unused-ignore"), std::string::npos);
  r = run_shell(sqlmigrate_binary() + " explain unused-ignore");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: `unused-ignore` is not a rule: it reports an ignore comment"), std::string::npos)
      << r.err;
}

// `rules` reads the config as lint does: the severities it shows are the configured ones, and a
// config that every other command refuses is refused here too (exit 2), not shown as the defaults.
TEST(Cli, RulesShowsTheConfigOrRefusesIt) {
  TempDir dir;
  const std::string in_dir = "cd " + shell_quote(dir.path().string()) + " && ";
  dir.write("sqlmigrate.toml",
            "[rules]\nrequire-concurrent-index-creation = \"error\"\nmissing-down-migration = \"off\"\n"
            "prefer-jsonb = \"on\"\n");
  auto r = run_shell(in_dir + sqlmigrate_binary() + " rules");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nrequire-concurrent-index-creation "), std::string::npos) << r.out;
  const auto line = [&](const std::string& id) {
    const auto at = r.out.find("\n" + id + " ");
    return at == std::string::npos ? std::string() : r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  };
  EXPECT_NE(line("require-concurrent-index-creation").find("  error    "), std::string::npos) << r.out;
  EXPECT_NE(line("missing-down-migration").find("  off      "), std::string::npos) << r.out;
  EXPECT_NE(line("prefer-jsonb").find("  warning  "), std::string::npos) << r.out;
  r = run_shell(in_dir + sqlmigrate_binary() + " rules --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("{\"id\":\"missing-down-migration\",\"default_severity\":\"warning\",\"enabled_by_default\":"
                       "true,\"enabled\":false,"),
            std::string::npos)
      << r.out;

  const std::vector<std::pair<std::string, std::string>> broken = {
      {"[lint\n", "sqlmigrate.toml:1:6: error[invalid-config]: the file is not valid TOML"},
      {"[rules]\nrequire-concurrent-index-creaton = \"off\"\n",
       "sqlmigrate.toml:2:1: error[invalid-config]: unknown rule `require-concurrent-index-creaton` in [rules]"},
      {"[rules]\nban-drop-table = \"loud\"\n", "error[invalid-config]: the setting of rule `ban-drop-table` must be"},
      {"[lint]\nfail_on = \"never\"\n", "error[invalid-config]: `fail_on` must be one of"},
  };
  for (const auto& [text, expected] : broken) {
    SCOPED_TRACE(text);
    dir.write("sqlmigrate.toml", text);
    for (const char* format : {"", " --format json"}) {
      r = run_shell(in_dir + sqlmigrate_binary() + " rules" + format);
      EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
      EXPECT_EQ(r.out, "");
      EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    }
    EXPECT_EQ(run_shell(in_dir + lint_cmd("-"), "SELECT 1;\n").exit_code, 2);
  }
}

TEST(Cli, ConfigSeverityAndUnknownRule) {
  TempDir dir;
  dir.write("sqlmigrate.toml", "[rules]\nrequire-concurrent-index-creation = \"error\"\n");
  dir.write("x.sql", "CREATE INDEX i ON t (x);\n");
  auto r = run_shell("cd " + shell_quote(dir.path().string()) + " && " + lint_cmd("x.sql"));
  EXPECT_NE(r.out.find("x.sql:1:1: error[require-concurrent-index-creation]"), std::string::npos) << r.out;
  dir.write("sqlmigrate.toml", "[rules]\nrequire-concurrent-index-creation = \"off\"\n");
  r = run_shell("cd " + shell_quote(dir.path().string()) + " && " + lint_cmd("x.sql"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  dir.write("sqlmigrate.toml", "[rules]\nno-such-rule = \"off\"\n");
  r = run_shell("cd " + shell_quote(dir.path().string()) + " && " + lint_cmd("x.sql"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("sqlmigrate.toml:2:1: error[invalid-config]: unknown rule `no-such-rule` in [rules]"),
            std::string::npos)
      << r.out;
}

// A history table name that Postgres could not hold fails every command when the config is read,
// before any connection: exit 2, at its line of sqlmigrate.toml.
TEST(Cli, HistoryTableNameBeyondPostgresLimitIsAConfigError) {
  TempDir dir;
  dir.write("migrations/0001_a.up.sql", "CREATE TABLE a (id int);\n");
  const std::string in_dir = "cd " + shell_quote(dir.path().string()) + " && " + sqlmigrate_binary() + " ";
  const std::string nowhere = " --database-url 'postgresql://nobody@/x?host=/nonexistent-dir&port=1'";
  for (const std::string& value : {std::string(), std::string(59, 'h')}) {
    dir.write("sqlmigrate.toml", "[runner]\nhistory_table = \"" + value + "\"\n");
    for (const std::string& command : {"status" + nowhere, "upgrade" + nowhere, std::string("upgrade --sql")}) {
      const auto r = run_shell(in_dir + command);
      EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.out << r.err;
      EXPECT_NE(r.err.find("sqlmigrate.toml:2:17: error[invalid-config]: `history_table` = \"" + value + "\" is "),
                std::string::npos)
          << command << "\n"
          << r.err;
      EXPECT_EQ(r.err.find("cannot connect"), std::string::npos) << command << "\n" << r.err;
      EXPECT_EQ(r.out, "") << command;
    }
  }
}

// A line that starts with a command (after --config) sets up that command alone; every other line
// sets up all of them. Both must read the same to the user.
TEST(Cli, EveryCommandAndTheConfigOptionWhereverTheCommandIsSetUpAlone) {
  const auto help = run_shell(sqlmigrate_binary() + " --help");
  ASSERT_EQ(help.exit_code, 0);
  for (const char* command : {"lint", "locks", "rules", "explain", "plan", "new", "merge", "init", "upgrade",
                              "downgrade", "status", "history", "stamp", "rebaseline", "validate", "verify"}) {
    EXPECT_NE(help.out.find(std::string("\n  ") + command + " "), std::string::npos) << command << "\n" << help.out;
    const auto r = run_shell(sqlmigrate_binary() + " " + command + " --help");
    EXPECT_EQ(r.exit_code, 0) << command << r.err;
    EXPECT_NE(r.out.find(std::string("Usage: sqlmigrate ") + command), std::string::npos) << command << r.out;
  }
  TempDir dir;
  dir.write("elsewhere.toml", "[rules]\nrequire-concurrent-index-creation = \"error\"\n");
  dir.write("x.sql", "CREATE INDEX i ON t (x);\n");
  const std::string in_dir = "cd " + shell_quote(dir.path().string()) + " && ";
  for (const std::string config : {"--config elsewhere.toml", "--config=elsewhere.toml"}) {
    const auto r = run_shell(in_dir + sqlmigrate_binary() + " " + config + " lint x.sql");
    EXPECT_EQ(r.exit_code, 1) << config << r.out << r.err;
    EXPECT_NE(r.out.find("x.sql:1:1: error[require-concurrent-index-creation]"), std::string::npos) << config << r.out;
  }
  // Options before the command other than --config: everything is set up, and the line still works.
  const auto r = run_shell(in_dir + sqlmigrate_binary() + " --config elsewhere.toml --version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_shell(sqlmigrate_binary() + " lnt").exit_code, 2);
}

TEST(Cli, LintDoesNotLoadTheDatabaseClientLibraries) {
  // The lint path must stay free of libpq and its ~30 dependencies (start-up time).
  const auto r = run_shell("LD_DEBUG=libs " + lint_cmd("-") + " 2>&1 >/dev/null", "SELECT 1;\n");
  EXPECT_NE(r.out.find("calling init"), std::string::npos) << "LD_DEBUG gave no output: " << r.out.substr(0, 200);
  EXPECT_EQ(r.out.find("libpq"), std::string::npos);
  EXPECT_EQ(r.out.find("libssl"), std::string::npos);
  EXPECT_EQ(r.out.find("libgssapi"), std::string::npos);
}

}  // namespace
}  // namespace sqlmigrate::testing
