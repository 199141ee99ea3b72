// Unit tests of the static catalog: what each kind of statement does to it.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <utility>

#include "compiler/catalog.hpp"
#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"

namespace sqlmigrate::compiler {
namespace {

// Replays each SQL text as one migration.
class Replayed {
 public:
  void run(const std::string& sql) {
    m_sources.push_back(std::make_unique<SourceFile>(*SourceFile::from_text("test.sql", sql)));
    Script script = parse(*m_sources.back());
    ASSERT_TRUE(script.ok()) << sql;
    catalog.begin_migration();
    for (const auto& stmt : script.statements()) catalog.apply(stmt);
  }
  Catalog catalog;

 private:
  std::vector<std::unique_ptr<SourceFile>> m_sources;
};

TEST(Catalog, ColumnsTypesAndGeneratedNames) {
  Replayed r;
  r.run("CREATE TABLE t (id serial PRIMARY KEY, code varchar(20) UNIQUE, amount numeric(10), "
        "at timestamp(3) with time zone, tags text[], CHECK (amount > 0), ref int REFERENCES t);");
  const Relation* t = r.catalog.known_relation("public.t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->column("id")->type.text(), "int4");
  EXPECT_TRUE(t->column("id")->not_null);
  EXPECT_EQ(t->column("id")->default_kind, DefaultKind::volatile_);
  EXPECT_EQ(t->column("code")->type.display(), "character varying(20)");
  EXPECT_EQ(t->column("amount")->type.text(), "numeric(10,0)");
  EXPECT_EQ(t->column("at")->type.display(), "timestamp(3) with time zone");
  EXPECT_EQ(t->column("tags")->type.display(), "text[]");
  EXPECT_NE(t->constraint("t_pkey"), nullptr);
  EXPECT_NE(t->constraint("t_code_key"), nullptr);
  EXPECT_NE(t->constraint("t_amount_check"), nullptr);
  EXPECT_NE(t->constraint("t_ref_fkey"), nullptr);
  EXPECT_TRUE(r.catalog.relation_exists("public.t_id_seq"));
  EXPECT_TRUE(r.catalog.created_in_migration("public.t"));
  r.run("SELECT 1;");
  EXPECT_FALSE(r.catalog.created_in_migration("public.t"));
}

TEST(Catalog, NotValidChecksAndValidation) {
  Replayed r;
  r.run("CREATE TABLE o (c text);");
  r.run("ALTER TABLE o ADD CONSTRAINT o_c_nn CHECK (c IS NOT NULL) NOT VALID;");
  EXPECT_FALSE(r.catalog.has_validated_not_null_check("public.o", "c"));
  r.run("ALTER TABLE o VALIDATE CONSTRAINT o_c_nn;");
  EXPECT_TRUE(r.catalog.has_validated_not_null_check("public.o", "c"));
  r.run("ALTER TABLE o RENAME COLUMN c TO currency;");
  EXPECT_TRUE(r.catalog.has_validated_not_null_check("public.o", "currency"));
}

TEST(Catalog, RenamesAndDropsCarryDependents) {
  Replayed r;
  r.run("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a, x int);"
        "CREATE INDEX b_x_idx ON b (x); CREATE VIEW v AS SELECT * FROM b;");
  r.run("ALTER TABLE b RENAME TO c; ALTER TABLE a RENAME TO aa;");
  ASSERT_NE(r.catalog.relation("public.c"), nullptr);
  EXPECT_EQ(r.catalog.index("public.b_x_idx")->table, "public.c");
  EXPECT_EQ(r.catalog.relation("public.c")->constraint("b_a_id_fkey")->references(), "public.aa");
  r.run("DROP TABLE aa CASCADE;");
  EXPECT_EQ(r.catalog.relation("public.c")->constraint("b_a_id_fkey"), nullptr);
  r.run("ALTER TABLE c DROP COLUMN x;");
  EXPECT_EQ(r.catalog.index("public.b_x_idx"), nullptr);
  r.run("DROP TABLE c CASCADE;");
  EXPECT_FALSE(r.catalog.relation_exists("public.v"));
}

// Generated names skip names already taken, however the taking object got its name (created,
// renamed, moved to another schema), as Postgres's ChooseRelationName does.
// Column and constraint changes on a parent reach its partitions and inheritance children,
// however they became children (PARTITION OF, ATTACH PARTITION, INHERITS, ALTER TABLE ... INHERIT),
// and never reach tables that only point at the parent.
TEST(Catalog, ChangesToAParentReachEveryKindOfChild) {
  Replayed r;
  // One parent per way of becoming a child.
  r.run("CREATE TABLE p (id int NOT NULL, note text) PARTITION BY RANGE (id);"
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);"
        "CREATE TABLE q (id int NOT NULL, note text) PARTITION BY RANGE (id);"
        "CREATE TABLE q1 (id int NOT NULL, note text);"
        "CREATE TABLE base (id int PRIMARY KEY, note text);"
        "CREATE TABLE kid () INHERITS (base);"
        "CREATE TABLE base2 (id int, note text);"
        "CREATE TABLE kid2 (id int, note text);"
        "CREATE TABLE fan (base_id int REFERENCES base (id), note text);");
  r.run("ALTER TABLE q ATTACH PARTITION q1 FOR VALUES FROM (0) TO (10);"
        "ALTER TABLE kid2 INHERIT base2;");
  for (const char* parent : {"p", "q"}) {
    r.run(fmt::format("ALTER TABLE {0} ADD COLUMN extra int;"
                      "ALTER TABLE {0} ALTER COLUMN extra SET NOT NULL;"
                      "ALTER TABLE {0} ALTER COLUMN extra TYPE bigint;"
                      "ALTER TABLE {0} ADD CONSTRAINT {0}_extra_check CHECK (extra > 0) NOT VALID;"
                      "ALTER TABLE {0} DROP COLUMN note;",
                      parent));
  }
  for (const char* parent : {"base", "base2"}) r.run(fmt::format("ALTER TABLE {} ADD COLUMN extra int;", parent));
  for (const auto& [child, check] : {std::pair{"public.p1", "p_extra_check"}, std::pair{"public.q1", "q_extra_check"}}) {
    const Relation* c = r.catalog.known_relation(child);
    ASSERT_NE(c, nullptr) << child;
    ASSERT_NE(c->column("extra"), nullptr) << child;
    EXPECT_EQ(c->column("extra")->type.text(), "int8") << child;
    EXPECT_TRUE(c->column("extra")->not_null) << child;
    EXPECT_EQ(c->column("note"), nullptr) << child;
    ASSERT_NE(c->constraint(check), nullptr) << child;
    EXPECT_FALSE(c->constraint(check)->validated) << child;
  }
  r.run("ALTER TABLE q VALIDATE CONSTRAINT q_extra_check;");
  EXPECT_TRUE(r.catalog.known_relation("public.q1")->constraint("q_extra_check")->validated);
  for (const char* child : {"public.kid", "public.kid2"}) {
    const Relation* c = r.catalog.known_relation(child);
    ASSERT_NE(c, nullptr) << child;
    EXPECT_NE(c->column("extra"), nullptr) << child;
  }
  // A table that only points at a parent is not its child.
  EXPECT_EQ(r.catalog.known_relation("public.fan")->column("extra"), nullptr);
}

TEST(Catalog, GeneratedNamesSkipNamesTakenByRenamedAndMovedObjects) {
  Replayed r;
  r.run("CREATE TABLE a (id int); ALTER TABLE a RENAME TO u_pkey; CREATE TABLE u (id int PRIMARY KEY);");
  EXPECT_NE(r.catalog.index("public.u_pkey1"), nullptr);
  r.run("CREATE TABLE b (x int); CREATE INDEX b_x ON b (x); ALTER INDEX b_x RENAME TO v_pkey;"
        "CREATE TABLE v (id int PRIMARY KEY);");
  EXPECT_NE(r.catalog.index("public.v_pkey1"), nullptr);
  r.run("CREATE SCHEMA s; CREATE TABLE s.w_pkey (id int); ALTER TABLE s.w_pkey SET SCHEMA public;"
        "CREATE TABLE w (id int PRIMARY KEY);");
  EXPECT_NE(r.catalog.index("public.w_pkey1"), nullptr);
  r.run("CREATE TABLE x (id serial);");  // no collision: the plain names
  EXPECT_TRUE(r.catalog.relation_exists("public.x_id_seq"));
  r.run("ALTER TABLE x RENAME TO y; CREATE TABLE x (id serial);");  // x_id_seq kept its name
  EXPECT_TRUE(r.catalog.relation_exists("public.x_id_seq1"));
}

TEST(Catalog, IndexesAndLeadingColumns) {
  Replayed r;
  r.run("CREATE TABLE t (a int, b int, c int); CREATE INDEX ON t (b, a); CREATE INDEX ON t (c) WHERE c > 0;"
        "CREATE UNIQUE INDEX ON t (lower(a::text));");
  EXPECT_NE(r.catalog.index("public.t_b_a_idx"), nullptr);
  EXPECT_NE(r.catalog.index("public.t_lower_idx"), nullptr);
  EXPECT_TRUE(r.catalog.has_leading_index("public.t", {"a", "b"}));
  EXPECT_TRUE(r.catalog.has_leading_index("public.t", {"b"}));
  EXPECT_FALSE(r.catalog.has_leading_index("public.t", {"a"}));
  EXPECT_FALSE(r.catalog.has_leading_index("public.t", {"c"}));  // partial
}

// Dropping a column drops every index that uses it, as a key, in INCLUDE, in an expression or in
// the predicate, also after the column was renamed; other indexes stay.
TEST(Catalog, DroppingAColumnDropsTheIndexesThatUseIt) {
  Replayed r;
  r.run("CREATE TABLE t (a int, b int, c int, d int, e int);"
        "CREATE INDEX t_key ON t (a); CREATE INDEX t_incl ON t (a) INCLUDE (b);"
        "CREATE INDEX t_expr ON t ((c + 1)); CREATE INDEX t_pred ON t (a) WHERE d > 0;"
        "CREATE INDEX t_other ON t (e);");
  r.run("ALTER TABLE t RENAME COLUMN b TO bb; ALTER TABLE t DROP COLUMN bb;");
  EXPECT_EQ(r.catalog.index("public.t_incl"), nullptr);
  EXPECT_NE(r.catalog.index("public.t_key"), nullptr);
  r.run("ALTER TABLE t DROP COLUMN c;");
  EXPECT_EQ(r.catalog.index("public.t_expr"), nullptr);
  r.run("ALTER TABLE t DROP COLUMN d;");
  EXPECT_EQ(r.catalog.index("public.t_pred"), nullptr);
  EXPECT_NE(r.catalog.index("public.t_key"), nullptr);
  EXPECT_NE(r.catalog.index("public.t_other"), nullptr);
  r.run("ALTER TABLE t DROP COLUMN a;");
  EXPECT_EQ(r.catalog.index("public.t_key"), nullptr);
  EXPECT_NE(r.catalog.index("public.t_other"), nullptr);
}

// A relation's links (parent, inherits, view dependencies, owner, comment) live out of line: they
// read empty until set, and a copy has its own.
TEST(Catalog, RelationLinksReadEmptyUntilSetAndCopyDeeply) {
  Replayed r;
  r.run("CREATE TABLE p (id int) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (9);"
        "CREATE TABLE plain (id int); COMMENT ON TABLE plain IS 'kept';");
  const compiler::Relation* p1 = r.catalog.relation("public.p1");
  ASSERT_NE(p1, nullptr);
  EXPECT_EQ(p1->links().parent, "public.p");
  EXPECT_EQ(p1->links().partition_bound, "range");
  EXPECT_TRUE(r.catalog.relation("public.p")->links().parent.empty());
  compiler::Relation copy = *r.catalog.relation("public.plain");
  EXPECT_EQ(copy.links().comment, "kept");
  copy.edit_links().comment = "changed";
  EXPECT_EQ(r.catalog.relation("public.plain")->links().comment, "kept");
  compiler::Relation assigned;
  assigned = copy;
  EXPECT_EQ(assigned.links().comment, "changed");
  r.run("ALTER TABLE p DETACH PARTITION p1;");
  EXPECT_TRUE(r.catalog.relation("public.p1")->links().parent.empty());
}

// A foreign key follows renames of the columns it references, so dropping the renamed column
// drops the foreign key too; a CHECK (col IS NOT NULL) follows the rename of its column.
TEST(Catalog, ForeignKeysAndNotNullChecksFollowColumnRenames) {
  Replayed r;
  r.run("CREATE TABLE a (id int PRIMARY KEY, code int UNIQUE);"
        "CREATE TABLE b (a_code int REFERENCES a (code), n int, CONSTRAINT n_set CHECK (n IS NOT NULL));");
  ASSERT_NE(r.catalog.relation("public.b")->constraint("b_a_code_fkey"), nullptr);
  EXPECT_EQ(r.catalog.relation("public.b")->constraint("b_a_code_fkey")->referenced_columns(),
            std::vector<std::string>{"code"});
  r.run("ALTER TABLE a RENAME COLUMN code TO c2; ALTER TABLE b RENAME COLUMN n TO n2;");
  EXPECT_EQ(r.catalog.relation("public.b")->constraint("b_a_code_fkey")->referenced_columns(),
            std::vector<std::string>{"c2"});
  EXPECT_TRUE(r.catalog.has_validated_not_null_check("public.b", "n2"));
  EXPECT_FALSE(r.catalog.has_validated_not_null_check("public.b", "n"));
  EXPECT_EQ(r.catalog.relation("public.b")->constraint("n_set")->not_null_column(), "n2");
  EXPECT_EQ(r.catalog.relation("public.a")->constraint("a_pkey")->referenced_columns(), std::vector<std::string>{});
  r.run("ALTER TABLE a DROP COLUMN c2 CASCADE;");
  EXPECT_EQ(r.catalog.relation("public.b")->constraint("b_a_code_fkey"), nullptr);
}

// CREATE TABLE ... LIKE ... INCLUDING INDEXES copies the indexes, and the primary key and unique
// constraints they back, under the new table's generated names.
TEST(Catalog, LikeIncludingIndexesCopiesTheConstraintsTheIndexesBack) {
  Replayed r;
  r.run("CREATE TABLE a (id int PRIMARY KEY, code text UNIQUE, note text); CREATE INDEX a_note_idx ON a (note);"
        "CREATE TABLE b (LIKE a INCLUDING INDEXES);");
  const Relation* b = r.catalog.relation("public.b");
  ASSERT_NE(b, nullptr);
  ASSERT_NE(b->constraint("b_pkey"), nullptr);
  EXPECT_EQ(b->constraint("b_pkey")->kind, ConstraintKind::primary_key);
  EXPECT_EQ(b->constraint("b_pkey")->index, "public.b_pkey");
  ASSERT_NE(b->constraint("b_code_key"), nullptr);
  EXPECT_EQ(b->constraint("b_code_key")->kind, ConstraintKind::unique);
  ASSERT_NE(r.catalog.index("public.b_pkey"), nullptr);
  EXPECT_TRUE(r.catalog.index("public.b_pkey")->backs_constraint);
  ASSERT_NE(r.catalog.index("public.b_note_idx"), nullptr);
  EXPECT_FALSE(r.catalog.index("public.b_note_idx")->backs_constraint);
  EXPECT_EQ(b->constraint("b_note_idx"), nullptr);
  // Renaming the index renames its constraint; renaming the constraint renames its index.
  r.run("ALTER INDEX b_pkey RENAME TO b_primary; ALTER TABLE b RENAME CONSTRAINT b_code_key TO b_code_unique;");
  EXPECT_NE(b->constraint("b_primary"), nullptr);
  EXPECT_NE(r.catalog.index("public.b_code_unique"), nullptr);
  EXPECT_EQ(r.catalog.index("public.b_code_key"), nullptr);
}

TEST(Catalog, EnumsSchemasAndSearchPath) {
  Replayed r;
  r.run("CREATE TYPE mood AS ENUM ('sad', 'ok'); ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';"
        "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';");
  EXPECT_EQ(r.catalog.type("public.mood")->values, (std::vector<std::string>{"sad", "meh", "ok", "happy"}));
  r.run("CREATE SCHEMA app; SET search_path TO app, public; CREATE TABLE users (m mood);");
  EXPECT_TRUE(r.catalog.relation_exists("app.users"));
  EXPECT_EQ(r.catalog.relation("app.users")->column("m")->type.name, "public.mood");
  EXPECT_EQ(r.catalog.resolve(nullptr, "users"), "app.users");
}

TEST(Catalog, UnknownWhereTheReplayCannotFollow) {
  Replayed r;
  r.run("CREATE TABLE t (a int); CREATE TABLE s AS SELECT 1 AS x;");
  EXPECT_TRUE(r.catalog.relation("public.s")->unknown);
  EXPECT_EQ(r.catalog.known_relation("public.s"), nullptr);
  r.run("DO $$ BEGIN ALTER TABLE t ADD COLUMN b int; END $$;");
  EXPECT_TRUE(r.catalog.relation("public.t")->unknown);
  EXPECT_FALSE(r.catalog.unknown());
  r.run("DO $$ BEGIN EXECUTE 'ALTER TABLE ' || 'x' || ' ADD COLUMN y int'; END $$;");
  EXPECT_TRUE(r.catalog.unknown());
}

TEST(Catalog, FunctionsThatRunDdlMakeTheCatalogUnknownWhenCalled) {
  Replayed r;
  r.run("CREATE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE z (a int); END $$;");
  EXPECT_FALSE(r.catalog.unknown());
  r.run("SELECT mk();");
  EXPECT_TRUE(r.catalog.unknown());
}

}  // namespace
}  // namespace sqlmigrate::compiler
