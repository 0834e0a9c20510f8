// The whole pipeline through its probe-runner seam: what each answer, and each model answer,
// becomes in the report and the exit code (docs/models.md, docs/report.md). A stand-in answers
// for the network; nothing is sent.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <thread>

#include "check.h"
#include "report.h"

namespace keyguard {
namespace {

const std::string kOpenAi = "sk-proj-" + std::string(148, 'P') + "Tail1234";
const std::string kTogether = "tgp_v1_" + std::string(43, 'T');

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

ProbeResult answered(int status, std::string body) {
  ProbeResult result;
  result.answered = true;
  result.response = answer(status, std::move(body));
  return result;
}

ProbeResult stalled() {
  ProbeResult result;
  result.failure = timed_out(Phase::response);
  return result;
}

constexpr const char* kOpenAiList =
    R"J({"object":"list","data":[{"id":"gpt-4o-mini"},{"id":"gpt-4o"},{"id":"o1-mini"},{"id":"text-embedding-3-small"}]})J";
constexpr const char* kMissing =
    R"J({"error":{"message":"The model `gpt-4o-mni` does not exist or you do not have access to it.","type":"invalid_request_error","param":"model","code":"model_not_found"}})J";

/// Runs the checks with OPTIONS over ENV; the stand-in answers each request with FIRST and
/// each follow target with what FOLLOWS maps it to (a stall when it is not there). Every
/// target asked is recorded.
struct Pipeline {
  CheckResult result;
  std::vector<std::string> targets;
  std::vector<std::vector<std::string>> follow_targets;
};
Pipeline run(Options options, std::vector<std::string> env, ProbeResult first, std::map<std::string, ProbeResult> follows,
             std::chrono::milliseconds answer_after = {}) {
  Pipeline out;
  ProbeRunner stand_in = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
    std::this_thread::sleep_for(answer_after);
    std::vector<ProbeResult> results;
    for (const ProbeRequest& request : requests) {
      out.targets.push_back(request.target);
      out.follow_targets.push_back(request.follow_targets);
      ProbeResult result = first;
      if (result.answered && result.response.status / 100 == 2)
        for (const std::string& target : request.follow_targets)
          result.follows.push_back(follows.count(target) ? follows[target] : stalled());
      results.push_back(std::move(result));
    }
    return results;
  };
  std::vector<std::string_view> entries(env.begin(), env.end());
  out.result = run_checks(options, Environment(entries), stand_in);
  return out;
}

Options with_models(std::vector<std::pair<std::string, std::string>> models, bool strict = false) {
  Options options;
  options.models = std::move(models);
  options.strict = strict;
  return options;
}

TEST(Check, AsksEachModelOnItsRouteAfterTheKeysProbe) {
  Pipeline r = run(with_models({{"openai", "gpt-4o-mini"}, {"openai", "my org/model x"}}), {"OPENAI_API_KEY=" + kOpenAi},
              answered(200, kOpenAiList),
              {{"/v1/models/gpt-4o-mini", answered(200, R"J({"id":"gpt-4o-mini","object":"model"})J")},
               {"/v1/models/my%20org%2Fmodel%20x", answered(200, R"J({"id":"my org/model x","object":"model"})J")}});
  ASSERT_EQ(r.targets, std::vector<std::string>{"/v1/models"});
  EXPECT_EQ(r.follow_targets[0], (std::vector<std::string>{"/v1/models/gpt-4o-mini", "/v1/models/my%20org%2Fmodel%20x"}));
  ASSERT_EQ(r.result.reports.size(), 1u);
  const ProviderReport& report = r.result.reports[0];
  EXPECT_EQ(report.outcome, Outcome::authenticated);
  ASSERT_EQ(report.models.size(), 2u);
  EXPECT_EQ(report.models[0].outcome, Outcome::available);
  EXPECT_EQ(report.models[1].outcome, Outcome::available);
  EXPECT_EQ(status_of(r.result.exit_code), 0);
}

TEST(Check, CallsAModelThatIsNotThereUnavailableAndSuggestsCloseIds) {
  Pipeline r = run(with_models({{"openai", "gpt-4o-mni"}}), {"OPENAI_API_KEY=" + kOpenAi}, answered(200, kOpenAiList),
              {{"/v1/models/gpt-4o-mni", answered(404, kMissing)}});
  const ProviderReport& report = r.result.reports[0];
  ASSERT_EQ(report.models.size(), 1u);
  const ModelReport& model = report.models[0];
  EXPECT_EQ(model.outcome, Outcome::model_unavailable);
  EXPECT_EQ(model.verdict, Verdict::fail);
  EXPECT_EQ(model.http_status, 404);
  EXPECT_EQ(model.error_code, "model_not_found");
  EXPECT_EQ(model.message,
            "OpenAI has no model gpt-4o-mni that OPENAI_API_KEY may use (OpenAI said: \"The model `gpt-4o-mni` does not "
            "exist or you do not have access to it.\"); did you mean gpt-4o-mini or gpt-4o?");
  EXPECT_EQ(report.outcome, Outcome::authenticated) << "the key's outcome stays the key's";
  EXPECT_EQ(report.key_verdict, Verdict::pass);
  EXPECT_EQ(report.verdict, Verdict::fail);
  EXPECT_EQ(status_of(r.result.exit_code), 77);
  std::string text = text_report(r.result);
  EXPECT_NE(text.find("keyguard: openai: OPENAI_API_KEY"), std::string::npos) << text;
  EXPECT_NE(text.find("\nkeyguard: error: openai: model gpt-4o-mni: model_unavailable (HTTP 404, model_not_found): "),
            std::string::npos)
      << text;
}

TEST(Check, CallsAModelTheProjectMayNotUseUnavailable) {
  Pipeline r = run(with_models({{"openai", "o1-pro"}}), {"OPENAI_API_KEY=" + kOpenAi}, answered(200, kOpenAiList),
              {{"/v1/models/o1-pro",
                answered(403, R"J({"error":{"message":"Project `proj_abc` does not have access to model `o1-pro`","type":"invalid_request_error","param":null,"code":"model_not_found"}})J")}});
  EXPECT_EQ(r.result.reports[0].models[0].outcome, Outcome::model_unavailable);
  EXPECT_EQ(status_of(r.result.exit_code), 77);
}

TEST(Check, CallsAModelCheckWithoutAClearAnswerIndeterminate) {
  for (bool strict : {false, true}) {
    Pipeline r = run(with_models({{"openai", "gpt-4o"}, {"openai", "o1-mini"}}, strict), {"OPENAI_API_KEY=" + kOpenAi},
                answered(200, kOpenAiList),
                {{"/v1/models/gpt-4o", answered(500, R"J({"error":{"message":"boom","type":"server_error"}})J")}});
    const ProviderReport& report = r.result.reports[0];
    EXPECT_EQ(report.models[0].outcome, Outcome::server_error);
    EXPECT_EQ(report.models[1].outcome, Outcome::timeout);
    EXPECT_EQ(report.models[1].message,
              "the check of model o1-mini got no answer: no answer from api.openai.com within 5000 ms (stalled in response)");
    EXPECT_EQ(status_of(r.result.exit_code), strict ? 69 : 0);
  }
}

TEST(Check, DoesNotAskAboutModelsForARejectedKey) {
  Pipeline r = run(with_models({{"openai", "gpt-4o"}}), {"OPENAI_API_KEY=" + kOpenAi},
              answered(401, R"J({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})J"), {});
  const ProviderReport& report = r.result.reports[0];
  EXPECT_EQ(report.outcome, Outcome::rejected);
  ASSERT_EQ(report.models.size(), 1u);
  EXPECT_EQ(report.models[0].outcome, Outcome::unchecked);
  EXPECT_EQ(status_of(r.result.exit_code), 77);
  std::string text = text_report(r.result);
  EXPECT_EQ(text.find("model gpt-4o"), std::string::npos) << "the key's own line says it all: " << text;
}

TEST(Check, LooksAModelUpInTheProbesOwnList) {
  std::string list = R"J([{"id":"meta-llama/Llama-3.3-70B-Instruct-Turbo"},{"id":"Qwen/Qwen2.5-72B-Instruct-Turbo"}])J";
  Pipeline r = run(with_models({{"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"}, {"together", "meta-llama/Llama-3.3-70B-Instruct"}}),
              {"TOGETHER_API_KEY=" + kTogether}, answered(200, list), {});
  EXPECT_TRUE(r.follow_targets[0].empty()) << "no request beyond the probe";
  const ProviderReport& report = r.result.reports[0];
  EXPECT_EQ(report.models[0].outcome, Outcome::available);
  EXPECT_EQ(report.models[1].outcome, Outcome::model_unavailable);
  EXPECT_NE(report.models[1].message.find("did you mean meta-llama/Llama-3.3-70B-Instruct-Turbo?"), std::string::npos)
      << report.models[1].message;
}

TEST(Check, SuggestsCloseIdsForAtMostEightModelsOfARun) {
  std::string list = R"J([{"id":"meta-llama/Llama-3.3-70B-Instruct-Turbo"}])J";
  std::vector<std::pair<std::string, std::string>> models;
  for (int i = 0; i < 10; ++i) models.emplace_back("together", "meta-llama/Llama-3.3-70B-Instruct-Turb" + std::to_string(i));
  Pipeline r = run(with_models(models), {"TOGETHER_API_KEY=" + kTogether}, answered(200, list), {});
  const ProviderReport& report = r.result.reports[0];
  ASSERT_EQ(report.models.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(report.models[i].outcome, Outcome::model_unavailable);
    EXPECT_EQ(report.models[i].message.find("did you mean") != std::string::npos, i < 8) << i << ": " << report.models[i].message;
  }
}

TEST(Check, SuggestsNoCloseIdOnceTheDeadlineHasPassed) {
  std::string list = R"J([{"id":"meta-llama/Llama-3.3-70B-Instruct-Turbo"}])J";
  Options options = with_models({{"together", "meta-llama/Llama-3.3-70B-Instruct-Turb"}});
  options.timeout_ms = 1;
  // The answer comes after the deadline (as one read to its last millisecond would).
  Pipeline r = run(options, {"TOGETHER_API_KEY=" + kTogether}, answered(200, list), {}, std::chrono::milliseconds(20));
  const ModelReport& model = r.result.reports[0].models[0];
  EXPECT_EQ(model.outcome, Outcome::model_unavailable);
  EXPECT_EQ(model.message.find("did you mean"), std::string::npos) << model.message;
}

TEST(Check, LooksAModelUpInOneListRequestWhereTheProbeIsNoList) {
  Pipeline r = run(with_models({{"deepseek", "deepseek-chat"}, {"deepseek", "deepseek-chatt"}}),
              {"DEEPSEEK_API_KEY=sk-" + std::string(32, 'd')}, answered(200, R"J({"is_available":true,"balance_infos":[]})J"),
              {{"/models", answered(200, R"J({"object":"list","data":[{"id":"deepseek-chat"},{"id":"deepseek-reasoner"}]})J")}});
  EXPECT_EQ(r.follow_targets[0], std::vector<std::string>{"/models"});
  const ProviderReport& report = r.result.reports[0];
  EXPECT_EQ(report.models[0].outcome, Outcome::available);
  EXPECT_EQ(report.models[1].outcome, Outcome::model_unavailable);
  EXPECT_NE(report.models[1].message.find("did you mean deepseek-chat?"), std::string::npos) << report.models[1].message;
}

TEST(Check, LeavesAnAzureDeploymentUncheckedAndSaysWhyEvenUnderStrict) {
  Pipeline r = run(with_models({{"azure", "my-gpt4o"}}, true),
              {"AZURE_OPENAI_API_KEY=00112233445566778899aabbccddeeff", "AZURE_OPENAI_ENDPOINT=https://c.openai.azure.com"},
              answered(200, R"J({"data":[],"object":"list"})J"), {});
  const ProviderReport& report = r.result.reports[0];
  EXPECT_TRUE(r.follow_targets[0].empty());
  EXPECT_EQ(report.models[0].outcome, Outcome::unchecked);
  EXPECT_EQ(report.models[0].verdict, Verdict::warn);
  EXPECT_NE(report.models[0].message.find("not checked: an Azure model is a deployment name"), std::string::npos);
  EXPECT_EQ(status_of(r.result.exit_code), 0);
  EXPECT_NE(text_report(r.result).find("keyguard: warning: azure: model my-gpt4o: unchecked: "), std::string::npos);
}

TEST(Check, ChecksAProviderNamedOnlyInModelAsIfRequired) {
  Pipeline r = run(with_models({{"groq", "llama-3.3-70b-versatile"}}), {"OPENAI_API_KEY=" + kOpenAi}, answered(200, kOpenAiList), {});
  ASSERT_EQ(r.result.reports.size(), 2u) << "it adds groq and keeps openai";
  EXPECT_EQ(r.result.reports[0].provider->name, "openai");
  EXPECT_EQ(r.result.reports[1].provider->name, "groq");
  EXPECT_EQ(r.result.reports[1].outcome, Outcome::misconfigured);
  EXPECT_EQ(status_of(r.result.exit_code), 78);
}

TEST(Check, WritesEveryModelInTheJsonReport) {
  Pipeline r = run(with_models({{"openai", "gpt-4o-mni"}}), {"OPENAI_API_KEY=" + kOpenAi}, answered(200, kOpenAiList),
              {{"/v1/models/gpt-4o-mni", answered(404, kMissing)}});
  boost::json::value root = boost::json::parse(json_report(r.result));
  const auto& entry = root.at("providers").at(0);
  EXPECT_EQ(entry.at("outcome").as_string(), "authenticated");
  EXPECT_EQ(entry.at("verdict").as_string(), "fail");
  const auto& model = entry.at("models").at(0);
  EXPECT_EQ(model.at("model").as_string(), "gpt-4o-mni");
  EXPECT_EQ(model.at("outcome").as_string(), "model_unavailable");
  EXPECT_EQ(model.at("verdict").as_string(), "fail");
  EXPECT_EQ(model.at("http_status").as_int64(), 404);
  EXPECT_EQ(model.at("error_code").as_string(), "model_not_found");
  EXPECT_EQ(root.at("exit_code").as_int64(), 77);
}

TEST(Check, SpellsOutTransportFailuresOnceWithTheirPhaseAndFix) {
  struct Case {
    Outcome failure;
    Phase phase;
    std::string error;
    std::string message;
  } cases[] = {
      {Outcome::unreachable, Phase::connect, "connection refused",
       "connect to api.openai.com failed: connection refused; check DNS, the network path and the base URL"},
      {Outcome::timeout, Phase::tls, "", "no answer from api.openai.com within 5000 ms (stalled in tls)"},
      {Outcome::tls_error, Phase::tls, "the certificate has expired", "tls to api.openai.com failed: the certificate has expired"},
  };
  for (const Case& c : cases) {
    ProbeResult failed;
    failed.failure = {c.failure, c.phase, c.error};
    Pipeline r = run(Options(), {"OPENAI_API_KEY=" + kOpenAi}, failed, {});
    EXPECT_EQ(r.result.reports[0].message, c.message);
  }
}

}  // namespace
}  // namespace keyguard
