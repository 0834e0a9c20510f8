// keyguard: check the LLM API keys in the environment, then become the app.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "check.h"
#include "env_file.h"
#include "environment.h"
#include "exec.h"
#include "manual.h"
#include "options.h"
#include "probe.h"
#include "secret.h"
#include "redact.h"
#include "report.h"
#include "signals.h"
#include "trust.h"

namespace {

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void say(std::string_view line) { write_all(STDERR_FILENO, "keyguard: " + std::string(line) + "\n"); }

/// SIGINT and SIGTERM before exec: stop at once, never start the app, and die of the signal
/// itself, so that a calling shell sees a death by signal (and a loop around keyguard stops).
/// Only async-signal-safe calls here. Nothing is wiped: the probe threads may be using any
/// buffer that holds a key, and the process's memory goes back to the kernel, which zeroes it
/// before anyone else gets it; keyguard is not dumpable, and neither signal writes a core. The
/// one file that holds keys, --env-out, is written with both signals held off.
extern "C" void on_stop_signal(int signal) {
  static const char kInterrupted[] = "keyguard: interrupted (SIGINT) before the command ran; not starting it\n";
  static const char kTerminated[] = "keyguard: terminated (SIGTERM) before the command ran; not starting it\n";
  if (signal == SIGINT) (void)!::write(STDERR_FILENO, kInterrupted, sizeof kInterrupted - 1);
  else (void)!::write(STDERR_FILENO, kTerminated, sizeof kTerminated - 1);
  struct sigaction fatal = {};
  fatal.sa_handler = SIG_DFL;
  sigemptyset(&fatal.sa_mask);
  ::sigaction(signal, &fatal, nullptr);
  // Unblocked here, the raised signal is delivered before raise() returns.
  sigset_t this_one;
  sigemptyset(&this_one);
  sigaddset(&this_one, signal);
  ::pthread_sigmask(SIG_UNBLOCK, &this_one, nullptr);
  ::raise(signal);
  // Still here: keyguard is PID 1 of a pid namespace (a container), where the kernel drops a
  // signal whose action is the default. Exit with the status a shell would show.
  ::_exit(keyguard::status_of(signal == SIGINT ? keyguard::ExitCode::interrupted : keyguard::ExitCode::terminated));
}

void install_signal_handlers() {
  struct sigaction action = {};
  action.sa_handler = on_stop_signal;
  // The other stop signal waits: one message, one way to end.
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  for (int signal : {SIGINT, SIGTERM}) {
    // A signal the parent ignores stays ignored, for keyguard and, after execve, for the app
    // (`cmd &` in a shell ignores SIGINT): a handler would come back as the default action.
    struct sigaction old = {};
    if (::sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(signal, &action, nullptr);
  }
}

void write_termination_log(std::string_view summary) {
  // Kubernetes shows this file in `kubectl describe pod`; elsewhere it does not exist.
  // Non-blocking and regular files only: a FIFO there must not hold keyguard.
  int fd = ::open("/dev/termination-log", O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return;
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && ::ftruncate(fd, 0) == 0) write_all(fd, summary);
  ::close(fd);
}

/// Before anything is opened: fds 0-2 that the parent left closed (cron, some supervisors)
/// are opened on /dev/null, or a probe socket would take them and the report would go into
/// it. The app inherits them too, as from any shell.
void open_standard_fds() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    int opened = ::open("/dev/null", O_RDWR);
    // No /dev (a bare chroot): any descriptor holds the slot; writes to it fail, quietly.
    if (opened < 0) opened = ::open("/", O_RDONLY | O_DIRECTORY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
}

/// The process-wide settings keyguard changes for its own life, restored before execve so
/// that the app gets what keyguard inherited.
class ProcessSettings {
 public:
  ProcessSettings() {
    open_standard_fds();
    // No core dump and no /proc/PID/mem for other processes of this user while keys are
    // here; execve makes the app dumpable again (no rlimit is touched).
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    ::sigaction(SIGPIPE, nullptr, &inherited_sigpipe_);
    survive_broken_pipes();
  }
  /// A reader that went away (a log collector that died) makes writes fail with EPIPE
  /// instead of killing keyguard before the app starts.
  void survive_broken_pipes() {
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, nullptr);
  }
  /// Gives back what the app should inherit; call right before execve.
  void restore() { ::sigaction(SIGPIPE, &inherited_sigpipe_, nullptr); }

 private:
  struct sigaction inherited_sigpipe_ = {};
};

keyguard::ExitCode run(int argc, char** argv, ProcessSettings& settings) {
  using namespace keyguard;
  // 1. Read the command line and the environment.
  Environment env = Environment::from_process();
  std::vector<std::string_view> args(argv + 1, argv + argc);
  Options options;
  std::string err;
  if (!parse_options(args, env, &options, &err)) {
    // Always one text line: the options that would choose JSON could not be read.
    std::string line = "keyguard: " + err + "; try 'keyguard --help'\n";
    write_all(STDERR_FILENO, line);
    write_termination_log(line);
    return ExitCode::usage;
  }
  if (options.help) {
    write_all(STDOUT_FILENO, usage_text());
    return ExitCode::ok;
  }
  if (options.version) {
    // One line a bug report can quote: what was built, from which commit, with what.
    write_all(STDOUT_FILENO, "keyguard " KEYGUARD_VERSION " (commit " KEYGUARD_COMMIT ", mbedTLS " KEYGUARD_MBEDTLS_VERSION
                             ", embedded roots: " + std::string(embedded_roots_origin()) + ")\n");
    return ExitCode::ok;
  }

  // A path --env-out will never write is known before any check is spent on it.
  if (!options.env_out.empty() && !check_env_file_path(options.env_out, &err)) {
    std::string line = "keyguard: error: " + err + "\n";
    write_all(STDERR_FILENO, line);
    write_termination_log(line);
    return ExitCode::config;
  }

  // The .env files: their variables are checked as the environment's are and reach the app;
  // the environment wins over them, as in compose. KEYGUARD_* options come from the process alone.
  EnvFiles files;
  if (!options.env_files.empty() && !read_env_files(options.env_files, env, &files, &err)) {
    std::string line = "keyguard: error: " + err + "\n";
    write_all(STDERR_FILENO, line);
    write_termination_log(line);
    return ExitCode::config;
  }
  std::vector<SecretBuffer> file_entries = env_file_entries(files.vars, env);
  files.vars.clear();
  const Environment checked = env.with_env_file(file_entries);

  // 2. Check every key, then what follows checks that passed, before the report, so that the
  //    report tells the whole story and no line follows it: the command, found as execvpe will
  //    find it (on keyguard's own PATH), and --env-out. SIGINT and SIGTERM wait until that file
  //    is whole and renamed: a stray temporary file would hold the keys (every other thread
  //    keeps them blocked for good).
  install_signal_handlers();
  auto after_checks = [&](const CheckResult& checks) -> std::optional<Failure> {
    if (!options.command.empty()) {
      ExitCode code = locate_command(options.command[0], env, &err);
      if (code != ExitCode::ok) return Failure{Outcome::misconfigured, Phase::none, err, code};
    }
    if (!options.env_out.empty()) {
      StopSignalsBlocked hold;
      if (!write_env_file(options.env_out, checks.exports, &err))
        return Failure{Outcome::misconfigured, Phase::none, err, ExitCode::config};
    }
    return std::nullopt;
  };
  CheckResult result = run_checks(options, checked, run_probes, after_checks);
  for (std::string& warning : files.warnings) warning = result.without_keys(warning);
  result.warnings.insert(result.warnings.begin(), files.warnings.begin(), files.warnings.end());

  // 3. Report.
  if (!options.quiet || needs_attention(result))
    write_all(STDERR_FILENO, options.format == ReportFormat::json ? json_report(result) : text_report(result));
  if (result.exit_code != ExitCode::ok) {
    write_termination_log(termination_summary(result));
    return result.exit_code;
  }
  if (options.command.empty()) return ExitCode::ok;

  // 4. Become the app. Only the child's environment keeps the clean keys.
  std::vector<std::string> command(options.command.begin(), options.command.end());
  std::vector<SecretBuffer> child_env = child_environment(checked, result.exports);
  std::string shown = result.without_keys("cannot run '" + printable(command[0], 120) + "'");
  result.exports.clear();
  file_entries.clear();
  settings.restore();
  ExitCode code = exec_command(command, child_env, &err);
  settings.survive_broken_pipes();
  // Only a race (the command changed since it was looked up) gets here.
  std::string line = "keyguard: error: " + shown + ": " + err + "\n";
  write_all(STDERR_FILENO, line);
  write_termination_log(line);
  return code;
}

}  // namespace

// libstdc++'s default terminate handler demangles the exception's type name, which links
// 40 KB of demangler into a static binary. main() catches everything, so this only runs on
// a bug: say so and abort.
namespace __gnu_cxx {
void __verbose_terminate_handler() {
  static const char kMessage[] = "keyguard: internal error (terminate); please report it\n";
  (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  std::abort();
}
}  // namespace __gnu_cxx

int main(int argc, char** argv) {
  ProcessSettings settings;
  try {
    return keyguard::status_of(run(argc, argv, settings));
  } catch (const std::exception& e) {
    say(std::string("internal error: ") + e.what() + "; please report it");
  } catch (...) {
    say("internal error; please report it");
  }
  return keyguard::status_of(keyguard::ExitCode::internal);
}
