#include "runner/early_connections.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <utility>

namespace sqlmigrate::runner {

namespace {
std::atomic<bool> g_abandoned{false};
}  // namespace

bool abandoned_connections() { return g_abandoned.load(); }

struct EarlyConnections::Slot {
  std::mutex mutex;
  std::condition_variable ready;
  bool done = false;
  std::unique_ptr<Connection> connection;
  DbError error;
  std::string why;  // the module could not be loaded
};

EarlyConnections::EarlyConnections()
    : m_load([] {
        std::string why;
        load_database_driver(why);  // the result is kept; loaded() reports a failure
      }) {}

void EarlyConnections::open(const std::string& conninfo, const std::vector<std::string>& application_names) {
  m_conninfo = conninfo;
  for (const std::string& name : application_names) {
    auto slot = std::make_shared<Slot>();
    std::thread thread([slot, conninfo, name] {
      std::string why;
      DbError error;
      std::unique_ptr<Connection> connection;
      DatabaseDriver* driver = load_database_driver(why);  // waits for the load started above
      if (driver != nullptr) connection = driver->connect(conninfo, name, error);
      const std::lock_guard<std::mutex> guard(slot->mutex);
      slot->connection = std::move(connection);
      slot->error = std::move(error);
      slot->why = std::move(why);
      slot->done = true;
      slot->ready.notify_all();
    });
    m_pending.push_back(Pending{name, std::move(slot), std::move(thread), false});
  }
}

EarlyConnections::~EarlyConnections() {
  for (Pending& p : m_pending) {
    bool done = false;
    {
      const std::lock_guard<std::mutex> guard(p.slot->mutex);
      done = p.slot->done;
    }
    if (done) {
      // Its work is over: wait for the thread to end (its thread-local state, libcrypto's included,
      // goes with it), then close a connection nobody took.
      p.thread.join();
      p.slot->connection.reset();
    } else {
      // Still opening (a server slow to answer): the thread closes it when it gets it.
      p.thread.detach();
      g_abandoned = true;
    }
  }
  if (m_load.joinable()) m_load.join();
}

DatabaseDriver* EarlyConnections::loaded(std::string& why) {
  if (m_driver == nullptr) m_driver = load_database_driver(why);
  return m_driver;
}

std::unique_ptr<Connection> EarlyConnections::connect(const std::string& conninfo,
                                                      const std::string& application_name, DbError& error) {
  if (conninfo == m_conninfo) {
    for (Pending& p : m_pending) {
      if (p.taken || p.application_name != application_name) continue;
      p.taken = true;
      std::unique_lock<std::mutex> guard(p.slot->mutex);
      p.slot->ready.wait(guard, [&] { return p.slot->done; });
      if (!p.slot->why.empty()) error.message = p.slot->why;
      else error = std::move(p.slot->error);
      return std::move(p.slot->connection);
    }
  }
  std::string why;
  DatabaseDriver* driver = loaded(why);
  if (driver == nullptr) {
    error.message = why;
    return nullptr;
  }
  return driver->connect(conninfo, application_name, error);
}

std::string EarlyConnections::library_version() const {
  std::string why;
  DatabaseDriver* driver = load_database_driver(why);
  return driver != nullptr ? driver->library_version() : std::string();
}

}  // namespace sqlmigrate::runner
