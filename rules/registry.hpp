#pragma once

#include <span>

#include "linter/rule.hpp"

namespace sqlmigrate::rules {

// Every rule, in alphabetical order of id.
std::span<const linter::Rule* const> all_rules();

}  // namespace sqlmigrate::rules
