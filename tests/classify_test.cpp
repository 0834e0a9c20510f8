// Classification tables: each provider's real answers, from reference/providers.md.
#include "classify.h"

#include <gtest/gtest.h>

namespace keyguard {
namespace {

HttpResponse response(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

struct Case {
  std::string provider;
  int status;
  std::string body;
  Outcome outcome;
  std::string error_code;
};

TEST(Classify, ReadsEachProvidersAnswersItsOwnWay) {
  const Case cases[] = {
      // OpenAI
      {"openai", 200, R"J({"object":"list","data":[{"id":"gpt-4o"}]})J", Outcome::authenticated, ""},
      {"openai", 401,
       R"J({"error":{"message":"Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})J",
       Outcome::rejected, "invalid_api_key"},
      {"openai", 401,
       R"J({"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.","type":"invalid_request_error","param":null,"code":null}})J",
       Outcome::restricted, "invalid_request_error"},
      {"openai", 401,
       R"J({"error":{"message":"OpenAI-Organization header should match organization for API key","type":"invalid_request_error","param":null,"code":"mismatched_organization"}})J",
       Outcome::misconfigured, "mismatched_organization"},
      {"openai", 401, R"J({"error":{"message":"x","type":"invalid_request_error","code":"mismatched_project"}})J",
       Outcome::misconfigured, "mismatched_project"},
      {"openai", 401, R"J({"error":{"message":"x","type":"invalid_request_error","code":"no_organization"}})J",
       Outcome::misconfigured, "no_organization"},
      {"openai", 403,
       R"J({"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}})J",
       Outcome::forbidden, "unsupported_country_region_territory"},
      {"openai", 429,
       R"J({"error":{"message":"Rate limit reached for gpt-4 in organization org-x on tokens per min (TPM)","type":"tokens","param":null,"code":"rate_limit_exceeded"}})J",
       Outcome::rate_limited, "rate_limit_exceeded"},
      {"openai", 429,
       R"J({"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})J",
       Outcome::no_credit, "insufficient_quota"},
      {"openai", 429, R"J({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":null}})J",
       Outcome::no_credit, "insufficient_quota"},
      {"openai", 402, R"J({"error":{"message":"Insufficient Balance","type":"unknown_error","code":"invalid_request_error"}})J",
       Outcome::no_credit, "invalid_request_error"},
      {"openai", 404, R"J({"error":{"message":"Invalid URL (GET /v1/x)","type":"invalid_request_error","code":null}})J",
       Outcome::bad_endpoint, "invalid_request_error"},
      {"openai", 500, R"J({"error":{"message":"The server had an error","type":"server_error"}})J", Outcome::server_error,
       "server_error"},
      {"openai", 503, "<html>Service Unavailable</html>", Outcome::server_error, ""},
      {"openai", 200, "<html><body>Welcome to the hotel wifi</body></html>", Outcome::bad_endpoint, ""},
      {"openai", 200, R"J({"models":[]})J", Outcome::bad_endpoint, ""},
      {"openai", 200, "ok", Outcome::bad_endpoint, ""},
      {"openai", 418, "", Outcome::unexpected, ""},
      // Anthropic
      {"anthropic", 200, R"J({"data":[{"id":"claude"}],"has_more":false,"first_id":"a","last_id":"a"})J",
       Outcome::authenticated, ""},
      {"anthropic", 401,
       R"J({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CXw8h8A796q3f74Ezmhav"})J",
       Outcome::rejected, "authentication_error"},
      {"anthropic", 400,
       R"J({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},"request_id":"req_1"})J",
       Outcome::no_credit, "invalid_request_error"},
      {"anthropic", 400,
       R"J({"type":"error","error":{"type":"invalid_request_error","message":"anthropic-version: header is required"}})J",
       Outcome::unexpected, "invalid_request_error"},
      {"anthropic", 403, R"J({"error":{"type":"forbidden","message":"Request not allowed"}})J", Outcome::forbidden,
       "forbidden"},
      {"anthropic", 403, R"J({"type":"error","error":{"type":"permission_error","message":"no"}})J", Outcome::forbidden,
       "permission_error"},
      {"anthropic", 404, R"J({"type":"error","error":{"type":"not_found_error","message":"Not found"}})J",
       Outcome::bad_endpoint, "not_found_error"},
      {"anthropic", 429, R"J({"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}})J",
       Outcome::rate_limited, "rate_limit_error"},
      {"anthropic", 529, R"J({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})J",
       Outcome::server_error, "overloaded_error"},
      // Azure
      {"azure", 200, R"J({"data":[{"id":"gpt-4o"}],"object":"list"})J", Outcome::authenticated, ""},
      {"azure", 401,
       R"J({"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}})J",
       Outcome::rejected, "401"},
      {"azure", 403, R"J({"error":{"code":"AuthenticationTypeDisabled","message":"Key based authentication is disabled for this resource."}})J",
       Outcome::forbidden, "AuthenticationTypeDisabled"},
      {"azure", 404, R"J({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}})J",
       Outcome::bad_endpoint, "DeploymentNotFound"},
      {"azure", 404, R"J({"error":{"code":"404","message":"Resource not found"}})J", Outcome::bad_endpoint, "404"},
      {"azure", 429, R"J({"error":{"code":"429","message":"Requests have exceeded the call rate limit"}})J",
       Outcome::rate_limited, "429"},
      // Gemini
      {"gemini", 200, R"J({"models":[{"name":"models/gemini"}],"nextPageToken":"x"})J", Outcome::authenticated, ""},
      {"gemini", 400,
       R"J({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}})J",
       Outcome::rejected, "API_KEY_INVALID"},
      {"gemini", 400, R"J({"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}})J",
       Outcome::forbidden, "FAILED_PRECONDITION"},
      {"gemini", 403,
       R"J({"error":{"code":403,"message":"Generative Language API has not been used in project 1 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED"}]}})J",
       Outcome::forbidden, "SERVICE_DISABLED"},
      {"gemini", 403,
       R"J({"error":{"code":403,"message":"Method doesn't allow unregistered callers","status":"PERMISSION_DENIED"}})J",
       Outcome::forbidden, "PERMISSION_DENIED"},
      {"gemini", 429, R"J({"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED"}})J",
       Outcome::rate_limited, "RESOURCE_EXHAUSTED"},
      {"gemini", 429, R"J({"error":{"code":429,"message":"Quota exceeded for metric: x, limit: 0","status":"RESOURCE_EXHAUSTED"}})J",
       Outcome::no_credit, "RESOURCE_EXHAUSTED"},
      {"gemini", 200, R"J({"data":[]})J", Outcome::bad_endpoint, ""},
  };
  for (const Case& c : cases) {
    Classification got = classify_response(*find_provider(c.provider), response(c.status, c.body), "KEY_VAR");
    EXPECT_EQ(outcome_name(got.outcome), outcome_name(c.outcome)) << c.provider << " " << c.status << " " << c.body;
    EXPECT_EQ(got.error_code, c.error_code) << c.provider << " " << c.status << " " << c.body;
    EXPECT_FALSE(got.explanation.empty());
  }
}

TEST(Classify, NeverFollowsARedirect) {
  for (int status : {301, 302, 307, 308}) {
    Classification got = classify_response(*find_provider("openai"),
                                           response(status, "", {{"location", "https://elsewhere.example/v1/models"}}),
                                           "OPENAI_API_KEY");
    EXPECT_EQ(got.outcome, Outcome::bad_endpoint);
    EXPECT_EQ(got.server_message, "redirect to https://elsewhere.example/v1/models");
  }
}

TEST(Classify, TakesTheRequestIdFromEachProvidersHeader) {
  struct IdCase {
    std::string header;
    std::string body;
  } cases[] = {{"x-request-id", "{}"}, {"request-id", "{}"}, {"apim-request-id", "{}"}};
  for (const IdCase& c : cases) {
    Classification got = classify_response(*find_provider("openai"), response(401, c.body, {{c.header, "req_42"}}), "K");
    EXPECT_EQ(got.request_id, "req_42") << c.header;
  }
  Classification got = classify_response(*find_provider("anthropic"),
                                         response(401, R"J({"type":"error","error":{"type":"authentication_error"},"request_id":"req_body"})J"),
                                         "K");
  EXPECT_EQ(got.request_id, "req_body");
}

TEST(Classify, ExplainsARejectedKeyWithTheConsoleAndVariable) {
  Classification got = classify_response(
      *find_provider("openai"), response(401, R"J({"error":{"code":"invalid_api_key","message":"m"}})J"), "OPENAI_API_KEY");
  EXPECT_EQ(got.explanation,
            "OpenAI does not accept this key: it was revoked, rotated, deleted or mistyped; make a new one at "
            "https://platform.openai.com/api-keys and set OPENAI_API_KEY");
}

TEST(Classify, ReadsErrorBodiesOfEveryEnvelope) {
  ErrorBody xai = read_error_body(R"J({"code":"Client specified an invalid argument","error":"Incorrect API key provided"})J");
  EXPECT_EQ(xai.message, "Incorrect API key provided");
  EXPECT_EQ(xai.code, "Client specified an invalid argument");
  ErrorBody mistral = read_error_body(R"J({"message":"Unauthorized","request_id":"abc"})J");
  EXPECT_EQ(mistral.message, "Unauthorized");
  EXPECT_EQ(mistral.request_id, "abc");
  ErrorBody google = read_error_body(
      R"J({"error":{"code":403,"status":"PERMISSION_DENIED","details":[{"reason":"A"},{"x":1},{"reason":"B"}]}})J");
  EXPECT_EQ(google.code, "403");
  EXPECT_EQ(google.reasons, "A B");
  EXPECT_FALSE(read_error_body("not json").json);
  EXPECT_FALSE(read_error_body("[1,2]").json);
  EXPECT_FALSE(read_error_body(R"J({"error":)J").json);
}

TEST(Classify, AcceptsASuccessBodyCutAtTheCap) {
  HttpResponse r = response(200, R"J({"object":"list","data":[{"id":"a"},{"id":"b)J");
  r.body_truncated = true;
  EXPECT_EQ(classify_response(*find_provider("openai"), r, "K").outcome, Outcome::authenticated);
  r.body = "<html><body>" + std::string(100, 'x');
  EXPECT_EQ(classify_response(*find_provider("openai"), r, "K").outcome, Outcome::bad_endpoint);
}

}  // namespace
}  // namespace keyguard
