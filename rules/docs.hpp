#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sqlmigrate::rules {

struct RuleDoc {
  std::string_view id;
  std::string text;  // Markdown, from rules/<rule_id>.md
};

// The docs of all rules, sorted by id (compiled in from rules/*.md).
const std::vector<RuleDoc>& rule_docs();
const RuleDoc* find_doc(std::string_view id);

}  // namespace sqlmigrate::rules
