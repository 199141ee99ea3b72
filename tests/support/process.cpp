#include "tests/support/process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sqlmigrate::testing {

std::string shell_quote(const std::string& word) {
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string sqlmigrate_binary() { return shell_quote(SQLMIGRATE_BINARY); }

namespace {
// The tests that run the runner in this process load the database module this build made (the
// loader looks next to the executable, and the test binary lives in another folder).
const bool g_module_set = [] { return ::setenv("SQLMIGRATE_DB_MODULE", SQLMIGRATE_DB_MODULE_BUILT, 0) == 0; }();
}  // namespace

ProcessResult run_shell(const std::string& command, const std::string& stdin_text) {
  char in_path[] = "/tmp/sqlmigrate-test-in-XXXXXX";
  char out_path[] = "/tmp/sqlmigrate-test-out-XXXXXX";
  char err_path[] = "/tmp/sqlmigrate-test-err-XXXXXX";
  const int in_fd = mkstemp(in_path);
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  if (write(in_fd, stdin_text.data(), stdin_text.size()) != static_cast<ssize_t>(stdin_text.size())) return {};
  close(in_fd);
  close(out_fd);
  close(err_fd);
  const std::string full = "( " + command + " ) <" + in_path + " >" + out_path + " 2>" + err_path;
  const int status = std::system(full.c_str());
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const auto slurp = [](const char* p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return std::move(s).str();
  };
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::remove(in_path);
  std::remove(out_path);
  std::remove(err_path);
  return r;
}

}  // namespace sqlmigrate::testing
