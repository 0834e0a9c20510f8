// Every row of the provider table through the real binary, against the fake provider speaking
// that provider's dialect (tests/provider_fixtures.cpp): the exact request, each answer the
// reference knows and how it must read, a key in the wrong variable, and the variables that
// move the probe. The suite is instantiated over the table's rows: a new row brings its tests.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cctype>
#include <ctime>
#include <memory>
#include <set>

#include "fake_provider.h"
#include "harness.h"
#include "provider_fixtures.h"
#include "provider_world.h"
#include "providers.h"
#include "test_pki.h"
#include "text.h"

namespace keyguard::testing {
namespace {

using namespace fixture_world;

bool is_indeterminate(const std::string& outcome) {
  return outcome == "unreachable" || outcome == "tls_error" || outcome == "timeout" || outcome == "server_error" ||
         outcome == "unexpected";
}

/// Runs F against C's scenario and checks that keyguard reads it as C says.
void expect_read_as(const ProviderFixture& f, const FixtureCase& c) {
  SCOPED_TRACE(f.name + "/" + c.scenario + " (" + c.what + ")");
  JsonRun run = keyguard_json({}, env_for(f, c.scenario));
  const std::string where = run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), c.outcome) << where;
  EXPECT_EQ(run.ran.exit_code, c.exit_code) << where;
  EXPECT_EQ(str(run.entry, "http_status"), std::to_string(c.answer.status)) << where;
  EXPECT_NE(str(run.entry, "message"), "") << where;
  if (!c.says.empty()) {
    EXPECT_NE(str(run.entry, "message").find(c.says), std::string::npos) << where;
  }
  EXPECT_FALSE(holds_run_of(run.ran.err, f.key)) << where;
  if (is_indeterminate(c.outcome)) {
    Ran strict = keyguard({"--strict"}, env_for(f, c.scenario));
    EXPECT_EQ(strict.exit_code, 69) << "an indeterminate outcome fails under --strict: " << strict.err;
  }
}

/// Whether a key of OTHER could be one of F's own: F's keys have no distinctive prefix and
/// begin as OTHER's do (DeepSeek's sk- against OpenAI's sk-proj-). That is a tie, never a
/// misplaced key.
bool could_be_its_own(const ProviderFixture& f, const ProviderFixture& other) {
  return f.distinctive_prefix.empty() && other.key.compare(0, 3, f.key, 0, 3) == 0;
}

/// A key that plainly belongs to another provider, to put in F's variable: the next fixture
/// after F, in order, whose keys have a distinctive prefix and cannot be F's own.
const ProviderFixture* foreign_key_owner(const ProviderFixture& f) {
  const std::vector<ProviderFixture>& all = provider_fixtures();
  std::size_t at = 0;
  while (at < all.size() && &all[at] != &f) ++at;
  for (std::size_t step = 1; step < all.size(); ++step) {
    const ProviderFixture& other = all[(at + step) % all.size()];
    if (!other.distinctive_prefix.empty() && !could_be_its_own(f, other)) return &other;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The table and the fixtures

TEST(ProvidersTable, HasAFixtureForEveryRow) {
  for (const Provider& row : providers())
    EXPECT_NE(find_fixture(row.name), nullptr)
        << "the row " << row.name << " has no fixture in tests/provider_fixtures.cpp: add one, from the reference";
}

TEST(ProvidersTable, HasARowForEveryFixture) {
  for (const ProviderFixture& f : provider_fixtures())
    EXPECT_NE(find_provider(f.name), nullptr) << "the fixture " << f.name << " names no row of the provider table";
}

TEST(ProvidersTable, AgreesWithTheFixturesOnVariablesAndMethod) {
  for (const Provider& row : providers()) {
    const ProviderFixture* f = find_fixture(row.name);
    if (f == nullptr) continue;  // HasAFixtureForEveryRow says so
    SCOPED_TRACE(f->name);
    ASSERT_EQ(row.key_vars.size(), f->key_vars.size());
    for (std::size_t i = 0; i < row.key_vars.size(); ++i) {
      EXPECT_EQ(row.key_vars[i].name, f->key_vars[i].name);
      EXPECT_TRUE(iequals(row.key_vars[i].auth_header, f->key_vars[i].auth_header))
          << row.key_vars[i].name << " travels in " << row.key_vars[i].auth_header << ", the reference says "
          << f->key_vars[i].auth_header;
      EXPECT_EQ(row.key_vars[i].auth_prefix, f->key_vars[i].auth_prefix) << row.key_vars[i].name;
    }
    EXPECT_EQ(base_url_var(row), f->base_var);
    EXPECT_EQ(row.probe.method, f->method);
  }
}

// ---------------------------------------------------------------------------------------------
// Per row

std::vector<std::string> row_names() {
  std::vector<std::string> names;
  for (const Provider& row : providers()) names.emplace_back(row.name);
  return names;
}

class ProviderRow : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    World& world = World::get();
    ASSERT_TRUE(world.server) << world.error;
    world.server->clear_requests();
    fixture_ = find_fixture(GetParam());
    ASSERT_NE(fixture_, nullptr) << "the row " << GetParam() << " has no fixture in tests/provider_fixtures.cpp";
  }
  const ProviderFixture& fixture() const { return *fixture_; }
  std::vector<RecordedRequest> requests() const { return World::get().server->requests(); }

 private:
  const ProviderFixture* fixture_ = nullptr;
};

TEST_P(ProviderRow, SendsExactlyOneRequestOfItsOwnShape) {
  const ProviderFixture& f = fixture();
  Ran ran = keyguard({}, env_for(f, "valid"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 1u) << ran.err;
  EXPECT_EQ(sent[0].method, f.method);
  EXPECT_EQ(sent[0].target, "/" + f.name + "/valid" + f.target);
  EXPECT_EQ(sent[0].dialect, f.name);
  EXPECT_EQ(sent[0].sni, "localhost");
  EXPECT_EQ(sent[0].headers, expected_headers(f, f.key_var(), f.key));
  std::set<std::string> own;
  for (const FixtureKeyVar& var : f.key_vars) own.insert(var.auth_header);
  for (const ProviderFixture& other : provider_fixtures()) {
    for (const FixtureKeyVar& var : other.key_vars) {
      if (own.count(var.auth_header) != 0) continue;
      for (const auto& [name, value] : sent[0].headers) {
        EXPECT_NE(name, var.auth_header) << f.name << " got " << other.name << "'s auth header";
      }
    }
  }
}

TEST_P(ProviderRow, AuthenticatesOnItsSuccessAnswer) {
  const ProviderFixture& f = fixture();
  expect_read_as(f, f.success);
  JsonRun run = keyguard_json({}, env_for(f, "valid"));
  EXPECT_EQ(str(run.entry, "provider"), f.name);
  EXPECT_EQ(str(run.entry, "env"), f.key_var().name);
  if (!f.request_id.empty()) {
    EXPECT_EQ(str(run.entry, "request_id"), f.request_id) << run.ran.err;
  }
}

TEST_P(ProviderRow, RejectsOnItsBadKeyAnswerWithoutShowingTheKey) {
  const ProviderFixture& f = fixture();
  expect_read_as(f, f.bad_key);
  Ran text = keyguard({}, env_for(f, "revoked"));
  EXPECT_EQ(text.exit_code, 77) << text.err;
  EXPECT_EQ(count_lines(text.err), 1) << text.err;
  EXPECT_EQ(text.err.rfind("keyguard: error: " + f.name + ": " + f.key_var().name + " ", 0), 0u) << text.err;
  EXPECT_FALSE(holds_run_of(text.err, f.key)) << text.err;
}

TEST_P(ProviderRow, CallsItsNoCreditAnswerNoCredit) {
  const ProviderFixture& f = fixture();
  if (!f.no_credit) GTEST_SKIP() << f.name << " has no known no-credit answer";
  expect_read_as(f, *f.no_credit);
}

TEST_P(ProviderRow, ReadsEachOfItsQuirksAsTheReferenceSays) {
  const ProviderFixture& f = fixture();
  if (f.quirks.empty()) GTEST_SKIP() << f.name << " has no quirks in the reference";
  for (const FixtureCase& c : f.quirks) expect_read_as(f, c);
}

TEST_P(ProviderRow, RefusesAnotherProvidersKeyInItsVariableNamingTheRightOne) {
  const ProviderFixture& f = fixture();
  const ProviderFixture* owner = foreign_key_owner(f);
  ASSERT_NE(owner, nullptr);
  SCOPED_TRACE(owner->name + "'s key in " + f.key_var().name);
  // On the official host (no base URL variable), where shapes count.
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", f.key_var().name + "=" + owner->key};
  env.insert(env.end(), f.official_env.begin(), f.official_env.end());
  JsonRun run = keyguard_json({"--offline"}, env);
  EXPECT_EQ(run.ran.exit_code, 78) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "misconfigured") << run.ran.err;
  const std::string message = str(run.entry, "message");
  bool names_home = false;
  for (const FixtureKeyVar& var : owner->key_vars) names_home = names_home || message.find(var.name) != std::string::npos;
  EXPECT_TRUE(names_home) << "the message names none of " << owner->name << "'s variables: " << message;
  EXPECT_FALSE(holds_run_of(run.ran.err, owner->key)) << run.ran.err;
  EXPECT_TRUE(requests().empty());
}

TEST_P(ProviderRow, TakesItsKeyFromEachOfItsVariablesAndSaysWhichOne) {
  const ProviderFixture& f = fixture();
  for (const FixtureKeyVar& var : f.key_vars) {
    SCOPED_TRACE(var.name + " alone");
    World::get().server->clear_requests();
    JsonRun run = keyguard_json({}, env_for(f, "valid", var));
    EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.ran.err;
    EXPECT_EQ(str(run.entry, "env"), var.name) << run.ran.err;
    std::vector<RecordedRequest> sent = requests();
    ASSERT_EQ(sent.size(), 1u) << run.ran.err;
    EXPECT_EQ(sent[0].headers, expected_headers(f, var, f.key));
  }
  if (f.key_vars.size() < 2) return;
  // All of them set, each to another key: the first wins, and only its key travels.
  SCOPED_TRACE("all of them set");
  World::get().server->clear_requests();
  std::vector<std::string> env = env_for(f, "valid");
  for (std::size_t i = 1; i < f.key_vars.size(); ++i) {
    std::string other = f.key;
    other.back() = other.back() == 'Z' ? 'Y' : 'Z';
    other[other.size() - 2] = static_cast<char>('0' + i);
    env.push_back(f.key_vars[i].name + "=" + other);
  }
  JsonRun run = keyguard_json({}, env);
  EXPECT_EQ(str(run.entry, "env"), f.key_var().name) << run.ran.err;
  std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 1u) << run.ran.err;
  EXPECT_EQ(sent[0].headers, expected_headers(f, f.key_var(), f.key));
}

TEST_P(ProviderRow, CallsACaptivePortalPageABadEndpoint) {
  const ProviderFixture& f = fixture();
  JsonRun run = keyguard_json({}, env_for(f, "html"));
  EXPECT_EQ(str(run.entry, "outcome"), "bad_endpoint") << run.ran.err;
  EXPECT_EQ(run.ran.exit_code, 78) << run.ran.err;
}

TEST_P(ProviderRow, NeverShowsItsKeyWhenTheServerEchoesIt) {
  const ProviderFixture& f = fixture();
  Ran text = keyguard({}, env_for(f, "echo"));
  EXPECT_NE(text.exit_code, 0) << text.err;
  EXPECT_FALSE(holds_run_of(text.err, f.key)) << text.err;
  Ran json = keyguard({"--format", "json"}, env_for(f, "echo"));
  EXPECT_FALSE(holds_run_of(json.err, f.key)) << json.err;
  EXPECT_EQ(requests().size(), 2u);
}

std::string test_name_of(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Providers, ProviderRow, ::testing::ValuesIn(row_names()), test_name_of);

// ---------------------------------------------------------------------------------------------
// Base URLs and surfaces that are not the plain {base}{path}

class ProvidersSetup : public ::testing::Test {
 protected:
  void SetUp() override {
    World& world = World::get();
    ASSERT_TRUE(world.server) << world.error;
    world.server->clear_requests();
  }
  /// F pointed at BASE (a URL), with any EXTRA variables; returns the single target received.
  std::string target_for(const std::string& provider, const std::string& base, std::vector<std::string> extra = {}) {
    const ProviderFixture* f = find_fixture(provider);
    if (f == nullptr) {
      ADD_FAILURE() << "no fixture " << provider;
      return "";
    }
    std::vector<std::string> env = {"PATH=/usr/bin:/bin", "KEYGUARD_CA_FILE=" + World::get().pki.ca_cert,
                                    f->key_var().name + "=" + f->key, f->base_var + "=" + base};
    env.insert(env.end(), extra.begin(), extra.end());
    last_ = keyguard({}, env);
    std::vector<RecordedRequest> sent = World::get().server->requests();
    if (sent.size() != 1) {
      ADD_FAILURE() << sent.size() << " requests: " << last_.err;
      return "";
    }
    return sent[0].target;
  }
  Ran last_;
};

TEST_F(ProvidersSetup, GivesAGroqBaseUrlWithoutAPathTheOpenAiV1Path) {
  EXPECT_EQ(target_for("groq", "https://" + authority()), "/openai/v1/models") << last_.err;
}

TEST_F(ProvidersSetup, GivesACerebrasBaseUrlWithoutAPathTheV1Path) {
  EXPECT_EQ(target_for("cerebras", "https://" + authority()), "/v1/models") << last_.err;
}

// AzureOpenAI and LangChain, the SDKs that read AZURE_OPENAI_ENDPOINT, call the dated routes
// with OPENAI_API_VERSION=v1 as it is (tests/sdk records it): so does the probe.
TEST_F(ProvidersSetup, ProbesAzuresDatedRoutesWithAnUndatedVersionAsAzureOpenAiSendsIt) {
  for (std::string version : {"v1", "preview"}) {
    World::get().server->clear_requests();
    EXPECT_EQ(target_for("azure", "https://" + authority() + "/azure/valid", {"OPENAI_API_VERSION=" + version}),
              "/azure/valid/openai/models?api-version=" + version);
    EXPECT_EQ(last_.exit_code, 0) << last_.err;
  }
}

TEST_F(ProvidersSetup, ProbesAzuresV1SurfaceWhenTheEndpointEndsInOpenAiV1) {
  EXPECT_EQ(target_for("azure", "https://" + authority() + "/azure/valid/openai/v1"), "/azure/valid/openai/v1/models");
  EXPECT_EQ(last_.exit_code, 0) << last_.err;
}

TEST_F(ProvidersSetup, ProbesAzuresDatedSurfaceOtherwise) {
  EXPECT_EQ(target_for("azure", "https://" + authority() + "/azure/valid"),
            "/azure/valid/openai/models?api-version=2024-10-21");
  World::get().server->clear_requests();
  EXPECT_EQ(target_for("azure", "https://" + authority() + "/azure/valid", {"OPENAI_API_VERSION=2025-01-01-preview"}),
            "/azure/valid/openai/models?api-version=2025-01-01-preview");
  EXPECT_EQ(last_.exit_code, 0) << last_.err;
}

TEST_F(ProvidersSetup, AcceptsAzureResourceNameInPlaceOfTheEndpoint) {
  const ProviderFixture& azure = *find_fixture("azure");
  JsonRun run = keyguard_json({"--offline"}, {"PATH=/usr/bin:/bin", "AZURE_API_KEY=" + azure.key, "AZURE_RESOURCE_NAME=example"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "skipped") << run.ran.err;
  EXPECT_EQ(str(run.entry, "env"), "AZURE_API_KEY") << run.ran.err;
}

TEST_F(ProvidersSetup, NeverCallsAnSkKeyMisplacedBetweenOpenAiAndDeepSeek) {
  // DeepSeek's keys and OpenAI's legacy ones both start with sk-: a tie, so neither is misplaced.
  const std::string deepseek_key = find_fixture("deepseek")->key;
  const std::string openai_legacy_key = "sk-" + std::string(20, 'A') + "T3BlbkFJ" + std::string(20, 'A');
  Ran ran = keyguard({"--offline"}, {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=" + deepseek_key});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  ran = keyguard({"--offline"}, {"PATH=/usr/bin:/bin", "DEEPSEEK_API_KEY=" + openai_legacy_key});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
}

// ---------------------------------------------------------------------------------------------
// Bedrock's keys, checked before any request

/// A short-term Bedrock key: bedrock-api-key- and base64 of a SigV4 presigned URL made in
/// REGION at AMZ_DATE (YYYYMMDDTHHMMSSZ), valid for 12 hours.
std::string short_term_bedrock_key(const std::string& region, const std::string& amz_date) {
  const std::string url = "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                          "&X-Amz-Credential=ASIAEXAMPLE%2F" + amz_date.substr(0, 8) + "%2F" + region +
                          "%2Fbedrock%2Faws4_request&X-Amz-Date=" + amz_date +
                          "&X-Amz-Expires=43200&X-Amz-SignedHeaders=host&X-Amz-Signature=" +
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef&Version=1";
  return "bedrock-api-key-" + base64_encode(url);
}

/// The current UTC time less MINUTES, as X-Amz-Date writes it.
std::string amz_date_minutes_ago(int minutes) {
  std::time_t when = std::time(nullptr) - minutes * 60;
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

const std::string kSignedLastYear = "20251211T101010Z";  // expired 2025-12-11 22:10:10 UTC

TEST(ProvidersBedrock, RefusesAKeyWithNoRegionAndNoEndpoint) {
  const std::string key = find_fixture("bedrock")->key;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--offline"}, std::vector<std::string>{"--timeout", "2s"}}) {
    JsonRun run = keyguard_json(args, {"PATH=/usr/bin:/bin", "AWS_BEARER_TOKEN_BEDROCK=" + key});
    EXPECT_EQ(run.ran.exit_code, 78) << run.ran.err;
    EXPECT_EQ(str(run.entry, "outcome"), "misconfigured") << run.ran.err;
    EXPECT_NE(str(run.entry, "message").find("AWS_REGION"), std::string::npos) << run.ran.err;
  }
}

TEST(ProvidersBedrock, RefusesAShortTermKeyMadeForAnotherRegionNamingBoth) {
  const std::string key = short_term_bedrock_key("eu-north-1", kSignedLastYear);
  JsonRun run = keyguard_json({"--offline"}, {"PATH=/usr/bin:/bin", "AWS_BEARER_TOKEN_BEDROCK=" + key, "AWS_REGION=us-east-1"});
  EXPECT_EQ(run.ran.exit_code, 78) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "misconfigured") << run.ran.err;
  const std::string message = str(run.entry, "message");
  EXPECT_NE(message.find("eu-north-1"), std::string::npos) << message;
  EXPECT_NE(message.find("us-east-1"), std::string::npos) << message;
  EXPECT_FALSE(holds_run_of(run.ran.err, key)) << run.ran.err;
}

TEST(ProvidersBedrock, TakesTheRegionFromAwsRegionBeforeAwsDefaultRegion) {
  const std::string fresh = short_term_bedrock_key("eu-north-1", amz_date_minutes_ago(5));
  Ran ran = keyguard({"--offline"}, {"PATH=/usr/bin:/bin", "AWS_BEARER_TOKEN_BEDROCK=" + fresh, "AWS_REGION=us-east-1",
                                     "AWS_DEFAULT_REGION=eu-north-1"});
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  ran = keyguard({"--offline"}, {"PATH=/usr/bin:/bin", "AWS_BEARER_TOKEN_BEDROCK=" + fresh, "AWS_DEFAULT_REGION=eu-north-1"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
}

TEST(ProvidersBedrock, RejectsAShortTermKeyThatHasExpiredSayingWhen) {
  const std::string key = short_term_bedrock_key("eu-north-1", kSignedLastYear);
  JsonRun run = keyguard_json({"--offline"}, {"PATH=/usr/bin:/bin", "AWS_BEARER_TOKEN_BEDROCK=" + key, "AWS_REGION=eu-north-1"});
  EXPECT_EQ(run.ran.exit_code, 77) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "rejected") << run.ran.err;
  const std::string message = str(run.entry, "message");
  EXPECT_NE(message.find("expired"), std::string::npos) << message;
  EXPECT_NE(message.find("2025-12-11"), std::string::npos) << message;
  EXPECT_FALSE(holds_run_of(run.ran.err, key)) << run.ran.err;
}

TEST(ProvidersBedrock, RefusesAShortTermKeyInAnotherProvidersVariableNamingItsOwn) {
  const std::string key = short_term_bedrock_key("us-east-1", amz_date_minutes_ago(5));
  JsonRun run = keyguard_json({"--offline"}, {"PATH=/usr/bin:/bin", "OPENAI_API_KEY=" + key});
  EXPECT_EQ(run.ran.exit_code, 78) << run.ran.err;
  EXPECT_NE(str(run.entry, "message").find("AWS_BEARER_TOKEN_BEDROCK"), std::string::npos) << run.ran.err;
  EXPECT_FALSE(holds_run_of(run.ran.err, key)) << run.ran.err;
}

TEST(ProvidersBedrock, AcceptsAShortTermKeySignedMinutesAgoForTheConfiguredRegion) {
  const std::string key = short_term_bedrock_key("us-east-1", amz_date_minutes_ago(5));
  JsonRun run = keyguard_json({"--offline"}, {"PATH=/usr/bin:/bin", "AWS_BEARER_TOKEN_BEDROCK=" + key, "AWS_REGION=us-east-1"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "skipped") << run.ran.err;
}

}  // namespace
}  // namespace keyguard::testing
