// The ordered pool that reads and parses migrations ahead of the lint: every item made exactly once,
// handed out in order, errors passed on, and the consuming thread making items itself while it
// would otherwise wait.

#include "compiler/ordered_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sqlmigrate::compiler {
namespace {

TEST(OrderedPool, HandsOutEveryItemOnceAndInOrder) {
  for (const unsigned workers : {0U, 1U, 3U}) {
    std::vector<std::atomic<int>> made(1000);
    OrderedPool<std::size_t> pool(made.size(), workers, 8, [&](std::size_t i) {
      ++made[i];
      return i * 2;
    });
    for (std::size_t i = 0; i < made.size(); ++i) ASSERT_EQ(pool.take(i), i * 2) << "workers=" << workers;
    for (std::size_t i = 0; i < made.size(); ++i) EXPECT_EQ(made[i].load(), 1) << "item " << i << ", workers=" << workers;
  }
}

TEST(OrderedPool, PassesOnWhatProducingThrew) {
  OrderedPool<int> pool(10, 2, 4, [](std::size_t i) -> int {
    if (i == 5) throw std::runtime_error("item 5 is broken");
    return static_cast<int>(i);
  });
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(pool.take(i), static_cast<int>(i));
  EXPECT_THROW(pool.take(5), std::runtime_error);
  EXPECT_EQ(pool.take(6), 6);
}

// The worker is stuck on item 0 until some other item has been made. Only the consuming thread,
// waiting in take(0), can make one: if it slept instead, the worker would give up after 10 s and
// the test would fail.
TEST(OrderedPool, TheWaitingConsumerMakesItemsItself) {
  const auto consumer = std::this_thread::get_id();
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t made_elsewhere = 0;
  std::size_t made_by_consumer = 0;
  bool worker_gave_up = false;
  OrderedPool<std::size_t> pool(50, 1, 8, [&](std::size_t i) {
    std::unique_lock lock(mutex);
    if (std::this_thread::get_id() == consumer) {
      ++made_by_consumer;
      cv.notify_all();
    } else {
      ++made_elsewhere;
      if (i == 0) {
        worker_gave_up = !cv.wait_for(lock, std::chrono::seconds(10), [&] { return made_by_consumer > 0; });
      }
    }
    return i + 100;
  });
  for (std::size_t i = 0; i < 50; ++i) ASSERT_EQ(pool.take(i), i + 100);
  std::lock_guard lock(mutex);
  EXPECT_FALSE(worker_gave_up) << "take() slept while items were left to make";
  EXPECT_GT(made_by_consumer, 0U);
  EXPECT_EQ(made_by_consumer + made_elsewhere, 50U);
}

}  // namespace
}  // namespace sqlmigrate::compiler
