#include "tests/support/pg_snapshot.hpp"

#include <gtest/gtest.h>

#include "tests/support/psql.hpp"

namespace sqlmigrate::testing {

std::string schema_snapshot(const runner::ScratchPostgres& pg, const std::string& dbname) {
  static const char* k_query = R"SQL(
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%'
), rel AS (
  SELECT c.oid, ns.nspname || '.' || c.relname AS name, c.relkind FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relname NOT LIKE 'sqlmigrate\_history%'
)
SELECT line FROM (
  SELECT 'schema ' || nspname AS line FROM ns WHERE nspname <> 'public'
  UNION ALL SELECT 'relation ' || name || ' ' || relkind::text FROM rel
  UNION ALL SELECT 'column ' || rel.name || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
         || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
    FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE rel.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL SELECT 'constraint ' || rel.name || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
         || CASE WHEN con.convalidated THEN '' ELSE ' (not validated)' END
    FROM pg_constraint con JOIN rel ON rel.oid = con.conrelid
  UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
    FROM pg_index i JOIN rel ON rel.oid = i.indrelid
  UNION ALL SELECT 'type ' || ns.nspname || '.' || t.typname || ' ' || t.typtype::text
         || COALESCE(' (' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e
                               WHERE e.enumtypid = t.oid) || ')', '')
    FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
  UNION ALL SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
  UNION ALL SELECT 'trigger ' || tg.tgname || ' on ' || rel.name FROM pg_trigger tg JOIN rel ON rel.oid = tg.tgrelid
    WHERE NOT tg.tgisinternal
  UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
) s ORDER BY line;
)SQL";
  const PsqlResult r = psql_command(pg, k_query, dbname);
  if (!r.ok()) {
    ADD_FAILURE() << "the schema snapshot query failed: " << r.err;
    return "ERROR: " + r.err;
  }
  return r.out;
}

}  // namespace sqlmigrate::testing
