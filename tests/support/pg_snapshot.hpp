#pragma once
// A text snapshot of a database's schema read from pg_catalog, for tests that compare schemas:
// relations, columns (type, nullability, default), constraints, indexes, enum types, sequences,
// functions and extensions, one sorted line each. The history tables are left out.

#include <string>

#include "runner/scratch_postgres.hpp"

namespace sqlmigrate::testing {

// Empty string on a query failure is impossible to mistake for a schema: it returns "ERROR: ..." then.
std::string schema_snapshot(const runner::ScratchPostgres& pg, const std::string& dbname);

}  // namespace sqlmigrate::testing
