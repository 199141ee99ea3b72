#include "rules/registry.hpp"

#include <array>

namespace sqlmigrate::rules {

// One line per rule, in alphabetical order of id (tests/rules/consistency_test.cpp checks it).
const linter::Rule& adding_field_with_volatile_default();
const linter::Rule& adding_foreign_key_constraint();
const linter::Rule& adding_not_nullable_field();
const linter::Rule& adding_required_field();
const linter::Rule& ban_concurrent_index_creation_in_transaction();
const linter::Rule& changing_column_type();
const linter::Rule& constraint_missing_not_valid();
const linter::Rule& holding_access_exclusive_across_statements();
const linter::Rule& missing_down_migration();
const linter::Rule& require_concurrent_index_creation();
const linter::Rule& require_lock_timeout();
const linter::Rule& require_statement_timeout();

std::span<const linter::Rule* const> all_rules() {
  static const std::array<const linter::Rule*, 12> k_rules = {
      &adding_field_with_volatile_default(),
      &adding_foreign_key_constraint(),
      &adding_not_nullable_field(),
      &adding_required_field(),
      &ban_concurrent_index_creation_in_transaction(),
      &changing_column_type(),
      &constraint_missing_not_valid(),
      &holding_access_exclusive_across_statements(),
      &missing_down_migration(),
      &require_concurrent_index_creation(),
      &require_lock_timeout(),
      &require_statement_timeout(),
  };
  return k_rules;
}

}  // namespace sqlmigrate::rules
