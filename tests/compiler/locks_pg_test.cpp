// Judges the lock table (compiler/locks.cpp) against a live Postgres: for each statement, run it
// inside BEGIN on a set-up schema, read the relation locks our backend holds (pg_locks) and the
// relfilenodes (a changed one means the table was rewritten), ROLLBACK, and compare with the
// static report: the strongest mode per relation, and rewrite <=> new relfilenode.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/catalog.hpp"
#include "compiler/locks.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"
#include "runner/scratch_postgres.hpp"
#include "tests/support/lint_helpers.hpp"
#include "tests/support/psql.hpp"

namespace sqlmigrate::testing {
namespace {

namespace fs = std::filesystem;
using compiler::LockMode;
using compiler::Tri;

constexpr const char* k_schema = R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric(10, 2), note varchar(20),
                     status text, placed_at timestamptz, amount integer);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 (id bigint, at timestamptz);
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_totals_customer_idx ON order_totals (customer_id);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE SEQUENCE invoice_seq;
CREATE TABLE audit (id bigint, payload text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER audit_touch BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION touch();
CREATE POLICY audit_all ON audit USING (true);
CREATE RULE audit_rule AS ON DELETE TO audit DO ALSO NOTHING;
CREATE UNLOGGED TABLE scratch (id int);
CREATE TABLE parent (id bigint);
CREATE SCHEMA archive;
INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'b@example.com');
INSERT INTO orders VALUES (1, 1, 10, 'n', 'new', now(), 3), (2, 2, 200, 'm', 'paid', now(), 4);
INSERT INTO audit VALUES (1, 'x');
INSERT INTO events_2024 VALUES (1, '2024-05-01');
)sql";

struct Case {
  std::string sql;
  // Locked relations the static report may leave out: they depend on the schema (a foreign key's
  // other table, the partitions of a partitioned table, a view's underlying tables).
  std::set<std::string> also = {};
  bool rewrite_maybe_ok = false;  // the static report says "maybe" (a type change): any outcome is fine
};

// Every statement kind of the lock table that can run inside a transaction block.
const std::vector<Case>& cases() {
  static const std::vector<Case> k_cases = {
      // ALTER TABLE, one subcommand at a time
      {"ALTER TABLE orders ADD COLUMN flag boolean"},
      {"ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now()"},
      {"ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()"},
      {"ALTER TABLE orders ADD COLUMN seq bigserial"},
      {"ALTER TABLE orders ADD COLUMN ident bigint GENERATED ALWAYS AS IDENTITY"},
      {"ALTER TABLE orders ADD COLUMN doubled numeric GENERATED ALWAYS AS (total * 2) STORED"},
      {"ALTER TABLE orders ADD COLUMN r double precision DEFAULT random()"},
      {"ALTER TABLE orders ADD COLUMN customer2 bigint REFERENCES customers (id)"},
      {"ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'"},
      {"ALTER TABLE orders ALTER COLUMN status DROP DEFAULT"},
      {"ALTER TABLE orders ALTER COLUMN status SET NOT NULL"},
      {"ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL"},
      {"ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500"},
      {"ALTER TABLE orders ALTER COLUMN status SET (n_distinct = 10)"},
      {"ALTER TABLE orders ALTER COLUMN status SET STORAGE EXTERNAL"},
      {"ALTER TABLE orders ALTER COLUMN status SET COMPRESSION pglz"},
      {"ALTER TABLE orders DROP COLUMN note"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_id_excl EXCLUDE USING btree (id WITH =)"},
      {"ALTER TABLE orders ALTER COLUMN amount TYPE bigint", {}, true},
      {"ALTER TABLE orders ALTER COLUMN note TYPE varchar(50)", {}, true},
      {"ALTER TABLE orders ALTER COLUMN note TYPE text", {}, true},
      {"ALTER TABLE orders ALTER COLUMN amount TYPE text USING amount::text || 'x'"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '')"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '') NOT VALID"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_customer2_fk FOREIGN KEY (customer_id) REFERENCES customers (id)"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_customer2_fk FOREIGN KEY (customer_id) REFERENCES customers (id) "
       "NOT VALID"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE (note)"},
      {"ALTER TABLE audit ADD PRIMARY KEY (id)"},
      {"ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check"},
      {"ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk", {"customers"}},
      {"ALTER TABLE orders DROP CONSTRAINT orders_total_check"},
      {"ALTER TABLE orders DROP CONSTRAINT orders_customer_fk", {"customers"}},
      {"ALTER TABLE orders ALTER CONSTRAINT orders_customer_fk DEFERRABLE", {"customers"}},
      {"ALTER TABLE orders OWNER TO postgres"},
      {"ALTER TABLE orders CLUSTER ON orders_placed_at_idx"},
      {"ALTER TABLE orders SET WITHOUT CLUSTER"},
      {"ALTER TABLE scratch SET LOGGED"},
      {"ALTER TABLE audit SET UNLOGGED"},
      {"ALTER TABLE orders SET (fillfactor = 70)"},
      {"ALTER TABLE orders SET (autovacuum_enabled = false)"},
      {"ALTER TABLE orders RESET (fillfactor)"},
      {"ALTER TABLE audit DISABLE TRIGGER audit_touch"},
      {"ALTER TABLE audit ENABLE TRIGGER ALL"},
      {"ALTER TABLE audit DISABLE RULE audit_rule"},
      {"ALTER TABLE audit INHERIT parent"},
      {"ALTER TABLE audit REPLICA IDENTITY FULL"},
      {"ALTER TABLE audit ENABLE ROW LEVEL SECURITY"},
      {"ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"},
      {"ALTER TABLE events DETACH PARTITION events_2023"},
      {"ALTER TABLE audit ADD COLUMN n int, ALTER COLUMN payload SET STATISTICS 100"},
      {"ALTER TABLE customers ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"},
      // Other DDL
      {"CREATE INDEX orders_status_idx ON orders (status)"},
      {"CREATE UNIQUE INDEX orders_note_idx ON orders (note)"},
      {"CREATE INDEX events_at_idx ON events (at)", {"events_2023"}},
      {"CREATE TABLE shipments (id bigint, order_id bigint REFERENCES orders (id))"},
      {"CREATE TABLE shipments (id bigint, order_id bigint, FOREIGN KEY (order_id) REFERENCES orders (id))"},
      {"CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"},
      {"CREATE TABLE child () INHERITS (parent)"},
      {"CREATE TABLE like_orders (LIKE orders)"},
      {"CREATE TABLE orders_copy AS SELECT * FROM orders"},
      {"CREATE MATERIALIZED VIEW customer_emails AS SELECT email FROM customers"},
      {"CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid'"},
      {"CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 1000"},
      {"ALTER TABLE orders RENAME TO purchases"},
      {"ALTER TABLE orders RENAME COLUMN note TO remark"},
      {"ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO orders_total_nonneg"},
      {"ALTER INDEX orders_placed_at_idx RENAME TO orders_placed_idx"},
      {"ALTER TRIGGER audit_touch ON audit RENAME TO audit_touched"},
      {"ALTER VIEW big_orders RENAME TO large_orders"},
      {"ALTER SEQUENCE invoice_seq RENAME TO invoice_number_seq"},
      {"DROP TABLE audit"},
      {"DROP TABLE orders CASCADE", {"customers", "big_orders", "order_totals"}},
      {"DROP VIEW big_orders"},
      {"DROP MATERIALIZED VIEW order_totals"},
      {"DROP INDEX orders_placed_at_idx"},
      {"DROP TRIGGER audit_touch ON audit"},
      {"DROP POLICY audit_all ON audit"},
      {"DROP RULE audit_rule ON audit"},
      {"DROP SEQUENCE invoice_seq"},
      {"TRUNCATE audit"},
      {"TRUNCATE orders, customers"},
      {"CLUSTER orders USING orders_placed_at_idx"},
      {"ANALYZE orders"},
      {"REINDEX TABLE orders"},
      {"REINDEX INDEX orders_placed_at_idx"},
      {"REFRESH MATERIALIZED VIEW order_totals", {"orders"}},
      {"REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals", {"orders"}},
      {"LOCK TABLE orders IN SHARE MODE"},
      {"LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"},
      {"LOCK TABLE orders"},
      {"LOCK TABLE audit IN ROW EXCLUSIVE MODE"},
      {"CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()"},
      {"CREATE POLICY orders_all ON orders USING (true)"},
      {"ALTER POLICY audit_all ON audit USING (id > 0)"},
      {"CREATE RULE orders_rule AS ON DELETE TO orders DO ALSO NOTHING"},
      {"CREATE STATISTICS orders_stats ON customer_id, status FROM orders"},
      {"COMMENT ON TABLE orders IS 'orders'"},
      {"COMMENT ON COLUMN orders.status IS 'status'"},
      {"ALTER TABLE audit SET SCHEMA archive"},
      {"ALTER SEQUENCE invoice_seq RESTART WITH 10"},
      {"GRANT SELECT ON orders TO PUBLIC"},
      // DML
      {"INSERT INTO audit VALUES (2, 'y')"},
      {"INSERT INTO audit SELECT id, email FROM customers"},
      {"UPDATE orders SET status = 'paid' WHERE id = 1", {"customers"}},
      {"UPDATE orders SET note = c.email FROM customers c WHERE c.id = orders.customer_id"},
      {"DELETE FROM audit WHERE id = 1"},
      {"DELETE FROM orders USING customers c WHERE c.id = orders.customer_id"},
      {"MERGE INTO scratch s USING customers c ON s.id = c.id WHEN NOT MATCHED THEN INSERT VALUES (c.id)"},
      {"SELECT count(*) FROM orders"},
      {"SELECT * FROM big_orders", {"orders"}},
      {"SELECT * FROM orders FOR UPDATE"},
      {"WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers ON true"},
      {"COPY orders TO STDOUT"},
      {"SELECT * INTO orders_backup FROM orders"},
  };
  return k_cases;
}

// Index-to-table knowledge read from the live schema, as the static catalog will provide it.
class LiveIndexes final : public compiler::SchemaKnowledge {
 public:
  std::map<std::string, std::string> tables;  // "public.idx" -> "public.table"
  std::optional<std::string> table_of_index(std::string_view index_key) const override {
    const auto it = tables.find(std::string(index_key));
    if (it == tables.end()) return std::nullopt;
    return it->second;
  }
};

struct Observed {
  std::map<std::string, LockMode> locks;         // relname -> strongest mode
  std::map<std::string, std::string> relkinds;  // relname -> relkind
  std::set<std::string> rewritten;               // relnames whose relfilenode changed
};

std::string describe_errors(const std::vector<compiler::Diagnostic>& errors) {
  std::string s;
  for (const auto& d : errors) s += d.message + "\n";
  return s;
}

class LocksAgainstPostgres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (postgres_unavailable()) return;
    auto started = runner::ScratchPostgres::start();
    if (!started) {
      s_error = describe_errors(started.errors());
      return;
    }
    s_pg = new runner::ScratchPostgres(std::move(*started));
    const auto setup = psql_command(*s_pg, k_schema);
    if (!setup.ok()) s_error = "schema set-up failed: " + setup.err;
    const auto indexes = psql_command(
        *s_pg,
        "SELECT i.relname || '|' || t.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid WHERE i.relnamespace = 'public'::regnamespace");
    std::istringstream lines(indexes.out);
    std::string line;
    while (std::getline(lines, line)) {
      const auto bar = line.find('|');
      if (bar != std::string::npos) {
        s_indexes.tables["public." + line.substr(0, bar)] = "public." + line.substr(bar + 1);
      }
    }
  }
  static void TearDownTestSuite() {
    delete s_pg;
    s_pg = nullptr;
  }

  static Observed observe(const std::string& sql, std::string& error) {
    const fs::path script = fs::temp_directory_path() / ("sqlmigrate-locks-" + std::to_string(::getpid()) + ".sql");
    {
      std::ofstream out(script);
      out << "CREATE TEMP TABLE before_rel AS SELECT c.oid, c.relname, c.relkind, c.relfilenode FROM pg_class c "
             "WHERE c.relnamespace = 'public'::regnamespace;\n"
             "BEGIN;\n"
          << sql
          << ";\n"
             "SELECT 'L|' || b.relname || '|' || b.relkind::text || '|' || l.mode FROM pg_locks l JOIN before_rel b ON "
             "b.oid = l.relation WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted;\n"
             "SELECT 'F|' || b.relname FROM before_rel b JOIN pg_class c ON c.oid = b.oid WHERE c.relfilenode <> "
             "b.relfilenode;\n"
             "ROLLBACK;\n";
    }
    // psql_file runs as the OS user of the test; the file must be readable by it only.
    const PsqlResult result = psql_file(*s_pg, script);
    fs::remove(script);
    Observed observed;
    if (!result.ok()) {
      error = result.err;
      return observed;
    }
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
      std::vector<std::string> parts;
      std::stringstream ss(line);
      std::string part;
      while (std::getline(ss, part, '|')) parts.push_back(part);
      if (parts.size() == 4 && parts[0] == "L") {
        const auto mode = compiler::lock_mode_from_pg_locks(parts[3]);
        if (!mode) continue;
        LockMode& held = observed.locks[parts[1]];
        held = std::max(held, *mode);
        observed.relkinds[parts[1]] = parts[2];
      } else if (parts.size() == 2 && parts[0] == "F") {
        observed.rewritten.insert(parts[1]);
      }
    }
    return observed;
  }

  static runner::ScratchPostgres* s_pg;
  static std::string s_error;
  static LiveIndexes s_indexes;
};

runner::ScratchPostgres* LocksAgainstPostgres::s_pg = nullptr;
std::string LocksAgainstPostgres::s_error;
LiveIndexes LocksAgainstPostgres::s_indexes;

// The relation name of a catalog key ("public.orders" -> "orders").
std::string relname(const std::string& key) { return key.substr(key.find('.') + 1); }

TEST_F(LocksAgainstPostgres, StaticReportAgreesWithPgLocks) {
  SQLMIGRATE_REQUIRE_POSTGRES();
  ASSERT_TRUE(s_error.empty()) << s_error;
  ASSERT_NE(s_pg, nullptr);
  compiler::LockOptions options;
  options.knowledge = &s_indexes;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.sql);
    auto source = compiler::SourceFile::from_text("case.sql", c.sql);
    ASSERT_TRUE(source.ok());
    const compiler::Script script = compiler::parse(*source);
    ASSERT_TRUE(script.ok()) << describe_errors(script.errors());
    ASSERT_EQ(script.statements().size(), 1U);
    const compiler::LockFacts facts = compiler::lock_facts(script.statements().front(), options);
    EXPECT_TRUE(facts.known) << facts.command;

    std::string error;
    const Observed observed = observe(c.sql, error);
    if (!error.empty()) {
      ADD_FAILURE() << error;
      continue;
    }

    std::set<std::string> reported;
    for (const compiler::RelationLock& r : facts.relations) {
      const std::string name = relname(r.key);
      reported.insert(name);
      if (r.created) continue;  // new: not in the schema before the statement
      const auto it = observed.locks.find(name);
      const LockMode live = it == observed.locks.end() ? LockMode::none : it->second;
      EXPECT_EQ(compiler::to_string(r.mode), compiler::to_string(live)) << "lock mode on " << name;
      const bool live_rewrite = observed.rewritten.contains(name);
      if (r.rewrite == Tri::maybe) {
        EXPECT_TRUE(c.rewrite_maybe_ok) << name << ": the report says `maybe`, the server "
                                        << (live_rewrite ? "rewrote" : "did not rewrite");
      } else {
        EXPECT_EQ(r.rewrite == Tri::yes || r.new_storage, live_rewrite) << "rewrite of " << name;
      }
    }
    for (const auto& [name, mode] : observed.locks) {
      if (reported.contains(name) || c.also.contains(name)) continue;
      const std::string& kind = observed.relkinds.at(name);
      if (kind != "r" && kind != "p" && kind != "m" && kind != "v" && kind != "f") continue;  // indexes, sequences
      ADD_FAILURE() << "the server also locked " << name << " in " << compiler::pg_locks_name(mode)
                    << ", which the report leaves out";
    }
    for (const std::string& name : observed.rewritten) {
      if (!reported.contains(name) && !c.also.contains(name) && observed.relkinds.contains(name) &&
          observed.relkinds.at(name) != "i" && observed.relkinds.at(name) != "S") {
        ADD_FAILURE() << "the server rewrote " << name << ", which the report leaves out";
      }
    }
  }
}

// Every kind of lock fact that a rule fixture relies on is among the statements checked live above.
TEST_F(LocksAgainstPostgres, RuleFixturesUseOnlyCheckedFacts) {
  std::set<std::string> checked;
  for (const Case& c : cases()) {
    auto source = compiler::SourceFile::from_text("case.sql", c.sql);
    const compiler::Script script = compiler::parse(*source);
    for (const auto& stmt : script.statements()) {
      for (const auto& r : compiler::lock_facts(stmt).relations) checked.insert(r.why);
    }
  }
  std::size_t statements = 0;
  for (const auto& dir : fs::directory_iterator(source_dir() / "tests" / "rules")) {
    if (!dir.is_directory()) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".sql" ||
          entry.path().string().find("/bad_") == std::string::npos) {
        continue;
      }
      auto source = compiler::SourceFile::read(entry.path(), name);
      ASSERT_TRUE(source.ok()) << entry.path();
      const compiler::Script script = compiler::parse(*source);
      for (const auto& stmt : script.statements()) {
        ++statements;
        const auto facts = compiler::lock_facts(stmt);
        for (const auto& r : facts.relations) {
          // CONCURRENTLY and other statements refused in a transaction block: checked statically.
          if (r.created || r.mode == LockMode::share_update_exclusive || !stmt.autocommit_only.empty()) continue;
          EXPECT_TRUE(checked.contains(r.why)) << entry.path() << ": `" << facts.command << "` (" << r.why
                                                << ") is not among the statements checked against Postgres";
        }
      }
    }
  }
  EXPECT_GT(statements, 10U);
}

}  // namespace
}  // namespace sqlmigrate::testing
