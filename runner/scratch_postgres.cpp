#include "runner/scratch_postgres.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

extern char** environ;

namespace sqlmigrate::runner {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_code = "scratch-postgres";
constexpr std::string_view k_install_help =
    "Install PostgreSQL 15 (`apt-get install postgresql-15`; scripts/setup.sh does), or set "
    "SQLMIGRATE_PG_BINDIR to the folder that holds initdb and pg_ctl.";
constexpr std::size_t k_tail_lines = 15;
constexpr std::size_t k_max_output = std::size_t{64} * 1024;
// sizeof(sockaddr_un::sun_path) - 1: Postgres refuses longer socket paths.
constexpr std::size_t k_max_socket_path = 107;

compiler::Diagnostic error(std::string message, std::vector<std::string> notes = {}, std::string help = {}) {
  compiler::Diagnostic d;
  d.code = std::string(k_code);
  d.severity = compiler::Severity::error;
  d.message = std::move(message);
  d.notes = std::move(notes);
  d.help = std::move(help);
  return d;
}

// The last `lines` lines of `text`, without trailing blank lines.
std::string tail(std::string_view text, std::size_t lines = k_tail_lines) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  std::size_t pos = text.size();
  for (std::size_t n = 0; n < lines && pos > 0; ++n) {
    const std::size_t nl = text.rfind('\n', pos - 1);
    if (nl == std::string_view::npos) {
      pos = 0;
      break;
    }
    pos = nl;
  }
  if (pos > 0) ++pos;  // skip the newline itself
  return std::string(text.substr(pos));
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff keep = std::min<std::streamoff>(size, static_cast<std::streamoff>(k_max_output));
  in.seekg(size - keep);
  std::string text(static_cast<std::size_t>(keep), '\0');
  in.read(text.data(), keep);
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

bool is_executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0 && !fs::is_directory(path); }

// Who a child process runs as: unchanged, or the `postgres` OS user when we are root.
struct Identity {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

// Writes "<prefix><errno text>\n" to fd 2 using only async-signal-safe calls (we are between fork
// and exec, possibly in a multi-threaded process).
void child_fail(const char* prefix, int err, int code) {
  (void)!::write(STDERR_FILENO, prefix, std::strlen(prefix));
  char digits[16];
  int n = 0;
  unsigned value = static_cast<unsigned>(err);
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0 && n < 15);
  (void)!::write(STDERR_FILENO, ": ", 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  // A table lookup: no allocation, no locale (strerror is not safe here).
  if (const char* text = ::strerrordesc_np(err)) {
    (void)!::write(STDERR_FILENO, text, std::strlen(text));
    (void)!::write(STDERR_FILENO, " ", 1);
  }
#endif
  (void)!::write(STDERR_FILENO, "(errno ", 7);
  while (n > 0) (void)!::write(STDERR_FILENO, &digits[--n], 1);
  (void)!::write(STDERR_FILENO, ")\n", 2);
  ::_exit(code);
}

void close_fds_from(int first, long max_fd) {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, static_cast<unsigned>(first), ~0U, 0U) == 0) return;
#endif
  for (long fd = first; fd < max_fd; ++fd) ::close(static_cast<int>(fd));
}

// In a forked child: drop root for the postgres user. Exits the child on failure.
void child_become(const Identity& who) {
  if (!who.switch_user) return;
  if (::setgroups(who.groups.size(), who.groups.data()) != 0) child_fail("setgroups failed", errno, 126);
  if (::setgid(who.gid) != 0) child_fail("setgid to the postgres user's group failed", errno, 126);
  if (::setuid(who.uid) != 0) child_fail("setuid to the postgres user failed", errno, 126);
}

struct ProcessOutput {
  int exit_code = -1;  // the exit code, 128 + signal when killed, -1 when it could not be started
  std::string output;  // stdout and stderr, interleaved
  std::string how;     // "exited with code 1", "was killed by signal 9", "could not be started: ..."
};

// Runs argv[0] (an absolute path) with the given arguments, stdin from /dev/null, stdout and stderr
// captured together. No shell.
ProcessOutput run_program(const std::vector<std::string>& args, const Identity& who, const std::string& cwd) {
  ProcessOutput out;
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string chdir_failed =
      "could not change directory to " + cwd + (who.switch_user ? " as the postgres user" : "");
  const std::string exec_failed = "could not execute " + args.front();
  const long max_fd = ::sysconf(_SC_OPEN_MAX) > 0 ? ::sysconf(_SC_OPEN_MAX) : 1024;

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    out.how = std::string("could not be started: pipe: ") + std::strerror(errno);
    return out;
  }
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid < 0) {
    out.how = std::string("could not be started: fork: ") + std::strerror(errno);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    if (devnull >= 0) ::close(devnull);
    return out;
  }
  if (pid == 0) {
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    close_fds_from(3, max_fd);
    child_become(who);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) child_fail(chdir_failed.c_str(), errno, 126);
    ::execve(argv[0], argv.data(), environ);
    child_fail(exec_failed.c_str(), errno, 127);
  }
  ::close(pipe_fds[1]);
  if (devnull >= 0) ::close(devnull);
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.output.append(buffer, static_cast<std::size_t>(n));
    if (out.output.size() > 2 * k_max_output) out.output.erase(0, out.output.size() - k_max_output);
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      out.how = std::string("could not be waited for: ") + std::strerror(errno);
      return out;
    }
  }
  if (WIFEXITED(status)) {
    out.exit_code = WEXITSTATUS(status);
    out.how = "exited with code " + std::to_string(out.exit_code);
  } else if (WIFSIGNALED(status)) {
    out.exit_code = 128 + WTERMSIG(status);
    out.how = "was killed by signal " + std::to_string(WTERMSIG(status));
  }
  return out;
}

// "postgres (PostgreSQL) 15.20 (Debian ...)" or "PostgreSQL 15.20" -> 15.
int parse_major(std::string_view text) {
  const std::size_t at = text.find("PostgreSQL");
  if (at == std::string_view::npos) return 0;
  std::size_t i = at + std::string_view("PostgreSQL").size();
  while (i < text.size() && (text[i] == ')' || text[i] == ' ')) ++i;
  int major = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') major = major * 10 + (text[i++] - '0');
  return major;
}

// Checks that `bindir` holds the server binaries and asks `postgres -V` for the version.
compiler::Result<PostgresInstall> check_bindir(const std::string& bindir, const std::string& source) {
  for (const char* tool : {"initdb", "pg_ctl", "postgres"}) {
    const std::string path = bindir + "/" + tool;
    if (!is_executable(path)) {
      std::string message = source;
      message.append(" names ").append(bindir).append(", which has no executable ").append(tool);
      return error(std::move(message), {}, std::string(k_install_help));
    }
  }
  const ProcessOutput version = run_program({bindir + "/postgres", "-V"}, {}, {});
  const int major = version.exit_code == 0 ? parse_major(version.output) : 0;
  if (major == 0) {
    return error(bindir + "/postgres -V " + version.how + " without printing a version",
                 {"it said: " + tail(version.output)}, std::string(k_install_help));
  }
  return PostgresInstall{bindir, major};
}

std::optional<std::string> find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (dir.empty()) continue;
    std::string candidate = std::move(dir);
    candidate += '/';
    candidate += name;
    if (is_executable(candidate)) return candidate;
  }
  return std::nullopt;
}

// Only characters that survive pg_ctl's `sh -c "... -D \"<dir>\" ..."` unchanged.
bool safe_path(const std::string& path) {
  return std::all_of(path.begin(), path.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("/._-+,=@%:~ ").find(c) != std::string_view::npos;
  });
}

int pick_port() {
  const auto now = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
  const unsigned long long mixed = (now ^ (static_cast<unsigned long long>(::getpid()) << 20)) * 0x9E3779B97F4A7C15ULL;
  return 20000 + static_cast<int>((mixed >> 33) % 40000);
}

std::string quote_conninfo_value(const std::string& value) {
  const bool plain = !value.empty() && value.find_first_of(" '\\\t\n") == std::string::npos;
  if (plain) return value;
  std::string q = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') q += '\\';
    q += c;
  }
  return q + "'";
}

std::string percent_encode(const std::string& value) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

// Single-quotes a value for the shell that pg_ctl runs the server through.
std::string shell_quote(const std::string& value) {
  std::string q = "'";
  for (char c : value) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// The command as a shell would need it, for messages.
std::string join_command(const std::vector<std::string>& args) {
  std::string s;
  for (const std::string& a : args) {
    if (!s.empty()) s += ' ';
    s += a.empty() || a.find_first_of(" '\"$\\") != std::string::npos ? shell_quote(a) : a;
  }
  return s;
}

// The watchdog: a detached `sh` that waits on a socket whose other end only this process holds.
// "done" means the destructor cleaned up; end-of-file without it means this process died: stop the
// server and remove the dir. Returns our end of the socket, or -1 (no watchdog; not fatal).
constexpr const char* k_watchdog_script =
    "trap '' HUP INT TERM QUIT PIPE\n"
    "IFS= read -r line\n"
    "[ \"$line\" = done ] && exit 0\n"
    "\"$1\" stop -D \"$2\" -m immediate -w -t 30 >/dev/null 2>&1\n"
    "rm -rf -- \"$3\"\n";

int start_watchdog(const std::string& pg_ctl, const std::string& data_dir, const std::string& dir,
                   const Identity& who) {
  if (!is_executable("/bin/sh")) return -1;
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return -1;
  const std::vector<std::string> args = {"/bin/sh", "-c", k_watchdog_script, "sqlmigrate-pg-watchdog", pg_ctl,
                                         data_dir,  dir};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const long max_fd = ::sysconf(_SC_OPEN_MAX) > 0 ? ::sysconf(_SC_OPEN_MAX) : 1024;
  const int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    if (devnull >= 0) ::close(devnull);
    return -1;
  }
  if (pid == 0) {
    // Fork again so the watchdog is nobody's child here: a test runner that kills our process tree
    // on a timeout does not find it.
    const pid_t grandchild = ::fork();
    if (grandchild != 0) ::_exit(grandchild < 0 ? 1 : 0);
    ::setsid();  // no terminal signals (Ctrl-C reaches our process group, not the watchdog)
    ::dup2(sv[1], STDIN_FILENO);
    if (devnull >= 0) {
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(devnull, STDERR_FILENO);
    }
    close_fds_from(3, max_fd);
    child_become(who);
    if (::chdir("/") != 0) ::_exit(1);
    ::execve(argv[0], argv.data(), environ);
    ::_exit(127);
  }
  ::close(sv[1]);
  if (devnull >= 0) ::close(devnull);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ::close(sv[0]);
    return -1;
  }
  return sv[0];
}

pid_t read_postmaster_pid(const std::string& data_dir) {
  std::ifstream in(data_dir + "/postmaster.pid");
  long pid = 0;
  if (in >> pid) return static_cast<pid_t>(pid);
  return 0;
}

}  // namespace

compiler::Result<PostgresInstall> find_postgres() {
  if (const char* env = std::getenv("SQLMIGRATE_PG_BINDIR"); env != nullptr && env[0] != '\0') {
    return check_bindir(env, "SQLMIGRATE_PG_BINDIR");
  }
  std::vector<std::string> looked;
  if (const auto pg_config = find_on_path("pg_config")) {
    const ProcessOutput out = run_program({*pg_config, "--version", "--bindir"}, {}, {});
    if (out.exit_code == 0) {
      const std::size_t nl = out.output.find('\n');
      const int major = parse_major(std::string_view(out.output).substr(0, nl));
      std::string bindir = nl == std::string::npos ? std::string() : out.output.substr(nl + 1);
      while (!bindir.empty() && (bindir.back() == '\n' || bindir.back() == '\r')) bindir.pop_back();
      if (major == 15 && !bindir.empty()) {
        auto found = check_bindir(bindir, *pg_config + " --bindir");
        if (found) return found;
      }
      looked.push_back(*pg_config + " reports PostgreSQL " + std::to_string(major) + " in " + bindir +
                       " (wanted 15 with initdb and pg_ctl)");
    } else {
      looked.push_back(*pg_config + " " + out.how);
    }
  } else {
    looked.emplace_back("no pg_config on PATH");
  }
  const fs::path root = "/usr/lib/postgresql";
  int best = 0;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (name.size() > 4) continue;
    const int n = std::stoi(name);
    const std::string bin = it->path().string() + "/bin";
    if (n > best && is_executable(bin + "/initdb") && is_executable(bin + "/pg_ctl")) best = n;
  }
  if (best > 0) return check_bindir(root.string() + "/" + std::to_string(best) + "/bin", root.string());
  looked.push_back("no /usr/lib/postgresql/<version>/bin with initdb and pg_ctl");
  return error("the PostgreSQL server programs (initdb, pg_ctl) were not found", std::move(looked),
               std::string(k_install_help));
}

compiler::Result<ScratchPostgres> ScratchPostgres::start(const ScratchPostgresOptions& options) {
  PostgresInstall install;
  if (options.bindir.empty()) {
    auto found = find_postgres();
    if (!found) return found.take_errors();
    install = std::move(*found);
  } else {
    auto found = check_bindir(options.bindir, "the bindir option");
    if (!found) return found.take_errors();
    install = std::move(*found);
  }

  Identity who;
  if (::geteuid() == 0) {
    const struct passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
      return error("running as root, and there is no `postgres` OS user to run the scratch server as",
                   {"PostgreSQL refuses to run as root"},
                   "Install postgresql-15 (it creates the postgres user), or run as an ordinary user.");
    }
    who.switch_user = true;
    who.uid = pw->pw_uid;
    who.gid = pw->pw_gid;
    int count = 32;
    who.groups.resize(static_cast<std::size_t>(count));
    if (::getgrouplist("postgres", pw->pw_gid, who.groups.data(), &count) < 0) {
      who.groups.resize(static_cast<std::size_t>(count));
      if (::getgrouplist("postgres", pw->pw_gid, who.groups.data(), &count) < 0) count = 0;
    }
    who.groups.resize(static_cast<std::size_t>(std::max(count, 0)));
    if (who.groups.empty()) who.groups.push_back(pw->pw_gid);
  }

  std::string parent = options.parent_dir;
  if (parent.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    parent = tmp != nullptr && tmp[0] != '\0' ? tmp : "/tmp";
  }
  while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  std::string dir_template = parent + "/sqlmigrate-pg-XXXXXX";
  if (!safe_path(dir_template)) {
    return error("cannot put the scratch server in " + parent +
                     ": the path has characters that pg_ctl's shell "
                     "would interpret",
                 {}, "Set TMPDIR to a plain path such as /tmp.");
  }
  if (dir_template.size() + std::string_view("/.s.PGSQL.65535.lock").size() > k_max_socket_path) {
    return error("cannot put the scratch server in " + parent + ": the path is too long for a unix socket",
                 {"a unix socket path has at most 107 bytes"}, "Set TMPDIR to a shorter path such as /tmp.");
  }
  if (::mkdtemp(dir_template.data()) == nullptr) {
    return error("could not create a temp dir in " + parent + ": " + std::strerror(errno), {},
                 "Set TMPDIR to a writable folder.");
  }

  // From here on the destructor of `pg` stops whatever was started and removes the dir.
  ScratchPostgres pg;
  pg.m_dir = dir_template;
  pg.m_bindir = install.bindir;
  pg.m_major_version = install.major_version;
  pg.m_as_postgres_user = who.switch_user;
  pg.m_uid = who.uid;
  pg.m_gid = who.gid;
  pg.m_port = options.port > 0 ? options.port : pick_port();
  const std::string data = pg.data_dir();

  if (who.switch_user && ::chown(pg.m_dir.c_str(), who.uid, who.gid) != 0) {
    return error("could not give " + pg.m_dir + " to the postgres user: " + std::strerror(errno));
  }
  if (options.watchdog) pg.m_watchdog_fd = start_watchdog(pg.m_bindir + "/pg_ctl", data, pg.m_dir, who);

  const std::string as_whom = who.switch_user ? " (run as the postgres user, since we are root)" : "";
  const std::string access_help = who.switch_user ? "The postgres user must be able to enter " + parent +
                                                        ": set TMPDIR to a folder it can reach, such as /tmp."
                                                  : std::string();

  std::vector<std::string> initdb = {
      pg.m_bindir + "/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"};
  if (install.major_version >= 13) initdb.emplace_back("--no-instructions");
  const ProcessOutput init = run_program(initdb, who, pg.m_dir);
  if (init.exit_code != 0) {
    return error("initdb " + init.how + as_whom + ", so the scratch PostgreSQL server could not be created",
                 {"`" + join_command(initdb) + "` said:\n" + tail(init.output)},
                 init.exit_code == 126 && !access_help.empty()
                     ? access_help
                     : "Check that " + parent + " is writable and has free space, and that " + pg.m_bindir +
                           " is a working PostgreSQL install.");
  }

  const std::string server_options = "-k " + shell_quote(pg.m_dir) +
                                     " -c listen_addresses='' -c fsync=off -c full_page_writes=off"
                                     " -c synchronous_commit=off -p " +
                                     std::to_string(pg.m_port);
  const std::vector<std::string> pg_ctl = {pg.m_bindir + "/pg_ctl",
                                           "-D",
                                           data,
                                           "-w",
                                           "-t",
                                           std::to_string(std::max(options.start_timeout_seconds, 1)),
                                           "-o",
                                           server_options,
                                           "-l",
                                           pg.log_file(),
                                           "start"};
  pg.m_running = true;  // it may be half up even when pg_ctl fails: the destructor stops it
  const ProcessOutput started = run_program(pg_ctl, who, pg.m_dir);
  if (started.exit_code != 0) {
    std::vector<std::string> notes = {"`" + join_command(pg_ctl) + "` said:\n" + tail(started.output)};
    const std::string log = tail(read_text_file(pg.log_file()));
    if (!log.empty()) notes.push_back("the server log ends with:\n" + log);
    return error("the scratch PostgreSQL server did not start: pg_ctl " + started.how + as_whom, std::move(notes),
                 "Read the server log lines above; a common cause in containers is too little shared memory "
                 "(/dev/shm) or a start timeout on a busy machine.");
  }
  pg.m_server_pid = read_postmaster_pid(data);
  return pg;
}

ScratchPostgres::ScratchPostgres(ScratchPostgres&& other) noexcept
    : m_dir(std::exchange(other.m_dir, {})),
      m_bindir(std::move(other.m_bindir)),
      m_port(other.m_port),
      m_major_version(other.m_major_version),
      m_server_pid(other.m_server_pid),
      m_running(std::exchange(other.m_running, false)),
      m_as_postgres_user(other.m_as_postgres_user),
      m_uid(other.m_uid),
      m_gid(other.m_gid),
      m_watchdog_fd(std::exchange(other.m_watchdog_fd, -1)) {}

ScratchPostgres& ScratchPostgres::operator=(ScratchPostgres&& other) noexcept {
  if (this != &other) {
    shutdown();
    m_dir = std::exchange(other.m_dir, {});
    m_bindir = std::move(other.m_bindir);
    m_port = other.m_port;
    m_major_version = other.m_major_version;
    m_server_pid = other.m_server_pid;
    m_running = std::exchange(other.m_running, false);
    m_as_postgres_user = other.m_as_postgres_user;
    m_uid = other.m_uid;
    m_gid = other.m_gid;
    m_watchdog_fd = std::exchange(other.m_watchdog_fd, -1);
  }
  return *this;
}

ScratchPostgres::~ScratchPostgres() { shutdown(); }

void ScratchPostgres::shutdown() noexcept {
  if (m_dir.empty()) return;
  bool clean = true;
  try {
    if (m_running) {
      Identity who;
      if (m_as_postgres_user) {
        who.switch_user = true;
        who.uid = m_uid;
        who.gid = m_gid;
        who.groups = {m_gid};
      }
      const ProcessOutput stopped =
          run_program({m_bindir + "/pg_ctl", "-D", data_dir(), "-m", "immediate", "-w", "stop"}, who, "/");
      // pg_ctl exits 1 as well when no server is running (a start that failed early); the server is
      // gone either way unless postmaster.pid is still there.
      if (stopped.exit_code != 0 && fs::exists(data_dir() + "/postmaster.pid")) clean = false;
      m_running = false;
    }
    std::error_code ec;
    fs::remove_all(m_dir, ec);
    if (ec || fs::exists(m_dir, ec)) clean = false;
  } catch (...) {
    clean = false;
  }
  if (m_watchdog_fd >= 0) {
    // "done" releases the watchdog; without it (closing only) the watchdog retries the cleanup.
    if (clean) (void)!::send(m_watchdog_fd, "done\n", 5, MSG_NOSIGNAL);
    ::close(m_watchdog_fd);
    m_watchdog_fd = -1;
  }
  m_dir.clear();
}

std::string ScratchPostgres::conninfo(const std::string& dbname) const {
  return "host=" + quote_conninfo_value(m_dir) + " port=" + std::to_string(m_port) +
         " user=postgres dbname=" + quote_conninfo_value(dbname);
}

std::string ScratchPostgres::url(const std::string& dbname) const {
  return "postgresql://postgres@/" + percent_encode(dbname) + "?host=" + percent_encode(m_dir) +
         "&port=" + std::to_string(m_port);
}

}  // namespace sqlmigrate::runner
