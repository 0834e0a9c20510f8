// keyguard: check the LLM API keys in the environment, then become the app.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "check.h"
#include "environment.h"
#include "exec.h"
#include "options.h"
#include "probe.h"
#include "providers.h"
#include "redact.h"
#include "report.h"
#include "signals.h"

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

/// SIGINT and SIGTERM before exec: stop at once, never start the app. keyguard may be PID 1,
/// where the default action of these signals is to be ignored, so it needs a handler.
extern "C" void on_stop_signal(int signal) {
  static const char kInterrupted[] = "keyguard: interrupted (SIGINT) before the command ran; not starting it\n";
  static const char kTerminated[] = "keyguard: terminated (SIGTERM) before the command ran; not starting it\n";
  if (signal == SIGINT) {
    (void)!::write(STDERR_FILENO, kInterrupted, sizeof kInterrupted - 1);
    ::_exit(keyguard::exit_code::interrupted);
  }
  (void)!::write(STDERR_FILENO, kTerminated, sizeof kTerminated - 1);
  ::_exit(keyguard::exit_code::terminated);
}

void install_signal_handlers() {
  struct sigaction action = {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
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
  int fd = ::open("/dev/termination-log", O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
  if (fd < 0) return;
  write_all(fd, summary);
  ::close(fd);
}

/// TEXT without any key keyguard knows: someone may have put one where the command goes.
std::string without_keys(std::string text, const keyguard::CheckResult& result, const keyguard::Environment& env) {
  using namespace keyguard;
  for (const ExportedVar& var : result.exports) text = redact_runs(text, var.value.view(), 12);
  // A value shorter than 12 cannot leave a 12-character run, and would only blank out words.
  for (const Provider& provider : providers())
    for (std::string_view var : provider.key_vars)
      if (auto value = var.empty() ? std::nullopt : env.get_nonempty(var); value && value->size() >= 12)
        text = redact_runs(text, *value, 12);
  return text;
}

int run(int argc, char** argv) {
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
    return exit_code::usage;
  }
  if (options.help) {
    write_all(STDOUT_FILENO, usage_text());
    return exit_code::ok;
  }
  if (options.version) {
    write_all(STDOUT_FILENO, "keyguard " KEYGUARD_VERSION "\n");
    return exit_code::ok;
  }

  // 2. Check every key, then what comes after the report: the env file and the command,
  //    so that the report tells the whole story and no line follows it.
  install_signal_handlers();
  CheckResult result = run_checks(options, env, run_probes);
  if (result.exit_code == exit_code::ok && !options.command.empty()) {
    int code = locate_command(options.command[0], env, &err);
    if (code != 0) {
      result.error = without_keys(err, result, env);
      result.exit_code = code;
    }
  }
  if (result.exit_code == exit_code::ok && !options.env_out.empty()) {
    // SIGINT and SIGTERM wait until the file is whole and renamed: a stray temporary file
    // would hold the keys. (Every other thread keeps them blocked for good.)
    bool written;
    {
      StopSignalsBlocked hold;
      written = write_env_file(options.env_out, result.exports, &err);
    }
    if (!written) {
      result.error = err;
      result.exit_code = exit_code::config;
    }
  }

  // 3. Report.
  if (!options.quiet || needs_attention(result))
    write_all(STDERR_FILENO, options.format == ReportFormat::json ? json_report(result) : text_report(result));
  if (result.exit_code != exit_code::ok) {
    write_termination_log(termination_summary(result));
    return result.exit_code;
  }
  if (options.command.empty()) return exit_code::ok;

  // 4. Become the app. Only the child's environment keeps the clean keys.
  std::vector<std::string> command(options.command.begin(), options.command.end());
  std::vector<std::string> child_env = child_environment(env, result.exports, result.checked_vars);
  std::string shown = without_keys("cannot run '" + command[0] + "'", result, env);
  result.exports.clear();
  int code = exec_command(command, child_env, &err);
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
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    say(std::string("internal error: ") + e.what() + "; please report it");
  } catch (...) {
    say("internal error; please report it");
  }
  return keyguard::exit_code::internal;
}
