#include <cstdio>
#include <cstdlib>

#include "cli/app.hpp"
#include "runner/early_connections.hpp"

int main(int argc, char** argv) {
  const int code = sqlmigrate::cli::run(argc, argv);
  if (sqlmigrate::runner::abandoned_connections()) {
    // A connection opened ahead is still being opened (a server slow to answer) and the command no
    // longer needs it: end now, without the exit handlers that would tear down what libpq uses.
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}
