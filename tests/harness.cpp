// The process runner and temporary directories of the black-box tests.
#include "harness.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace keyguard::testing {
namespace {

/// Where the tests keep every JSON report they see, for tests/report_schema_test.py to validate
/// against docs/report.schema.json. ctest sets it (tests/CMakeLists.txt); unset, nothing is kept.
const char* kept_reports_dir() {
  static const char* dir = [] {
    const char* value = std::getenv("TEST_JSON_REPORT_DIR");
    if (value && *value) ::mkdir(value, 0700);  // the first process after ctest cleared it makes it
    return value && *value ? value : nullptr;
  }();
  return dir;
}

/// Writes TEXT to a file of its own in the kept-reports directory: mkstemp names it uniquely
/// among the test processes ctest runs side by side, and it gets its SUFFIX, the only names the
/// validator reads, once it is whole.
void keep(const char* kind, const char* suffix, const std::string& text) {
  const char* dir = kept_reports_dir();
  if (!dir) return;
  std::string path = std::string(dir) + "/" + kind + "-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) return;  // the validator's floor notices reports that went missing
  bool whole = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (whole) ::rename(path.c_str(), (path + suffix).c_str());
}

/// One marker per test process, so that the validator knows how much of the suite ran.
[[maybe_unused]] const bool kMarked = (keep("process", ".ran", ""), true);

/// Whether RUN asks keyguard for the JSON report (--format json, --format=json, KEYGUARD_FORMAT=json).
bool asks_for_json(const Invocation& run) {
  for (std::size_t i = 0; i < run.args.size(); ++i)
    if (run.args[i] == "--format=json" || (run.args[i] == "--format" && i + 1 < run.args.size() && run.args[i + 1] == "json"))
      return true;
  for (const std::string& entry : run.env)
    if (entry == "KEYGUARD_FORMAT=json") return true;
  return false;
}

/// Keeps the lines of a JSON run's stderr that are JSON objects: the report, never the text
/// lines that may share stderr with it (a usage error, the app's own output).
void keep_json_report(const Invocation& run, const std::string& err) {
  if (!asks_for_json(run)) return;
  std::string objects;
  for (std::size_t at = 0; at < err.size();) {
    std::size_t end = err.find('\n', at);
    std::size_t next = end == std::string::npos ? err.size() : end + 1;
    if (err[at] == '{') objects += err.substr(at, next - at);
    at = next;
  }
  if (!objects.empty()) keep("report", ".jsonl", objects);
}

}  // namespace

void keep_report(const std::string& json) { keep("report", ".jsonl", json); }

std::string keyguard_binary() {
  if (const char* override_path = std::getenv("KEYGUARD_TEST_BINARY")) return override_path;
  return KEYGUARD_BINARY;
}

Ran run_process(const std::string& binary, const Invocation& run) {
  Ran ran;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) return ran;
  std::vector<std::string> argv_storage{binary};
  argv_storage.insert(argv_storage.end(), run.args.begin(), run.args.end());
  std::vector<char*> argv, envp;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = run.env;
  for (std::string& entry : env_storage) envp.push_back(entry.data());
  envp.push_back(nullptr);

  auto started = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (run.stdio == Invocation::Stdio::broken_stderr) {
    ::close(err_pipe[0]);  // nobody reads stderr: a write to it raises SIGPIPE
    err_pipe[0] = -1;
  }
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, STDIN_FILENO);
    if (!run.cwd.empty() && ::chdir(run.cwd.c_str()) != 0) ::_exit(125);
    if (run.uid != -1 && (::setgroups(0, nullptr) != 0 || ::setgid(run.uid) != 0 || ::setuid(run.uid) != 0)) ::_exit(125);
    if (run.stdio == Invocation::Stdio::closed)
      for (int fd = 0; fd <= 2; ++fd) ::close(fd);
    // Tests start from default signal dispositions, like a container's first process.
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(125);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  bool signalled = false, watched = !run.while_running;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_count = err_pipe[0] >= 0 ? 2 : 1;
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  };
  while (open_count > 0) {
    long now = elapsed();
    if (run.signal && !signalled && now >= run.signal_after_ms) {
      ::kill(pid, run.signal);
      signalled = true;
    }
    if (!watched && now >= run.watch_after_ms) {
      run.while_running(pid);
      watched = true;
    }
    if (now >= run.timeout_ms) {
      ::kill(pid, SIGKILL);
      ran.killed_by_timeout = true;
      break;
    }
    long wait = run.timeout_ms - now;
    if (run.signal && !signalled) wait = std::min<long>(wait, run.signal_after_ms - now);
    if (!watched) wait = std::min<long>(wait, run.watch_after_ms - now);
    if (wait < 1) wait = 1;
    int ready = ::poll(fds, 2, static_cast<int>(wait));
    if (ready < 0 && errno == EINTR) continue;
    for (pollfd& entry : fds) {
      if (entry.fd < 0 || !(entry.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[8192];
      ssize_t got = ::read(entry.fd, buffer, sizeof buffer);
      if (got <= 0) {
        ::close(entry.fd);
        entry.fd = -1;
        --open_count;
        continue;
      }
      (entry.fd == out_pipe[0] ? ran.out : ran.err).append(buffer, static_cast<std::size_t>(got));
    }
  }
  for (pollfd& entry : fds)
    if (entry.fd >= 0) ::close(entry.fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ran.elapsed_ms = elapsed();
  if (WIFEXITED(status)) ran.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) {
    ran.exit_code = 128 + WTERMSIG(status);
    ran.term_signal = WTERMSIG(status);
  }
  keep_json_report(run, ran.err);
  return ran;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "keyguard-test-XXXXXX").string();
  if (::mkdtemp(pattern.data())) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) {
    // Make everything removable again (tests chmod files to 000).
    for (auto& entry : std::filesystem::recursive_directory_iterator(path_, ignored))
      std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
}

std::string TempDir::write(const std::string& name, const std::string& contents, int mode) const {
  std::string full = path_ + "/" + name;
  int fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    (void)!::write(fd, contents.data(), contents.size());
    ::fchmod(fd, static_cast<mode_t>(mode));
    ::close(fd);
  }
  return full;
}

std::string read_file(const std::string& path) {
  std::string out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buffer[8192];
  ssize_t got;
  while ((got = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(got));
  ::close(fd);
  return out;
}

int count_lines(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

Ran keyguard(std::vector<std::string> args, std::vector<std::string> env) {
  Invocation run;
  run.args = std::move(args);
  run.env = std::move(env);
  return run_process(keyguard_binary(), run);
}

bool holds_run_of(const std::string& text, const std::string& key, std::size_t run) {
  if (key.size() < run) return text.find(key) != std::string::npos;
  for (std::size_t i = 0; i + run <= key.size(); ++i)
    if (text.find(key.substr(i, run)) != std::string::npos) return true;
  return false;
}

}  // namespace keyguard::testing
