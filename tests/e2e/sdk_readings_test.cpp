// The environment read as the SDKs read it (docs/providers.md, "When SDKs read differently"),
// through the real binary: what `--offline --format json` says it would send, the warnings
// where SDKs disagree, and the probe on the endpoint the app's SDK calls.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.h"
#include "provider_world.h"

namespace keyguard::testing {
namespace {

using fixture_world::JsonRun;
using fixture_world::keyguard_json;
using fixture_world::str;

// Made-up keys of the providers' shapes; none is real.
const std::string kOpenAiKey = "sk-proj-" + std::string(148, 'A') + "Wxyz";
const std::string kAnthropicKey = "sk-ant-api03-" + std::string(90, 'B') + "Qrst-AA";
const std::string kGeminiKey = "AIza" + std::string(31, 'C') + "Mnop";
const std::string kAzureKey = "0123456789abcdef0123456789abcdef";
const std::string kGroqKey = "gsk_" + std::string(48, 'D') + "Ghij";
const std::string kTogetherKey = "tgp_v1_" + std::string(40, 'E');
const std::string kHuggingFaceKey = "hf_" + std::string(30, 'F') + "Klmn";
const std::string kCerebrasKey = "csk-" + std::string(44, 'g');

std::vector<std::string> env_with(std::vector<std::string> entries) {
  entries.insert(entries.begin(), "PATH=/usr/bin:/bin");
  return entries;
}

/// `--offline --format json` of ENV: its one provider.
JsonRun offline(std::vector<std::string> env, std::vector<std::string> args = {}) {
  args.insert(args.begin(), "--offline");
  return keyguard_json(std::move(args), env_with(std::move(env)));
}

std::string request_field(const JsonRun& run, std::string_view field) {
  const boost::json::value* request = run.entry.if_contains("request");
  if (request == nullptr || !request->is_object()) return "(no request)";
  return str(request->as_object(), field);
}

std::string warnings_of(const JsonRun& run) { return str(run.entry, "warnings"); }

/// The top-level warnings of a JSON report.
std::string top_warnings(const Ran& ran) {
  boost::json::error_code ec;
  boost::json::value root = boost::json::parse(ran.err, ec);
  if (ec || !root.is_object() || !root.as_object().contains("warnings")) return "(no report)";
  return boost::json::serialize(root.as_object().at("warnings"));
}

TEST(SdkReadings, OfflineReportSaysWhatWouldBeSentByNameNeverAValue) {
  JsonRun run = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_ORG_ID=org-fixture123"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  EXPECT_EQ(request_field(run, "method"), "GET");
  EXPECT_EQ(request_field(run, "url"), "https://api.openai.com/v1/models");
  EXPECT_EQ(request_field(run, "base_from"), "null");
  EXPECT_EQ(request_field(run, "key_header"), "Authorization");
  EXPECT_EQ(request_field(run, "key_scheme"), "Bearer");
  EXPECT_EQ(request_field(run, "headers"), R"(["OpenAI-Organization"])");
  EXPECT_EQ(run.ran.err.find("org-fixture123"), std::string::npos) << "a header's value is never shown";
  EXPECT_FALSE(holds_run_of(run.ran.err, kOpenAiKey));
  Ran text = keyguard({"--offline"}, env_with({"OPENAI_API_KEY=" + kOpenAiKey}));
  EXPECT_NE(text.err.find("would send GET https://api.openai.com/v1/models with the key in Authorization (Bearer)"),
            std::string::npos)
      << text.err;
}

TEST(SdkReadings, ReportedRequestNeverHoldsAKeyPutInTheBaseUrl) {
  JsonRun run = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_BASE_URL=https://gw.example/v1?token=" + kOpenAiKey});
  EXPECT_FALSE(holds_run_of(run.ran.err, kOpenAiKey)) << run.ran.err;
  EXPECT_EQ(request_field(run, "url"), "https://gw.example/v1/models?token=…");
  // A proxy that keeps its credential in the path: the segment is not shown either.
  const std::string token = "pxy7Hq2Lm9Zt4Rb8Wc3Nd6Kf1Sg5";
  JsonRun path = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_BASE_URL=https://proxy.example/" + token + "/v1"});
  EXPECT_EQ(request_field(path, "url"), "https://proxy.example/…/v1/models");
  EXPECT_EQ(path.ran.err.find(token), std::string::npos) << path.ran.err;
}

TEST(SdkReadings, ReadsTheVercelAiSdksKeyVariables) {
  struct Row {
    std::string var, key, provider, header;
  };
  for (const Row& row : {Row{"GOOGLE_GENERATIVE_AI_API_KEY", kGeminiKey, "gemini", "x-goog-api-key"},
                         Row{"HUGGINGFACE_API_KEY", kHuggingFaceKey, "huggingface", "Authorization"},
                         Row{"TOGETHER_AI_API_KEY", kTogetherKey, "together", "Authorization"}}) {
    JsonRun run = offline({row.var + "=" + row.key});
    EXPECT_EQ(run.ran.exit_code, 0) << row.var << ": " << run.ran.err;
    EXPECT_EQ(str(run.entry, "provider"), row.provider) << row.var;
    EXPECT_EQ(str(run.entry, "env"), row.var);
    EXPECT_EQ(request_field(run, "key_header"), row.header) << row.var;
  }
}

TEST(SdkReadings, ReadsLangChainsAzureInstanceNameAndApiVersion) {
  JsonRun run = offline({"AZURE_OPENAI_API_KEY=" + kAzureKey, "AZURE_OPENAI_API_INSTANCE_NAME=contoso-prod",
                         "AZURE_OPENAI_API_VERSION=2024-06-01"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  EXPECT_EQ(request_field(run, "url"), "https://contoso-prod.openai.azure.com/openai/models?api-version=2024-06-01");
  EXPECT_EQ(request_field(run, "base_from"), "AZURE_OPENAI_API_INSTANCE_NAME");
  // The openai SDK's OPENAI_API_VERSION comes first.
  JsonRun both = offline({"AZURE_OPENAI_API_KEY=" + kAzureKey, "AZURE_OPENAI_API_INSTANCE_NAME=contoso-prod",
                          "AZURE_OPENAI_API_VERSION=2024-06-01", "OPENAI_API_VERSION=2024-10-21"});
  EXPECT_EQ(request_field(both, "url"), "https://contoso-prod.openai.azure.com/openai/models?api-version=2024-10-21");
}

TEST(SdkReadings, AzureReadingsTheAzureClientsWouldTakeOtherwiseAreSaid) {
  const std::string endpoint = "AZURE_OPENAI_ENDPOINT=https://contoso-prod.openai.azure.com";
  // openai's AzureOpenAI reads OPENAI_BASE_URL first.
  JsonRun base = offline({"AZURE_OPENAI_API_KEY=" + kAzureKey, endpoint, "OPENAI_BASE_URL=https://gw.example/v1",
                          "AZURE_OPENAI_API_VERSION=2024-10-21"},
                         {"--require", "azure"});
  EXPECT_NE(warnings_of(base).find("OPENAI_BASE_URL is set: openai's AzureOpenAI reads it before"), std::string::npos)
      << base.ran.err;
  // An endpoint that ends in /openai/v1 is a plain OpenAI client's base; Azure's clients double it.
  JsonRun v1 = offline({"AZURE_OPENAI_API_KEY=" + kAzureKey, endpoint + "/openai/v1"});
  EXPECT_EQ(request_field(v1, "url"), "https://contoso-prod.openai.azure.com/openai/v1/models");
  EXPECT_NE(warnings_of(v1).find("would call /openai/v1/openai/"), std::string::npos) << v1.ran.err;
  // LangChain sends no api-version without its own variable.
  JsonRun version = offline({"AZURE_OPENAI_API_KEY=" + kAzureKey, endpoint, "OPENAI_API_VERSION=2024-10-21"});
  EXPECT_NE(warnings_of(version).find("LangChain JS's AzureChatOpenAI reads AZURE_OPENAI_API_VERSION"), std::string::npos)
      << version.ran.err;
  JsonRun both = offline({"AZURE_OPENAI_API_KEY=" + kAzureKey, endpoint, "OPENAI_API_VERSION=2024-10-21",
                          "AZURE_OPENAI_API_VERSION=2024-10-21"});
  EXPECT_EQ(warnings_of(both), "[]");
}

TEST(SdkReadings, AnthropicBaseUrlIsReadWithOrWithoutItsVersionAndTheDifferenceIsSaid) {
  JsonRun with_version = offline({"ANTHROPIC_API_KEY=" + kAnthropicKey, "ANTHROPIC_BASE_URL=https://gw.example/v1"});
  EXPECT_EQ(with_version.ran.exit_code, 0) << with_version.ran.err;
  EXPECT_EQ(request_field(with_version, "url"), "https://gw.example/v1/models?limit=1");
  EXPECT_NE(warnings_of(with_version).find("/v1/v1/messages"), std::string::npos) << with_version.ran.err;
  JsonRun without = offline({"ANTHROPIC_API_KEY=" + kAnthropicKey, "ANTHROPIC_BASE_URL=https://gw.example/"});
  EXPECT_EQ(request_field(without, "url"), "https://gw.example/v1/models?limit=1");
  EXPECT_NE(warnings_of(without).find("would call /messages without it"), std::string::npos) << without.ran.err;
  EXPECT_EQ(warnings_of(without).find("/v1/v1"), std::string::npos) << without.ran.err;
  JsonRun unset = offline({"ANTHROPIC_API_KEY=" + kAnthropicKey});
  EXPECT_EQ(warnings_of(unset), "[]") << "the default is every SDK's";
}

TEST(SdkReadings, GroqAndCerebrasGetTheSdkPathAfterAnyBaseAndADoubledOneIsSaid) {
  JsonRun groq = offline({"GROQ_API_KEY=" + kGroqKey, "GROQ_BASE_URL=https://gw.example/groq"});
  EXPECT_EQ(request_field(groq, "url"), "https://gw.example/groq/openai/v1/models");
  EXPECT_NE(warnings_of(groq).find("GROQ_BASE_URL is read only by Groq's SDKs and LangChain"), std::string::npos)
      << "the Vercel AI SDK calls api.groq.com whatever it says: " << groq.ran.err;
  EXPECT_EQ(warnings_of(groq).find("/openai/v1/openai/v1"), std::string::npos);
  JsonRun doubled = offline({"GROQ_API_KEY=" + kGroqKey, "GROQ_BASE_URL=https://gw.example/openai/v1/"});
  EXPECT_EQ(doubled.ran.exit_code, 0) << "a warning, not a failure: the app may give its base URL in code";
  EXPECT_EQ(request_field(doubled, "url"), "https://gw.example/openai/v1/models");
  EXPECT_NE(warnings_of(doubled).find("/openai/v1/openai/v1"), std::string::npos) << doubled.ran.err;
  JsonRun cerebras = offline({"CEREBRAS_API_KEY=" + kCerebrasKey, "CEREBRAS_BASE_URL=https://gw.example/cerebras"});
  EXPECT_EQ(request_field(cerebras, "url"), "https://gw.example/cerebras/v1/models");
  JsonRun plain = offline({"GROQ_API_KEY=" + kGroqKey});
  EXPECT_EQ(request_field(plain, "url"), "https://api.groq.com/openai/v1/models");
}

TEST(SdkReadings, OpenAiApiBaseIsReadAndAConflictWithOpenAiBaseUrlIsSaid) {
  JsonRun alone = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_API_BASE=https://gw.example/v1"});
  EXPECT_EQ(request_field(alone, "url"), "https://gw.example/v1/models");
  EXPECT_EQ(request_field(alone, "base_from"), "OPENAI_API_BASE");
  EXPECT_NE(warnings_of(alone).find("OPENAI_API_BASE is read only by LangChain"), std::string::npos) << alone.ran.err;
  JsonRun both = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_BASE_URL=https://one.example/v1",
                          "OPENAI_API_BASE=https://two.example/v1"});
  EXPECT_EQ(request_field(both, "url"), "https://one.example/v1/models");
  EXPECT_NE(warnings_of(both).find("OPENAI_API_BASE names another endpoint"), std::string::npos) << both.ran.err;
  JsonRun same = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_BASE_URL=https://one.example/v1",
                          "OPENAI_API_BASE=https://one.example/v1/"});
  EXPECT_EQ(warnings_of(same), "[]");
}

TEST(SdkReadings, ReadsTheOtherSdksEndpointAndHeaderVariables) {
  // LangChain's name for the organization is said, not sent: a stale one would fail other apps.
  JsonRun org = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_ORGANIZATION=org-fixture123"});
  EXPECT_EQ(request_field(org, "headers"), "[]");
  EXPECT_NE(warnings_of(org).find("OPENAI_ORGANIZATION is not what OpenAI's own SDKs read (OPENAI_ORG_ID), so "
                                  "keyguard did not send it"),
            std::string::npos)
      << org.ran.err;
  JsonRun anthropic = offline({"ANTHROPIC_API_KEY=" + kAnthropicKey, "ANTHROPIC_API_URL=https://gw.example"});
  EXPECT_EQ(request_field(anthropic, "url"), "https://gw.example/v1/models?limit=1");
  JsonRun openrouter = offline({"OPENROUTER_API_KEY=sk-or-v1-" + std::string(64, 'a'),
                                "OPENROUTER_BASE_URL=https://gw.example/api/v1"});
  EXPECT_EQ(request_field(openrouter, "base_from"), "OPENROUTER_BASE_URL");
  // AWS_ENDPOINT_URL moves the runtime (the Vercel AI SDK's calls), not the control plane probed.
  JsonRun aws = offline({"AWS_BEARER_TOKEN_BEDROCK=" + find_fixture("bedrock")->key,
                         "AWS_ENDPOINT_URL=https://localstack.example:4566", "AWS_REGION=us-east-1"});
  EXPECT_EQ(request_field(aws, "url"), "https://bedrock.us-east-1.amazonaws.com/foundation-models");
  EXPECT_NE(warnings_of(aws).find("AWS_ENDPOINT_URL moves every AWS service"), std::string::npos) << aws.ran.err;
}

TEST(SdkReadings, VertexAiSwitchIsSaidWhenGooglesSdkWouldTakeIt) {
  for (std::string value : {"true", "TRUE", "1"}) {
    JsonRun run = offline({"GOOGLE_API_KEY=" + kGeminiKey, "GOOGLE_GENAI_USE_VERTEXAI=" + value});
    EXPECT_EQ(run.ran.exit_code, 0);
    EXPECT_NE(warnings_of(run).find("Vertex AI"), std::string::npos) << value << ": " << run.ran.err;
  }
  JsonRun off = offline({"GOOGLE_API_KEY=" + kGeminiKey, "GOOGLE_GENAI_USE_VERTEXAI=false"});
  EXPECT_EQ(warnings_of(off), "[]");
}

TEST(SdkReadings, VariablesSetButEmptyAreSaidWithWhatTheSdksMakeOfThem) {
  Ran base = keyguard({"--offline", "--format", "json"},
                      env_with({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_BASE_URL="}));
  EXPECT_EQ(base.exit_code, 0) << base.err;
  EXPECT_NE(top_warnings(base).find("OPENAI_BASE_URL is set but empty"), std::string::npos) << base.err;
  EXPECT_NE(base.err.find("https://api.openai.com/v1/models"), std::string::npos) << "the default is checked";
  Ran key = keyguard({"--offline", "--format", "json"},
                     env_with({"OPENAI_API_KEY=" + kOpenAiKey, "ANTHROPIC_API_KEY="}));
  EXPECT_NE(top_warnings(key).find("ANTHROPIC_API_KEY is set but empty"), std::string::npos) << key.err;
}

TEST(SdkReadings, CloudCredentialsWithoutAKeyWarnInsteadOfFailing) {
  Ran aws = keyguard({"--format", "json"},
                     env_with({"AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
                               "AWS_ROLE_ARN=arn:aws:iam::123456789012:role/app"}));
  EXPECT_EQ(aws.exit_code, 0) << aws.err;
  EXPECT_NE(top_warnings(aws).find("AWS_WEB_IDENTITY_TOKEN_FILE (Amazon Bedrock)"), std::string::npos) << aws.err;
  // The app starts.
  Ran started = keyguard({"--", "/bin/sh", "-c", "exit 7"}, env_with({"GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json"}));
  EXPECT_EQ(started.exit_code, 7) << started.err;
  // Named with --require: not checked, said, and not a failure.
  JsonRun required = keyguard_json({"--require", "bedrock"}, env_with({"AWS_PROFILE=prod", "AWS_REGION=us-east-1"}));
  EXPECT_EQ(required.ran.exit_code, 0) << required.ran.err;
  EXPECT_EQ(str(required.entry, "outcome"), "skipped");
  EXPECT_NE(warnings_of(required).find("AWS_PROFILE"), std::string::npos) << required.ran.err;
  // Nothing at all is still a configuration error.
  Ran nothing = keyguard({}, env_with({}));
  EXPECT_EQ(nothing.exit_code, 78) << nothing.err;
}

TEST(SdkReadings, ClaudeCodeOAuthTokenInAnAppsVariableIsNamed) {
  const std::string token = "sk-ant-oat01-" + std::string(90, 'H') + "Tuvw-AA";
  JsonRun run = offline({"ANTHROPIC_API_KEY=" + token});
  EXPECT_NE(warnings_of(run).find("Claude Code OAuth token"), std::string::npos) << run.ran.err;
  EXPECT_FALSE(holds_run_of(run.ran.err, token));
}

// ---- Through the probe, against the fake provider -------------------------------------------

TEST(SdkReadings, AnthropicBaseUrlWithItsVersionReachesTheSameApi) {
  const ProviderFixture& f = *find_fixture("anthropic");
  std::vector<std::string> env = fixture_world::env_for(f, "valid");
  env.back() += "/v1";
  JsonRun run = keyguard_json({}, env);
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated");
}

TEST(SdkReadings, BedrockInferenceProfilesAreAskedAboutAsProfiles) {
  const ProviderFixture& f = *find_fixture("bedrock");
  ASSERT_FALSE(f.profiles.empty());
  const std::string known = f.profiles.front();
  const std::string arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
  JsonRun run = keyguard_json({"--model", "bedrock=" + known + ",bedrock=eu.anthropic.claude-none-v1:0,bedrock=" + arn},
                              fixture_world::env_for(f, "valid"));
  const boost::json::array* models = run.entry.if_contains("models") ? &run.entry.at("models").as_array() : nullptr;
  ASSERT_NE(models, nullptr) << run.ran.err;
  ASSERT_EQ(models->size(), 3u) << run.ran.err;
  EXPECT_EQ(str((*models)[0].as_object(), "outcome"), "available") << run.ran.err;
  EXPECT_EQ(str((*models)[1].as_object(), "outcome"), "model_unavailable") << run.ran.err;
  EXPECT_EQ(str((*models)[2].as_object(), "outcome"), "available") << run.ran.err;
  EXPECT_EQ(run.ran.exit_code, 77) << run.ran.err;
}

// ---- Gateway headers ----------------------------------------------------------------------

const std::string kGatewaySecret = "Bearer helicone-sk-0123456789abcdef0123";

/// The value of header NAME (lower case) in REQUEST, or "(absent)"; "(twice)" when sent twice.
std::string header_of(const RecordedRequest& request, const std::string& name) {
  std::string found = "(absent)";
  for (const auto& [header, value] : request.headers)
    if (header == name) found = found == "(absent)" ? value : "(twice)";
  return found;
}

TEST(SdkReadings, GatewayHeadersTravelWithTheProbeAsTheSdksSendThemAndAreNeverShown) {
  const ProviderFixture& f = *find_fixture("openai");
  fixture_world::World::get().server->clear_requests();
  std::vector<std::string> env = fixture_world::env_for(f, "valid");
  env.push_back("OPENAI_CUSTOM_HEADERS=Helicone-Auth: " + kGatewaySecret + "\nX-Tag: one\nno colon\nHost: elsewhere.example");
  env.push_back("KEYGUARD_OPENAI_HEADERS=X-Extra:  two  \nX-Tag: replaced");
  JsonRun run = keyguard_json({}, env);
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.ran.err;
  std::vector<RecordedRequest> sent = fixture_world::World::get().server->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(header_of(sent[0], "helicone-auth"), kGatewaySecret);
  EXPECT_EQ(header_of(sent[0], "x-tag"), "replaced") << "a name given again replaces the first";
  EXPECT_EQ(header_of(sent[0], "x-extra"), "two");
  EXPECT_EQ(header_of(sent[0], "host"), fixture_world::authority()) << "Host is the URL's, as the SDKs' fetch sends it";
  EXPECT_EQ(header_of(sent[0], "authorization"), "Bearer " + f.key);
  EXPECT_EQ(request_field(run, "headers"), R"(["Helicone-Auth","X-Extra","X-Tag"])");
  std::string warnings = warnings_of(run);
  EXPECT_NE(warnings.find("OPENAI_CUSTOM_HEADERS line 3 has no colon"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("OPENAI_CUSTOM_HEADERS sets Host"), std::string::npos) << warnings;
  EXPECT_FALSE(holds_run_of(run.ran.err, kGatewaySecret)) << run.ran.err;
}

// openai's Node SDK would send the variable's value instead of the key, openai-python the key:
// the key, which most SDKs send, is what is checked.
TEST(SdkReadings, GatewayHeaderNamedLikeTheKeysHeaderLeavesTheKeyCheckedAndIsSaid) {
  const ProviderFixture& f = *find_fixture("openai");
  fixture_world::World::get().server->clear_requests();
  std::vector<std::string> env = fixture_world::env_for(f, "valid");
  env.push_back("OPENAI_CUSTOM_HEADERS=authorization: " + kGatewaySecret);
  JsonRun run = keyguard_json({}, env);
  EXPECT_EQ(run.ran.exit_code, 0) << run.ran.err;
  std::vector<RecordedRequest> sent = fixture_world::World::get().server->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(header_of(sent[0], "authorization"), "Bearer " + f.key) << "one Authorization, the key's";
  EXPECT_NE(warnings_of(run).find("send its value instead of the key; keyguard checked the key"), std::string::npos)
      << run.ran.err;
  EXPECT_EQ(request_field(run, "key_header"), "Authorization");
  EXPECT_FALSE(holds_run_of(run.ran.err, f.key));
  EXPECT_FALSE(holds_run_of(run.ran.err, kGatewaySecret));
}

TEST(SdkReadings, GatewayHeaderValuesAreScrubbedFromWhatTheServerSays) {
  const ProviderFixture& f = *find_fixture("openai");
  std::vector<std::string> env = fixture_world::env_for(f, "echo_headers");
  env.push_back("OPENAI_CUSTOM_HEADERS=cf-aig-authorization: " + kGatewaySecret);
  for (bool json : {false, true}) {
    Ran ran = keyguard(json ? std::vector<std::string>{"--format", "json"} : std::vector<std::string>{}, env);
    EXPECT_EQ(ran.exit_code, 77) << ran.err;
    EXPECT_FALSE(holds_run_of(ran.err, kGatewaySecret)) << ran.err;
    EXPECT_FALSE(holds_run_of(ran.err, f.key)) << ran.err;
  }
}

// keyguard's own variable is the operator's word: what no request could carry fails the start.
// An SDK's variable is ignored by other SDKs (a JSON object in OPENAI_CUSTOM_HEADERS is some
// apps' own setting): a warning, the line skipped.
TEST(SdkReadings, GatewayHeaderThatNoRequestCouldCarryFailsOnlyInKeyguardsOwnVariable) {
  Ran own = keyguard({"--offline"}, env_with({"OPENAI_API_KEY=" + kOpenAiKey,
                                              "KEYGUARD_OPENAI_HEADERS=X-Ok: 1\nBad Name: " + kGatewaySecret}));
  EXPECT_EQ(own.exit_code, 78) << own.err;
  EXPECT_NE(own.err.find("KEYGUARD_OPENAI_HEADERS line 2"), std::string::npos) << own.err;
  EXPECT_FALSE(holds_run_of(own.err, kGatewaySecret)) << own.err;
  JsonRun sdk = offline({"OPENAI_API_KEY=" + kOpenAiKey, "OPENAI_CUSTOM_HEADERS={\"x-a\": \"" + kGatewaySecret + "\"}"});
  EXPECT_EQ(sdk.ran.exit_code, 0) << sdk.ran.err;
  EXPECT_NE(warnings_of(sdk).find("OPENAI_CUSTOM_HEADERS line 1 names no valid header"), std::string::npos) << sdk.ran.err;
  EXPECT_EQ(request_field(sdk, "headers"), "[]");
  EXPECT_FALSE(holds_run_of(sdk.ran.err, kGatewaySecret)) << sdk.ran.err;
}

}  // namespace
}  // namespace keyguard::testing
