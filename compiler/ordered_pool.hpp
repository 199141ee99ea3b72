#pragma once
// Produces items 0..count-1 on worker threads and hands them out in order, holding at most
// `window` finished items at once (so memory stays flat however many items there are).

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace sqlmigrate::compiler {

template <typename T>
class OrderedPool {
 public:
  // Produces on `workers` threads; with none, on the calling thread inside take(). Destroy every
  // item taken before the pool: workers run `on_worker_exit` (which may free what they made) when
  // the pool ends.
  OrderedPool(std::size_t count, unsigned workers, std::size_t window, std::function<T(std::size_t)> produce,
              std::function<void()> on_worker_exit = {})
      : m_count(count), m_window(window == 0 ? 1 : window), m_produce(std::move(produce)),
        m_on_worker_exit(std::move(on_worker_exit)), m_slots(m_window) {
    if (count > 1) {
      for (unsigned i = 0; i < workers && i < count; ++i) m_workers.emplace_back([this] { work(); });
    }
  }
  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  ~OrderedPool() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_space.notify_all();
    for (auto& t : m_workers) t.join();
  }

  // Item i; call with i = 0, 1, 2, ... in order.
  T take(std::size_t i) {
    if (m_workers.empty()) return m_produce(i);
    std::unique_lock lock(m_mutex);
    Slot& slot = m_slots[i % m_window];
    const auto ready = [&] { return slot.index == i && (slot.value.has_value() || slot.error); };
    // While item i is being made, make the next unclaimed items here rather than sleep: when
    // producing costs more than consuming, the workers (one per spare core) fall behind and this
    // thread would otherwise idle.
    while (!ready() && m_next < m_count && m_next < m_consumed + m_window) {
      const std::size_t k = m_next++;
      lock.unlock();
      store(k);
      lock.lock();
    }
    if (!ready()) {
      // About to sleep: make sure no worker sleeps too for want of space.
      if (m_space_waiters > 0) m_space.notify_all();
      m_waiting_for = i;
      m_ready.wait(lock, ready);
      m_waiting_for = SIZE_MAX;
    }
    if (slot.error) std::rethrow_exception(slot.error);
    T value = std::move(*slot.value);
    slot.value.reset();
    slot.index = SIZE_MAX;
    m_consumed = i + 1;
    // Wake sleeping workers once a quarter of the window is free, not on every item: each wake-up
    // is a futex call on both sides, and there may be tens of thousands of items.
    const bool wake = m_space_waiters > 0 && m_next + m_window / 4 <= m_consumed + m_window;
    lock.unlock();
    if (wake) m_space.notify_all();
    return value;
  }

 private:
  struct Slot {
    std::size_t index = SIZE_MAX;
    std::optional<T> value;
    std::exception_ptr error;
  };

  void work() {
    while (true) {
      std::size_t i = 0;
      {
        std::unique_lock lock(m_mutex);
        const auto can_go = [&] { return m_stop || m_next >= m_count || m_next < m_consumed + m_window; };
        if (!can_go()) {
          ++m_space_waiters;
          m_space.wait(lock, can_go);
          --m_space_waiters;
        }
        if (m_stop) break;
        if (m_next >= m_count) {
          // Items this thread made may still be in use: the thread (and the memory it owns)
          // lives until the pool is destroyed.
          m_space.wait(lock, [&] { return m_stop; });
          break;
        }
        i = m_next++;
      }
      store(i);
    }
    if (m_on_worker_exit) m_on_worker_exit();
  }

  // Makes item i (claimed by this thread) and puts it in its slot.
  void store(std::size_t i) {
    std::optional<T> value;
    std::exception_ptr error;
    try {
      value.emplace(m_produce(i));
    } catch (...) {
      error = std::current_exception();
    }
    bool wanted = false;
    {
      std::lock_guard lock(m_mutex);
      Slot& slot = m_slots[i % m_window];
      slot.index = i;
      slot.value = std::move(value);
      slot.error = error;
      wanted = m_waiting_for == i;
    }
    if (wanted) m_ready.notify_one();
  }

  std::size_t m_count;
  std::size_t m_window;
  std::function<T(std::size_t)> m_produce;
  std::function<void()> m_on_worker_exit;
  std::vector<Slot> m_slots;
  std::vector<std::thread> m_workers;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::condition_variable m_space;
  std::size_t m_next = 0;
  std::size_t m_consumed = 0;
  std::size_t m_waiting_for = SIZE_MAX;  // the item take() sleeps for
  unsigned m_space_waiters = 0;          // workers asleep until the window has room
  bool m_stop = false;
};

}  // namespace sqlmigrate::compiler
