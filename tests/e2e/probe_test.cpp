// The probe end to end: the real static binary against a real TLS server on loopback that
// answers like each provider (docs/providers.md, docs/report.md, docs/networks.md).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "fake_provider.h"
#include "harness.h"
#include "test_pki.h"

namespace keyguard::testing {
namespace {

const std::string kOpenAi = "sk-proj-" + std::string(148, 'P') + "Tail1234";
const std::string kAnthropic = "sk-ant-api03-" + std::string(91, 'Q') + "Zyxw";
const std::string kAzure = "00112233445566778899aabbccddeeff";
const std::string kGemini = "AIzaSy" + std::string(29, 'G') + "Last";

/// The shared world of these tests: one PKI and one server per kind of certificate.
class World {
 public:
  static World& get() {
    static World world;
    return world;
  }
  TempDir dir;
  TestPki pki;
  std::unique_ptr<FakeProvider> good, expired, wrong_host, untrusted, stalled, plain, future;
  std::string error;

 private:
  World() {
    if (!generate_test_pki(dir.path() + "/pki", &pki, &error)) return;
    good = start(FakeProvider::Mode::tls, pki.server_cert, pki.server_key);
    expired = start(FakeProvider::Mode::tls, pki.expired_cert, pki.expired_key);
    wrong_host = start(FakeProvider::Mode::tls, pki.wrong_host_cert, pki.wrong_host_key);
    untrusted = start(FakeProvider::Mode::tls, pki.untrusted_cert, pki.untrusted_key);
    future = start(FakeProvider::Mode::tls, pki.future_cert, pki.future_key);
    stalled = start(FakeProvider::Mode::stall_handshake, "", "");
    plain = start(FakeProvider::Mode::plain, "", "");
  }
  std::unique_ptr<FakeProvider> start(FakeProvider::Mode mode, const std::string& cert, const std::string& key) {
    FakeProvider::Options options;
    options.mode = mode;
    options.cert_file = cert;
    options.key_file = key;
    auto server = std::make_unique<FakeProvider>(options);
    if (!server->start(&error)) return nullptr;
    return server;
  }
};

struct ProviderSetup {
  std::string name;
  std::string key_var;
  std::string key;
  std::string base_var;
  std::string base_suffix;  // after the scenario: what the base URL adds
};

const ProviderSetup kSetups[] = {
    {"openai", "OPENAI_API_KEY", kOpenAi, "OPENAI_BASE_URL", "/v1"},
    {"anthropic", "ANTHROPIC_API_KEY", kAnthropic, "ANTHROPIC_BASE_URL", ""},
    {"azure", "AZURE_OPENAI_API_KEY", kAzure, "AZURE_OPENAI_ENDPOINT", ""},
    {"gemini", "GOOGLE_API_KEY", kGemini, "GOOGLE_GEMINI_BASE_URL", ""},
};

const ProviderSetup& setup_of(const std::string& name) {
  for (const ProviderSetup& setup : kSetups)
    if (setup.name == name) return setup;
  return kSetups[0];
}

std::string base_url(const FakeProvider& server, const std::string& scenario, const ProviderSetup& setup,
                     const std::string& scheme = "https") {
  return scheme + "://localhost:" + std::to_string(server.port()) + "/" + scenario + setup.base_suffix;
}

class Probe : public ::testing::Test {
 protected:
  void SetUp() override {
    World& world = World::get();
    ASSERT_TRUE(world.good && world.expired && world.wrong_host && world.untrusted && world.stalled && world.plain &&
                world.future)
        << world.error;
    world.good->clear_requests();
  }

  /// The environment for one provider pointed at SCENARIO on SERVER.
  std::vector<std::string> env_for(const std::string& provider, const std::string& scenario,
                                   const FakeProvider* server = nullptr) {
    const ProviderSetup& setup = setup_of(provider);
    const FakeProvider& target = server ? *server : *World::get().good;
    return {"PATH=/usr/bin:/bin", "KEYGUARD_CA_FILE=" + World::get().pki.ca_cert, setup.key_var + "=" + setup.key,
            setup.base_var + "=" + base_url(target, scenario, setup)};
  }

  Ran keyguard(std::vector<std::string> args, std::vector<std::string> env, int signal = 0, int signal_after_ms = 0) {
    Invocation run;
    run.args = std::move(args);
    run.env = std::move(env);
    run.signal = signal;
    run.signal_after_ms = signal_after_ms;
    return run_process(keyguard_binary(), run);
  }

  /// Runs with --format json and returns the single provider entry.
  boost::json::object probe_json(std::vector<std::string> env, std::vector<std::string> extra_args = {},
                                 Ran* ran_out = nullptr) {
    std::vector<std::string> args = {"--format", "json"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    Ran ran = keyguard(args, std::move(env));
    if (ran_out) *ran_out = ran;
    boost::json::error_code ec;
    boost::json::value root = boost::json::parse(ran.err, ec);
    if (ec || !root.is_object()) {
      ADD_FAILURE() << "not one JSON object: " << ran.err;
      return {};
    }
    root.as_object()["__exit"] = ran.exit_code;
    auto& providers = root.as_object()["providers"].as_array();
    if (providers.size() != 1) {
      ADD_FAILURE() << ran.err;
      return {};
    }
    boost::json::object entry = providers[0].as_object();
    entry["__exit"] = ran.exit_code;
    entry["__ca_source"] = root.as_object()["ca_source"];
    return entry;
  }
};


std::string str(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : value.is_null() ? "null" : boost::json::serialize(value);
}

struct OutcomeCase {
  std::string provider;
  std::string scenario;
  std::string outcome;
  int exit_code;
  int http_status;  // 0: none
};

TEST_F(Probe, ReadsEveryAnswerOfEveryProviderAsTheContractSays) {
  std::vector<OutcomeCase> cases;
  for (const std::string provider : {"openai", "anthropic", "azure", "gemini"}) {
    cases.push_back({provider, "valid", "authenticated", 0, 200});
    cases.push_back({provider, "forbidden", "forbidden", 77, 403});
    cases.push_back({provider, "rate_limited", "rate_limited", 0, 429});
    cases.push_back({provider, "payment_required", "no_credit", 77, 402});
    cases.push_back({provider, "server_error", "server_error", 0, 500});
    cases.push_back({provider, "overloaded", "server_error", 0, 529});
    cases.push_back({provider, "not_found", "bad_endpoint", 78, 404});
    cases.push_back({provider, "redirect", "bad_endpoint", 78, 302});
    cases.push_back({provider, "html", "bad_endpoint", 78, 200});
    cases.push_back({provider, "not_json", "bad_endpoint", 78, 200});
    cases.push_back({provider, "chunked", "authenticated", 0, 200});
    cases.push_back({provider, "close_delimited", "authenticated", 0, 200});
    cases.push_back({provider, "huge", "authenticated", 0, 200});
    cases.push_back({provider, "truncated", "unexpected", 0, 0});
  }
  cases.push_back({"openai", "revoked", "rejected", 77, 401});
  cases.push_back({"anthropic", "revoked", "rejected", 77, 401});
  cases.push_back({"azure", "revoked", "rejected", 77, 401});
  cases.push_back({"gemini", "revoked", "rejected", 77, 400});
  cases.push_back({"openai", "org_mismatch", "misconfigured", 78, 401});
  cases.push_back({"openai", "project_mismatch", "misconfigured", 78, 401});
  cases.push_back({"openai", "restricted", "restricted", 0, 401});
  cases.push_back({"openai", "quota", "no_credit", 77, 429});
  cases.push_back({"anthropic", "quota", "no_credit", 77, 400});
  cases.push_back({"azure", "quota", "no_credit", 77, 429});
  cases.push_back({"gemini", "quota", "rate_limited", 0, 429});  // Google words its rate limits the same way
  for (const OutcomeCase& c : cases) {
    boost::json::object entry = probe_json(env_for(c.provider, c.scenario));
    if (entry.empty()) continue;
    std::string where = c.provider + "/" + c.scenario + ": " + boost::json::serialize(entry);
    EXPECT_EQ(str(entry["outcome"]), c.outcome) << where;
    EXPECT_EQ(entry["__exit"].as_int64(), c.exit_code) << where;
    if (c.http_status) EXPECT_EQ(str(entry["http_status"]), std::to_string(c.http_status)) << where;
    else EXPECT_TRUE(entry["http_status"].is_null()) << where;
    EXPECT_FALSE(str(entry["message"]).empty()) << where;
  }
}

TEST_F(Probe, FailsIndeterminateOutcomesOnlyUnderStrict) {
  for (const std::string scenario : {"server_error", "overloaded", "truncated"}) {
    Ran ran = keyguard({"--strict"}, env_for("openai", scenario));
    EXPECT_EQ(ran.exit_code, 69) << scenario << ": " << ran.err;
    ran = keyguard({}, env_for("openai", scenario));
    EXPECT_EQ(ran.exit_code, 0) << scenario << ": " << ran.err;
    EXPECT_NE(ran.err.find("keyguard: warning: openai"), std::string::npos) << ran.err;
  }
  Ran ran = keyguard({"--strict"}, env_for("openai", "rate_limited"));
  EXPECT_EQ(ran.exit_code, 0) << "a rate limit proves the key: " << ran.err;
}

TEST_F(Probe, SendsEachProviderExactlyOneRequestOfItsOwnShape) {
  struct Expected {
    std::string provider;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  std::string host = "localhost:" + std::to_string(World::get().good->port());
  const Expected cases[] = {
      {"openai", "/valid/v1/models",
       {{"host", host}, {"user-agent", "keyguard/" KEYGUARD_VERSION}, {"accept", "application/json"}, {"accept-encoding", "identity"},
        {"authorization", "Bearer " + kOpenAi}, {"connection", "close"}}},
      {"anthropic", "/valid/v1/models?limit=1",
       {{"host", host}, {"user-agent", "keyguard/" KEYGUARD_VERSION}, {"accept", "application/json"}, {"accept-encoding", "identity"},
        {"x-api-key", kAnthropic}, {"anthropic-version", "2023-06-01"}, {"connection", "close"}}},
      {"azure", "/valid/openai/models?api-version=2024-10-21",
       {{"host", host}, {"user-agent", "keyguard/" KEYGUARD_VERSION}, {"accept", "application/json"}, {"accept-encoding", "identity"},
        {"api-key", kAzure}, {"connection", "close"}}},
      {"gemini", "/valid/v1beta/models?pageSize=1",
       {{"host", host}, {"user-agent", "keyguard/" KEYGUARD_VERSION}, {"accept", "application/json"}, {"accept-encoding", "identity"},
        {"x-goog-api-key", kGemini}, {"connection", "close"}}},
  };
  for (const Expected& c : cases) {
    World::get().good->clear_requests();
    Ran ran = keyguard({}, env_for(c.provider, "valid"));
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    std::vector<RecordedRequest> requests = World::get().good->requests();
    ASSERT_EQ(requests.size(), 1u) << c.provider;
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].target, c.target);
    EXPECT_EQ(requests[0].sni, "localhost") << "the TLS hello names the host (SNI)";
    EXPECT_EQ(requests[0].headers, c.headers) << c.provider;
  }
}

TEST_F(Probe, SendsOpenAiOrganizationAndProjectWhenSet) {
  std::vector<std::string> env = env_for("openai", "valid");
  env.push_back("OPENAI_ORG_ID=org-abc");
  env.push_back("OPENAI_PROJECT_ID=proj_xyz");
  Ran ran = keyguard({}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<RecordedRequest> requests = World::get().good->requests();
  ASSERT_EQ(requests.size(), 1u);
  std::map<std::string, std::string> headers(requests[0].headers.begin(), requests[0].headers.end());
  EXPECT_EQ(headers["openai-organization"], "org-abc");
  EXPECT_EQ(headers["openai-project"], "proj_xyz");
}

TEST_F(Probe, UsesTheAzureApiVersionFromTheEnvironment) {
  std::vector<std::string> env = env_for("azure", "valid");
  env.push_back("OPENAI_API_VERSION=2025-01-01-preview");
  Ran ran = keyguard({}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<RecordedRequest> requests = World::get().good->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/valid/openai/models?api-version=2025-01-01-preview");
}

TEST_F(Probe, DoesNotDoubleTheSlashOfABaseUrl) {
  std::vector<std::string> env = env_for("openai", "valid");
  env.back() += "/";
  Ran ran = keyguard({}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  ASSERT_EQ(World::get().good->requests().size(), 1u);
  EXPECT_EQ(World::get().good->requests()[0].target, "/valid/v1/models");
}

TEST_F(Probe, ReportsStatusCodeRequestIdPhaseAndTimingsInJson) {
  boost::json::object entry = probe_json(env_for("openai", "revoked"));
  ASSERT_FALSE(entry.empty());
  EXPECT_EQ(str(entry["http_status"]), "401");
  EXPECT_EQ(str(entry["error_code"]), "invalid_api_key");
  EXPECT_TRUE(entry["phase"].is_null());
  const auto& timings = entry["timings_ms"].as_object();
  for (const char* phase : {"dns", "connect", "tls", "request", "response"}) EXPECT_TRUE(timings.contains(phase)) << phase;
  EXPECT_EQ(str(entry["__ca_source"]), World::get().pki.ca_cert);
  EXPECT_EQ(str(entry["tls_version"]), "TLSv1.3") << "the fake provider speaks TLS 1.3, as the providers do";
  entry = probe_json(env_for("openai", "valid"));
  EXPECT_EQ(str(entry["request_id"]), "req_test123");
  entry = probe_json(env_for("azure", "valid"));
  EXPECT_EQ(str(entry["request_id"]), "0000-test");
}

TEST_F(Probe, ExplainsARevokedKeyInOneLineWithTheFix) {
  Ran ran = keyguard({"--", "/bin/echo", "must not run"}, env_for("openai", "revoked"));
  EXPECT_EQ(ran.exit_code, 77);
  EXPECT_EQ(ran.out, "");
  EXPECT_EQ(count_lines(ran.err), 1);
  EXPECT_EQ(ran.err.rfind("keyguard: error: openai: OPENAI_API_KEY sk-proj-\xE2\x80\xA6" "1234 (sha256:", 0), 0u) << ran.err;
  EXPECT_NE(ran.err.find(": rejected (HTTP 401, invalid_api_key"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("revoked, rotated, deleted or mistyped; make a new one at https://platform.openai.com/api-keys"),
            std::string::npos)
      << ran.err;
}

TEST_F(Probe, RedactsAKeyTheServerEchoes) {
  for (const ProviderSetup& setup : kSetups) {
    Ran text = keyguard({}, env_for(setup.name, "echo"));
    EXPECT_EQ(text.exit_code, 77) << text.err;
    EXPECT_FALSE(holds_run_of(text.err, setup.key)) << text.err;
    EXPECT_NE(text.err.find("[redacted]"), std::string::npos) << text.err;
    Ran json = keyguard({"--format", "json"}, env_for(setup.name, "echo"));
    EXPECT_FALSE(holds_run_of(json.err, setup.key)) << json.err;
  }
}

TEST_F(Probe, RedactsALongKeyAServerEchoesWithinTheDeadline) {
  // 8 KiB of key, the most keyguard takes, echoed in the body and a header: redaction is
  // linear, so the answer is read and scrubbed well inside the deadline.
  std::string key = "sk-proj-" + std::string(4000, 'L') + std::string(4184, 'M');
  std::vector<std::string> env = env_for("openai", "echo");
  env[2] = "OPENAI_API_KEY=" + key;
  Ran ran = keyguard({"--timeout", "2s", "--format", "json"}, env);
  EXPECT_EQ(ran.exit_code, 77) << ran.err.substr(0, 500);
  EXPECT_FALSE(holds_run_of(ran.err, key)) << ran.err.substr(0, 500);
  EXPECT_LT(ran.elapsed_ms, 2000);
}

TEST_F(Probe, CallsACompressedAnswerItDidNotAskForIndeterminate) {
  // A 2xx it cannot read could be anyone's page: not authenticated, not a wrong endpoint.
  boost::json::object entry = probe_json(env_for("openai", "gzip"));
  EXPECT_EQ(str(entry["outcome"]), "unexpected");
  EXPECT_NE(str(entry["message"]).find("came compressed (Content-Encoding: gzip) although keyguard asked for none"),
            std::string::npos)
      << str(entry["message"]);
  EXPECT_EQ(str(entry["__exit"]), "0");
  EXPECT_EQ(keyguard({"--strict"}, env_for("openai", "gzip")).exit_code, 69);
  std::vector<RecordedRequest> requests = World::get().good->requests();
  ASSERT_FALSE(requests.empty());
  const auto& sent = requests.front().headers;
  EXPECT_NE(std::find(sent.begin(), sent.end(), std::pair<std::string, std::string>("accept-encoding", "identity")), sent.end());
}

TEST_F(Probe, CallsAnAnswerCutOffWithoutCloseNotifyIndeterminate) {
  boost::json::object entry = probe_json(env_for("openai", "cut_off"));
  EXPECT_EQ(str(entry["outcome"]), "unexpected");
  EXPECT_EQ(str(entry["phase"]), "response");
  EXPECT_NE(str(entry["message"]).find("the answer was cut off"), std::string::npos) << str(entry["message"]);
  EXPECT_EQ(str(entry["__exit"]), "0");
  EXPECT_EQ(keyguard({"--strict"}, env_for("openai", "cut_off")).exit_code, 69);
  // The same body ended with close_notify is whole.
  EXPECT_EQ(str(probe_json(env_for("openai", "close_delimited"))["outcome"]), "authenticated");
}

TEST_F(Probe, TimesTheResponsePhaseOfAnAnswerThatDoesNotParse) {
  boost::json::object entry = probe_json(env_for("openai", "late_garbage"));
  EXPECT_EQ(str(entry["outcome"]), "unexpected");
  EXPECT_EQ(str(entry["phase"]), "response");
  EXPECT_GE(entry["timings_ms"].as_object()["response"].to_number<int>(), 400) << str(entry["timings_ms"]);
}

TEST_F(Probe, IsNotDumpableWhileItHoldsKeysButTheAppIs) {
  // Run as nobody: the /proc/PID files of a process that is not dumpable belong to root, so
  // no other process of that user can read its memory; after execve the app's are its own.
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run keyguard as another user";
  TempDir dir;
  ::chmod(dir.path().c_str(), 0777);
  std::string app_owner = dir.path() + "/app";
  Invocation run;
  run.uid = 65534;
  run.args = {"--timeout", "1s", "--", "/bin/sh", "-c", "stat -c %u /proc/$$/mem > " + app_owner};
  run.env = env_for("openai", "valid", World::get().stalled.get());
  run.env[1] = "KEYGUARD_CA_FILE=/etc/ssl/certs/ca-certificates.crt";  // readable by nobody; never used
  int keyguard_owner = -1;
  run.watch_after_ms = 400;  // in the stalled handshake
  run.while_running = [&](pid_t pid) {
    struct stat info;
    if (::stat(("/proc/" + std::to_string(pid) + "/mem").c_str(), &info) == 0) keyguard_owner = static_cast<int>(info.st_uid);
  };
  Ran ran = run_process(keyguard_binary(), run);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(keyguard_owner, 0) << "keyguard's /proc/PID/mem is its user's: it is dumpable";
  EXPECT_EQ(read_file(app_owner), "65534\n") << "the app is dumpable again";
}

TEST_F(Probe, ExecsTheAppWithTheCleanKeyAfterAPass) {
  std::vector<std::string> env = env_for("openai", "valid");
  env[2] = "OPENAI_API_KEY=" + kOpenAi + "\n";
  Ran ran = keyguard({"--", "/bin/sh", "-c", "printf '%s' \"$OPENAI_API_KEY\""}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, kOpenAi);
  ASSERT_EQ(World::get().good->requests().size(), 1u);
}

TEST_F(Probe, TakesTheMostSevereOutcomeAcrossProviders) {
  std::vector<std::string> env = env_for("openai", "not_found");
  std::vector<std::string> anthropic = env_for("anthropic", "revoked");
  env.insert(env.end(), anthropic.begin() + 2, anthropic.end());
  Ran ran = keyguard({}, env);
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  EXPECT_EQ(count_lines(ran.err), 2) << ran.err;
}

TEST_F(Probe, StopsASilentServerAtTheDeadlineInTheResponsePhase) {
  Ran ran;
  boost::json::object entry = probe_json(env_for("openai", "hang"), {"--timeout", "1s"}, &ran);
  EXPECT_EQ(str(entry["outcome"]), "timeout");
  EXPECT_EQ(str(entry["phase"]), "response");
  EXPECT_LT(ran.elapsed_ms, 1300);
  EXPECT_GE(ran.elapsed_ms, 950);
}

TEST_F(Probe, StopsAByteASecondServerAtTheDeadline) {
  Ran ran;
  boost::json::object entry = probe_json(env_for("openai", "slow"), {"--timeout", "1500ms"}, &ran);
  EXPECT_EQ(str(entry["outcome"]), "timeout");
  EXPECT_EQ(str(entry["phase"]), "response");
  EXPECT_LT(ran.elapsed_ms, 1800);
}

TEST_F(Probe, StopsAStalledHandshakeAtTheDeadlineInTheTlsPhase) {
  Ran ran;
  boost::json::object entry = probe_json(env_for("anthropic", "valid", World::get().stalled.get()), {"--timeout", "1s"}, &ran);
  EXPECT_EQ(str(entry["outcome"]), "timeout");
  EXPECT_EQ(str(entry["phase"]), "tls");
  EXPECT_LT(ran.elapsed_ms, 1300);
  EXPECT_EQ(ran.exit_code, 0);
  ran = keyguard({"--timeout", "1s", "--strict"}, env_for("anthropic", "valid", World::get().stalled.get()));
  EXPECT_EQ(ran.exit_code, 69);
  EXPECT_NE(ran.err.find("stalled in tls"), std::string::npos) << ran.err;
}

TEST_F(Probe, ProbesProvidersAtTheSameTime) {
  std::vector<std::string> env = env_for("openai", "hang");
  std::vector<std::string> anthropic = env_for("anthropic", "hang");
  env.insert(env.end(), anthropic.begin() + 2, anthropic.end());
  Ran ran = keyguard({"--timeout", "1s", "--format", "json"}, env);
  EXPECT_LT(ran.elapsed_ms, 1500);
  auto root = boost::json::parse(ran.err);
  const auto& providers = root.as_object().at("providers").as_array();
  ASSERT_EQ(providers.size(), 2u);
  for (const auto& entry : providers) EXPECT_EQ(entry.as_object().at("outcome").as_string(), "timeout");
}

TEST_F(Probe, AnswersAQuickProviderWhileAnotherHangs) {
  // Probed one after the other, the quick one would find the deadline already passed.
  std::vector<std::string> env = env_for("openai", "hang");
  std::vector<std::string> anthropic = env_for("anthropic", "valid");
  env.insert(env.end(), anthropic.begin() + 2, anthropic.end());
  Ran ran = keyguard({"--timeout", "1s", "--format", "json"}, env);
  auto root = boost::json::parse(ran.err);
  const auto& providers = root.as_object().at("providers").as_array();
  ASSERT_EQ(providers.size(), 2u);
  EXPECT_EQ(providers[0].as_object().at("outcome").as_string(), "timeout");
  EXPECT_EQ(providers[1].as_object().at("outcome").as_string(), "authenticated");
}

TEST_F(Probe, DiesOfSigtermOrSigintWithin100msAndNeverExecs) {
  struct Case {
    int signal;
    std::string message;
  } cases[] = {{SIGTERM, "keyguard: terminated (SIGTERM) before the command ran; not starting it\n"},
               {SIGINT, "keyguard: interrupted (SIGINT) before the command ran; not starting it\n"}};
  for (const Case& c : cases) {
    Ran ran = keyguard({"--timeout", "10s", "--", "/bin/echo", "ran"}, env_for("openai", "hang"), c.signal, 400);
    // Killed by the signal itself, not an exit with 128+n: a calling shell's loop stops.
    EXPECT_EQ(ran.term_signal, c.signal) << ran.err;
    EXPECT_EQ(ran.exit_code, 128 + c.signal) << ran.err;
    EXPECT_EQ(ran.out, "");
    EXPECT_EQ(ran.err, c.message);
    // The signal goes at 400 ms; 100 ms to stop, and a little for the test to see it.
    EXPECT_LT(ran.elapsed_ms, 400 + 100 + 30);
  }
}

/// Whether PID has a handler for SIGNAL, within LIMIT_MS (its SigCgt mask in /proc).
bool catches_within(pid_t pid, int signal, int limit_ms) {
  for (int waited = 0; waited < limit_ms; waited += 5) {
    std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
    std::size_t at = status.find("\nSigCgt:");
    if (at != std::string::npos && (std::stoull(status.substr(at + 8), nullptr, 16) >> (signal - 1)) & 1) return true;
    ::usleep(5000);
  }
  return false;
}

TEST_F(Probe, DiesOfSigintWhenCtrlCIsTypedOnItsTerminalDuringAProbe) {
  std::string binary = keyguard_binary();
  std::vector<std::string> args = {binary, "--timeout", "10s", "--", "/bin/echo", "ran"};
  std::vector<std::string> env = env_for("openai", "hang");
  std::vector<char*> argv, envp;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  for (std::string& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  int terminal = -1;
  // keyguard leads a session on a pseudo-terminal of its own, in the foreground, as in a shell.
  pid_t pid = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid < 0) GTEST_SKIP() << "no pseudo-terminal here: forkpty: " << std::strerror(errno);
  if (pid == 0) {
    ::signal(SIGINT, SIG_DFL);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(125);
  }
  // Once keyguard catches SIGINT it is checking, in a probe the server never answers.
  bool caught = catches_within(pid, SIGINT, 5000);
  termios settings = {};
  bool typed = caught && ::tcgetattr(terminal, &settings) == 0 &&
               ::write(terminal, &settings.c_cc[VINTR], 1) == 1;  // the user types ^C
  if (!typed) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::string shown;
  char buffer[4096];
  for (ssize_t got; (got = ::read(terminal, buffer, sizeof buffer)) > 0;) shown.append(buffer, static_cast<std::size_t>(got));
  ::close(terminal);
  ASSERT_TRUE(caught) << "keyguard never set its SIGINT handler: " << shown;
  ASSERT_TRUE(typed) << "could not type ^C on the terminal: " << std::strerror(errno);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT)
      << (WIFEXITED(status) ? "exited " + std::to_string(WEXITSTATUS(status)) : "killed by " + std::to_string(WTERMSIG(status)))
      << "; the terminal showed: " << shown;
  EXPECT_NE(shown.find("keyguard: interrupted (SIGINT) before the command ran; not starting it\r\n"), std::string::npos)
      << shown;
}

TEST_F(Probe, ExitsWith130Or143AsPid1WhereTheSignalCannotKillIt) {
  // PID 1 of a pid namespace (a container) is not killed by a signal whose action is the
  // default, so keyguard exits with the status a shell would show: `docker stop` ends at once.
  Invocation check;
  check.args = {"/bin/sh", "-c", "echo $$"};
  Ran pid = run_process(PIDNS_EXEC_BINARY, check);
  if (pid.exit_code == 77 && pid.err.rfind("pidns_exec:", 0) == 0)
    GTEST_SKIP() << "pid namespaces are not permitted here: " << pid.err;
  ASSERT_EQ(pid.out, "1\n") << pid.err;
  struct Case {
    int signal, code;
    std::string message;
  } cases[] = {{SIGTERM, 143, "keyguard: terminated (SIGTERM) before the command ran; not starting it\n"},
               {SIGINT, 130, "keyguard: interrupted (SIGINT) before the command ran; not starting it\n"}};
  for (const Case& c : cases) {
    Invocation run;
    run.args = {keyguard_binary(), "--timeout", "10s", "--", "/bin/echo", "ran"};
    run.env = env_for("openai", "hang");
    // LeakSanitizer cannot stop the world from PID 1 of a pid namespace, and the sanitizers
    // check _exit: in the sanitized build its check would turn 130 into 1. Ignored by the
    // static binary.
    run.env.push_back("ASAN_OPTIONS=detect_leaks=0");
    run.signal = c.signal;
    run.signal_after_ms = 400;
    Ran ran = run_process(PIDNS_EXEC_BINARY, run);
    EXPECT_EQ(ran.term_signal, 0) << "killed by signal " << ran.term_signal << ": " << ran.err;
    EXPECT_EQ(ran.exit_code, c.code) << ran.err;
    EXPECT_EQ(ran.out, "");
    EXPECT_EQ(ran.err, c.message);
    EXPECT_LT(ran.elapsed_ms, 400 + 100 + 30);
  }
}

TEST_F(Probe, StopsAConnectThatIsNeverAnsweredAtTheDeadlineInTheConnectPhase) {
  // A listener whose queue is full drops new SYNs, as a firewall that drops packets does.
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::vector<std::string> env = env_for("openai", "valid");
  env.back() = "OPENAI_BASE_URL=https://localhost:" + std::to_string(ntohs(address.sin_port)) + "/v1";
  Ran ran;
  boost::json::object entry = probe_json(env, {"--timeout", "1s"}, &ran);
  ::close(filler);
  ::close(listener);
  EXPECT_EQ(str(entry["outcome"]), "timeout") << ran.err;
  EXPECT_EQ(str(entry["phase"]), "connect") << ran.err;
  EXPECT_LT(ran.elapsed_ms, 1300);
}

TEST_F(Probe, CallsAnExpiredCertificateATlsError) {
  boost::json::object entry = probe_json(env_for("openai", "valid", World::get().expired.get()));
  EXPECT_EQ(str(entry["outcome"]), "tls_error");
  EXPECT_EQ(str(entry["phase"]), "tls");
  EXPECT_NE(str(entry["message"]).find("expired on 2021-01-01 00:00 UTC (this machine's clock says 20"), std::string::npos) << str(entry["message"]);
}

TEST_F(Probe, CallsACertificateNotYetValidATlsErrorWithItsDateAndTheClock) {
  boost::json::object entry = probe_json(env_for("openai", "valid", World::get().future.get()));
  EXPECT_EQ(str(entry["outcome"]), "tls_error");
  EXPECT_NE(str(entry["message"]).find("the server's certificate is not valid before 2090-01-01 00:00 UTC (this machine's "
                                       "clock says 20"),
            std::string::npos)
      << str(entry["message"]);
}

TEST_F(Probe, CallsACertificateForAnotherHostATlsError) {
  boost::json::object entry = probe_json(env_for("openai", "valid", World::get().wrong_host.get()));
  EXPECT_EQ(str(entry["outcome"]), "tls_error");
  EXPECT_NE(str(entry["message"]).find("the certificate is for "), std::string::npos) << str(entry["message"]);
  EXPECT_NE(str(entry["message"]).find(", not localhost (wrong host name)"), std::string::npos) << str(entry["message"]);
}

TEST_F(Probe, CallsAnUntrustedCaATlsErrorAndFailsItUnderStrict) {
  boost::json::object entry = probe_json(env_for("openai", "valid", World::get().untrusted.get()));
  EXPECT_EQ(str(entry["outcome"]), "tls_error");
  EXPECT_NE(str(entry["message"]).find("not signed by a trusted CA"), std::string::npos) << str(entry["message"]);
  Ran ran = keyguard({"--strict"}, env_for("openai", "valid", World::get().untrusted.get()));
  EXPECT_EQ(ran.exit_code, 69);
}

TEST_F(Probe, NeverSendsTheKeyToAServerItDoesNotTrust) {
  World::get().untrusted->clear_requests();
  keyguard({}, env_for("openai", "valid", World::get().untrusted.get()));
  EXPECT_TRUE(World::get().untrusted->requests().empty());
}

TEST_F(Probe, CallsARefusedConnectionUnreachable) {
  // A port that was free a moment ago: bind, read the number, close.
  FakeProvider::Options options;
  options.mode = FakeProvider::Mode::plain;
  int port;
  {
    FakeProvider closed(options);
    std::string err;
    ASSERT_TRUE(closed.start(&err)) << err;
    port = closed.port();
  }
  std::vector<std::string> env = env_for("openai", "valid");
  env.back() = "OPENAI_BASE_URL=https://localhost:" + std::to_string(port) + "/v1";
  boost::json::object entry = probe_json(env);
  EXPECT_EQ(str(entry["outcome"]), "unreachable");
  EXPECT_EQ(str(entry["phase"]), "connect");
}

TEST_F(Probe, ProbesALoopbackServerOverPlainHttp) {
  std::vector<std::string> env = env_for("openai", "valid");
  env.back() = "OPENAI_BASE_URL=" + base_url(*World::get().plain, "valid", setup_of("openai"), "http");
  boost::json::object entry = probe_json(env);
  EXPECT_EQ(str(entry["outcome"]), "authenticated");
  EXPECT_FALSE(entry["timings_ms"].as_object().contains("tls"));
}

TEST_F(Probe, NamesAnUnreadableCaFile) {
  std::vector<std::string> env = env_for("openai", "valid");
  env[1] = "KEYGUARD_CA_FILE=/nonexistent/ca.pem";
  Ran ran = keyguard({}, env);
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("cannot read the CA file /nonexistent/ca.pem"), std::string::npos) << ran.err;
}

}  // namespace
}  // namespace keyguard::testing
