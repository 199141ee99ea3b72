#include "rules/registry.hpp"

#include <array>

namespace sqlmigrate::rules {

// One line per rule, in alphabetical order of id (tests/rules/consistency_test.cpp checks it).
const linter::Rule& require_concurrent_index_creation();

std::span<const linter::Rule* const> all_rules() {
  static const std::array<const linter::Rule*, 1> k_rules = {
      &require_concurrent_index_creation(),
  };
  return k_rules;
}

}  // namespace sqlmigrate::rules
