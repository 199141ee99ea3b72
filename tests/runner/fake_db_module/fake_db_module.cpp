// A database module built for another interface than the binary's, as a module left over from an
// older build would be: the loader must refuse it before calling into it.

namespace sqlmigrate::runner {
class DatabaseDriver;
}

extern "C" __attribute__((visibility("default"))) sqlmigrate::runner::DatabaseDriver* sqlmigrate_database_driver_v1() {
  __builtin_trap();  // never called: the interface check comes first
}

extern "C" __attribute__((visibility("default"))) const char* sqlmigrate_database_interface() {
  return "0000000000000000";
}
