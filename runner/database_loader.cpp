#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "runner/database.hpp"

namespace sqlmigrate::runner {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> candidates() {
  std::vector<fs::path> out;
  if (const char* env = std::getenv("SQLMIGRATE_DB_MODULE"); env != nullptr && env[0] != '\0') {
    out.emplace_back(env);
    return out;  // explicit: only that one
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path dir = exe.parent_path();
    out.push_back(dir / k_driver_module_name);                             // build tree: next to the binary
    out.push_back(dir.parent_path() / "lib" / "sqlmigrate" / k_driver_module_name);  // install: prefix/lib/sqlmigrate
  }
  return out;
}

}  // namespace

DatabaseDriver* load_database_driver(std::string& why) {
  static std::mutex mutex;
  static DatabaseDriver* driver = nullptr;
  static std::string error;
  std::lock_guard<std::mutex> guard(mutex);
  if (driver != nullptr) return driver;
  std::string tried;
  for (const fs::path& path : candidates()) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      tried += "\n  " + path.string() + " (not found)";
      continue;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* e = dlerror();
      tried += "\n  " + path.string() + " (" + (e != nullptr ? e : "cannot be loaded") + ")";
      continue;
    }
    using Entry = DatabaseDriver* (*)();
    using Interface = const char* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, k_driver_entry_point));                    // NOLINT
    auto interface = reinterpret_cast<Interface>(dlsym(handle, k_driver_interface_entry_point));  // NOLINT
    const char* built_for = interface != nullptr ? interface() : nullptr;
    if (entry == nullptr || built_for == nullptr || std::string(built_for) != k_driver_interface) {
      tried += "\n  " + path.string() + " (from another sqlmigrate build: " +
               (built_for != nullptr ? "built for interface " + std::string(built_for)
                                     : std::string("it does not say which interface it implements")) +
               ", and this binary needs interface " + k_driver_interface + ")";
      dlclose(handle);
      continue;
    }
    driver = entry();
    return driver;
  }
  why = std::string("the database module ") + k_driver_module_name +
        " could not be loaded, so sqlmigrate cannot talk to a database; tried:" + tried +
        "\n  help: use the module built with this binary: build both (`cmake --build build`), install it to "
        "<prefix>/lib/sqlmigrate/ beside "
        "<prefix>/bin/sqlmigrate, or point SQLMIGRATE_DB_MODULE at it (it needs libpqxx: apt install libpqxx-6.4)";
  return nullptr;
}

}  // namespace sqlmigrate::runner
