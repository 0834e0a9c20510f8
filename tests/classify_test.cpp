// Classification tables: each provider's documented answers.
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
      // Groq
      {"groq", 200, R"J({"object":"list","data":[{"id":"llama-3.1-8b-instant"}]})J", Outcome::authenticated, ""},
      {"groq", 401, R"J({"error":{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"}})J",
       Outcome::rejected, "invalid_api_key"},
      {"groq", 400,
       R"J({"error":{"message":"Organization has been restricted. Please reach out to support if you believe this was in error.","type":"invalid_request_error","code":"organization_restricted"}})J",
       Outcome::forbidden, "organization_restricted"},
      {"groq", 429,
       R"J({"error":{"message":"Rate limit reached for model `llama3-70b-8192` in organization `org_01` on tokens per minute (TPM): Limit 7000, Used 0, Requested ~12903.","type":"tokens","code":"rate_limit_exceeded"}})J",
       Outcome::rate_limited, "rate_limit_exceeded"},
      {"groq", 429,
       R"J({"error":{"message":"Rate limit reached for model `x` in organization `org_01` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 97050. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing","type":"tokens","code":"rate_limit_exceeded"}})J",
       Outcome::no_credit, "rate_limit_exceeded"},
      // Mistral: three shapes of the bad-key answer; a 429 stays a rate limit
      {"mistral", 401, R"J({"detail":"Unauthorized"})J", Outcome::rejected, ""},
      {"mistral", 401, R"J({"message":"Unauthorized","request_id":"c61f2f15feca71626a990e3740f99245"})J", Outcome::rejected, ""},
      {"mistral", 429, R"J({"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300"})J",
       Outcome::rate_limited, "rate_limited"},
      {"mistral", 404, R"J({"message":"no Route matched with those values","request_id":"x"})J", Outcome::bad_endpoint, ""},
      // DeepSeek
      {"deepseek", 200, R"J({"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"110.00"}]})J",
       Outcome::authenticated, ""},
      {"deepseek", 200, R"J({"is_available":false,"balance_infos":[]})J", Outcome::no_credit, ""},
      {"deepseek", 401,
       R"J({"error":{"message":"Authentication Fails, Your api key: ****fcc2 is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}})J",
       Outcome::rejected, "invalid_request_error"},
      {"deepseek", 402, R"J({"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}})J",
       Outcome::no_credit, "invalid_request_error"},
      {"deepseek", 200, R"J({"data":[]})J", Outcome::bad_endpoint, ""},
      // OpenRouter
      {"openrouter", 200, R"J({"data":{"label":"sk-or-v1-abc...","usage":1.5,"limit":10,"limit_remaining":8.5,"is_free_tier":false}})J",
       Outcome::authenticated, ""},
      {"openrouter", 200, R"J({"data":{"label":"x","limit":null,"limit_remaining":null}})J", Outcome::authenticated, ""},
      {"openrouter", 200, R"J({"data":{"label":"x","limit":10,"limit_remaining":0}})J", Outcome::no_credit, ""},
      {"openrouter", 401, R"J({"error":{"message":"User not found.","code":401}})J", Outcome::rejected, "401"},
      {"openrouter", 402,
       R"J({"error":{"message":"Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits","code":402}})J",
       Outcome::no_credit, "402"},
      {"openrouter", 200, R"J({"object":"list","data":[]})J", Outcome::bad_endpoint, ""},
      {"openrouter", 200, R"J({"data":{}})J", Outcome::bad_endpoint, ""},
      // xAI
      {"xai", 200,
       R"J({"redacted_api_key":"xai-...b14o","team_id":"t","acls":["api-key:model:*"],"api_key_id":"k","team_blocked":false,"api_key_blocked":false,"api_key_disabled":false})J",
       Outcome::authenticated, ""},
      {"xai", 200, R"J({"api_key_id":"k","team_blocked":false,"api_key_blocked":true,"api_key_disabled":false})J", Outcome::forbidden, ""},
      {"xai", 200, R"J({"api_key_id":"k","team_blocked":true})J", Outcome::forbidden, ""},
      {"xai", 400,
       R"J({"code":"Client specified an invalid argument","error":"Incorrect API key provided: xa***ys. You can obtain an API key from https://console.x.ai."})J",
       Outcome::rejected, "Client specified an invalid argument"},
      {"xai", 403,
       R"J({"code":"The caller does not have permission to execute the specified operation","error":"Your team 5ea6 has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit."})J",
       Outcome::no_credit, "The caller does not have permission to execute the specified operation"},
      {"xai", 429, R"J({"code":"Some resource has been exhausted","error":"Your team 5ea6 has either used all available credits or reached its monthly spending limit."})J",
       Outcome::no_credit, "Some resource has been exhausted"},
      {"xai", 429, R"J({"code":"Some resource has been exhausted","error":"Too many tokens for team 5ea6 and model grok-4-0709."})J",
       Outcome::rate_limited, "Some resource has been exhausted"},
      // Together: a bare array
      {"together", 200, R"J([{"id":"meta-llama/Llama-3-8b-chat-hf","object":"model"}])J", Outcome::authenticated, ""},
      {"together", 401,
       R"J({"error":{"message":"Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})J",
       Outcome::rejected, "invalid_api_key"},
      {"together", 200, R"J({"data":[]})J", Outcome::bad_endpoint, ""},
      // Fireworks: a listing error and a Fire Pass key are no bad key
      {"fireworks", 200, R"J({"object":"list","data":[{"id":"accounts/fireworks/models/llama"}]})J", Outcome::authenticated, ""},
      {"fireworks", 500, R"J({"error":{"object":"error","type":"internal_server_error","message":"Error listing deployed models"}})J",
       Outcome::server_error, "internal_server_error"},
      {"fireworks", 403, R"J({"error":{"code":"FORBIDDEN","message":"Fire Pass API keys are not authorized for this route."}})J",
       Outcome::restricted, "FORBIDDEN"},
      {"fireworks", 401, R"J({"error":{"object":"error","type":"invalid_request_error","code":"UNAUTHORIZED","message":"unauthorized"}})J",
       Outcome::rejected, "UNAUTHORIZED"},
      {"fireworks", 412, R"J({"error":{"message":"Account is suspended"}})J", Outcome::forbidden, ""},
      // Perplexity: its 401 is openresty's HTML
      {"perplexity", 200, R"J({"object":"list","data":[{"id":"sonar"}]})J", Outcome::authenticated, ""},
      {"perplexity", 401,
       "<html>\n<head><title>401 Authorization Required</title></head>\n<body>\n<center><h1>401 Authorization Required</h1></center>\n<hr><center>openresty/1.27.4</center>",
       Outcome::rejected, ""},
      {"perplexity", 404, "<html>404</html>", Outcome::bad_endpoint, ""},
      // Cerebras: unconfirmed bodies are read by status
      {"cerebras", 200, R"J({"object":"list","data":[{"id":"llama3.1-8b"}]})J", Outcome::authenticated, ""},
      {"cerebras", 401, R"J({"message":"Wrong API Key","type":"invalid_request_error","param":"api_key","code":"wrong_api_key"})J",
       Outcome::rejected, "wrong_api_key"},
      {"cerebras", 418, "", Outcome::unexpected, ""},
      // Cohere
      {"cohere", 200, R"J({"valid":true,"organization_id":"o","owner_id":"u"})J", Outcome::authenticated, ""},
      {"cohere", 200, R"J({"valid":false})J", Outcome::rejected, ""},
      {"cohere", 401, R"J({"message":"invalid api token"})J", Outcome::rejected, ""},
      {"cohere", 402, R"J({"message":"Please add or update your payment method"})J", Outcome::no_credit, ""},
      {"cohere", 403, "<html>Request blocked</html>", Outcome::unexpected, ""},  // a firewall: nothing said of the key
      // Hugging Face
      {"huggingface", 200, R"J({"type":"user","name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t","role":"read"}}})J",
       Outcome::authenticated, ""},
      {"huggingface", 200,
       R"J({"type":"user","name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t","role":"fineGrained","fineGrained":{"global":["discussion.write"],"scoped":[{"entity":{"type":"user","name":"alice"},"permissions":["repo.content.read"]}]}}}})J",
       Outcome::restricted, ""},
      {"huggingface", 200,
       R"J({"type":"user","name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t","role":"fineGrained","fineGrained":{"global":[],"scoped":[{"entity":{"type":"user","name":"alice"},"permissions":["inference.serverless.write"]}]}}}})J",
       Outcome::authenticated, ""},
      {"huggingface", 401, R"J({"error":"Invalid credentials in Authorization header"})J", Outcome::rejected, ""},
      // Bedrock
      {"bedrock", 200, R"J({"modelSummaries":[{"modelId":"anthropic.claude-3-haiku-20240307-v1:0"}]})J", Outcome::authenticated, ""},
      {"bedrock", 403, R"J({"Message":"Authentication failed: Please make sure your API Key is valid."})J", Outcome::rejected, ""},
      {"bedrock", 403,
       R"J({"Message":"User: arn:aws:iam::123456789012:user/app is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action"})J",
       Outcome::restricted, ""},
      {"bedrock", 403, R"J({"message":"The security token included in the request is invalid."})J", Outcome::rejected, ""},
      {"bedrock", 403,
       R"J({"Message":"User: arn:aws:iam::123456789012:user/app is not authorized to perform: bedrock:CallWithBearerToken on resource: *"})J",
       Outcome::forbidden, ""},
      // xAI's credit text in a plain-text body still speaks
      {"xai", 429, "Your team 5ea6 has either used all available credits or reached its monthly spending limit.",
       Outcome::no_credit, ""},
      {"bedrock", 403, R"J({"Message":"something else"})J", Outcome::forbidden, ""},
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

TEST(Classify, TakesTheRequestIdFromTheHeadersItsRowNames) {
  struct IdCase {
    std::string provider;
    std::string header;
    bool read;
  } cases[] = {{"openai", "x-request-id", true},     {"anthropic", "request-id", true},
               {"azure", "apim-request-id", true},   {"bedrock", "x-amzn-requestid", true},
               {"openai", "apim-request-id", false}, {"bedrock", "x-request-id", false}};
  for (const IdCase& c : cases) {
    Classification got = classify_response(*find_provider(c.provider), response(401, "{}", {{c.header, "req_42"}}), "K");
    EXPECT_EQ(got.request_id, c.read ? "req_42" : "") << c.provider << " " << c.header;
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
  const Provider& openai = *find_provider("openai");
  Classification xai = classify_response(
      *find_provider("xai"), response(400, R"J({"code":"Client specified an invalid argument","error":"Incorrect API key provided"})J"), "K");
  EXPECT_EQ(xai.server_message, "Incorrect API key provided");
  EXPECT_EQ(xai.error_code, "Client specified an invalid argument");
  Classification mistral = classify_response(openai, response(401, R"J({"message":"Unauthorized","request_id":"abc"})J"), "K");
  EXPECT_EQ(mistral.server_message, "Unauthorized");
  EXPECT_EQ(mistral.request_id, "abc");
  Classification detail = classify_response(openai, response(401, R"J({"detail":"Invalid API Key"})J"), "K");
  EXPECT_EQ(detail.server_message, "Invalid API Key");
  Classification bedrock = classify_response(openai, response(403, R"J({"Message":"Authentication failed"})J"), "K");
  EXPECT_EQ(bedrock.server_message, "Authentication failed");
  // A reason beats a word code, and a word beats a number; the first reason speaks.
  Classification google = classify_response(
      openai, response(403, R"J({"error":{"code":403,"status":"PERMISSION_DENIED","details":[{"reason":"A"},{"x":1},{"reason":"B"}]}})J"), "K");
  EXPECT_EQ(google.error_code, "A");
  Classification numeric = classify_response(openai, response(401, R"J({"error":{"code":"401","message":"no"}})J"), "K");
  EXPECT_EQ(numeric.error_code, "401");
  Classification worded = classify_response(openai, response(429, R"J({"error":{"code":"1300","type":"rate_limited"}})J"), "K");
  EXPECT_EQ(worded.error_code, "rate_limited") << "Mistral's new envelope: a string code of digits says less";
  EXPECT_FALSE(is_json_object("not json"));
  EXPECT_FALSE(is_json_object("[1,2]"));
  EXPECT_FALSE(is_json_object(R"J({"error":)J"));
  EXPECT_TRUE(is_json_object(R"J({"error":{}})J"));
}

TEST(Classify, TestsAJsonPointerAsTheRowSays) {
  struct PointerCase {
    std::string body;
    Condition condition;
    bool meets;
  };
  const PointerCase cases[] = {
      {R"J({"data":[]})J", {"/data", Holds::array}, true},
      {R"J({"data":{}})J", {"/data", Holds::array}, false},
      {R"J([{"id":"m"}])J", {"", Holds::array}, true},
      {R"J({"data":{"label":"x"}})J", {"/data", Holds::object}, true},
      {R"J({"is_available":false})J", {"/is_available", Holds::is_false}, true},
      {R"J({"is_available":"false"})J", {"/is_available", Holds::is_false}, false},
      {R"J({"valid":true})J", {"/valid", Holds::is_true}, true},
      {R"J({"data":{"limit_remaining":0}})J", {"/data/limit_remaining", Holds::at_most_zero}, true},
      {R"J({"data":{"limit_remaining":-0.5}})J", {"/data/limit_remaining", Holds::at_most_zero}, true},
      {R"J({"data":{"limit_remaining":null}})J", {"/data/limit_remaining", Holds::at_most_zero}, false},
      {R"J({"data":{"limit_remaining":3.2}})J", {"/data/limit_remaining", Holds::at_most_zero}, false},
      {R"J({"error":{"details":[{"x":1},{"reason":"API_KEY_INVALID"}]}})J", {"/error/details/*/reason", Holds::equals, "API_KEY_INVALID"}, true},
      {R"J({"error":{"details":[{"reason":"OTHER"}]}})J", {"/error/details/*/reason", Holds::equals, "API_KEY_INVALID"}, false},
      {R"J({"error":{"details":[{"reason":"X"}]}})J", {"/error/details/0/reason", Holds::equals, "X"}, true},
      {R"J({"a/b":{"c~d":"v"}})J", {"/a~1b/c~0d", Holds::equals, "v"}, true},
      {R"J({"m":"used all available credits"})J", {"/m", Holds::contains, "all available"}, true},
      {R"J({"t":{"fineGrained":{"scoped":[{"permissions":["repo.read"]}]}}})J", {"/t/fineGrained", Holds::lacks, "inference.serverless.write"}, true},
      {R"J({"t":{"fineGrained":{"global":["inference.serverless.write"]}}})J", {"/t/fineGrained", Holds::lacks, "inference.serverless.write"}, false},
      {R"J({"t":{}})J", {"/t/fineGrained", Holds::lacks, "inference.serverless.write"}, true},
      {R"J({"x":null})J", {"/x", Holds::present}, true},
      {R"J({"x":null})J", {"/y", Holds::present}, false},
      {"not json", {"", Holds::present}, false},
      {"not json", {"/t", Holds::lacks, "x"}, false},
  };
  for (const PointerCase& c : cases)
    EXPECT_EQ(body_meets(c.body, c.condition), c.meets) << c.body << " at " << c.condition.at;
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
