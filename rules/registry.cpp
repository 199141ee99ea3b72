#include "rules/registry.hpp"

#include <array>

namespace sqlmigrate::rules {

// One line per rule, in alphabetical order of id (tests/rules/consistency_test.cpp checks it).
const linter::Rule& adding_field_with_volatile_default();
const linter::Rule& adding_foreign_key_constraint();
const linter::Rule& adding_not_nullable_field();
const linter::Rule& adding_primary_key_constraint();
const linter::Rule& adding_required_field();
const linter::Rule& ban_concurrent_index_creation_in_transaction();
const linter::Rule& changing_column_type();
const linter::Rule& constraint_missing_not_valid();
const linter::Rule& constraint_validated_in_same_transaction();
const linter::Rule& disallowed_unique_constraint();
const linter::Rule& down_migration_incomplete();
const linter::Rule& foreign_key_without_index();
const linter::Rule& missing_down_migration();
const linter::Rule& require_concurrent_index_creation();

std::span<const linter::Rule* const> all_rules() {
  static const std::array<const linter::Rule*, 14> k_rules = {
      &adding_field_with_volatile_default(),
      &adding_foreign_key_constraint(),
      &adding_not_nullable_field(),
      &adding_primary_key_constraint(),
      &adding_required_field(),
      &ban_concurrent_index_creation_in_transaction(),
      &changing_column_type(),
      &constraint_missing_not_valid(),
      &constraint_validated_in_same_transaction(),
      &disallowed_unique_constraint(),
      &down_migration_incomplete(),
      &foreign_key_without_index(),
      &missing_down_migration(),
      &require_concurrent_index_creation(),
  };
  return k_rules;
}

}  // namespace sqlmigrate::rules
