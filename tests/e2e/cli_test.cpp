// Black-box tests of the static binary without the network: argv, exec, environment,
// files, reports and exit codes (docs/command-line.md, docs/keys.md, docs/report.md).
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <regex>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "harness.h"

namespace keyguard::testing {
namespace {

const std::string kProj = "sk-proj-" + std::string(150, 'A') + "abcdWxyz";  // 166 characters
const std::string kAnt = "sk-ant-api03-" + std::string(91, 'b') + "Qrst";    // 108 characters


std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}


/// Whether TEXT is valid UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool is_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    auto more = [&](std::size_t k) { return k < text.size() && (byte(k) & 0xC0) == 0x80; };
    unsigned char c = byte(i);
    std::size_t length = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (length == 0) return false;
    for (std::size_t k = 1; k < length; ++k)
      if (!more(i + k)) return false;
    if ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) > 0x9F) || (c == 0xF0 && byte(i + 1) < 0x90) ||
        (c == 0xF4 && byte(i + 1) > 0x8F))
      return false;
    i += length;
  }
  return true;
}

/// Whether every line of a text report is free of control bytes (the newline ends each).
bool lines_are_clean(const std::string& text) {
  for (char c : text)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f) return false;
  return text.empty() || text.back() == '\n';
}

TEST(Cli, PassesArgvThroughAfterDoubleDash) {
  Ran ran = keyguard({"--offline", "--", "/bin/printf", "[%s]", "--strict", "a b", "", "--"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "[--strict][a b][][--]");
}

TEST(Cli, PassesOptionLikeArgumentsAfterTheCommandToTheCommand) {
  Ran ran = keyguard({"--offline", "/bin/printf", "[%s]", "--port", "80", "--timeout", "x"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "[--port][80][--timeout][x]");
}

TEST(Cli, FindsTheCommandOnPathAsExecvpDoes) {
  Ran ran = keyguard({"--offline", "printf", "found"}, {"PATH=/usr/local/bin:/usr/bin:/bin", "OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "found");
}

TEST(Cli, PassesEveryExitStatusAndDeathBySignalOfTheAppToItsParent) {
  // After execve the app is the process keyguard was: its parent sees exactly how it ended,
  // an exit 130 as an exit and a death by SIGINT as a death (a shell shows both as 130).
  struct Case {
    std::string script;
    int exit_code, term_signal;
  };
  std::vector<Case> cases;
  for (int status = 0; status <= 255; ++status) cases.push_back({"exit " + std::to_string(status), status, 0});
  for (int signal = 1; signal <= SIGRTMAX; ++signal) {
    // Signals whose default action stops, continues or is ignored end nothing.
    if (signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU || signal == SIGCONT ||
        signal == SIGCHLD || signal == SIGURG || signal == SIGWINCH)
      continue;
    // No core file from the signals that dump one, wherever core_pattern points.
    cases.push_back({"ulimit -c 0; kill -" + std::to_string(signal) + " $$", 128 + signal, signal});
  }
  // A few at a time: 300 runs, each a few milliseconds.
  TempDir dir;
  std::vector<Ran> ran(cases.size());
  std::atomic<std::size_t> next = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      Invocation run;
      run.args = {"--offline", "--", "/bin/sh", "-c", cases[i].script};
      run.env = {"OPENAI_API_KEY=" + kProj};
      run.cwd = dir.path();
      ran[i] = run_process(keyguard_binary(), run);
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(work);
  for (std::thread& worker : workers) worker.join();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(ran[i].exit_code, cases[i].exit_code) << cases[i].script << ": " << ran[i].err;
    EXPECT_EQ(ran[i].term_signal, cases[i].term_signal) << cases[i].script << ": " << ran[i].err;
  }
}

TEST(Cli, KeepsThePidSoTheAppIsWhatRuns) {
  // After execve the app has keyguard's PID: the shell reports $$, its parent is the test.
  Ran ran = keyguard({"--offline", "--", "/bin/sh", "-c", "echo $PPID"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(ran.out, std::to_string(::getpid()) + "\n");
}

TEST(Cli, ExitsWith127IfTheCommandDoesNotExist) {
  Ran ran = keyguard({"--offline", "--", "no-such-command-kg"}, {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 127);
  EXPECT_NE(ran.err.find("keyguard: error: cannot run 'no-such-command-kg': command not found in PATH\n"), std::string::npos)
      << ran.err;
  ran = keyguard({"--offline", "--", "/nonexistent/app"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 127);
  EXPECT_NE(ran.err.find("cannot run '/nonexistent/app': No such file or directory"), std::string::npos) << ran.err;
}

TEST(Cli, ExitsWith126IfTheCommandIsNotExecutable) {
  TempDir dir;
  std::string script = dir.write("app.sh", "#!/bin/sh\necho hi\n", 0644);
  Ran ran = keyguard({"--offline", "--", script}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 126);
  EXPECT_NE(ran.err.find("keyguard: error: cannot run '" + script + "': not an executable file"), std::string::npos)
      << ran.err;
}

TEST(Cli, ExitsWith126IfTheCommandOnPathIsNotExecutable) {
  TempDir dir;
  dir.write("tool", "#!/bin/sh\n", 0644);
  Ran ran = keyguard({"--offline", "--", "tool"}, {"PATH=" + dir.path(), "OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 126);
  EXPECT_NE(ran.err.find("cannot run 'tool': found in PATH but not an executable file"), std::string::npos) << ran.err;
}

TEST(Cli, SaysAMissingCommandInTheJsonReportItself) {
  Ran ran = keyguard({"--offline", "--format", "json", "--", "no-such-command-kg"},
                     {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 127);
  ASSERT_EQ(count_lines(ran.err), 1) << ran.err;
  auto top = boost::json::parse(ran.err).as_object();
  EXPECT_EQ(top.at("ok").as_bool(), false);
  EXPECT_EQ(top.at("exit_code").as_int64(), 127);
  EXPECT_EQ(top.at("error").as_string(), "cannot run 'no-such-command-kg': command not found in PATH");
}

TEST(Cli, GivesTheChildOnlyTheFirstOfADuplicatedKeyVariable) {
  std::vector<std::string> env = {"OPENAI_API_KEY=" + kProj, "A=1", "OPENAI_API_KEY=sk-other"};
  Ran ran = keyguard({"--offline", "--", "/bin/cat", "/proc/self/environ"}, env);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(split_nul(ran.out), (std::vector<std::string>{"OPENAI_API_KEY=" + kProj, "A=1"}));
  EXPECT_NE(ran.err.find("OPENAI_API_KEY is set 2 times; the first is checked and is the only one the command gets"),
            std::string::npos)
      << ran.err;
}

TEST(Cli, GivesTheChildOnlyTheFirstCopyOfEveryDuplicatedName) {
  // A raw execve can pass a name twice; getenv, CPython's os.environ and keyguard read the
  // first, dash hands its commands the last: the child gets the first alone.
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "A=1", "OPENAI_API_KEY=" + kProj, "A=2", "B=",
                                  "PATH=/nonexistent",  "B=b-value", "OPENAI_API_KEY=sk-other-secret-value", "A=3"};
  Ran ran = keyguard({"--offline", "--", "/usr/bin/env"}, env);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "PATH=/usr/bin:/bin\nA=1\nOPENAI_API_KEY=" + kProj + "\nB=\n");
  // Each name is said once, never a value.
  EXPECT_NE(ran.err.find("keyguard: warning: A is set 3 times; the first counts, as getenv reads it, and is the only one "
                         "the command gets (keyguard dropped the later copies)\n"),
            std::string::npos)
      << ran.err;
  EXPECT_NE(ran.err.find("keyguard: warning: PATH is set 2 times;"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("keyguard: warning: B is set 2 times and its first copy, the one getenv reads, is empty"),
            std::string::npos)
      << ran.err;
  EXPECT_NE(ran.err.find("keyguard: warning: OPENAI_API_KEY is set 2 times; the first is checked"), std::string::npos)
      << ran.err;
  for (const std::string value : {"/nonexistent", "b-value", "sk-other"})
    EXPECT_EQ(ran.err.find(value), std::string::npos) << ran.err;

  // A shell as the command: what dash reads is the first copy too.
  ran = keyguard({"--offline", "--", "/bin/sh", "-c", "printf '[%s][%s][%s]' \"$A\" \"$B\" \"$PATH\""}, env);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "[1][][/usr/bin:/bin]");
}

TEST(Cli, CountsAKeyVariableWhoseFirstCopyIsEmptyAsUnsetAndSaysSo) {
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=", "ANTHROPIC_API_KEY=" + kAnt,
                                  "OPENAI_API_KEY=" + kProj};
  Ran ran = keyguard({"--offline", "--", "/bin/sh", "-c", "printf '[%s]' \"$OPENAI_API_KEY\"; env | grep -c OPENAI_API_KEY"},
                     env);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  // The app sees what keyguard read: one copy, empty.
  EXPECT_EQ(ran.out, "[]1\n");
  EXPECT_NE(ran.err.find("keyguard: warning: OPENAI_API_KEY is set 2 times and its first copy, the one getenv reads, is "
                         "empty: it counts as unset, and the command gets only that empty copy (keyguard dropped the later "
                         "copies)\n"),
            std::string::npos)
      << ran.err;
  EXPECT_EQ(ran.err.find("openai:"), std::string::npos) << ran.err;  // not selected
  EXPECT_FALSE(holds_run_of(ran.err, kProj)) << ran.err;

  // In JSON too, with no command; and under --require openai it is not set.
  ran = keyguard({"--offline", "--format", "json", "--require", "openai"}, env);
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  auto top = boost::json::parse(ran.err).as_object();
  ASSERT_EQ(top.at("warnings").as_array().size(), 1u) << ran.err;
  EXPECT_EQ(top.at("warnings").as_array()[0].as_string(),
            "OPENAI_API_KEY is set 2 times and its first copy, the one getenv reads, is empty: it counts as unset");
  EXPECT_NE(ran.err.find("OPENAI_API_KEY is not set (or empty)"), std::string::npos) << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, kProj)) << ran.err;
}

TEST(Cli, TreatsAnEmptyKeyVariableAsUnset) {
  // docker-compose passes `OPENAI_API_KEY: ${OPENAI_API_KEY}` through empty when the host lacks it.
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=", "ANTHROPIC_API_KEY=" + kAnt});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.err.find("openai"), std::string::npos) << ran.err;
  ran = keyguard({"--offline", "--require", "openai"}, {"OPENAI_API_KEY="});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("OPENAI_API_KEY is not set (or empty)"), std::string::npos) << ran.err;
}

TEST(Cli, NeverEchoesAKeyPutInTheFileVariable) {
  const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJnYXRld2F5In0.c2lnbmF0dXJlLW9mLWEtdG9rZW4";
  for (const std::string& key : {kProj, jwt}) {
    Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY_FILE=" + key});
    EXPECT_EQ(ran.exit_code, 66);
    EXPECT_FALSE(holds_run_of(ran.err, key)) << ran.err;
    EXPECT_NE(ran.err.find("is that the key itself? a _FILE variable holds a path"), std::string::npos) << ran.err;
  }
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY_FILE=key.txt"});
  EXPECT_NE(ran.err.find("cannot read key.txt (from OPENAI_API_KEY_FILE)"), std::string::npos) << ran.err;
}

TEST(Cli, NeverEchoesAKeyGivenAsAnOption) {
  Ran ran = keyguard({"--key=" + kProj}, {});
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_EQ(ran.err, "keyguard: unknown option '--key'; try 'keyguard --help'\n");
  ran = keyguard({"-k" + kProj}, {});
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_FALSE(holds_run_of(ran.err, kProj)) << ran.err;
  ran = keyguard({"--require", kProj}, {});
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_FALSE(holds_run_of(ran.err, kProj)) << ran.err;
}

TEST(Cli, RefusesAKeyFileThatIsNotARegularFileWithoutWaiting) {
  TempDir dir;
  std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY_FILE=" + fifo});
  EXPECT_EQ(ran.exit_code, 66);
  EXPECT_FALSE(ran.killed_by_timeout);
  EXPECT_NE(ran.err.find("not a regular file"), std::string::npos) << ran.err;
}

TEST(Cli, DoesNotRunTheCommandWhenACheckFails) {
  TempDir dir;
  std::string marker = dir.path() + "/ran";
  Ran ran = keyguard({"--offline", "--", "/bin/sh", "-c", "touch " + marker}, {"OPENAI_API_KEY=None"});
  EXPECT_EQ(ran.exit_code, 78);
  struct stat info;
  EXPECT_NE(::stat(marker.c_str(), &info), 0) << "the command ran";
}

TEST(Cli, GivesTheChildTheEnvironmentByteForByteWithCleanKeys) {
  std::vector<std::string> env = {
      "PATH=/usr/bin:/bin",
      "MULTILINE=line one\nline two\n",
      "UTF8=gr\xC3\xBC\xC3\x9F" "e \xE2\x9C\x93",
      "EMPTY=",
      "EQUALS=a=b=c",
      "OPENAI_API_KEY=\"" + kProj + "\"\r\n",
      "LAST=1",
  };
  Ran ran = keyguard({"--offline", "--", "/bin/cat", "/proc/self/environ"}, env);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<std::string> expected = env;
  expected[5] = "OPENAI_API_KEY=" + kProj;
  EXPECT_EQ(split_nul(ran.out), expected);
}

TEST(Cli, PrintsOneWarningLineForAQuotedKeyWithATrailingCrlf) {
  Ran ran = keyguard({"--offline", "--", "/bin/sh", "-c", "printf '%s' \"$OPENAI_API_KEY\""},
                     {"OPENAI_API_KEY=\"" + kProj + "\"\r\n"});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(ran.out, kProj);
  EXPECT_EQ(count_lines(ran.err), 1) << ran.err;
  EXPECT_EQ(ran.err.rfind("keyguard: warning: openai: OPENAI_API_KEY sk-proj-\xE2\x80\xA6Wxyz", 0), 0u) << ran.err;
  EXPECT_NE(ran.err.find("removed a trailing CRLF, removed surrounding double quotes"), std::string::npos) << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, kProj));
}

TEST(Cli, RefusesAKeyThatNeedsCleaningUnderNoFix) {
  Ran ran = keyguard({"--offline", "--no-fix", "--", "/bin/true"}, {"OPENAI_API_KEY=" + kProj + "\n"});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("needs cleaning (removed a trailing newline) and --no-fix is set"), std::string::npos) << ran.err;
  // Nothing was fixed: the line does not say it was.
  EXPECT_EQ(ran.err.find("fixed the value"), std::string::npos) << ran.err;
  Ran json = keyguard({"--offline", "--no-fix", "--format", "json"}, {"OPENAI_API_KEY=" + kProj + "\n"});
  EXPECT_NE(json.err.find("\"fixes\":[]"), std::string::npos) << json.err;
}

TEST(Cli, ExportsAKeyLoadedFromItsFileAndTrimsTheNewlineSilently) {
  TempDir dir;
  std::string path = dir.write("openai", kProj + "\n");
  Ran ran = keyguard({"--offline", "--quiet", "--", "/bin/sh", "-c", "printf '%s|%s' \"$OPENAI_API_KEY\" \"$OPENAI_API_KEY_FILE\""},
                     {"OPENAI_API_KEY_FILE=" + path});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, kProj + "|" + path);
  EXPECT_EQ(ran.err, "");
}

TEST(Cli, LoadsASystemdCredentialNamedAfterTheKeyVariableAndExportsIt) {
  TempDir credentials;
  credentials.write("OPENAI_API_KEY", kProj + "\n", 0400);
  Ran ran = keyguard({"--offline", "--format", "json", "--", "/bin/sh", "-c", "printf '%s' \"$OPENAI_API_KEY\""},
                     {"CREDENTIALS_DIRECTORY=" + credentials.path()});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, kProj) << "the app gets the key, the newline dropped";
  EXPECT_NE(ran.err.find("\"provider\":\"openai\""), std::string::npos) << "a credential selects its provider: " << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, kProj));
}

TEST(Cli, PrefersTheEnvironmentToASystemdCredential) {
  TempDir credentials;
  const std::string other = "sk-proj-" + std::string(148, 'O') + "Othr";
  credentials.write("OPENAI_API_KEY", other, 0400);
  Ran ran = keyguard({"--offline", "--quiet", "--", "/bin/sh", "-c", "printf '%s' \"$OPENAI_API_KEY\""},
                     {"CREDENTIALS_DIRECTORY=" + credentials.path(), "OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, kProj);
}

TEST(Cli, NamesAnUnreadableSystemdCredential) {
  TempDir credentials;
  ASSERT_EQ(::mkdir((credentials.path() + "/GROQ_API_KEY").c_str(), 0700), 0);
  Ran ran = keyguard({"--offline"}, {"CREDENTIALS_DIRECTORY=" + credentials.path()});
  EXPECT_EQ(ran.exit_code, 66) << ran.err;
  EXPECT_NE(ran.err.find("(from $CREDENTIALS_DIRECTORY/GROQ_API_KEY): it is a directory"), std::string::npos) << ran.err;
}

TEST(Cli, ShipsASystemdUnitThatSystemdAccepts) {
  // The unit of docs/deploying.md, as systemd-analyze reads it; only the two executables are
  // replaced by ones that exist here (verify checks that they do).
  if (::access("/usr/bin/systemd-analyze", X_OK) != 0) GTEST_SKIP() << "systemd-analyze is not installed here";
  std::ifstream page(KEYGUARD_SOURCE_DIR "/docs/deploying.md");
  std::string text((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  std::size_t start = text.find("```ini\n[Unit]");
  ASSERT_NE(start, std::string::npos) << "docs/deploying.md has no systemd unit";
  start += 7;
  std::string unit = text.substr(start, text.find("```", start) - start);
  for (std::string_view needed : {"LoadCredential=OPENAI_API_KEY:", "DynamicUser=yes", "RestartPreventExitStatus=64 66 77 78"})
    EXPECT_NE(unit.find(needed), std::string::npos) << needed;
  auto replace = [&](const std::string& from, const std::string& to) {
    std::size_t at = unit.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    unit.replace(at, from.size(), to);
  };
  replace("/usr/bin/keyguard", keyguard_binary());
  replace("/usr/bin/python3 /opt/app/app.py", "/bin/true");
  TempDir dir;
  std::string path = dir.write("app.service", unit);
  Invocation verify;
  verify.args = {"verify", path};
  verify.env = {"PATH=/usr/bin:/bin", "SYSTEMD_LOG_LEVEL=notice"};
  Ran ran = run_process("/usr/bin/systemd-analyze", verify);
  if (ran.err.find("Failed to initialize") != std::string::npos || ran.err.find("Permission denied") != std::string::npos)
    GTEST_SKIP() << "systemd-analyze cannot run here: " << ran.err;
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.err, "") << "systemd warns about the unit";
}

TEST(Cli, RefusesTheVariableAndItsFileTogether) {
  TempDir dir;
  std::string path = dir.write("openai", kProj);
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kProj, "OPENAI_API_KEY_FILE=" + path});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("set one of OPENAI_API_KEY or OPENAI_API_KEY_FILE, not both"), std::string::npos) << ran.err;
}

TEST(Cli, ExitsWith66ForAnUnreadableKeyFile) {
  Ran ran = keyguard({"--offline", "--", "/bin/true"}, {"ANTHROPIC_API_KEY_FILE=/nonexistent/secret"});
  EXPECT_EQ(ran.exit_code, 66);
  EXPECT_NE(ran.err.find("cannot read /nonexistent/secret (from ANTHROPIC_API_KEY_FILE): No such file or directory"),
            std::string::npos)
      << ran.err;
}

TEST(Cli, WritesTheEnvFileWithMode0600) {
  TempDir dir;
  std::string key_file = dir.write("anthropic", kAnt + "\n");
  std::string out = dir.path() + "/keys.env";
  Ran ran = keyguard({"--offline", "--env-out", out},
                     {"OPENAI_API_KEY='" + kProj + "'", "ANTHROPIC_API_KEY_FILE=" + key_file, "GOOGLE_API_KEY=AIza" + std::string(35, 'x') + "Z"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(read_file(out), "OPENAI_API_KEY=" + kProj + "\nANTHROPIC_API_KEY=" + kAnt + "\n");
  struct stat info;
  ASSERT_EQ(::stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  // Nothing else was left in the directory (the write is a rename of a temporary file).
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"anthropic", "keys.env"}));
}

TEST(Cli, WritesAnEmptyEnvFileWhenNothingNeededCleaning) {
  TempDir dir;
  std::string out = dir.path() + "/keys.env";
  Ran ran = keyguard({"--offline", "--env-out", out}, {"OPENAI_API_KEY=" + kProj});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  struct stat info;
  ASSERT_EQ(::stat(out.c_str(), &info), 0) << "systemd's EnvironmentFile= needs the file";
  EXPECT_EQ(info.st_size, 0);
}

TEST(Cli, WritesNoEnvFileWhenACheckFails) {
  TempDir dir;
  std::string out = dir.path() + "/keys.env";
  Ran ran = keyguard({"--offline", "--env-out", out}, {"OPENAI_API_KEY=" + kProj + "\n", "ANTHROPIC_API_KEY=None"});
  EXPECT_EQ(ran.exit_code, 78);
  struct stat info;
  EXPECT_NE(::stat(out.c_str(), &info), 0);
}

TEST(Cli, ExitsWith78WhenTheEnvFileCannotBeWritten) {
  Ran ran = keyguard({"--offline", "--env-out", "/nonexistent-dir/keys.env", "--", "/bin/echo", "ran"},
                     {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_EQ(ran.out, "");
  EXPECT_NE(ran.err.find("keyguard: error: cannot write /nonexistent-dir/keys.env (--env-out)"), std::string::npos)
      << ran.err;
}

TEST(Cli, LeavesIgnoredSignalsIgnoredForTheApp) {
  // `cmd &` in a shell starts cmd with SIGINT ignored; the app must inherit that, not a handler
  // that execve turns back into the default action.
  Invocation run;
  run.args = {"-c", "trap '' INT; exec \"$0\" --offline -- /bin/grep SigIgn /proc/self/status", keyguard_binary()};
  run.env = {"OPENAI_API_KEY=" + kProj};
  Ran ran = run_process("/bin/sh", run);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  // SigIgn is a hex mask with bit n-1 for signal n.
  unsigned long mask = std::stoul(ran.out.substr(ran.out.find(':') + 1), nullptr, 16);
  EXPECT_TRUE(mask & (1ul << (SIGINT - 1))) << ran.out;
  EXPECT_FALSE(mask & (1ul << (SIGTERM - 1))) << ran.out;
}

TEST(Cli, ShowsHelpEvenWithABadTwin) {
  Ran ran = keyguard({"--help"}, {"KEYGUARD_TIMEOUT=soon"});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(ran.out.rfind("Usage: keyguard", 0), 0u);
}

TEST(Cli, WritesTheEnvFileFromItsTwin) {
  TempDir dir;
  std::string out = dir.path() + "/twin.env";
  Ran ran = keyguard({"--offline"}, {"KEYGUARD_ENV_OUT=" + out, "OPENAI_API_KEY=" + kProj + "\n"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(read_file(out), "OPENAI_API_KEY=" + kProj + "\n");
}

TEST(Cli, PrintsNothingUnderQuietWhenAllIsClean) {
  Ran ran = keyguard({"--offline", "--quiet"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(ran.err, "");
  EXPECT_EQ(ran.out, "");
  ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kProj, "KEYGUARD_QUIET=1"});
  EXPECT_EQ(ran.err, "");
}

TEST(Cli, StillWarnsUnderQuiet) {
  Ran ran = keyguard({"--offline", "--quiet"}, {"OPENAI_API_KEY=" + kProj + " "});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(count_lines(ran.err), 1);
}

TEST(Cli, WritesOneJsonObjectOnOneLine) {
  Ran ran = keyguard({"--offline", "--format", "json"}, {"OPENAI_API_KEY=" + kProj + "\n", "ANTHROPIC_API_KEY=None"});
  EXPECT_EQ(ran.exit_code, 78);
  ASSERT_EQ(count_lines(ran.err), 1) << ran.err;
  boost::json::error_code ec;
  boost::json::value root = boost::json::parse(ran.err, ec);
  ASSERT_FALSE(ec) << ran.err;
  const auto& top = root.as_object();
  EXPECT_EQ(top.at("ok").as_bool(), false);
  EXPECT_EQ(top.at("exit_code").as_int64(), 78);
  EXPECT_TRUE(top.at("elapsed_ms").is_int64());
  const auto& providers = top.at("providers").as_array();
  ASSERT_EQ(providers.size(), 2u);
  const auto& openai = providers[0].as_object();
  EXPECT_EQ(openai.at("provider").as_string(), "openai");
  EXPECT_EQ(openai.at("env").as_string(), "OPENAI_API_KEY");
  EXPECT_EQ(openai.at("outcome").as_string(), "skipped");
  EXPECT_EQ(openai.at("verdict").as_string(), "pass");
  EXPECT_EQ(openai.at("key").as_string(), "sk-proj-\xE2\x80\xA6Wxyz");
  EXPECT_EQ(openai.at("fingerprint").as_string().size(), 15u);
  EXPECT_EQ(openai.at("fixes").as_array().size(), 1u);
  EXPECT_TRUE(openai.at("http_status").is_null());
  EXPECT_TRUE(openai.at("phase").is_null());
  EXPECT_TRUE(openai.at("message").is_string());
  const auto& anthropic = providers[1].as_object();
  EXPECT_EQ(anthropic.at("outcome").as_string(), "misconfigured");
  EXPECT_EQ(anthropic.at("verdict").as_string(), "fail");
  EXPECT_FALSE(holds_run_of(ran.err, kProj));
}

TEST(Cli, PicksTheMostSevereExitCodeAcrossProviders) {
  struct Case {
    std::vector<std::string> env;
    int exit;
  } cases[] = {
      {{"OPENAI_API_KEY=" + kProj, "ANTHROPIC_API_KEY=" + kAnt}, 0},
      {{"OPENAI_API_KEY=" + kProj, "ANTHROPIC_API_KEY=None"}, 78},
      {{"OPENAI_API_KEY=None", "ANTHROPIC_API_KEY_FILE=/nonexistent"}, 66},
      {{"ANTHROPIC_API_KEY_FILE=/nonexistent", "OPENAI_API_KEY=None"}, 66},
      {{"GOOGLE_API_KEY=" + kProj, "OPENAI_API_KEY=" + kProj}, 78},
  };
  for (const Case& c : cases) {
    Ran ran = keyguard({"--offline"}, c.env);
    EXPECT_EQ(ran.exit_code, c.exit) << ran.err;
  }
}

TEST(Cli, RequiresEveryNamedProvider) {
  Ran ran = keyguard({"--offline", "--require", "openai,anthropic"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("keyguard: error: anthropic: ANTHROPIC_API_KEY: misconfigured: ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN is not set"),
            std::string::npos)
      << ran.err;
  ran = keyguard({"--offline", "--require", "openai"}, {"OPENAI_API_KEY=" + kProj, "ANTHROPIC_API_KEY=None"});
  EXPECT_EQ(ran.exit_code, 0) << "a provider not required is not checked: " << ran.err;
}

TEST(Cli, ListsTheVariablesItLookedForWhenThereIsNoKey) {
  Ran ran = keyguard({"--offline"}, {"PATH=/bin"});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_EQ(ran.err,
            "keyguard: error: no API key found; looked for OPENAI_API_KEY, ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, "
            "AZURE_OPENAI_API_KEY, AZURE_API_KEY, GOOGLE_API_KEY, GEMINI_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, "
            "GROQ_API_KEY, MISTRAL_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY, XAI_API_KEY, TOGETHER_API_KEY, "
            "TOGETHER_AI_API_KEY, FIREWORKS_API_KEY, PERPLEXITY_API_KEY, PPLX_API_KEY, CEREBRAS_API_KEY, CO_API_KEY, "
            "COHERE_API_KEY, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_KEY, "
            "AWS_BEARER_TOKEN_BEDROCK (and their _FILE twins); set one, or name the providers with --require\n");
}

TEST(Cli, RefusesAKeyInTheWrongVariableNamingTheRightOne) {
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kAnt});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("looks like an Anthropic key, which belongs in ANTHROPIC_API_KEY"), std::string::npos) << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, kAnt));
}

TEST(Cli, ChecksShapesOnlyOnTheOfficialHost) {
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kAnt, "OPENAI_BASE_URL=http://localhost:8000/v1"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
}

TEST(Cli, RefusesAKeyOverClearTextToAnotherHost) {
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kProj, "OPENAI_BASE_URL=http://gateway.example/v1"});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("OPENAI_BASE_URL uses http:// to gateway.example, which is not loopback"), std::string::npos)
      << ran.err;
}

TEST(Cli, RequiresTheAzureEndpoint) {
  Ran ran = keyguard({"--offline"}, {"AZURE_OPENAI_API_KEY=0123456789abcdef0123456789abcdef"});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("neither AZURE_OPENAI_ENDPOINT, AZURE_RESOURCE_NAME nor AZURE_OPENAI_API_INSTANCE_NAME is set; set one: "
                         "AZURE_OPENAI_ENDPOINT=https://RESOURCE.openai.azure.com, or AZURE_RESOURCE_NAME=RESOURCE"),
            std::string::npos)
      << ran.err;
}

TEST(Cli, RefusesABaseUrlThatDoesNotParse) {
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kProj, "OPENAI_BASE_URL=api.openai.com/v1"});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("OPENAI_BASE_URL is not a usable URL"), std::string::npos) << ran.err;
}

TEST(Cli, ExplainsUsageErrorsInOneLine) {
  Ran ran = keyguard({"--bogus"}, {});
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_EQ(ran.err, "keyguard: unknown option '--bogus'; try 'keyguard --help'\n");
  ran = keyguard({}, {"KEYGUARD_TIMEOUT=soon"});
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_EQ(ran.err,
            "keyguard: bad KEYGUARD_TIMEOUT 'soon': expected a number with an optional unit (ms, s, m, h); try 'keyguard "
            "--help'\n");
}

TEST(Cli, PrintsHelpWithTheExitCodesOnStdout) {
  Ran ran = keyguard({"--help"}, {});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(ran.err, "");
  EXPECT_EQ(ran.out.rfind("Usage: keyguard [OPTIONS] [--] [COMMAND [ARG...]]\n", 0), 0u);
  EXPECT_NE(ran.out.find("\nEnvironment variables:\n"), std::string::npos);
  EXPECT_NE(ran.out.find("Exit status:\n"
                         "  0    every check passed or only warned (with COMMAND: COMMAND's own status)\n"
                         "  64   usage error\n"
                         "  66   a *_FILE could not be read\n"
                         "  69   a provider could not be asked or did not answer clearly, under --strict\n"
                         "  70   an internal error in keyguard (please report it)\n"
                         "  77   a provider refused the key (rejected, forbidden, no credit), or a model is unavailable\n"
                         "  78   configuration error (missing, malformed or misplaced key, bad base URL)\n"
                         "  126  COMMAND is not executable; 127 COMMAND was not found\n"
                         "  130  interrupted (SIGINT); 143 terminated (SIGTERM), before COMMAND ran (a death by the signal)\n"),
            std::string::npos);
}

TEST(Cli, PrintsTheVersionCommitMbedTlsAndWhereTheEmbeddedRootsCameFrom) {
  Ran ran = keyguard({"--version"}, {});
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_TRUE(std::regex_match(ran.out, std::regex("keyguard " KEYGUARD_VERSION " \\(commit ([0-9a-f]{12}|unknown), mbedTLS " KEYGUARD_MBEDTLS_VERSION
                                                   ", embedded roots: the Mozilla set of ca-certificates [^ ,]+, [0-9]+ roots\\)\n")))
      << ran.out;
}

TEST(Cli, NeverTakesAKeyFromTheCommandLine) {
  // There is no option for it; a key-looking argument is the command.
  Ran ran = keyguard({"--offline", kProj}, {"OPENAI_API_KEY=" + kProj, "PATH=/bin"});
  EXPECT_EQ(ran.exit_code, 127);
  EXPECT_FALSE(holds_run_of(ran.err, kProj)) << ran.err;
}

// ---- Hardening: nothing echoed, nothing hung, nothing left behind (docs/hostile-input.md) ----

TEST(Cli, NeverEchoesAKeyGluedToAnOptionValue) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--timeout", "1" + kProj, "--offline"},
                                        std::vector<std::string>{"--format", kProj}}) {
    Ran ran = keyguard(args, {"OPENAI_API_KEY=" + kProj});
    EXPECT_EQ(ran.exit_code, 64) << ran.err;
    EXPECT_FALSE(holds_run_of(ran.err, kProj)) << ran.err;
    EXPECT_EQ(count_lines(ran.err), 1) << ran.err;
  }
  Ran twin = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kProj, "KEYGUARD_TIMEOUT=5" + kProj});
  EXPECT_EQ(twin.exit_code, 64);
  EXPECT_EQ(twin.err, "keyguard: bad KEYGUARD_TIMEOUT <167 bytes, not shown>: unknown unit <166 bytes, not shown> (use ms, s, m or h); "
                      "try 'keyguard --help'\n");
}

TEST(Cli, CannotBeMadeToForgeAReportLineThroughAnOptionValue) {
  Ran ran = keyguard({"--timeout", "5\nkeyguard: all good", "--offline"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_EQ(count_lines(ran.err), 1) << ran.err;
  EXPECT_TRUE(lines_are_clean(ran.err)) << ran.err;
  Ran escape = keyguard({"--format", "\x1b]0;owned\x07"}, {"OPENAI_API_KEY=" + kProj});
  EXPECT_EQ(escape.err, "keyguard: bad --format <10 bytes, not shown>: use text or json; try 'keyguard --help'\n");
}

TEST(Cli, RefusesAnEnvFilePathThatIsNotARegularFile) {
  TempDir dir;
  std::string fifo = dir.path() + "/fifo", link = dir.path() + "/link", target = dir.write("target", "untouched\n");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  std::vector<std::pair<std::string, std::string>> cases = {
      {fifo, "a FIFO"}, {link, "a symbolic link"}, {dir.path(), "a directory"}};
  std::string device = dir.path() + "/null";
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) cases.emplace_back(device, "a device");
  for (const auto& [path, what] : cases) {
    Ran ran = keyguard({"--offline", "--env-out", path}, {"OPENAI_API_KEY=" + kProj + "\n"});
    EXPECT_EQ(ran.exit_code, 78) << path << ": " << ran.err;
    EXPECT_EQ(count_lines(ran.err), 1) << ran.err;
    EXPECT_NE(ran.err.find("will not write " + path + " (--env-out): it is " + what), std::string::npos) << ran.err;
  }
  struct stat info;
  ASSERT_EQ(::lstat(link.c_str(), &info), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode));
  EXPECT_EQ(read_file(target), "untouched\n");
  ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
  if (cases.size() == 4) {
    ASSERT_EQ(::lstat(device.c_str(), &info), 0);
    EXPECT_TRUE(S_ISCHR(info.st_mode));
  }
}

TEST(Cli, StartsTheAppWhenStderrIsABrokenPipe) {
  // A warning to write (the key needs cleaning), and nobody to read it: the app still
  // starts, with SIGPIPE at its default as keyguard got it (bit 13 of SigIgn clear).
  Invocation run;
  run.args = {"--offline", "--", "/bin/sh", "-c", "echo started; grep '^SigIgn' /proc/self/status"};
  run.env = {"OPENAI_API_KEY=" + kProj + "\n"};
  run.stdio = Invocation::Stdio::broken_stderr;
  Ran ran = run_process(keyguard_binary(), run);
  EXPECT_EQ(ran.exit_code, 0) << ran.out;
  ASSERT_EQ(ran.out.substr(0, 8), "started\n") << ran.out;
  std::string mask = ran.out.substr(ran.out.find('\t') + 1, 16);
  EXPECT_EQ(std::stoull(mask, nullptr, 16) & (1ull << (SIGPIPE - 1)), 0u) << ran.out;
  // A failing check still exits with its own code, not 141.
  run.args = {"--offline"};
  run.env = {"OPENAI_API_KEY=None"};
  EXPECT_EQ(run_process(keyguard_binary(), run).exit_code, 78);
}

TEST(Cli, GivesTheAppDevNullForStandardFdsThatWereClosed) {
  TempDir dir;
  std::string out = dir.path() + "/fds";
  Invocation run;
  // Read in subshells, so that the redirection to the file is not what is seen.
  run.args = {"--offline", "--", "/bin/sh", "-c",
              "a=$(readlink /proc/$$/fd/0); b=$(readlink /proc/$$/fd/1); c=$(readlink /proc/$$/fd/2); "
              "printf '%s\\n' $a $b $c > " + out};
  run.env = {"OPENAI_API_KEY=" + kProj + "\n", "PATH=/usr/bin:/bin"};
  run.stdio = Invocation::Stdio::closed;
  Ran ran = run_process(keyguard_binary(), run);
  EXPECT_EQ(ran.exit_code, 0);
  EXPECT_EQ(read_file(out), "/dev/null\n/dev/null\n/dev/null\n");
}

TEST(Cli, RefusesAValueFarLongerThanAnyKeyAtOnce) {
  TempDir dir;
  std::string huge(60000, 'A');
  std::string file = dir.write("key", "sk-proj-" + huge + "\n");
  for (std::vector<std::string> env : {std::vector<std::string>{"OPENAI_API_KEY=sk-proj-" + huge},
                                       std::vector<std::string>{"OPENAI_API_KEY_FILE=" + file}}) {
    Ran ran = keyguard({"--timeout", "2s"}, env);
    EXPECT_EQ(ran.exit_code, 78) << ran.err;
    EXPECT_NE(ran.err.find("far more than any API key"), std::string::npos) << ran.err;
    EXPECT_LT(ran.err.size(), 400u) << ran.err;
    EXPECT_LT(ran.elapsed_ms, 1000) << "refused before any work";
  }
}

TEST(Cli, NeverPrintsControlOrNonUtf8BytesOfABadKey) {
  std::string bad = "sk-proj-\xff\xfe" + std::string(40, 'A') + "\x1b[31m\nkeyguard: ok";
  for (std::string format : {"text", "json"}) {
    Ran ran = keyguard({"--offline", "--format", format}, {"OPENAI_API_KEY=" + bad});
    EXPECT_EQ(ran.exit_code, 78) << ran.err;
    EXPECT_TRUE(lines_are_clean(ran.err)) << ran.err;
    EXPECT_TRUE(is_utf8(ran.err)) << ran.err;
    EXPECT_EQ(ran.err.find("\xE2\x80\xA6"), std::string::npos) << "no outline of a value that failed: " << ran.err;
    if (format == "json") {
      boost::system::error_code ec;
      boost::json::parse(ran.err, ec);
      EXPECT_FALSE(ec) << ran.err;
    }
  }
}

TEST(Cli, ShowsAStrangeCommandNameSafelyOnOneLine) {
  for (std::string name : {std::string("\xff\xfe"), std::string("app\nkeyguard: warning: forged"), std::string(70000, 'c')}) {
    for (std::string format : {"text", "json"}) {
      Ran ran = keyguard({"--offline", "--format", format, "--", name}, {"OPENAI_API_KEY=" + kProj, "PATH=/bin"});
      EXPECT_EQ(ran.exit_code, 127);
      // Text: the error and the provider's line, and no third line forged by the name.
      EXPECT_EQ(count_lines(ran.err), format == "text" ? 2 : 1) << ran.err;
      EXPECT_TRUE(lines_are_clean(ran.err));
      EXPECT_TRUE(is_utf8(ran.err)) << ran.err;
      EXPECT_LT(ran.err.size(), 2000u);
      if (format == "json") {
        boost::system::error_code ec;
        boost::json::parse(ran.err, ec);
        EXPECT_FALSE(ec) << ran.err;
      }
    }
  }
}

TEST(Cli, KeepsAHugeHostNameOutOfTheReport) {
  Ran ran = keyguard({"--offline"}, {"OPENAI_API_KEY=" + kProj, "OPENAI_BASE_URL=https://" + std::string(65536, 'h') + ".example/v1"});
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_EQ(count_lines(ran.err), 1);
  EXPECT_LT(ran.err.size(), 1000u) << ran.err.substr(0, 300);
}

TEST(Cli, ShowsNoOutlineOfAFileThatIsNotAKey) {
  // /proc/self/environ: NUL-separated, so it fails the text checks; nothing of it is shown.
  Ran ran = keyguard({"--offline"}, {"MARKER_FIRST=zzzzzzzzzzzzzzzz", "OPENAI_API_KEY_FILE=/proc/self/environ"});
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  EXPECT_EQ(ran.err.find("MARKER"), std::string::npos) << ran.err;
  EXPECT_EQ(ran.err.find("zzzz"), std::string::npos) << ran.err;
  EXPECT_EQ(ran.err.find("\xE2\x80\xA6"), std::string::npos) << ran.err;
}

TEST(Cli, RefusesACaFileThatIsAFifoWithoutWaiting) {
  TempDir dir;
  std::string fifo = dir.path() + "/ca.pem";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::vector<std::string> base = {"OPENAI_API_KEY=" + kProj, "OPENAI_BASE_URL=https://127.0.0.1:1/v1"};
  for (std::vector<std::string> extra : {std::vector<std::string>{"KEYGUARD_CA_FILE=" + fifo},
                                         std::vector<std::string>{"SSL_CERT_FILE=" + fifo}}) {
    std::vector<std::string> env = base;
    env.insert(env.end(), extra.begin(), extra.end());
    Invocation run;
    run.args = {"--timeout", "2s"};
    run.env = env;
    run.timeout_ms = 10000;
    Ran ran = run_process(keyguard_binary(), run);
    EXPECT_FALSE(ran.killed_by_timeout);
    EXPECT_EQ(ran.exit_code, 78) << ran.err;
    EXPECT_NE(ran.err.find("not a regular file"), std::string::npos) << ran.err;
    EXPECT_LT(ran.elapsed_ms, 2000);
  }
}

}  // namespace
}  // namespace keyguard::testing
