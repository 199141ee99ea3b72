#include <pthread.h>

#include <cstddef>
#include <cstdint>

#include "compiler/pg/nesting.hpp"
#include "compiler/pg/nodes.hpp"

namespace sqlmigrate::compiler::pg {

namespace {

thread_local int t_depth = 0;            // walk_children calls under way on this thread
thread_local bool t_exceeded = false;    // a walk stopped short since take_nesting_exceeded()
thread_local std::uintptr_t t_base = 0;  // where the outermost walk under way started
thread_local std::size_t t_budget = 0;   // stack a walk may use: a quarter of the thread's stack

std::size_t stack_budget() {
  std::size_t size = 0;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
  }
  return (size != 0 ? size : std::size_t{1} << 20) / 4;
}

}  // namespace

bool take_nesting_exceeded() {
  const bool was = t_exceeded;
  t_exceeded = false;
  return was;
}

bool walk_children(::Node* node, bool (*callback)(::Node*, void*), void* context) {
  // Most walks go a few levels deep: the stack is measured at their start and every 32 levels.
  if (t_depth % 32 == 0) {
    char here = 0;
    const auto at = reinterpret_cast<std::uintptr_t>(&here);
    if (t_depth == 0) {
      t_base = at;
      if (t_budget == 0) t_budget = stack_budget();
    }
    const std::uintptr_t used = t_base > at ? t_base - at : at - t_base;
    if (used > t_budget) {
      t_exceeded = true;
      return false;  // the levels below go unvisited
    }
  }
  if (t_depth >= k_max_nesting) {
    t_exceeded = true;
    return false;
  }
  struct Level {
    Level() { ++t_depth; }
    ~Level() { --t_depth; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
  } level;
  // PostgreSQL 15 declares the walker callback as the unprototyped C type `bool (*)()`, which C++
  // reads as "no parameters"; going through `void (*)()` keeps -Wcast-function-type quiet. The
  // walker calls it back with (node, context), the signature it really has.
  const auto walker = reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(callback));
  return raw_expression_tree_walker(node, walker, context);
}

}  // namespace sqlmigrate::compiler::pg
