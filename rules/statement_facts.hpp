#pragma once
// Questions that several rules ask about a statement and the migration around it: objects that
// earlier statements of the migration created but the catalog does not track yet (indexes, domains,
// databases), names as written, boolean options, and Postgres releases with known bugs.

#include <string>
#include <string_view>
#include <vector>

#include "rules/util.hpp"

namespace sqlmigrate::rules {

// The catalog key ("schema.name", unqualified names in "public") of a qualified name list such as
// a DROP INDEX object or a domain name; a database-qualified name keeps its last two parts.
std::string qualified_key(const List* names);
// The name list as written, each part quoted where needed ("shop.orders_placed_at_idx").
std::string display_names(const List* names);
// Joins names for a message: "a", "a and b", "a, b and c".
std::string join_names(const std::vector<std::string>& names);

// Whether an earlier statement of this migration created the index `key` ("schema.name"), following
// ALTER INDEX ... RENAME and DROP INDEX on the way: the index is then new and nobody uses it yet.
bool is_new_index(std::string_view key, const Statement& stmt, const linter::LintContext& ctx);
// Whether an earlier statement of this migration ran CREATE DOMAIN `key` ("schema.name").
bool is_new_domain(std::string_view key, const Statement& stmt, const linter::LintContext& ctx);
// Whether an earlier statement of this migration ran CREATE DATABASE `name`.
bool is_new_database(std::string_view name, const Statement& stmt, const linter::LintContext& ctx);

// Whether the boolean option `name` (VACUUM (FULL), REINDEX (CONCURRENTLY), ...) is on, with
// Postgres's defGetBoolean reading: absent is off, a bare name is on, else true/false/on/off/1/0.
bool option_on(const List* options, std::string_view name);

// Whether the target is Postgres 14.0 to 14.3, whose CREATE INDEX CONCURRENTLY and REINDEX
// CONCURRENTLY can build indexes that miss rows (fixed in 14.4). Needs a minor release in the
// configured pg_version ("14.3"); a bare major version (14) never counts.
bool concurrent_index_builds_corrupt(const linter::LintContext& ctx);

}  // namespace sqlmigrate::rules
