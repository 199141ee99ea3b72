#include "tests/support/psql.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "runner/scratch_postgres.hpp"

extern char** environ;

namespace sqlmigrate::testing {
namespace {

PsqlResult run(const std::vector<std::string>& args) {
  PsqlResult result;
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string exec_failed = "could not execute " + args.front() + "\n";

  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.err = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.err = std::string("pipe: ") + std::strerror(errno);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::execve(argv[0], argv.data(), environ);
    (void)!::write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (devnull >= 0) ::close(devnull);
  if (pid < 0) {
    result.err = std::string("fork: ") + std::strerror(errno);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }

  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[4096];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      } else {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  for (const pollfd& p : fds) {
    if (p.fd >= 0) ::close(p.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return result;
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string> base_args(const std::string& bindir, const std::string& conninfo) {
  return {bindir + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", conninfo};
}

}  // namespace

PsqlResult psql_command(const std::string& bindir, const std::string& conninfo, const std::string& sql) {
  std::vector<std::string> args = base_args(bindir, conninfo);
  args.emplace_back("-c");
  args.push_back(sql);
  return run(args);
}

PsqlResult psql_file(const std::string& bindir, const std::string& conninfo, const std::filesystem::path& file) {
  std::vector<std::string> args = base_args(bindir, conninfo);
  args.emplace_back("-f");
  args.push_back(file.string());
  return run(args);
}

PsqlResult psql_command(const runner::ScratchPostgres& pg, const std::string& sql, const std::string& dbname) {
  return psql_command(pg.bindir(), pg.conninfo(dbname), sql);
}

PsqlResult psql_file(const runner::ScratchPostgres& pg, const std::filesystem::path& file, const std::string& dbname) {
  return psql_file(pg.bindir(), pg.conninfo(dbname), file);
}

std::optional<std::string> postgres_unavailable() {
  auto found = runner::find_postgres();
  if (found) return std::nullopt;
  std::string why;
  for (const compiler::Diagnostic& d : found.errors()) {
    why += d.message;
    for (const std::string& note : d.notes) why += "; " + note;
    if (!d.help.empty()) why += ". " + d.help;
  }
  return why;
}

bool strict_mode() {
  const char* strict = std::getenv("SQLMIGRATE_STRICT");
  return strict != nullptr && std::string_view(strict) == "1";
}

std::string trimmed(const std::string& text) {
  std::string s = text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace sqlmigrate::testing
