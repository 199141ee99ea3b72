#include "compiler/interned.hpp"

#include <memory>
#include <mutex>
#include <unordered_map>

namespace sqlmigrate::compiler {

namespace {

// Every text interned so far, for the life of the process (reachable from a static, so leak
// checkers do not count it). Each thread looks in its own copy of the index first, without the lock.
const std::string* intern(std::string_view text) {
  thread_local std::unordered_map<std::string_view, const std::string*> seen_here;
  if (const auto it = seen_here.find(text); it != seen_here.end()) return it->second;
  static std::mutex mutex;
  static auto* const pool = new std::unordered_map<std::string_view, std::unique_ptr<const std::string>>();
  const std::string* kept = nullptr;
  {
    std::lock_guard lock(mutex);
    auto it = pool->find(text);
    if (it == pool->end()) {
      auto owned = std::make_unique<const std::string>(text);
      const std::string_view key = *owned;
      it = pool->emplace(key, std::move(owned)).first;
    }
    kept = it->second.get();
  }
  seen_here.emplace(*kept, kept);
  return kept;
}

}  // namespace

Interned::Interned(std::string_view text) : m_text(text.empty() ? nullptr : intern(text)) {}

const std::string& Interned::empty_string() {
  static const std::string empty;
  return empty;
}

}  // namespace sqlmigrate::compiler
