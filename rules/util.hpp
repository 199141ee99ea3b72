#pragma once
// Helpers shared by rules: names, quoting, and common questions about nodes.

#include <string>
#include <string_view>

#include "compiler/catalog.hpp"
#include "compiler/pg/nodes.hpp"
#include "linter/context.hpp"
#include "linter/rule.hpp"

namespace sqlmigrate::rules {

using compiler::Span;
using compiler::Statement;
using linter::Severity;

// The relation as written ("orders", "shop.orders"), for messages.
std::string display_name(const RangeVar* relation);
// `"name"` quoting for messages, only when needed.
std::string quote_ident(std::string_view name);
// The catalog key of a relation.
std::string relation_key(const RangeVar* relation);
// Whether the relation was created earlier in this migration (new and empty: locking it blocks nobody).
bool is_new_relation(const RangeVar* relation, const linter::LintContext& ctx);
// The last name of a qualified name list (for example a function or type name).
std::string last_name(const List* names);
// The full dotted name of a qualified name list.
std::string dotted_name(const List* names);

}  // namespace sqlmigrate::rules
