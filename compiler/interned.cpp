#include "compiler/interned.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace sqlmigrate::compiler {

namespace {

// Every text interned so far, for the life of the process (reachable from a static, so leak
// checkers do not count it). Each thread looks in its own copy of the index first, without the
// lock. `text` is not empty.
// `create`: add `text` when it is not there yet (else answer null).
const std::string* intern(std::string_view text, bool create) {
  // A few dozen texts come again and again (type names): a small table keyed by a hash of the
  // length and three bytes answers most lookups without hashing the whole text.
  thread_local std::array<const std::string*, 512> recent{};
  const std::size_t slot = (text.size() * 31U + static_cast<unsigned char>(text.front()) * 7U +
                            static_cast<unsigned char>(text.back()) * 3U +
                            static_cast<unsigned char>(text[text.size() / 2])) &
                           (recent.size() - 1);
  if (const std::string* hit = recent[slot]; hit != nullptr && std::string_view(*hit) == text) return hit;
  thread_local std::unordered_map<std::string_view, const std::string*> seen_here;
  if (const auto it = seen_here.find(text); it != seen_here.end()) return recent[slot] = it->second;
  static std::mutex mutex;
  static auto* const pool = new std::unordered_map<std::string_view, std::unique_ptr<const std::string>>();
  const std::string* kept = nullptr;
  {
    std::lock_guard lock(mutex);
    auto it = pool->find(text);
    if (it == pool->end()) {
      if (!create) return nullptr;
      auto owned = std::make_unique<const std::string>(text);
      const std::string_view key = *owned;
      it = pool->emplace(key, std::move(owned)).first;
    }
    kept = it->second.get();
  }
  seen_here.emplace(*kept, kept);
  return recent[slot] = kept;
}

}  // namespace

Interned::Interned(std::string_view text) : m_text(text.empty() ? nullptr : intern(text, true)) {}

const std::string* Interned::find(std::string_view text) { return text.empty() ? nullptr : intern(text, false); }

const std::string& Interned::empty_string() {
  static const std::string empty;
  return empty;
}

}  // namespace sqlmigrate::compiler
