#pragma once
// The one way into Postgres's parse-node headers (postgresql-server-dev, same major version as
// libpg_query). Include it only where nodes are read: compiler/pg, the catalog and rules.
//
// Never touch CurrentMemoryContext or TopMemoryContext from our code: libpg_query defines them
// thread-local, while the server headers declare them as plain globals. Use pg_query's own
// enter/exit functions (see compiler/pg/parse.cpp).

extern "C" {
#include "postgres.h"
#include "nodes/nodes.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "nodes/value.h"
#include "nodes/nodeFuncs.h"
#include "utils/memutils.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"
}

// postgres.h (through port.h and c.h) redefines names that the C++ standard library uses.
#undef printf
#undef fprintf
#undef sprintf
#undef snprintf
#undef vsnprintf
#undef vfprintf
#undef vsprintf
#undef gettext
#undef dgettext
#undef ngettext
#undef dngettext
#undef Min
#undef Max
#undef Abs
#undef strerror
#undef strerror_r
#undef qsort
#undef _
#undef Assert
#undef AssertMacro
#undef AssertArg
#undef AssertState
#undef StaticAssertStmt
#undef StaticAssertExpr

namespace sqlmigrate::compiler::pg {

// The string of a String value node (names in qualified-name lists are String nodes).
inline const char* str_value(const ::Node* node) {
  return node != nullptr && IsA(node, String) ? castNode(String, const_cast<::Node*>(node))->sval : nullptr;
}

// raw_expression_tree_walker(node, callback, context), one level deeper than the walk that calls
// it: every walker callback recurses through this, never through raw_expression_tree_walker
// itself. Past the limits in compiler/pg/nesting.hpp it visits nothing, records that it stopped,
// and answers false (nothing found below).
bool walk_children(::Node* node, bool (*callback)(::Node*, void*), void* context);

}  // namespace sqlmigrate::compiler::pg
