// --env-file through the real binary (docs/command-line.md#env-files): a key from a .env file is
// checked against the fake provider and reaches the app by a real execve; the environment wins;
// a file that does not parse stops keyguard (78) naming its line, never its content.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.h"
#include "provider_world.h"

namespace keyguard::testing {
namespace {

using fixture_world::base_url;
using fixture_world::env_for;

/// A made-up OpenAI project key of the real length, ending in FILL's letter.
std::string made_up_key(char fill) { return "sk-proj-" + std::string(150, 'A') + std::string(8, fill); }

/// ENV without the entry for NAME.
std::vector<std::string> without(std::vector<std::string> env, const std::string& name) {
  env.erase(std::remove_if(env.begin(), env.end(), [&](const std::string& e) { return e.starts_with(name + "="); }),
            env.end());
  return env;
}

const char* const kPrintKey[] = {"--", "/bin/sh", "-c", "printf '%s' \"$OPENAI_API_KEY\""};

std::vector<std::string> with_app(std::vector<std::string> args) {
  args.insert(args.end(), std::begin(kPrintKey), std::end(kPrintKey));
  return args;
}

TEST(EnvFileCli, ChecksAKeyFromTheFileAndHandsItToTheApp) {
  const ProviderFixture& f = *find_fixture("openai");
  TempDir dir;
  std::string file = dir.write(".env", "# the app's settings\nexport OPENAI_API_KEY=\"" + f.key + "\"  # from the vault\n");
  Ran ran = keyguard(with_app({"--env-file", file}), without(env_for(f, "valid"), "OPENAI_API_KEY"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, f.key) << "the app got the key from the file";
  EXPECT_NE(ran.err.find("OPENAI_API_KEY"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("authenticated"), std::string::npos) << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, f.key));

  // Checked for real: the same file against a provider that refuses the key stops the app.
  Ran refused = keyguard(with_app({"--env-file", file}), without(env_for(f, "revoked"), "OPENAI_API_KEY"));
  EXPECT_EQ(refused.exit_code, 77) << refused.err;
  EXPECT_EQ(refused.out, "");
  EXPECT_FALSE(holds_run_of(refused.err, f.key));
}

TEST(EnvFileCli, LetsTheEnvironmentWinOverTheFile) {
  const ProviderFixture& f = *find_fixture("openai");
  TempDir dir;
  // The file names another key and a base URL whose answer is a refusal; neither is used.
  std::string file =
      dir.write(".env", "OPENAI_API_KEY=" + made_up_key('f') + "\n" + f.base_var + "=" + base_url(f, "revoked") + "\n");
  Ran ran = keyguard(with_app({"--env-file", file}), env_for(f, "valid"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, f.key) << "the environment's key, not the file's";
}

TEST(EnvFileCli, PassesEveryVariableOfTheFileToTheAppWithLaterFilesWinning) {
  TempDir dir;
  std::string first = dir.write("a.env", "A=first\nB='kept $A'\nMULTI=\"one\ntwo\"\n");
  std::string second = dir.write("b.env", "A=second\nC=${A}-${B}\n");
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=" + made_up_key('a')};
  const std::string script = "printf '[%s][%s][%s][%s]' \"$A\" \"$B\" \"$C\" \"$MULTI\"";
  Ran ran = keyguard({"--offline", "--env-file", first, "--env-file", second, "--", "/bin/sh", "-c", script}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "[second][kept $A][second-kept $A][one\ntwo]");
  // The twin lists the files, comma-separated, in the same order.
  env.push_back("KEYGUARD_ENV_FILE=" + first + "," + second);
  Ran twin = keyguard({"--offline", "--", "/bin/sh", "-c", script}, env);
  EXPECT_EQ(twin.exit_code, 0) << twin.err;
  EXPECT_EQ(twin.out, ran.out);
}

TEST(EnvFileCli, CleansAKeyFromTheFileAndWritesItToTheEnvOut) {
  TempDir dir;
  const std::string key = made_up_key('b');
  // A key pasted with its `Bearer ` prefix: fixed like any other key.
  std::string file = dir.write(".env", "OPENAI_API_KEY='Bearer " + key + "'\nOTHER=setting\n");
  std::string out = dir.path() + "/keys.env";
  Ran ran = keyguard({"--offline", "--env-file", file, "--env-out", out, "--", "/bin/sh", "-c",
                      "printf '%s|%s' \"$OPENAI_API_KEY\" \"$OTHER\""},
                     {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, key + "|setting");
  EXPECT_NE(ran.err.find("fixed the value"), std::string::npos) << ran.err;
  EXPECT_EQ(read_file(out), "OPENAI_API_KEY=" + key + "\n") << "the key, not the other settings";
  EXPECT_FALSE(holds_run_of(ran.err, key));
}

TEST(EnvFileCli, ExitsWith78NamingTheLineOfALineThatDoesNotParseAndNeverItsContent) {
  TempDir dir;
  const std::string key = made_up_key('c');
  std::string file = dir.write(".env", "# keys\nOPENAI_API_KEY=" + key + "\n\nANTHROPIC_API_KEY=\"" + key + "\n");
  Ran ran = keyguard(with_app({"--env-file", file}), {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  EXPECT_EQ(ran.out, "") << "the app never ran";
  EXPECT_NE(ran.err.find("keyguard: error: " + file + " (--env-file) line 4: "), std::string::npos) << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, key)) << ran.err;
  EXPECT_EQ(count_lines(ran.err), 1) << ran.err;
}

TEST(EnvFileCli, ExitsWith78OnAFileThatCannotBeReadOrIsNoRegularFile) {
  TempDir dir;
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=" + made_up_key('d')};
  Ran missing = keyguard({"--offline", "--env-file", dir.path() + "/absent.env"}, env);
  EXPECT_EQ(missing.exit_code, 78) << missing.err;
  EXPECT_NE(missing.err.find("cannot read " + dir.path() + "/absent.env (--env-file): No such file or directory"),
            std::string::npos)
      << missing.err;
  Ran directory = keyguard({"--offline", "--env-file", dir.path()}, env);
  EXPECT_EQ(directory.exit_code, 78) << directory.err;
  EXPECT_NE(directory.err.find("it is a directory"), std::string::npos) << directory.err;
  std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Ran pipe = keyguard({"--offline", "--env-file", fifo}, env);
  EXPECT_EQ(pipe.exit_code, 78) << pipe.err;
  EXPECT_NE(pipe.err.find("it is a FIFO"), std::string::npos) << pipe.err;
  EXPECT_FALSE(pipe.killed_by_timeout);
  Ran empty = keyguard({"--offline", "--env-file="}, env);
  EXPECT_EQ(empty.exit_code, 64) << empty.err;
}

TEST(EnvFileCli, FollowsASymbolicLinkToTheFileAsASecretMountHasThem) {
  TempDir dir;
  const std::string key = made_up_key('e');
  std::string target = dir.write("..data", "OPENAI_API_KEY=" + key + "\n");
  std::string link = dir.path() + "/.env";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  Ran ran = keyguard(with_app({"--offline", "--env-file", link}), {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, key);
}

TEST(EnvFileCli, WarnsAboutAWorldWritableFileAndStillReadsIt) {
  TempDir dir;
  const std::string key = made_up_key('g');
  std::string file = dir.write(".env", "OPENAI_API_KEY=" + key + "\n");
  ASSERT_EQ(::chmod(file.c_str(), 0666), 0);
  Ran ran = keyguard(with_app({"--offline", "--env-file", file}), {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, key);
  EXPECT_NE(ran.err.find("keyguard: warning: " + file + " (--env-file) is world-writable"), std::string::npos)
      << ran.err;
}

}  // namespace
}  // namespace keyguard::testing
