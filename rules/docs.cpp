#include "rules/docs.hpp"

namespace sqlmigrate::rules {

const RuleDoc* find_doc(std::string_view id) {
  for (const RuleDoc& doc : rule_docs()) {
    if (doc.id == id) return &doc;
  }
  return nullptr;
}

}  // namespace sqlmigrate::rules
