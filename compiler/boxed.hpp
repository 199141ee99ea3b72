#pragma once

#include <memory>

namespace sqlmigrate::compiler {

// A copyable owner of an object kept out of line, made on first edit; reads as a default T until then.
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& other) : m_p(other.m_p ? std::make_unique<T>(*other.m_p) : nullptr) {}
  Boxed& operator=(const Boxed& other) {
    if (this != &other) m_p = other.m_p ? std::make_unique<T>(*other.m_p) : nullptr;
    return *this;
  }
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  const T& get() const { return m_p ? *m_p : k_default; }
  T& edit() {
    if (!m_p) m_p = std::make_unique<T>();
    return *m_p;
  }
  T* if_any() { return m_p.get(); }

 private:
  static inline const T k_default{};
  std::unique_ptr<T> m_p;
};

}  // namespace sqlmigrate::compiler
