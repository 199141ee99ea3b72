#include "cli/git.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>
#include <vector>

namespace sqlmigrate::cli {
namespace fs = std::filesystem;

namespace {

struct GitResult {
  int exit_code = -1;  // -1: git could not be run
  std::string out;
  std::string err;
};

GitResult run_git(const std::vector<std::string>& args) {
  GitResult result;
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>("git"));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::execvp("git", argv.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[8192];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string first_line(const std::string& text) {
  const auto end = text.find('\n');
  return text.substr(0, end);
}

compiler::Diagnostic git_error(std::string message, std::string help) {
  return compiler::input_error("git-error", "", std::nullopt, std::move(message), std::move(help));
}

}  // namespace

namespace {

// Adds the NUL-separated paths of `list` (relative to `root`) to `out`.
void add_paths(const fs::path& root, const std::string& list, std::set<fs::path>& out) {
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t end = list.find('\0', start);
    const std::string name = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!name.empty()) out.insert((root / name).lexically_normal());
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// Whether `ref` names the current branch of a repository that has no commit yet (an unborn HEAD:
// `git init`, files added, nothing committed).
bool names_unborn_head(const fs::path& root, const std::string& ref) {
  const GitResult branch = run_git({"-C", root.string(), "symbolic-ref", "-q", "HEAD"});
  if (branch.exit_code != 0) return false;            // detached HEAD: it names a commit
  const std::string target = first_line(branch.out);  // refs/heads/main
  if (ref != "HEAD" && ref != "@" && ref != target && "refs/heads/" + ref != target) return false;
  return run_git({"-C", root.string(), "rev-parse", "--verify", "--quiet", target}).exit_code != 0;
}

// The files changed since `ref` in the repository whose top folder is `root`, added to `out`.
std::optional<compiler::Diagnostic> changed_in_repository(const fs::path& root, const std::string& ref,
                                                          std::set<fs::path>& out) {
  const GitResult verify =
      run_git({"-C", root.string(), "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"});
  GitResult listed;
  if (verify.exit_code == 0) {
    listed = run_git({"-C", root.string(), "diff", "--name-only", "--no-renames", "-z", ref, "--"});
  } else if (names_unborn_head(root, ref)) {
    // Before the first commit there is nothing to compare with: every file git tracks (staged) is new.
    listed = run_git({"-C", root.string(), "ls-files", "--cached", "-z"});
  } else {
    return git_error(
        fmt::format("--changed-since `{}` does not name a commit in the git repository `{}`", ref, root.string()),
        "give a branch, tag or commit that exists there, such as origin/main (in CI, fetch it first)");
  }
  const GitResult untracked = run_git({"-C", root.string(), "ls-files", "--others", "--exclude-standard", "-z"});
  if (listed.exit_code != 0 || untracked.exit_code != 0) {
    return git_error(fmt::format("git could not list the files changed since `{}` in `{}`: {}", ref, root.string(),
                                 first_line(listed.exit_code != 0 ? listed.err : untracked.err)),
                     "check that the repository is readable, or lint without --changed-since");
  }
  add_paths(root, listed.out, out);
  add_paths(root, untracked.out, out);
  return std::nullopt;
}

}  // namespace

compiler::Result<std::set<fs::path>> changed_files_since(const std::string& ref,
                                                         const std::vector<std::filesystem::path>& folders) {
  std::set<fs::path> roots;
  for (const fs::path& folder : folders) {
    const fs::path dir = folder.empty() ? fs::path(".") : folder;
    const GitResult top = run_git({"-C", dir.string(), "rev-parse", "--show-toplevel"});
    if (top.exit_code == 127 || top.exit_code < 0) {
      return git_error("--changed-since needs git, and git could not be run",
                       "install git, or lint without --changed-since");
    }
    if (top.exit_code != 0) {
      return git_error(
          fmt::format("--changed-since needs a git repository, and the migrations in `{}` are not in one ({})",
                      dir.string(), first_line(top.err)),
          "lint migrations that git tracks, or lint without --changed-since");
    }
    roots.insert(first_line(top.out));
  }
  std::set<fs::path> out;
  for (const fs::path& root : roots) {
    if (auto error = changed_in_repository(root, ref, out)) return std::move(*error);
  }
  return out;
}

}  // namespace sqlmigrate::cli
