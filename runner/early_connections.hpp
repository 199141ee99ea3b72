#pragma once
// Connections opened ahead of time, each on its own thread, while the caller does other work (say,
// compiling the project). Loading the database module and opening a connection (handshake,
// authentication, the server starting a backend) take a few milliseconds each; a command that
// needs them after the compile would otherwise wait for them one after the other.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runner/database.hpp"

namespace sqlmigrate::runner {

// A DatabaseDriver that hands out the connections opened ahead: asked for a connection with the
// same conninfo and application name as one of them, it returns that one (or the error it got),
// once; any other it opens then, through the loaded driver.
class EarlyConnections final : public DatabaseDriver {
 public:
  // Starts loading the module.
  EarlyConnections();
  // Waits for the module to load. A connection nobody asked for is closed, or, while it is still
  // being opened (a server that is slow to answer), left to its thread: see abandoned_connections().
  ~EarlyConnections() override;
  EarlyConnections(const EarlyConnections&) = delete;
  EarlyConnections& operator=(const EarlyConnections&) = delete;

  // Starts opening one connection to `conninfo` per application name (once the module is loaded).
  void open(const std::string& conninfo, const std::vector<std::string>& application_names);

  // The module's driver (waits for it to load), or null with `why`, as load_database_driver.
  DatabaseDriver* loaded(std::string& why);

  std::unique_ptr<Connection> connect(const std::string& conninfo, const std::string& application_name,
                                      DbError& error) override;
  std::string library_version() const override;

 private:
  struct Slot;
  struct Pending {
    std::string application_name;
    std::shared_ptr<Slot> slot;  // shared with the thread that opens it
    std::thread thread;          // joined once it is done; left running (detached) only if it is not
    bool taken = false;
  };
  std::string m_conninfo;
  std::vector<Pending> m_pending;
  std::thread m_load;
  DatabaseDriver* m_driver = nullptr;
};

// Whether a connection was still being opened when its EarlyConnections went away (the command
// ended before it needed it). The process should then end with _exit() rather than exit(): the
// thread may be inside libpq, and exit() runs the handlers that tear down what libpq uses.
bool abandoned_connections();

}  // namespace sqlmigrate::runner
