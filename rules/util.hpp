#pragma once
// Helpers shared by rules: names, quoting, and common questions about nodes.

#include <string>
#include <string_view>
#include <vector>

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

// Where each subcommand of an ALTER TABLE is written (`DROP COLUMN a`, `ALTER COLUMN b SET NOT NULL`),
// in the order of `alter->cmds`: AlterTableCmd keeps no position of its own. Empty when the text
// does not split into that many (then point at the statement).
std::vector<Span> alter_subcommand_spans(const Statement& stmt, const linter::LintContext& ctx,
                                         const AlterTableStmt* alter);
// The span of subcommand `index` of an ALTER TABLE, or of the whole statement when it cannot be told.
Span alter_subcommand_span(const Statement& stmt, const linter::LintContext& ctx, const AlterTableStmt* alter,
                           std::size_t index);

}  // namespace sqlmigrate::rules
