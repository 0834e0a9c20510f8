// Benchmarks of classification: each provider's real answers, from a small error body to a
// model list at the 256 KiB body cap.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "classify.h"
#include "http.h"

namespace {

/// One provider's answer: what classify_response reads.
struct AnswerCase {
  const char* name;
  const char* provider;
  int status;
  std::string body;
};

/// An OpenAI model list of exactly SIZE bytes, as large gateways (hundreds of models) send.
std::string model_list_of(std::size_t size) {
  std::string body = R"({"object":"list","data":[)";
  const std::string tail = "]}";
  for (int i = 0;; ++i) {
    std::string entry = std::string(i ? "," : "") + R"({"id":"model-)" + std::to_string(100000 + i) +
                        R"(","object":"model","created":1686935002,"owned_by":"system"})";
    if (body.size() + entry.size() + tail.size() > size) break;
    body += entry;
  }
  body += tail;
  // Pad inside the last string so that the body stays valid JSON and exactly SIZE bytes.
  body.insert(body.size() - tail.size() - 2, size - body.size(), 'x');
  return body;
}

std::vector<AnswerCase> answer_cases() {
  return {
      // The bad-key answer of each provider, as it really sends it (tests/fake_provider.cpp).
      {"openai_rejected", "openai", 401,
       R"({"error":{"message":"Incorrect API key provided: sk-VKMIs***…wjh3. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"},
      {"anthropic_rejected", "anthropic", 401,
       R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_test123"})"},
      {"azure_rejected", "azure", 401,
       R"({"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}})"},
      {"gemini_rejected", "gemini", 400,
       R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},{"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US","message":"API key not valid. Please pass a valid API key."}]}})"},
      // Answers that walk further down a provider's rules.
      {"openai_no_credit", "openai", 429,
       R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})"},
      {"anthropic_no_credit", "anthropic", 400,
       R"({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},"request_id":"req_test123"})"},
      {"gemini_service_disabled", "gemini", 403,
       R"({"error":{"code":403,"message":"Generative Language API has not been used in project 123456789 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com","consumer":"projects/123456789"}}]}})"},
      // Each provider's success shape.
      {"openai_authenticated", "openai", 200, R"({"object":"list","data":[{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"}]})"},
      {"anthropic_authenticated", "anthropic", 200,
       R"({"data":[{"id":"claude-x","type":"model"}],"has_more":false,"first_id":"claude-x","last_id":"claude-x"})"},
      {"gemini_authenticated", "gemini", 200, R"({"models":[{"name":"models/gemini-2.0-flash"}],"nextPageToken":"x"})"},
      // A model list at the body cap: the most JSON keyguard ever parses.
      {"openai_authenticated_256KiB", "openai", 200, model_list_of(keyguard::kMaxBodyBytes)},
  };
}

void BM_ClassifyResponse(benchmark::State& state, const AnswerCase& c) {
  const keyguard::Provider& provider = *keyguard::find_provider(c.provider);
  keyguard::HttpResponse response;
  response.status = c.status;
  response.headers = {{"content-type", "application/json"}, {"x-request-id", "req_test123"}};
  response.body = c.body;
  if (keyguard::classify_response(provider, response, "KEY_VAR").explanation.empty()) {
    state.SkipWithError("classify_response gave no explanation");
    return;
  }
  for (auto _ : state) {
    keyguard::Classification got = keyguard::classify_response(provider, response, "KEY_VAR");
    benchmark::DoNotOptimize(got.outcome);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c.body.size()));
}

const bool kRegistered = [] {
  for (const AnswerCase& c : answer_cases())
    benchmark::RegisterBenchmark((std::string("BM_ClassifyResponse/") + c.name).c_str(), BM_ClassifyResponse, c);
  return true;
}();

}  // namespace
