#include "rules/registry.hpp"

#include <array>

namespace sqlmigrate::rules {

// One line per rule, in alphabetical order of id (tests/rules/consistency_test.cpp checks it).
const linter::Rule& adding_exclusion_constraint();
const linter::Rule& adding_field_with_volatile_default();
const linter::Rule& adding_foreign_key_constraint();
const linter::Rule& adding_not_nullable_field();
const linter::Rule& adding_primary_key_constraint();
const linter::Rule& adding_required_field();
const linter::Rule& adding_serial_or_identity_column();
const linter::Rule& adding_stored_generated_column();
const linter::Rule& attaching_partition_without_check();
const linter::Rule& ban_alter_domain_with_add_constraint();
const linter::Rule& ban_char_field();
const linter::Rule& ban_concurrent_index_build_on_pg14_before_14_4();
const linter::Rule& ban_concurrent_index_creation_in_transaction();
const linter::Rule& ban_create_domain_with_constraint();
const linter::Rule& ban_drop_column();
const linter::Rule& ban_drop_database();
const linter::Rule& ban_drop_not_null();
const linter::Rule& ban_drop_table();
const linter::Rule& ban_duplicate_column_assignments();
const linter::Rule& ban_truncate_cascade();
const linter::Rule& ban_uncommitted_transaction();
const linter::Rule& ban_vacuum_full_and_cluster();
const linter::Rule& changing_column_type();
const linter::Rule& constraint_missing_not_valid();
const linter::Rule& constraint_validated_in_same_transaction();
const linter::Rule& ddl_in_do_block();
const linter::Rule& disallowed_unique_constraint();
const linter::Rule& down_migration_incomplete();
const linter::Rule& foreign_key_without_index();
const linter::Rule& holding_access_exclusive_across_statements();
const linter::Rule& identifier_too_long();
const linter::Rule& missing_down_migration();
const linter::Rule& prefer_bigint_over_int();
const linter::Rule& prefer_bigint_over_smallint();
const linter::Rule& prefer_identity();
const linter::Rule& prefer_jsonb();
const linter::Rule& prefer_robust_stmts();
const linter::Rule& prefer_text_field();
const linter::Rule& prefer_timestamptz();
const linter::Rule& refresh_materialized_view_without_concurrently();
const linter::Rule& renaming_column();
const linter::Rule& renaming_table();
const linter::Rule& require_concurrent_index_creation();
const linter::Rule& require_concurrent_index_deletion();
const linter::Rule& require_concurrent_partition_detach();
const linter::Rule& require_concurrent_reindex();
const linter::Rule& require_enum_value_ordering();
const linter::Rule& require_lock_timeout();
const linter::Rule& require_statement_timeout();
const linter::Rule& require_table_schema();
const linter::Rule& transaction_nesting();

std::span<const linter::Rule* const> all_rules() {
  static const auto k_rules = std::to_array<const linter::Rule*>({
      &adding_exclusion_constraint(),
      &adding_field_with_volatile_default(),
      &adding_foreign_key_constraint(),
      &adding_not_nullable_field(),
      &adding_primary_key_constraint(),
      &adding_required_field(),
      &adding_serial_or_identity_column(),
      &adding_stored_generated_column(),
      &attaching_partition_without_check(),
      &ban_alter_domain_with_add_constraint(),
      &ban_char_field(),
      &ban_concurrent_index_build_on_pg14_before_14_4(),
      &ban_concurrent_index_creation_in_transaction(),
      &ban_create_domain_with_constraint(),
      &ban_drop_column(),
      &ban_drop_database(),
      &ban_drop_not_null(),
      &ban_drop_table(),
      &ban_duplicate_column_assignments(),
      &ban_truncate_cascade(),
      &ban_uncommitted_transaction(),
      &ban_vacuum_full_and_cluster(),
      &changing_column_type(),
      &constraint_missing_not_valid(),
      &constraint_validated_in_same_transaction(),
      &ddl_in_do_block(),
      &disallowed_unique_constraint(),
      &down_migration_incomplete(),
      &foreign_key_without_index(),
      &holding_access_exclusive_across_statements(),
      &identifier_too_long(),
      &missing_down_migration(),
      &prefer_bigint_over_int(),
      &prefer_bigint_over_smallint(),
      &prefer_identity(),
      &prefer_jsonb(),
      &prefer_robust_stmts(),
      &prefer_text_field(),
      &prefer_timestamptz(),
      &refresh_materialized_view_without_concurrently(),
      &renaming_column(),
      &renaming_table(),
      &require_concurrent_index_creation(),
      &require_concurrent_index_deletion(),
      &require_concurrent_partition_detach(),
      &require_concurrent_reindex(),
      &require_enum_value_ordering(),
      &require_lock_timeout(),
      &require_statement_timeout(),
      &require_table_schema(),
      &transaction_nesting(),
  });
  return k_rules;
}

}  // namespace sqlmigrate::rules
