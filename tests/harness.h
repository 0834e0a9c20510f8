// Test harness: run a real process with an exact environment, capture its output and status.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace keyguard::testing {

struct Invocation {
  std::vector<std::string> args;  ///< argv[1..]
  std::vector<std::string> env;   ///< the whole environment, NAME=value
  int timeout_ms = 20000;         ///< killed after this (a test failure)
  int signal = 0;                 ///< sent after signal_after_ms, when not 0
  int signal_after_ms = 0;
  std::string cwd;                ///< empty: the current directory
  /// How fds 0-2 are set up: stdin /dev/null and stdout and stderr captured; all three
  /// closed (cron); or stderr a pipe nobody reads any more (a log collector that died).
  enum class Stdio { captured, closed, broken_stderr } stdio = Stdio::captured;
  int uid = -1;                   ///< when not -1: run as this user and group (needs root)
  std::function<void(pid_t)> while_running;  ///< called once, watch_after_ms after the start
  int watch_after_ms = 0;
};

struct Ran {
  int exit_code = -1;       ///< the exit status, or 128+n when killed by signal n (as a shell shows it)
  int term_signal = 0;      ///< the signal that killed it (WTERMSIG); 0 when it exited, even with 130
  std::string out, err;
  bool killed_by_timeout = false;
  long elapsed_ms = 0;
};

/// Runs BINARY with RUN's arguments and environment (and nothing else). When RUN asks keyguard
/// for JSON, the report on its stderr is kept for tests/report_schema_test.py.
Ran run_process(const std::string& binary, const Invocation& run);

/// Keeps JSON, a report made in the test's own process, for tests/report_schema_test.py to
/// validate against docs/report.schema.json with the black-box tests' reports.
void keep_report(const std::string& json);

/// The path of the keyguard binary under test.
std::string keyguard_binary();

/// Runs the keyguard binary with ARGS and exactly the environment ENV (NAME=value entries).
Ran keyguard(std::vector<std::string> args, std::vector<std::string> env);

/// Whether TEXT holds RUN characters in a row of KEY (all of KEY when it is shorter): what no
/// output of keyguard may hold of a key.
bool holds_run_of(const std::string& text, const std::string& key, std::size_t run = 12);

/// A directory removed with its contents when the test ends.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes CONTENTS to NAME inside the directory with MODE; returns the full path.
  std::string write(const std::string& name, const std::string& contents, int mode = 0600) const;

 private:
  std::string path_;
};

/// Reads a whole file; empty when unreadable.
std::string read_file(const std::string& path);

/// Counts the lines of TEXT (newline-terminated).
int count_lines(const std::string& text);

}  // namespace keyguard::testing
