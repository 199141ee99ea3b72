#include "compiler/interned.hpp"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

namespace sqlmigrate::compiler {

namespace {

// Every text interned so far, for the life of the process (reachable from a static, so leak
// checkers do not count it). A catalog interns tens of thousands of names (columns, types, the
// tables that indexes and foreign keys point at), so an entry costs what it must: its std::string
// in a deque (stable addresses, no node per entry) and a slot of an open-addressed index (the
// hash and a pointer), kept at most 5/8 full. The index is split in 256 parts by the hash's top
// byte, each grown on its own: one large array doubling would leave its old copies (megabytes)
// with the allocator, which keeps them resident rather than reuse them for the small objects
// the catalog makes.
class Pool {
 public:
  const std::string* find_or_add(std::string_view text, std::uint64_t hash, bool create) {
    std::lock_guard lock(m_mutex);
    Part& part = m_parts[hash >> 56];
    if (!part.slots.empty()) {
      for (std::size_t i = hash & part.mask;; i = (i + 1) & part.mask) {
        const Slot& slot = part.slots[i];
        if (slot.text == nullptr) break;
        if (slot.hash == hash && std::string_view(*slot.text) == text) return slot.text;
      }
    }
    if (!create) return nullptr;
    if ((part.count + 1) * 8 > part.slots.size() * 5) part.grow();
    const std::string* kept = &m_texts.emplace_back(text);
    part.place(Slot{hash, kept});
    ++part.count;
    return kept;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const std::string* text = nullptr;  // nullptr: empty
  };
  struct Part {
    std::vector<Slot> slots;
    std::size_t mask = 0;
    std::size_t count = 0;

    void place(Slot entry) {
      for (std::size_t i = entry.hash & mask;; i = (i + 1) & mask) {
        if (slots[i].text == nullptr) {
          slots[i] = entry;
          return;
        }
      }
    }
    void grow() {
      std::vector<Slot> old = std::move(slots);
      slots.assign(old.empty() ? 16 : old.size() * 2, Slot{});
      mask = slots.size() - 1;
      for (const Slot& s : old) {
        if (s.text != nullptr) place(s);
      }
    }
  };

  std::mutex m_mutex;
  std::deque<std::string> m_texts;
  std::array<Part, 256> m_parts;
};

// `text` is not empty. `create`: add `text` when it is not there yet (else answer null).
const std::string* intern(std::string_view text, bool create) {
  // A few dozen texts come again and again (type names, id, created_at): a small per-thread table
  // keyed by a hash of the length and three bytes answers most lookups without the lock.
  thread_local std::array<const std::string*, 512> recent{};
  const std::size_t slot = (text.size() * 31U + static_cast<unsigned char>(text.front()) * 7U +
                            static_cast<unsigned char>(text.back()) * 3U +
                            static_cast<unsigned char>(text[text.size() / 2])) &
                           (recent.size() - 1);
  if (const std::string* hit = recent[slot]; hit != nullptr && std::string_view(*hit) == text) return hit;
  static auto* const pool = new Pool();
  const std::string* kept = pool->find_or_add(text, std::hash<std::string_view>{}(text), create);
  if (kept != nullptr) recent[slot] = kept;
  return kept;
}

}  // namespace

Interned::Interned(std::string_view text) : m_text(text.empty() ? nullptr : intern(text, true)) {}

const std::string* Interned::find(std::string_view text) { return text.empty() ? nullptr : intern(text, false); }

const std::string& Interned::empty_string() {
  static const std::string empty;
  return empty;
}

}  // namespace sqlmigrate::compiler
