// Where each probe goes, as planned from the environment: base URL sources in their order,
// templates filled with a region or a resource, surfaces, version paths, key variables and
// their headers. A stand-in for the network records the requests (docs/providers.md); nothing
// is sent.
#include <gtest/gtest.h>

#include "check.h"

namespace keyguard {
namespace {

struct Planned {
  std::string host;
  std::string method;
  std::string target;
  std::string auth_header;
  std::string auth_prefix;
};

/// Runs the checks over ENV and returns the one request planned, or none.
std::vector<Planned> plan(std::vector<std::string> env) {
  std::vector<Planned> planned;
  ProbeRunner record = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
    for (const ProbeRequest& r : requests) planned.push_back({r.url.host, r.method, r.target, r.auth_header, r.auth_prefix});
    return std::vector<ProbeResult>(requests.size());
  };
  Options options;
  std::vector<std::string_view> entries(env.begin(), env.end());
  run_checks(options, Environment(entries), record);
  return planned;
}

const std::string kAzure = "00112233445566778899aabbccddeeff";
const std::string kGroq = "gsk_" + std::string(52, 'G');

TEST(Plan, FillsTheAzureResourceNameIntoItsHostAndProbesTheV1Surface) {
  auto p = plan({"AZURE_API_KEY=" + kAzure, "AZURE_RESOURCE_NAME=contoso-east"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "contoso-east.openai.azure.com");
  EXPECT_EQ(p[0].target, "/openai/v1/models");
  EXPECT_EQ(p[0].auth_header, "api-key");
}

// AZURE_RESOURCE_NAME is the Vercel AI SDK's, which calls the v1 API whatever OPENAI_API_VERSION
// says (tests/sdk records it).
TEST(Plan, ProbesTheAzureV1SurfaceForAResourceNameWhateverTheVersionSays) {
  auto p = plan({"AZURE_API_KEY=" + kAzure, "AZURE_RESOURCE_NAME=contoso", "OPENAI_API_VERSION=2024-06-01"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].target, "/openai/v1/models");
}

TEST(Plan, ProbesAzuresDatedRoutesWithAnUndatedVersionAsAzureOpenAiSendsIt) {
  for (const std::string version : {"v1", "preview"}) {
    auto p = plan({"AZURE_OPENAI_API_KEY=" + kAzure, "AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com",
                   "OPENAI_API_VERSION=" + version});
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].target, "/openai/models?api-version=" + version) << version;
  }
}

TEST(Plan, PrefersTheAzureEndpointToTheResourceName) {
  auto p = plan({"AZURE_OPENAI_API_KEY=" + kAzure, "AZURE_OPENAI_ENDPOINT=https://endpoint.openai.azure.com",
                 "AZURE_RESOURCE_NAME=resource"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "endpoint.openai.azure.com");
  EXPECT_EQ(p[0].target, "/openai/models?api-version=2024-10-21");
}

// DNS ignores case, and so do the SDKs' URLs: a resource name in capitals is the same resource.
TEST(Plan, TakesAResourceNameInAnyCaseAsDnsDoes) {
  auto p = plan({"AZURE_API_KEY=" + kAzure, "AZURE_RESOURCE_NAME=Contoso-East"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "contoso-east.openai.azure.com");
}

TEST(Plan, RefusesAResourceNameThatIsNoHostLabel) {
  Options options;
  ProbeRunner none = [](const std::vector<ProbeRequest>& r, const NetworkConfig&, const Deadline&) {
    return std::vector<ProbeResult>(r.size());
  };
  for (const std::string name : {"evil.example/", "a b", "contoso_prod"}) {
    std::string key_entry = "AZURE_API_KEY=" + kAzure, name_entry = "AZURE_RESOURCE_NAME=" + name;
    CheckResult result = run_checks(options, Environment({key_entry, name_entry}), none);
    EXPECT_EQ(status_of(result.exit_code), 78) << name;
    ASSERT_EQ(result.reports.size(), 1u);
    EXPECT_NE(result.reports[0].message.find("AZURE_RESOURCE_NAME"), std::string::npos) << result.reports[0].message;
  }
}

TEST(Plan, TakesTheBedrockHostFromTheEndpointThenAwsRegionThenAwsDefaultRegion) {
  std::string key = "ABSK" + std::string(128, 'B');
  auto p = plan({"AWS_BEARER_TOKEN_BEDROCK=" + key, "AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=us-east-1"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "bedrock.eu-west-1.amazonaws.com");
  EXPECT_EQ(p[0].target, "/foundation-models");
  EXPECT_EQ(p[0].auth_header, "Authorization");
  EXPECT_EQ(p[0].auth_prefix, "Bearer ");
  p = plan({"AWS_BEARER_TOKEN_BEDROCK=" + key, "AWS_DEFAULT_REGION=us-east-1"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "bedrock.us-east-1.amazonaws.com");
  p = plan({"AWS_BEARER_TOKEN_BEDROCK=" + key, "AWS_REGION=eu-west-1",
            "AWS_ENDPOINT_URL_BEDROCK=https://bedrock.ap-south-1.amazonaws.com"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "bedrock.ap-south-1.amazonaws.com");
}

TEST(Plan, DropsAnotherClientsVersionPathFromTheDeepSeekBase) {
  for (const std::string base : {"https://api.deepseek.com", "https://api.deepseek.com/beta", "https://api.deepseek.com/v1/"}) {
    auto p = plan({"DEEPSEEK_API_KEY=sk-" + std::string(32, 'd'), "DEEPSEEK_API_BASE=" + base});
    ASSERT_EQ(p.size(), 1u) << base;
    EXPECT_EQ(p[0].target, "/user/balance") << base;
  }
}

// Groq's SDK appends /openai/v1 to whatever GROQ_BASE_URL says, a path included.
TEST(Plan, AppendsGroqsSdkPathToAnyGroqBaseAndNeverDoublesIt) {
  auto p = plan({"GROQ_API_KEY=" + kGroq, "GROQ_BASE_URL=https://api.groq.com"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].target, "/openai/v1/models");
  p = plan({"GROQ_API_KEY=" + kGroq, "GROQ_BASE_URL=https://gateway.example/groq/v1"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].target, "/groq/v1/openai/v1/models");
  p = plan({"GROQ_API_KEY=" + kGroq, "GROQ_BASE_URL=https://gateway.example/openai/v1"});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].target, "/openai/v1/models");
}

TEST(Plan, PostsCohereCheckWithoutABody) {
  auto p = plan({"COHERE_API_KEY=" + std::string(40, 'c')});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].host, "api.cohere.com");
  EXPECT_EQ(p[0].method, "POST");
  EXPECT_EQ(p[0].target, "/v1/check-api-key");
}

TEST(Plan, SendsAnthropicAuthTokenAsABearerToken) {
  auto p = plan({"ANTHROPIC_AUTH_TOKEN=sk-ant-oat01-" + std::string(80, 'o')});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].auth_header, "Authorization");
  EXPECT_EQ(p[0].auth_prefix, "Bearer ");
  p = plan({"ANTHROPIC_AUTH_TOKEN=sk-ant-oat01-" + std::string(80, 'o'), "ANTHROPIC_API_KEY=sk-ant-api03-" + std::string(95, 'a')});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].auth_header, "x-api-key");
  EXPECT_EQ(p[0].auth_prefix, "");
}

}  // namespace
}  // namespace keyguard
