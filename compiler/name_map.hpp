#pragma once
// NameMap: the static catalog's map from "schema.name" to an object.
//
// The catalog of a large project holds tens of thousands of relations and indexes, and replaying a
// statement looks names up in it several times (is the generated index name free? which table is
// this?). With std::unordered_map each lookup chases a bucket, the node before the bucket's first
// node, and the node itself, all in different cache lines. This map keeps a flat array of slots,
// each with the key's full hash and a pointer to its node, probed linearly and kept at most half
// full: a name that is not there costs one cache line, and one that is there costs one more for
// its node (plus its key's characters).
//
// Nodes are allocated one by one, so references to values stay valid while other entries come and
// go (as with std::unordered_map); iterators do not survive an insert or an erase.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sqlmigrate::compiler {

template <class T>
class NameMap {
 public:
  using key_type = std::string;
  using mapped_type = T;
  using value_type = std::pair<const std::string, T>;
  using size_type = std::size_t;

 private:
  struct Slot {
    std::uint64_t hash = 0;
    value_type* node = nullptr;  // nullptr: empty
  };

  template <bool Const>
  class Iter {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = NameMap::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<Const, const value_type*, value_type*>;
    using reference = std::conditional_t<Const, const value_type&, value_type&>;

    Iter() = default;
    Iter(const Slot* at, const Slot* end) : m_at(at), m_end(end) { skip(); }
    template <bool C = Const, class = std::enable_if_t<C>>
    Iter(const Iter<false>& other) : m_at(other.m_at), m_end(other.m_end) {}  // NOLINT: iterator -> const_iterator

    reference operator*() const { return *m_at->node; }
    pointer operator->() const { return m_at->node; }
    Iter& operator++() {
      ++m_at;
      skip();
      return *this;
    }
    Iter operator++(int) {
      Iter before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iter& a, const Iter& b) { return a.m_at == b.m_at; }

   private:
    friend class NameMap;
    friend class Iter<!Const>;
    void skip() {
      while (m_at != m_end && m_at->node == nullptr) ++m_at;
    }
    const Slot* m_at = nullptr;
    const Slot* m_end = nullptr;
  };

 public:
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;

  // What extract() takes out: the key and the value, to be put back (under another key) by insert().
  class node_type {
   public:
    node_type() = default;
    bool empty() const { return !m_value; }
    explicit operator bool() const { return !empty(); }
    std::string& key() { return m_key; }
    T& mapped() { return *m_value; }

   private:
    friend class NameMap;
    std::string m_key;
    std::unique_ptr<T> m_value;
  };
  struct insert_return_type {
    iterator position;
    bool inserted = false;
    node_type node;  // the node given, when its key was taken
  };

  NameMap() = default;
  NameMap(const NameMap&) = delete;
  NameMap& operator=(const NameMap&) = delete;
  NameMap(NameMap&& other) noexcept : m_slots(std::move(other.m_slots)), m_size(std::exchange(other.m_size, 0)) {}
  NameMap& operator=(NameMap&& other) noexcept {
    if (this != &other) {
      clear();
      m_slots = std::move(other.m_slots);
      m_size = std::exchange(other.m_size, 0);
    }
    return *this;
  }
  ~NameMap() { clear(); }

  size_type size() const { return m_size; }
  bool empty() const { return m_size == 0; }

  iterator begin() { return iterator(m_slots.data(), m_slots.data() + m_slots.size()); }
  iterator end() { return iterator(m_slots.data() + m_slots.size(), m_slots.data() + m_slots.size()); }
  const_iterator begin() const { return const_iterator(m_slots.data(), m_slots.data() + m_slots.size()); }
  const_iterator end() const {
    return const_iterator(m_slots.data() + m_slots.size(), m_slots.data() + m_slots.size());
  }

  // Room for `n` entries without growing.
  void reserve(size_type n) {
    const size_type want = std::bit_ceil(std::max<size_type>(16, n * 2));
    if (want > m_slots.size()) rehash(want);
  }

  void clear() {
    for (Slot& s : m_slots) {
      delete s.node;
      s = Slot{};
    }
    m_size = 0;
  }

  iterator find(std::string_view key) { return iterator_at(locate(key, hash_of(key))); }
  const_iterator find(std::string_view key) const { return const_iterator_at(locate(key, hash_of(key))); }
  bool contains(std::string_view key) const { return locate(key, hash_of(key)) != npos; }
  size_type count(std::string_view key) const { return contains(key) ? 1 : 0; }

  T& at(std::string_view key) {
    const size_type i = locate(key, hash_of(key));
    if (i == npos) throw std::out_of_range("NameMap::at: no such key");
    return m_slots[i].node->second;
  }
  const T& at(std::string_view key) const {
    const size_type i = locate(key, hash_of(key));
    if (i == npos) throw std::out_of_range("NameMap::at: no such key");
    return m_slots[i].node->second;
  }

  T& operator[](std::string_view key) { return try_emplace(std::string(key)).first->second; }

  template <class... Args>
  std::pair<iterator, bool> try_emplace(std::string key, Args&&... args) {
    const std::uint64_t h = hash_of(key);
    if (const size_type i = locate(key, h); i != npos) return {iterator_at(i), false};
    grow_for_one_more();
    auto* node = new value_type(std::piecewise_construct, std::forward_as_tuple(std::move(key)),
                                std::forward_as_tuple(std::forward<Args>(args)...));
    return {iterator_at(place(h, node)), true};
  }

  template <class V>
  std::pair<iterator, bool> insert_or_assign(std::string key, V&& value) {
    const std::uint64_t h = hash_of(key);
    if (const size_type i = locate(key, h); i != npos) {
      m_slots[i].node->second = std::forward<V>(value);
      return {iterator_at(i), false};
    }
    grow_for_one_more();
    auto* node = new value_type(std::move(key), std::forward<V>(value));
    return {iterator_at(place(h, node)), true};
  }

  size_type erase(std::string_view key) {
    const size_type i = locate(key, hash_of(key));
    if (i == npos) return 0;
    remove_at(i);
    return 1;
  }
  void erase(const_iterator it) { remove_at(static_cast<size_type>(it.m_at - m_slots.data())); }
  void erase(iterator it) { remove_at(static_cast<size_type>(it.m_at - m_slots.data())); }

  // Erases every entry for which pred(entry) holds; returns how many.
  template <class Pred>
  size_type erase_if(Pred pred) {
    std::vector<std::string> doomed;
    for (const value_type& kv : *this) {
      if (pred(kv)) doomed.push_back(kv.first);
    }
    for (const std::string& k : doomed) erase(k);
    return doomed.size();
  }

  // Takes an entry out; empty when there is none under `key`.
  node_type extract(std::string_view key) {
    node_type out;
    const size_type i = locate(key, hash_of(key));
    if (i == npos) return out;
    value_type* node = m_slots[i].node;
    m_slots[i].node = nullptr;  // remove_at must not free it
    out.m_key = node->first;
    out.m_value = std::make_unique<T>(std::move(node->second));
    delete node;
    close_gap(i);
    --m_size;
    return out;
  }
  insert_return_type insert(node_type&& node) {
    insert_return_type out;
    if (node.empty()) {
      out.position = end();
      return out;
    }
    const auto [it, inserted] = try_emplace(std::move(node.m_key), std::move(*node.m_value));
    out.position = it;
    out.inserted = inserted;
    if (inserted) node.m_value.reset();
    else out.node = std::move(node);
    return out;
  }

 private:
  static constexpr size_type npos = static_cast<size_type>(-1);

  static std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }
  size_type mask() const { return m_slots.size() - 1; }

  size_type locate(std::string_view key, std::uint64_t h) const {
    if (m_slots.empty()) return npos;
    for (size_type i = h & mask();; i = (i + 1) & mask()) {
      const Slot& s = m_slots[i];
      if (s.node == nullptr) return npos;
      if (s.hash == h && s.node->first == key) return i;
    }
  }
  // Puts a node whose key is not in the map into its first free slot; there is room.
  size_type place(std::uint64_t h, value_type* node) {
    size_type i = h & mask();
    while (m_slots[i].node != nullptr) i = (i + 1) & mask();
    m_slots[i] = Slot{h, node};
    ++m_size;
    return i;
  }
  void grow_for_one_more() {
    if ((m_size + 1) * 2 > m_slots.size()) rehash(std::max<size_type>(16, m_slots.size() * 2));
  }
  void rehash(size_type capacity) {
    std::vector<Slot> old = std::exchange(m_slots, std::vector<Slot>(capacity));
    m_size = 0;
    for (const Slot& s : old) {
      if (s.node != nullptr) place(s.hash, s.node);
    }
  }
  void remove_at(size_type i) {
    delete m_slots[i].node;
    m_slots[i].node = nullptr;
    close_gap(i);
    --m_size;
  }
  // Linear probing without tombstones: after slot `gap` empties, moves back each entry of the run
  // after it that would otherwise no longer be found from its home slot.
  void close_gap(size_type gap) {
    for (size_type j = (gap + 1) & mask(); m_slots[j].node != nullptr; j = (j + 1) & mask()) {
      const size_type home = m_slots[j].hash & mask();
      // The entry at j may move to `gap` when its home is not in the cyclic range (gap, j].
      const bool home_after_gap = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
      if (!home_after_gap) {
        m_slots[gap] = m_slots[j];
        m_slots[j] = Slot{};
        gap = j;
      }
    }
  }
  iterator iterator_at(size_type i) {
    Slot* end = m_slots.data() + m_slots.size();
    return i == npos ? iterator(end, end) : iterator(m_slots.data() + i, end);
  }
  const_iterator const_iterator_at(size_type i) const {
    const Slot* end = m_slots.data() + m_slots.size();
    return i == npos ? const_iterator(end, end) : const_iterator(m_slots.data() + i, end);
  }

  std::vector<Slot> m_slots;  // a power of two in size, at most half full
  size_type m_size = 0;
};

}  // namespace sqlmigrate::compiler
