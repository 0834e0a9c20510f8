// The provider fixtures: each provider's request and real answers, from its documentation.
// Bodies are the ones the providers document or were seen to send; where a body is unconfirmed, the fixture
// uses an OpenAI-style envelope and says so. Request ids are made up; keys are repeated letters.
#include "provider_fixtures.h"

namespace keyguard::testing {
namespace {

FixtureKeyVar bearer(std::string name) { return {std::move(name), "authorization", "Bearer "}; }
FixtureKeyVar header(std::string name, std::string lower_header) { return {std::move(name), std::move(lower_header), ""}; }

FixtureCase success(std::string body) {
  return {"valid", {200, std::move(body)}, "authenticated", 0, "its success answer"};
}

FixtureCase bad_key(int status, std::string body, std::string content_type = "application/json") {
  return {"revoked", {status, std::move(body), std::move(content_type)}, "rejected", 77, "its bad-key answer"};
}

FixtureCase no_credit(int status, std::string body) {
  return {"quota", {status, std::move(body)}, "no_credit", 77, "its no-credit answer"};
}

FixtureCase quirk(std::string scenario, int status, std::string body, std::string outcome, int exit_code,
                  std::string what, std::string says = "") {
  return {std::move(scenario), {status, std::move(body)}, std::move(outcome), exit_code, std::move(what), std::move(says)};
}

/// A Bedrock long-term key: ABSK + base64 of "BedrockAPIKey-<4>-at-<account>:<secret>".
std::string bedrock_long_term_key() {
  return "ABSK" + base64_encode("BedrockAPIKey-Abcd-at-123456789012:" + std::string(43, 'S') + "=");
}

std::vector<ProviderFixture> make_fixtures() {
  std::vector<ProviderFixture> all;

  {
    ProviderFixture f;
    f.name = "openai";
    f.key = "sk-proj-" + std::string(148, 'P') + "Tail1234";  // 164 characters, as sk-proj- keys are
    f.key_vars = {bearer("OPENAI_API_KEY")};
    f.base_var = "OPENAI_BASE_URL";
    f.base_suffix = "/v1";
    f.distinctive_prefix = "sk-proj-";
    f.target = "/v1/models";
    f.answer_headers = {{"x-request-id", "req_5f2c6b0e8a1d4c3b9e7f6a5d4c3b2a19"}};
    f.request_id = "req_5f2c6b0e8a1d4c3b9e7f6a5d4c3b2a19";
    f.success = success(
        R"({"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},{"id":"text-embedding-3-small","object":"model","created":1705948997,"owned_by":"system"}]})");
    f.bad_key = bad_key(401, R"({"error":{"message":"Incorrect API key provided: sk-proj-***************************************Tail. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
    f.no_credit = no_credit(429, R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})");
    f.quirks = {
        quirk("missing_scopes", 401,
              R"({"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.","type":"invalid_request_error","param":null,"code":null}})",
              "restricted", 0, "a restricted key that may not list models"),
        quirk("mismatched_organization", 401,
              R"({"error":{"message":"OpenAI-Organization header should match organization for API key","type":"invalid_request_error","param":null,"code":"mismatched_organization"}})",
              "misconfigured", 78, "OPENAI_ORG_ID names another organization"),
    };
    f.model_check = FixtureModelCheck::route;
    f.model = "gpt-4o-mini";
    f.other_models = {"gpt-4o", "text-embedding-3-small"};
    f.model_typo = "gpt-4o-mni";
    f.model_route = "/v1/models/";
    f.model_found = {200, R"({"id":"{MODEL}","object":"model","created":1721172741,"owned_by":"system"})"};
    // The retrieve route's exact text is unconfirmed: chat's words, with param "model" as
    // public fixtures have it.
    f.model_missing = {404, R"({"error":{"message":"The model `{MODEL}` does not exist or you do not have access to it.","type":"invalid_request_error","param":"model","code":"model_not_found"}})"};
    // A model the key's project may not use (type and param unconfirmed).
    f.model_forbidden = FixtureAnswer{403, R"({"error":{"message":"Project `proj_FixtureProject000000000001` does not have access to model `{MODEL}`","type":"invalid_request_error","param":null,"code":"model_not_found"}})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "anthropic";
    f.key = "sk-ant-api03-" + std::string(93, 'Q') + "AA";  // 108 characters
    f.key_vars = {header("ANTHROPIC_API_KEY", "x-api-key"), bearer("ANTHROPIC_AUTH_TOKEN")};
    f.base_var = "ANTHROPIC_BASE_URL";
    f.distinctive_prefix = "sk-ant-";
    f.target = "/v1/models?limit=1";
    f.provider_headers = {{"anthropic-version", "2023-06-01"}};
    f.missing_header = FixtureAnswer{
        400, R"({"type":"error","error":{"type":"invalid_request_error","message":"anthropic-version: header is required"}})"};
    f.answer_headers = {{"request-id", "req_011CQfixtureAnthropic0001"}};
    f.request_id = "req_011CQfixtureAnthropic0001";
    f.success = success(
        R"({"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":true,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"})");
    f.bad_key = bad_key(401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CQfixtureAnthropic0001"})");
    f.no_credit = no_credit(400, R"({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},"request_id":"req_011CQfixtureAnthropic0001"})");
    f.quirks = {
        quirk("invalid_bearer", 401,
              R"({"type":"error","error":{"type":"authentication_error","message":"Invalid bearer token"},"request_id":"req_011CXMZzzHs12FyJkPvLDYoi"})",
              "rejected", 77, "a bad ANTHROPIC_AUTH_TOKEN"),
        quirk("geo_forbidden", 403, R"({"error":{"type":"forbidden","message":"Request not allowed"}})", "forbidden", 77,
              "Cloudflare's region block, without the documented envelope"),
    };
    f.model_check = FixtureModelCheck::route;
    f.model = "claude-sonnet-4-5";
    f.other_models = {"claude-haiku-4-5", "claude-opus-4-1"};  // not in the limit=1 page
    f.model_typo = "claude-sonet-4-5";
    f.model_route = "/v1/models/";
    f.model_found = {200, R"({"type":"model","id":"{MODEL}","display_name":"{MODEL}","created_at":"2025-09-29T00:00:00Z"})"};
    // The text is /v1/messages'; the retrieve route is assumed to match.
    f.model_missing = {404, R"({"type":"error","error":{"type":"not_found_error","message":"model: {MODEL}"},"request_id":"req_011CQfixtureAnthropic0001"})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "azure";
    f.key = "00112233445566778899aabbccddeeff";  // the legacy 32 hex digits
    f.key_vars = {header("AZURE_OPENAI_API_KEY", "api-key"), header("AZURE_API_KEY", "api-key")};
    f.base_var = "AZURE_OPENAI_ENDPOINT";
    f.target = "/openai/models?api-version=2024-10-21";
    f.answer_headers = {{"apim-request-id", "6b1d0c2e-5f4a-4b3c-9d8e-7f6a5b4c3d2e"}};
    f.request_id = "6b1d0c2e-5f4a-4b3c-9d8e-7f6a5b4c3d2e";
    f.success = success(
        R"({"data":[{"id":"gpt-4o-2024-08-06","object":"model","status":"succeeded","created_at":1722902400,"capabilities":{"chat_completion":true,"completion":false,"embeddings":false,"fine_tune":true,"inference":true},"lifecycle_status":"generally-available"}],"object":"list"})");
    // "code" is a string here.
    f.bad_key = bad_key(401, R"({"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}})");
    // Unconfirmed: no Azure quota body was found; this is OpenAI's insufficient_quota in
    // Azure's envelope (a string code), the shape Azure uses for its other errors.
    f.no_credit = no_credit(429, R"({"error":{"code":"insufficient_quota","message":"You exceeded your current quota, please check your plan and billing details."}})");
    f.official_env = {"AZURE_OPENAI_ENDPOINT=https://example.openai.azure.com"};
    f.quirks = {
        quirk("local_auth_disabled", 403,
              R"({"error":{"code":"AuthenticationTypeDisabled","message":"Key based authentication is disabled for this resource."}})",
              "forbidden", 77, "key authentication disabled on the resource"),
        quirk("resource_not_found", 404, R"({"error":{"code":"404","message":"Resource not found"}})", "bad_endpoint", 78,
              "a wrong path or api-version"),
    };
    // A model is a deployment name, and no route that spends no tokens says whether one exists.
    f.model = "gpt-4o-prod";
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "gemini";
    f.key = "AIzaSy" + std::string(33, 'G');  // 39 characters
    f.key_vars = {header("GOOGLE_API_KEY", "x-goog-api-key"), header("GEMINI_API_KEY", "x-goog-api-key"),
                  header("GOOGLE_GENERATIVE_AI_API_KEY", "x-goog-api-key")};
    f.base_var = "GOOGLE_GEMINI_BASE_URL";
    f.distinctive_prefix = "AIza";
    f.target = "/v1beta/models?pageSize=1";
    // Google sends no request id header.
    f.success = success(
        R"({"models":[{"name":"models/gemini-2.0-flash","version":"2.0","displayName":"Gemini 2.0 Flash","inputTokenLimit":1048576,"outputTokenLimit":8192,"supportedGenerationMethods":["generateContent","countTokens"]}],"nextPageToken":"Ch1tb2RlbHMvZ2VtaW5pLTIuMC1mbGFzaA=="})");
    f.bad_key = bad_key(400, R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},{"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US","message":"API key not valid. Please pass a valid API key."}]}})");
    // No no-credit answer: Google words its quota and its rate limits alike (429 RESOURCE_EXHAUSTED).
    f.no_credit = no_credit(429, R"({"error":{"code":429,"message":"Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0","status":"RESOURCE_EXHAUSTED"}})");
    f.quirks = {
        quirk("service_disabled", 403,
              R"({"error":{"code":403,"message":"Generative Language API has not been used in project 1 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED"}]}})",
              "forbidden", 77, "the API is not enabled in the key's project"),
        quirk("location_unsupported", 400,
              R"({"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}})",
              "forbidden", 77, "a region Google does not serve"),
    };
    f.model_check = FixtureModelCheck::route;
    f.model = "gemini-2.0-flash";
    f.other_models = {"gemini-2.5-flash", "gemini-2.5-pro"};  // not in the pageSize=1 page
    f.model_typo = "gemini-2.0-flsh";
    f.model_route = "/v1beta/models/";
    f.model_found = {200, R"({"name":"models/{MODEL}","version":"001","displayName":"{MODEL}","inputTokenLimit":1048576,"outputTokenLimit":8192,"supportedGenerationMethods":["generateContent","countTokens"]})"};
    f.model_missing = {404, R"({"error":{"code":404,"message":"Model is not found: models/{MODEL} for api version v1beta","status":"NOT_FOUND"}})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "groq";
    f.key = "gsk_" + std::string(52, 'G');  // 56 characters
    f.key_vars = {bearer("GROQ_API_KEY")};
    f.base_var = "GROQ_BASE_URL";
    f.base_suffix = "";  // as Groq's SDK reads GROQ_BASE_URL: it appends /openai/v1 itself
    f.distinctive_prefix = "gsk_";
    f.target = "/openai/v1/models";
    f.answer_headers = {{"x-request-id", "req_01jfixturegroq00000000000"}};
    f.request_id = "req_01jfixturegroq00000000000";
    f.success = success(
        R"({"object":"list","data":[{"id":"llama-3.3-70b-versatile","object":"model","created":1733447754,"owned_by":"Meta","active":true,"context_window":131072,"public_apps":null,"max_completion_tokens":32768},{"id":"llama-3.1-8b-instant","object":"model","created":1693721698,"owned_by":"Meta","active":true,"context_window":131072,"public_apps":null,"max_completion_tokens":131072},{"id":"gemma2-9b-it","object":"model","created":1693721698,"owned_by":"Google","active":true,"context_window":8192,"public_apps":null,"max_completion_tokens":8192}]})");
    f.bad_key = bad_key(401, R"({"error":{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"}})");
    // Groq's free tier ends its day with a 429 that says "tokens per day" and "Upgrade".
    f.no_credit = no_credit(429, R"({"error":{"message":"Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01hrsvc1b8ey0anvbgha0xckf2` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 97050, Requested 3619. Please try again in 9m38.016s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing","type":"tokens","code":"rate_limit_exceeded"}})");
    f.quirks = {
        quirk("organization_restricted", 400,
              R"({"error":{"message":"Organization has been restricted. Please reach out to support if you believe this was in error.","type":"invalid_request_error","code":"organization_restricted"}})",
              "forbidden", 77, "a restricted organization answers 400"),
        quirk("tokens_per_minute", 429,
              R"({"error":{"message":"Rate limit reached for model `llama3-70b-8192` in organization `org_01hrsvc1b8ey0anvbgha0xckf2` on tokens per minute (TPM): Limit 7000, Used 0, Requested ~12903. Please try again in 50.597142857s. Visit https://console.groq.com/docs/rate-limits for more information.","type":"tokens","code":"rate_limit_exceeded"}})",
              "rate_limited", 0, "a per-minute limit is a rate limit"),
    };
    f.model_check = FixtureModelCheck::route;
    f.model = "llama-3.3-70b-versatile";
    f.other_models = {"llama-3.1-8b-instant", "gemma2-9b-it"};
    f.model_typo = "llama-3.3-70b-versatle";
    f.model_route = "/openai/v1/models/";
    f.model_found = {200, R"({"id":"{MODEL}","object":"model","created":1733447754,"owned_by":"Meta","active":true,"context_window":131072,"public_apps":null,"max_completion_tokens":32768})"};
    // Chat's 404; the retrieve route is assumed to answer alike.
    f.model_missing = {404, R"({"error":{"message":"The model `{MODEL}` does not exist or you do not have access to it.","type":"invalid_request_error","code":"model_not_found"}})"};
    // An org admin blocked the model; it still shows in /models.
    f.model_forbidden = FixtureAnswer{403, R"({"error":{"message":"The model `{MODEL}` is blocked at the organization level. Please have the org admin enable this model in the org settings at https://console.groq.com/settings/limits","type":"permissions_error","code":"model_permission_blocked_org"}})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "mistral";
    f.key = std::string(32, 'M');  // no prefix, about 32 alphanumerics
    f.key_vars = {bearer("MISTRAL_API_KEY")};
    f.base_var = "MISTRAL_API_BASE";
    f.base_suffix = "/v1";
    f.target = "/v1/models";
    // No request id header is confirmed; some bodies carry "request_id".
    f.success = success(
        R"({"object":"list","data":[{"id":"mistral-small-latest","object":"model","created":1732000000,"owned_by":"mistralai","capabilities":{"completion_chat":true,"completion_fim":false,"function_calling":true,"fine_tuning":false,"vision":false}},{"id":"mistral-large-latest","object":"model","created":1732000000,"owned_by":"mistralai","capabilities":{"completion_chat":true,"completion_fim":false,"function_calling":true,"fine_tuning":false,"vision":false}},{"id":"codestral-latest","object":"model","created":1732000000,"owned_by":"mistralai","capabilities":{"completion_chat":true,"completion_fim":true,"function_calling":true,"fine_tuning":false,"vision":false}}]})");
    f.bad_key = bad_key(401, R"({"detail":"Invalid API Key"})");
    // No no-credit answer: a spend limit is a 429 that cannot be told from a rate limit.
    f.quirks = {
        quirk("detail_unauthorized", 401, R"({"detail":"Unauthorized"})", "rejected", 77,
              "the older bad-key body on GET /v1/models"),
        quirk("message_unauthorized", 401, R"({"message":"Unauthorized","request_id":"c61f2f15feca71626a990e3740f99245"})",
              "rejected", 77, "the bad-key body with a request id (a Codestral key on api.mistral.ai)"),
        quirk("string_code_rate_limit", 429,
              R"({"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300"})",
              "rate_limited", 0, "the 2026 envelope, whose code is a string"),
    };
    f.model_check = FixtureModelCheck::route;
    f.model = "mistral-small-latest";
    f.other_models = {"mistral-large-latest", "codestral-latest"};
    f.model_typo = "mistral-smal-latest";
    f.model_route = "/v1/models/";
    f.model_found = {200, R"({"id":"{MODEL}","object":"model","created":1732000000,"owned_by":"mistralai","capabilities":{"completion_chat":true,"completion_fim":false,"function_calling":true,"fine_tuning":false,"vision":false}})"};
    // Unconfirmed body: the 2026 envelope, whose code is a string.
    f.model_missing = {404, R"({"object":"error","message":"Invalid model: {MODEL}","type":"invalid_model","param":null,"code":"1500"})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "deepseek";
    f.key = "sk-" + std::string(32, 'd');  // sk- and 32 lowercase hex digits: OpenAI's prefix too
    f.key_vars = {bearer("DEEPSEEK_API_KEY")};
    f.base_var = "DEEPSEEK_API_BASE";
    f.target = "/user/balance";
    f.success = success(
        R"({"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"110.00","granted_balance":"10.00","topped_up_balance":"100.00"}]})");
    f.bad_key = bad_key(401, R"({"error":{"message":"Authentication Fails, Your api key: ****dddd is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}})");
    f.no_credit = no_credit(
        200,
        R"({"is_available":false,"balance_infos":[{"currency":"CNY","total_balance":"0.00","granted_balance":"0.00","topped_up_balance":"0.00"}]})");
    f.quirks = {
        quirk("insufficient_balance", 402,
              R"({"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}})",
              "no_credit", 77, "402 Insufficient Balance"),
    };
    f.model_check = FixtureModelCheck::list_request;
    f.model = "deepseek-chat";
    f.other_models = {"deepseek-reasoner"};  // the whole list
    f.model_typo = "deepseek-chatt";
    f.model_list_target = "/models";
    f.model_list = {200, R"({"object":"list","data":[{"id":"deepseek-chat","object":"model","owned_by":"deepseek"},{"id":"deepseek-reasoner","object":"model","owned_by":"deepseek"}]})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "openrouter";
    f.key = "sk-or-v1-" + std::string(64, 'e');  // 73 characters, lowercase hex
    f.key_vars = {bearer("OPENROUTER_API_KEY")};
    f.base_var = "OPENROUTER_API_BASE";
    f.base_suffix = "/api/v1";
    f.distinctive_prefix = "sk-or-v1-";
    f.target = "/api/v1/key";
    f.success = success(
        R"({"data":{"label":"ci-fixture","limit":20,"usage":2.5,"limit_remaining":17.5,"is_free_tier":false,"rate_limit":{"requests":230,"interval":"10s"}}})");
    f.bad_key = bad_key(401, R"({"error":{"message":"User not found.","code":401}})");
    f.no_credit = no_credit(
        200,
        R"({"data":{"label":"ci-fixture","limit":20,"usage":20,"limit_remaining":0,"is_free_tier":false,"rate_limit":{"requests":230,"interval":"10s"}}})");
    f.quirks = {
        quirk("no_limit", 200,
              R"({"data":{"label":"ci-fixture","limit":null,"usage":2.5,"limit_remaining":null,"is_free_tier":false,"rate_limit":{"requests":230,"interval":"10s"}}})",
              "authenticated", 0, "limit_remaining null: the key has no limit"),
        quirk("overdrawn", 200,
              R"({"data":{"label":"ci-fixture","limit":20,"usage":21.5,"limit_remaining":-1.5,"is_free_tier":false,"rate_limit":{"requests":230,"interval":"10s"}}})",
              "no_credit", 77, "limit_remaining below zero"),
        quirk("insufficient_credits", 402,
              R"({"error":{"message":"Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits","code":402}})",
              "no_credit", 77, "402 Insufficient credits"),
    };
    // Its model routes answer without a key: they cannot say what this key may use.
    f.model = "openai/gpt-4o-mini";
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "xai";
    f.key = "xai-" + std::string(80, 'K');  // 84 characters
    f.key_vars = {bearer("XAI_API_KEY")};
    f.base_var = "XAI_API_BASE";
    f.base_suffix = "/v1";
    f.distinctive_prefix = "xai-";
    f.target = "/v1/api-key";
    const std::string api_key_body =
        R"({"redacted_api_key":"xai-...XXXX","user_id":"59fbe5f2-0000-4000-8000-000000000001","name":"My API Key","create_time":"2024-01-01T12:55:18.139305Z","modify_time":"2024-08-28T17:20:12.343321Z","modified_by":"59fbe5f2-0000-4000-8000-000000000001","team_id":"5ea6f6bd-0000-4000-8000-000000000002","acls":["api-key:model:*","api-key:endpoint:*"],"api_key_id":"ae1e1841-0000-4000-8000-000000000003","team_blocked":{TEAM},"api_key_blocked":{KEY},"api_key_disabled":{DISABLED}})";
    auto api_key = [&api_key_body](bool team, bool key, bool disabled) {
      std::string body = api_key_body;
      auto set = [&body](const std::string& slot, bool value) { body.replace(body.find(slot), slot.size(), value ? "true" : "false"); };
      set("{TEAM}", team);
      set("{KEY}", key);
      set("{DISABLED}", disabled);
      return body;
    };
    // xAI's error body: "code" is a gRPC status phrase and "error" the message, a string.
    const std::string no_credits_body =
        R"({"code":"The caller does not have permission to execute the specified operation","error":"Your team 5ea6f6bd-0000-4000-8000-000000000002 has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit."})";
    f.success = success(api_key(false, false, false));
    f.bad_key = bad_key(400, R"({"code":"Client specified an invalid argument","error":"Incorrect API key provided: xa***XX. You can obtain an API key from https://console.x.ai."})");
    f.no_credit = no_credit(403, no_credits_body);
    f.quirks = {
        quirk("blocked", 200, api_key(false, true, false), "forbidden", 77, "api_key_blocked: true"),
        quirk("disabled", 200, api_key(false, false, true), "forbidden", 77, "api_key_disabled: true"),
        quirk("team_blocked", 200, api_key(true, false, false), "forbidden", 77, "team_blocked: true"),
        quirk("credits_429", 429,
              R"({"code":"Some resource has been exhausted","error":"Your team 5ea6f6bd-0000-4000-8000-000000000002 has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit."})",
              "no_credit", 77, "the no-credit text with 429"),
        quirk("too_many_tokens", 429,
              R"({"code":"Some resource has been exhausted","error":"Too many tokens for team 5ea6f6bd-0000-4000-8000-000000000002 and model grok-4-0709. Your team's rate limit is — Tokens per Minute (actual/limit): 65605/16000. You can view your team rate limits at https://console.x.ai."})",
              "rate_limited", 0, "a real rate limit, with 429"),
    };
    f.model_check = FixtureModelCheck::route;
    f.model = "grok-4-0709";
    f.other_models = {"grok-3", "grok-3-mini"};
    f.model_typo = "grok-4-0790";
    f.model_route = "/v1/models/";
    f.model_found = {200, R"({"id":"{MODEL}","created":1752019200,"object":"model","owned_by":"xai"})"};
    // Unconfirmed body: xAI's error shape, "code" the gRPC status phrase of NOT_FOUND.
    f.model_missing = {404, R"({"code":"Some requested entity was not found","error":"The model {MODEL} does not exist or your team 5ea6f6bd-0000-4000-8000-000000000002 does not have access to it."})"};
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "together";
    f.key = "tgp_v1_" + std::string(43, 'T');  // 50 characters
    f.key_vars = {bearer("TOGETHER_API_KEY"), bearer("TOGETHER_AI_API_KEY")};
    f.base_var = "TOGETHER_BASE_URL";
    f.base_suffix = "/v1";
    f.distinctive_prefix = "tgp_v1_";
    f.target = "/v1/models";
    // A bare JSON array, not {"data": [...]}.
    f.success = success(
        R"([{"id":"meta-llama/Llama-3.3-70B-Instruct-Turbo","object":"model","created":1733443200,"type":"chat","running":false,"display_name":"Llama 3.3 70B Instruct Turbo","organization":"Meta","link":"https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct","context_length":131072,"config":{"chat_template":null,"stop":["<|eot_id|>"],"bos_token":null,"eos_token":null},"pricing":{"hourly":0,"input":0.88,"output":0.88,"base":0,"finetune":0}},{"id":"meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo","object":"model","created":1721692800,"type":"chat","running":false,"display_name":"Meta Llama 3.1 8B Instruct Turbo","organization":"Meta","context_length":131072},{"id":"Qwen/Qwen2.5-72B-Instruct-Turbo","object":"model","created":1726617600,"type":"chat","running":false,"display_name":"Qwen 2.5 72B Instruct Turbo","organization":"Qwen","context_length":32768}])");
    f.bad_key = bad_key(401, R"({"error":{"message":"Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
    // No no-credit answer: Together's 402 and 429 bodies are unconfirmed.
    f.model_check = FixtureModelCheck::probe_list;
    f.model = "meta-llama/Llama-3.3-70B-Instruct-Turbo";
    f.other_models = {"meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", "Qwen/Qwen2.5-72B-Instruct-Turbo"};
    f.model_typo = "meta-llama/Llama-3.3-70B-Instruct-Trbo";
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "fireworks";
    f.key = "fw_" + std::string(24, 'F');  // fw_ is reported but unconfirmed: not distinctive
    f.key_vars = {bearer("FIREWORKS_API_KEY")};
    f.base_var = "FIREWORKS_API_BASE";
    f.base_suffix = "/inference/v1";
    f.target = "/inference/v1/models";
    f.success = success(
        R"({"object":"list","data":[{"id":"accounts/fireworks/models/llama-v3p1-8b-instruct","object":"model","owned_by":"fireworks","created":1721692800,"kind":"HF_BASE_MODEL","supports_chat":true,"supports_image_input":false,"supports_tools":false,"context_length":131072}]})");
    // Unconfirmed body (the reference has the status and UNAUTHORIZED only): Fireworks' envelope
    // {"error":{"object","type","code","message"}}, OpenAI-style.
    f.bad_key = bad_key(401, R"({"error":{"object":"error","type":"invalid_request_error","code":"UNAUTHORIZED","message":"The API key you provided is invalid."}})");
    // Unconfirmed body (402 and its meaning are documented), in the same envelope.
    f.no_credit = no_credit(402, R"({"error":{"object":"error","type":"invalid_request_error","code":"PAYMENT_REQUIRED","message":"Your account is not on a paid plan or has exceeded its usage limits."}})");
    f.quirks = {
        // Only the message is known; the envelope is Fireworks' own.
        quirk("listing_error", 500,
              R"({"error":{"object":"error","type":"internal_server_error","code":"INTERNAL_SERVER_ERROR","message":"Error listing deployed models"}})",
              "server_error", 0, "500 for some valid keys: indeterminate, never rejected", "deployed models"),
        quirk("fire_pass", 403,
              R"({"error":{"code":"FORBIDDEN","message":"Fire Pass API keys are not authorized for this route."}})",
              "restricted", 0, "a Fire Pass key: authenticated, route not allowed", "Fire Pass"),
    };
    // Its list holds the account's deployed models, not the serverless ones a key may call.
    f.model = "accounts/fireworks/models/llama-v3p1-8b-instruct";
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "perplexity";
    f.key = "pplx-" + std::string(48, 'P');  // 53 characters
    f.key_vars = {bearer("PERPLEXITY_API_KEY"), bearer("PPLX_API_KEY")};
    f.base_var = "PERPLEXITY_API_BASE";
    f.distinctive_prefix = "pplx-";
    f.target = "/v1/models";
    // The list's exact shape is unconfirmed: OpenAI-style.
    f.success = success(
        R"({"object":"list","data":[{"id":"sonar","object":"model","created":1737072000,"owned_by":"perplexity"},{"id":"sonar-pro","object":"model","created":1737072000,"owned_by":"perplexity"},{"id":"sonar-reasoning","object":"model","created":1737072000,"owned_by":"perplexity"}]})");
    // An HTML page from openresty, not JSON.
    f.bad_key = bad_key(401,
                        "<html>\n<head><title>401 Authorization Required</title></head>\n<body>\n<center><h1>401 "
                        "Authorization Required</h1></center>\n<hr><center>openresty/1.27.4</center>\n</body>\n</html>\n",
                        "text/html");
    // No no-credit answer: unconfirmed.
    f.model_check = FixtureModelCheck::probe_list;
    f.model = "sonar";
    f.other_models = {"sonar-pro", "sonar-reasoning"};
    f.model_typo = "sonr";
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "cerebras";
    f.key = "csk-" + std::string(48, 'c');  // csk- is unconfirmed: not distinctive
    f.key_vars = {bearer("CEREBRAS_API_KEY")};
    f.base_var = "CEREBRAS_BASE_URL";
    f.base_suffix = "";  // as Cerebras's SDK reads CEREBRAS_BASE_URL: it appends /v1 itself
    f.target = "/v1/models";
    f.success = success(
        R"({"object":"list","data":[{"id":"llama3.1-8b","object":"model","created":0,"owned_by":"Meta"},{"id":"llama-3.3-70b","object":"model","created":0,"owned_by":"Meta"},{"id":"qwen-3-32b","object":"model","created":0,"owned_by":"Qwen"}]})");
    // Unconfirmed body: OpenAI-style envelope.
    f.bad_key = bad_key(401, R"({"error":{"message":"Invalid API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
    // No no-credit answer: unconfirmed.
    f.model_check = FixtureModelCheck::route;
    f.model = "llama3.1-8b";
    f.other_models = {"llama-3.3-70b", "qwen-3-32b"};
    f.model_typo = "lama3.1-8b";
    f.model_route = "/v1/models/";
    f.model_found = {200, R"({"id":"{MODEL}","object":"model","created":0,"owned_by":"Meta"})"};
    // Unconfirmed body: OpenAI-style envelope.
    f.model_missing = {404, R"({"error":{"message":"Model {MODEL} does not exist or you do not have access to it.","type":"not_found_error","param":"model","code":"model_not_found"}})"};
    f.suggests_models = true;
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "cohere";
    f.key = std::string(40, 'C');  // no prefix, 40 alphanumerics
    f.key_vars = {bearer("CO_API_KEY"), bearer("COHERE_API_KEY")};
    f.base_var = "CO_API_URL";
    f.method = "POST";
    f.target = "/v1/check-api-key";
    f.provider_headers = {{"content-length", "0"}};
    f.success = success(
        R"({"valid":true,"organization_id":"7b5a2d6e-0000-4000-8000-000000000004","owner_id":"1f0c8e9a-0000-4000-8000-000000000005"})");
    f.bad_key = bad_key(401, R"({"message":"invalid api token"})");
    // Unconfirmed body (402 is documented as "billing limit reached"): OpenAI-style envelope.
    f.no_credit = no_credit(402, R"({"error":{"message":"You have reached your billing limit. Add a payment method or raise the limit to continue.","type":"billing_error","param":null,"code":"billing_limit_reached"}})");
    f.quirks = {
        quirk("invalid", 200, R"({"valid":false,"organization_id":null,"owner_id":null})", "rejected", 77,
              "200 with valid:false"),
    };
    // No route that spends nothing is known to say whether a key may use a model.
    f.model = "command-r-plus";
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "huggingface";
    f.key = "hf_" + std::string(34, 'H');  // 37 characters
    f.key_vars = {bearer("HF_TOKEN"), bearer("HUGGING_FACE_HUB_TOKEN"), bearer("HUGGINGFACE_API_KEY")};
    f.base_var = "HF_ENDPOINT";
    f.distinctive_prefix = "hf_";
    f.target = "/api/whoami-v2";
    const std::string user =
        R"({"type":"user","id":"6401f0c2a8d5c7c0f4a1b2c3","name":"fixture-user","fullname":"Fixture User","email":"fixture@example.com","emailVerified":true,"canPay":false,"periodEnd":null,"isPro":false,"avatarUrl":"/avatars/fixture.svg","orgs":[],"auth":{"type":"access_token","accessToken":{ACCESS}}})";
    auto whoami = [&user](const std::string& access_token) {
      std::string body = user;
      body.replace(body.find("{ACCESS}"), 8, access_token);
      return body;
    };
    auto fine_grained = [](const std::string& global, const std::string& scoped) {
      return R"({"displayName":"ci","role":"fineGrained","createdAt":"2025-01-01T00:00:00.000Z","fineGrained":{"canReadGatedRepos":false,"global":[)" +
             global + R"(],"scoped":[{"entity":{"_id":"6401f0c2a8d5c7c0f4a1b2c3","type":"user","name":"fixture-user"},"permissions":[)" +
             scoped + "]}]}}";
    };
    f.success = success(whoami(R"({"displayName":"ci","role":"write","createdAt":"2025-01-01T00:00:00.000Z"})"));
    f.bad_key = bad_key(401, R"({"error":"Invalid credentials in Authorization header"})");
    // No no-credit answer: the 402 comes from the inference router, not whoami-v2.
    f.quirks = {
        quirk("fine_grained", 200, whoami(fine_grained(R"("discussion.write","post.write")", R"("repo.content.read")")),
              "restricted", 0, "a fine-grained token without inference.serverless.write"),
        quirk("fine_grained_scoped", 200,
              whoami(fine_grained(R"("discussion.write")", R"("repo.content.read","inference.serverless.write")")),
              "authenticated", 0, "a fine-grained token with inference.serverless.write in scoped[].permissions"),
        quirk("fine_grained_global", 200,
              whoami(fine_grained(R"("discussion.write","inference.serverless.write")", R"("repo.content.read")")),
              "authenticated", 0, "a fine-grained token with inference.serverless.write in global"),
    };
    // whoami-v2 lists no models, and no Inference Providers route that spends nothing is known to.
    f.model = "meta-llama/Llama-3.1-8B-Instruct";
    all.push_back(std::move(f));
  }

  {
    ProviderFixture f;
    f.name = "bedrock";
    f.key = bedrock_long_term_key();
    f.key_vars = {bearer("AWS_BEARER_TOKEN_BEDROCK")};
    f.base_var = "AWS_ENDPOINT_URL_BEDROCK";
    f.distinctive_prefix = "ABSK";
    f.target = "/foundation-models";
    f.answer_headers = {{"x-amzn-RequestId", "0b4c7d2e-1f3a-4e5b-8c6d-9e0f1a2b3c4d"}};
    f.request_id = "0b4c7d2e-1f3a-4e5b-8c6d-9e0f1a2b3c4d";
    f.success = success(
        R"({"modelSummaries":[{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0","modelId":"anthropic.claude-3-haiku-20240307-v1:0","modelName":"Claude 3 Haiku","providerName":"Anthropic","inputModalities":["TEXT","IMAGE"],"outputModalities":["TEXT"],"responseStreamingSupported":true,"customizationsSupported":[],"inferenceTypesSupported":["ON_DEMAND"],"modelLifecycle":{"status":"ACTIVE"}}]})");
    f.bad_key = bad_key(403, R"({"Message":"Authentication failed: Please make sure your API Key is valid."})");
    // No no-credit answer: AWS bills the account, not the key.
    f.quirks = {
        quirk("not_authorized", 403,
              R"({"Message":"User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action"})",
              "restricted", 0, "the key works; its policy does not allow listing"),
    };
    f.official_env = {"AWS_REGION=us-east-1"};
    f.model_check = FixtureModelCheck::route;
    f.model = "anthropic.claude-3-haiku-20240307-v1:0";
    f.other_models = {"amazon.titan-text-express-v1", "meta.llama3-8b-instruct-v1:0"};
    f.model_typo = "anthropic.claude-3-haiku-20240307-v2:0";
    f.model_route = "/foundation-models/";
    // GetFoundationModel's answer.
    f.model_found = {200, R"({"modelDetails":{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}","modelId":"{MODEL}","modelName":"{MODEL}","providerName":"Fixture","inputModalities":["TEXT"],"outputModalities":["TEXT"],"responseStreamingSupported":true,"customizationsSupported":[],"inferenceTypesSupported":["ON_DEMAND"],"modelLifecycle":{"status":"ACTIVE"}}})"};
    // Unconfirmed body: AWS's ResourceNotFoundException, in the fixture's "Message" spelling.
    f.model_missing = {404, R"({"Message":"The model {MODEL} was not found."})"};
    f.suggests_models = true;  // from the probe's modelSummaries
    // GetInferenceProfile: a cross-region (system-defined) profile and an application one.
    f.profile_route = "/inference-profiles/";
    f.profiles = {"us.anthropic.claude-3-haiku-20240307-v1:0",
                  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"};
    f.profile_found = {200, R"({"inferenceProfileName":"{MODEL}","inferenceProfileArn":"arn:aws:bedrock:us-east-1:123456789012:inference-profile/{MODEL}","inferenceProfileId":"{MODEL}","models":[{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"}],"status":"ACTIVE","type":"SYSTEM_DEFINED"})"};
    // Unconfirmed body: AWS's ResourceNotFoundException.
    f.profile_missing = {404, R"({"message":"Inference profile {MODEL} not found."})"};
    all.push_back(std::move(f));
  }

  return all;
}

}  // namespace

std::vector<const FixtureCase*> ProviderFixture::cases() const {
  std::vector<const FixtureCase*> all = {&success, &bad_key};
  if (no_credit) all.push_back(&*no_credit);
  for (const FixtureCase& c : quirks) all.push_back(&c);
  return all;
}

const FixtureCase* ProviderFixture::find_case(std::string_view scenario) const {
  for (const FixtureCase* c : cases())
    if (c->scenario == scenario) return c;
  return nullptr;
}

bool ProviderFixture::knows_model(std::string_view id) const {
  if (id == model) return true;
  for (const std::string& other : other_models)
    if (id == other) return true;
  return false;
}

const std::vector<ProviderFixture>& provider_fixtures() {
  static const std::vector<ProviderFixture> fixtures = make_fixtures();
  return fixtures;
}

const ProviderFixture* find_fixture(std::string_view name) {
  for (const ProviderFixture& fixture : provider_fixtures())
    if (fixture.name == name) return &fixture;
  return nullptr;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t left = bytes.size() - i; left > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (left == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += left == 2 ? kAlphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace keyguard::testing
