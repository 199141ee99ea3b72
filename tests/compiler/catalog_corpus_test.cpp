// Judges the static catalog against Postgres itself: applies the up migrations of three real
// projects (lemmy, crates-io, authelia) to a throwaway server, reads the schema back from
// pg_catalog, replays the same files through compiler::Catalog, and compares tables, columns
// (format_type, nullability, default, identity, generated), constraints, indexes and enum types.
// Every difference must be listed below with the reason it is allowed; docs/catalog.md says the same.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/catalog.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"
#include "runner/scratch_postgres.hpp"
#include "tests/support/lint_helpers.hpp"
#include "tests/support/psql.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() {
  if (const char* env = std::getenv("SQLMIGRATE_CORPUS")) return env;
  return source_dir().parent_path() / "shared" / "corpus";
}

struct Project {
  std::string name;
  fs::path dir;  // relative to the corpus
  // Diesel layout (<version>_<name>/up.sql) or authelia's (V<NNNN>.<Name>.up.sql).
  bool diesel = true;
  // The first migration not applied: from it on the files use syntax newer than Postgres 15 (see
  // tests/corpus/corpus_parse_test.cpp) and later migrations build on it.
  std::string stop_at;
};

// Up files in the order the project's tool runs them.
std::vector<fs::path> up_files(const Project& p) {
  std::vector<std::pair<std::string, fs::path>> found;
  const fs::path root = corpus_dir() / p.dir;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (p.diesel) {
      if (!entry.is_directory() || !fs::exists(entry.path() / "up.sql")) continue;
      std::string version = entry.path().filename().string();
      version = version.substr(0, version.find('_'));
      std::erase(version, '-');
      found.emplace_back(version + "/" + entry.path().filename().string(), entry.path() / "up.sql");
    } else {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".up.sql")) continue;
      found.emplace_back(name, entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (const auto& [version, path] : found) {
    if (!p.stop_at.empty() && path.string().find(p.stop_at) != std::string::npos) break;
    out.push_back(path);
  }
  return out;
}

// One line per fact, the same shape from both sides:
//   rel <key> <kind>
//   col <table>.<column> <format_type> notnull=<0|1> default=<0|1> identity=<a|d|-> generated=<s|->
//   con <table>.<name> <p|u|c|f|x> valid=<0|1>
//   idx <key> on <table> unique=<0|1> primary=<0|1> partial=<0|1> (<columns>)
//   enum <key> (<labels>)
struct Facts {
  std::set<std::string> lines;
  std::set<std::string> unknown_tables;  // the catalog's unknown relations: their details are not compared
};

char kind_char(compiler::RelationKind kind) {
  switch (kind) {
    case compiler::RelationKind::table: return 'r';
    case compiler::RelationKind::partitioned_table: return 'p';
    case compiler::RelationKind::view: return 'v';
    case compiler::RelationKind::materialized_view: return 'm';
    case compiler::RelationKind::foreign_table: return 'f';
    case compiler::RelationKind::sequence: return 'S';
  }
  return '?';
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : ",") + v[i];
  return out;
}

Facts catalog_facts(const compiler::Catalog& catalog) {
  Facts f;
  for (const auto& [key, r] : catalog.relations()) {
    f.lines.insert("rel " + key + " " + kind_char(r.kind));
    if (r.unknown) f.unknown_tables.insert(key);
    if (!r.is_table()) continue;
    if (r.unknown) continue;
    for (const auto& c : r.columns) {
      f.lines.insert("col " + key + "." + c.name + " " + c.type.display() + " notnull=" + (c.not_null ? "1" : "0") +
                     " default=" + (c.stores_default() ? "1" : "0") + " identity=" +
                     (c.identity != 0 ? std::string(1, c.identity) : "-") +
                     " generated=" + (c.generated != 0 ? std::string(1, c.generated) : "-"));
    }
    for (const auto& c : r.constraints) {
      f.lines.insert("con " + key + "." + c.name + " " + static_cast<char>(c.kind) +
                     " valid=" + (c.validated ? "1" : "0"));
    }
  }
  for (const auto& [key, ix] : catalog.indexes()) {
    if (f.unknown_tables.contains(ix.table)) continue;
    f.lines.insert("idx " + key + " on " + ix.table + " unique=" + (ix.unique ? "1" : "0") +
                   " primary=" + (ix.primary ? "1" : "0") + " partial=" + (ix.partial ? "1" : "0") + " (" +
                   join(compiler::texts_of(ix.columns)) + ")");
  }
  for (const auto& [key, t] : catalog.types()) {
    if (t.kind == compiler::UserTypeKind::enumeration) f.lines.insert("enum " + key + " (" + join(t.values) + ")");
  }
  return f;
}

constexpr const char* k_user_objects =
    "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' "
    "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
    "AND d.deptype = 'e')";

std::string fact_query() {
  std::string q;
  q += "SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON "
       "n.oid = c.relnamespace WHERE c.relkind IN ('r','p','v','m','f','S') AND ";
  q += k_user_objects;
  q += " UNION ALL SELECT 'col ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || "
       "format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull::int || ' default=' || "
       "a.atthasdef::int || ' identity=' || coalesce(nullif(a.attidentity::text, ''), '-') || ' generated=' || "
       "coalesce(nullif(a.attgenerated::text, ''), '-') FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN "
       "pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN "
       "('r','p') AND ";
  q += k_user_objects;
  q += " UNION ALL SELECT 'con ' || n.nspname || '.' || c.relname || '.' || k.conname || ' ' || k.contype::text || "
       "' valid=' || k.convalidated::int FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN "
       "pg_namespace n ON n.oid = c.relnamespace WHERE k.contype IN ('p','u','c','f','x') AND ";
  q += k_user_objects;
  q += " UNION ALL SELECT 'idx ' || n.nspname || '.' || ic.relname || ' on ' || n.nspname || '.' || c.relname || "
       "' unique=' || i.indisunique::int || ' primary=' || i.indisprimary::int || ' partial=' || "
       "(i.indpred IS NOT NULL)::int || ' (' || coalesce((SELECT string_agg(coalesce(a.attname, ''), ',' ORDER BY "
       "k.ord) FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord) LEFT JOIN pg_attribute a "
       "ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum <> 0), '') || ')' FROM pg_index i JOIN pg_class "
       "ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = "
       "c.relnamespace WHERE ";
  q += k_user_objects;
  q += " UNION ALL SELECT 'enum ' || n.nspname || '.' || t.typname || ' (' || (SELECT string_agg(e.enumlabel, ',' "
       "ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) || ')' FROM pg_type t JOIN "
       "pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname NOT IN ('pg_catalog', "
       "'information_schema') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND "
       "d.objid = t.oid AND d.deptype = 'e')";
  return q;
}

// Differences that are allowed, each with its reason (docs/catalog.md lists the same).
struct Allowed {
  std::regex line;
  const char* reason;
};

const std::vector<Allowed>& allowed_differences() {
  static const std::vector<Allowed> k_allowed = {
      {std::regex("^rel pg_temp\\."),
       "temporary tables live until the end of the session that applied the migrations, which the catalog "
       "treats as one session"},
  };
  return k_allowed;
}

const char* allowed_reason(const std::string& line) {
  for (const Allowed& a : allowed_differences()) {
    if (std::regex_search(line, a.line)) return a.reason;
  }
  return nullptr;
}

// The table a fact line is about (for skipping unknown tables).
std::string table_of(const std::string& line) {
  std::istringstream in(line);
  std::string tag;
  std::string what;
  in >> tag >> what;
  if (tag == "idx") {
    std::string on;
    std::string table;
    in >> on >> table;
    return table;
  }
  if (tag == "col" || tag == "con") return what.substr(0, what.rfind('.'));
  return what;
}

void check_project(const runner::ScratchPostgres& pg, const Project& project) {
  const std::vector<fs::path> files = up_files(project);
  ASSERT_GT(files.size(), 10U) << project.name;

  // Postgres: one psql run over a script that includes every file in order.
  const std::string db = "corpus_" + std::string(project.name == "crates-io" ? "crates" : project.name);
  ASSERT_TRUE(psql_command(pg, "CREATE DATABASE " + db).ok());
  const fs::path script = fs::path(pg.socket_dir()) / (db + ".sql");
  {
    std::ofstream out(script);
    out << "SET client_min_messages = warning;\n";
    for (const fs::path& f : files) out << "\\ir '" << fs::absolute(f).string() << "'\n";
  }
  fs::permissions(script, fs::perms::all, fs::perm_options::add);
  const PsqlResult applied = psql_file(pg, script, db);
  ASSERT_TRUE(applied.ok()) << project.name << ": " << applied.err.substr(0, 2000);

  // The catalog: the same files, replayed.
  compiler::Catalog catalog;
  for (const fs::path& f : files) {
    auto source = compiler::SourceFile::read(f, f.string());
    ASSERT_TRUE(source.ok()) << f;
    const compiler::Script parsed = compiler::parse(*source);
    ASSERT_TRUE(parsed.ok()) << f;
    catalog.begin_migration();
    for (const auto& stmt : parsed.statements()) catalog.apply(stmt);
  }
  EXPECT_FALSE(catalog.unknown()) << project.name << ": " << catalog.unknown_reason();

  const PsqlResult real = psql_command(pg, fact_query(), db);
  ASSERT_TRUE(real.ok()) << real.err;
  std::set<std::string> pg_lines;
  std::istringstream rows(real.out);
  for (std::string row; std::getline(rows, row);) {
    if (!row.empty()) pg_lines.insert(row);
  }
  const Facts ours = catalog_facts(catalog);

  std::vector<std::string> unexpected;
  std::map<std::string, int> allowed_count;
  std::size_t compared = 0;
  const auto consider = [&](const std::string& line, const char* side) {
    const std::string table = table_of(line);
    if (!line.starts_with("rel ") && ours.unknown_tables.contains(table)) return;
    if (const char* reason = allowed_reason(line)) {
      ++allowed_count[reason];
      return;
    }
    unexpected.push_back(std::string(side) + " " + line);
  };
  for (const auto& line : pg_lines) {
    if (!ours.lines.contains(line)) {
      consider(line, "only in Postgres:");
    } else {
      ++compared;
    }
  }
  for (const auto& line : ours.lines) {
    if (!pg_lines.contains(line)) consider(line, "only in catalog: ");
  }
  std::string report;
  for (const auto& u : unexpected) report += u + "\n";
  EXPECT_TRUE(unexpected.empty()) << project.name << ": " << unexpected.size() << " unexplained differences\n"
                                  << report;
  // The comparison must cover the schema: most facts agree.
  EXPECT_GT(compared, pg_lines.size() * 9 / 10) << project.name;
  std::cerr << "[ catalog ] " << project.name << ": " << files.size() << " migrations, " << pg_lines.size()
            << " facts in Postgres, " << compared << " equal, " << ours.unknown_tables.size()
            << " relations unknown to the catalog\n";
  for (const auto& key : ours.unknown_tables) std::cerr << "[ catalog ]   unknown: " << key << "\n";
  for (const auto& [reason, n] : allowed_count) std::cerr << "[ catalog ]   allowed x" << n << ": " << reason << "\n";
}

TEST(CatalogCorpus, ReplayMatchesPostgres) {
  if (!fs::is_directory(corpus_dir())) GTEST_SKIP() << "corpus absent: " << corpus_dir();
  SQLMIGRATE_REQUIRE_POSTGRES();
  auto pg = runner::ScratchPostgres::start();
  ASSERT_TRUE(pg.ok()) << pg.errors()[0].message;
  const std::vector<Project> projects = {
      {"lemmy", "lemmy/migrations", true, "2025-08-01-000016_smoosh-tables-together"},
      {"crates-io", "crates-io/migrations", true, ""},
      {"authelia", "authelia/internal/storage/migrations/postgres", false, ""},
  };
  for (const Project& p : projects) {
    if (!fs::is_directory(corpus_dir() / p.dir)) continue;
    SCOPED_TRACE(p.name);
    check_project(*pg, p);
  }
}

}  // namespace
}  // namespace sqlmigrate::testing
