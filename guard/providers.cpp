// The provider table: what keyguard knows about each provider, as data. The facts, with
// their confidence, are summed up in docs/providers.md; where a fact is
// unconfirmed the row takes the safe reading: an answer it cannot place is indeterminate.
#include "providers.h"

namespace keyguard {
namespace {

using O = Outcome;
using T = Holds;
using S = std::string_view;

// ---- How a key travels ----------------------------------------------------------------------

/// A key sent as `Authorization: Bearer KEY`, as most providers take it.
constexpr KeyVar bearer(S name) { return {name, "Authorization", "Bearer "}; }
/// A key sent alone in a header of the provider's own (`x-api-key: KEY`).
constexpr KeyVar in_header(S name, S header) { return {name, header, ""}; }

// ---- Rule builders: one line per answer a provider gives -----------------------------------

/// A status alone.
constexpr ErrorRule status(int http_status, Outcome outcome, S explanation) {
  return {http_status, {}, outcome, explanation};
}
/// A string field (JSON pointer) equal to a value.
constexpr ErrorRule field(int http_status, S at, S value, Outcome outcome, S explanation) {
  return {http_status, {at, T::equals, value}, outcome, explanation};
}
/// What the server said (the envelope's message) holding a phrase.
constexpr ErrorRule said(int http_status, S phrase, Outcome outcome, S explanation) {
  return {http_status, {"", T::contains, phrase}, outcome, explanation};
}

// ---- Shared pieces ------------------------------------------------------------------------

// What a provider's refusal of a key says, in its own name ({display}).
constexpr S kRevokedKey =
    "{display} does not accept this key: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}";
constexpr S kDeletedKey =
    "{display} does not accept this key: it was deleted or mistyped; make a new one at {console} and set {env}";
constexpr S kExpiredKey =
    "{display} does not accept this key: it was deleted, expired or mistyped; make a new one at {console} and set {env}";

constexpr S kMessageAt[] = {"/error/message", "/error", "/message", "/detail", "/Message", "/error/0/message"};
constexpr S kCodeAt[] = {"/error/details/*/reason", "/error/code", "/error/type", "/error/status", "/code", "/type"};
constexpr S kRequestIdAt[] = {"/request_id", "/error/request_id"};
constexpr ErrorEnvelope kCommonEnvelope = {kMessageAt, kCodeAt, kRequestIdAt};

constexpr S kRequestIdHeaders[] = {"x-request-id", "request-id"};
constexpr S kAzureRequestIdHeaders[] = {"apim-request-id", "x-request-id", "x-ms-request-id"};
constexpr S kAwsRequestIdHeaders[] = {"x-amzn-requestid", "x-amz-request-id"};

constexpr Condition kDataArray = {"/data", T::array};

/// What any HTTP service means by a status, read after a provider's own rules, its shared
/// rules and the 5xx reading, when all of them are silent.
constexpr ErrorRule kHttpRules[] = {
    status(401, O::rejected,
           "the key was not accepted: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}"),
    status(402, O::no_credit, "the account is out of credit; add credit, then retry"),
    status(403, O::forbidden, "the key authenticated but is not allowed here: a region, permission or network rule refused it"),
    status(404, O::bad_endpoint, "nothing answers at this address; check {base}"),
    status(429, O::rate_limited, "the key is valid but rate limited right now"),
};

/// The OpenAI-compatible family: what their gateways and clones answer, OpenAI's words.
constexpr ErrorRule kOpenAiCompatible[] = {
    field(0, "/error/code", "invalid_api_key", O::rejected, kRevokedKey),
    field(0, "/error/code", "insufficient_quota", O::no_credit,
          "the key is valid but the account is out of credit or quota; add credit at {console}"),
    field(0, "/error/type", "insufficient_quota", O::no_credit,
          "the key is valid but the account is out of credit or quota; add credit at {console}"),
    field(429, "/error/code", "rate_limit_exceeded", O::rate_limited, "the key is valid but rate limited right now"),
};

// ---- Model routes -----------------------------------------------------------------------------
/// What a model route says of a model the key cannot use, in OpenAI's words and its clones'.
constexpr ErrorRule kOpenAiModelRules[] = {
    field(403, "/error/code", "model_not_found", O::model_unavailable,
          "{display} says the key's project may not use this model"),
    field(403, "/error/code", "model_permission_blocked_org", O::model_unavailable,
          "the model is blocked for the key's organization; an admin can enable it in {display}'s console"),
    status(404, O::model_unavailable, "{display} has no such model for this key"),
};
constexpr ErrorRule kModelNotFound[] = {
    status(404, O::model_unavailable, "{display} has no such model for this key"),
};

// ---- OpenAI ---------------------------------------------------------------------------------
constexpr KeyVar kOpenAiKeys[] = {bearer("OPENAI_API_KEY")};
constexpr BaseSource kOpenAiBase[] = {{"OPENAI_BASE_URL", ""}};
constexpr S kOpenAiHosts[] = {"api.openai.com", ".api.openai.com"};
constexpr ProbeHeader kOpenAiHeaders[] = {
    {"OpenAI-Organization", "", "OPENAI_ORG_ID"},
    {"OpenAI-Project", "", "OPENAI_PROJECT_ID"},
};
constexpr KeyFamily kOpenAiFamilies[] = {
    {.prefix = "sk-admin-", .label = "an OpenAI admin key", .admin = true},
    {.prefix = "sk-proj-", .label = "an OpenAI project key"},
    {.prefix = "sk-svcacct-", .label = "an OpenAI service-account key"},
    {.prefix = "sk-None-", .label = "an OpenAI user key"},
    {.prefix = "sk-", .label = "an OpenAI key"},
};
constexpr KeyShape kOpenAiShapes[] = {
    {"sk-proj-", 150, 200},
    {"sk-svcacct-", 150, 200},
    {"sk-None-", 150, 200},
    {"sk-", 48, 60},
};
constexpr ErrorRule kOpenAiRules[] = {
    field(401, "/error/code", "invalid_api_key", O::rejected, kRevokedKey),
    said(401, "Missing scopes", O::restricted,
         "the key is valid but restricted: it may not list models; the app works if the key has the scopes it uses"),
    field(401, "/error/code", "mismatched_organization", O::misconfigured,
          "OPENAI_ORG_ID names an organization the key does not belong to; correct or unset OPENAI_ORG_ID"),
    field(401, "/error/code", "mismatched_project", O::misconfigured,
          "OPENAI_PROJECT_ID names a project the key does not belong to; correct or unset OPENAI_PROJECT_ID"),
    field(401, "/error/code", "no_organization", O::misconfigured,
          "the key's account belongs to no organization; join or create one at https://platform.openai.com"),
    field(403, "/error/code", "unsupported_country_region_territory", O::forbidden,
          "the key is fine, but OpenAI does not serve the country or region this runs in"),
    field(429, "/error/code", "insufficient_quota", O::no_credit,
          "the key is valid but the account is out of credit or quota; add credit at https://platform.openai.com/settings/organization/billing"),
    field(429, "/error/type", "insufficient_quota", O::no_credit,
          "the key is valid but the account is out of credit or quota; add credit at https://platform.openai.com/settings/organization/billing"),
};

constexpr Provider kOpenAi = {
    .name = "openai",
    .display_name = "OpenAI",
    .key_vars = kOpenAiKeys,
    .base_sources = kOpenAiBase,
    .default_base_url = "https://api.openai.com/v1",
    .official_hosts = kOpenAiHosts,
    .probe = {"GET", "/models", {}, kOpenAiHeaders},
    .success = kDataArray,
    .families = kOpenAiFamilies,
    .shapes = kOpenAiShapes,
    .error_rules = kOpenAiRules,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/models/{id}", .ids_at = "/data/*/id", .rules = kOpenAiModelRules},
    .console_url = "https://platform.openai.com/api-keys",
};

// ---- Anthropic ------------------------------------------------------------------------------
constexpr KeyVar kAnthropicKeys[] = {
    in_header("ANTHROPIC_API_KEY", "x-api-key"),
    bearer("ANTHROPIC_AUTH_TOKEN"),  // gateways and Claude Code
};
constexpr BaseSource kAnthropicBase[] = {{"ANTHROPIC_BASE_URL", ""}};
constexpr S kAnthropicHosts[] = {"api.anthropic.com"};
constexpr ProbeQuery kAnthropicQuery[] = {{"limit", "", "1"}};
constexpr ProbeHeader kAnthropicHeaders[] = {{"anthropic-version", "2023-06-01", ""}};
constexpr KeyFamily kAnthropicFamilies[] = {
    {.prefix = "sk-ant-admin01-", .label = "an Anthropic admin key", .admin = true},
    {.prefix = "sk-ant-", .label = "an Anthropic key"},
};
constexpr KeyShape kAnthropicShapes[] = {
    {"sk-ant-api03-", 100, 120},
    {"sk-ant-oat01-", 80, 130},
    {"sk-ant-", 90, 130},
};
constexpr ErrorRule kAnthropicRules[] = {
    status(401, O::rejected, kRevokedKey),
    said(400, "credit balance is too low", O::no_credit,
         "the key is valid but the account is out of credit; buy credits at https://console.anthropic.com/settings/billing"),
    said(400, "anthropic-version", O::unexpected,
         "Anthropic did not accept keyguard's request headers; this is a keyguard bug, please report it"),
    field(403, "/error/type", "forbidden", O::forbidden,
          "Anthropic refused requests from this network or region (\"Request not allowed\"); the key may be fine"),
    field(403, "/error/type", "permission_error", O::forbidden,
          "the key is not permitted to list models; check the key's workspace permissions at {console}"),
    status(404, O::bad_endpoint,
           "nothing answers at this address (a disabled key can also get a 404); check ANTHROPIC_BASE_URL"),
};

constexpr Provider kAnthropic = {
    .name = "anthropic",
    .display_name = "Anthropic",
    .key_vars = kAnthropicKeys,
    .base_sources = kAnthropicBase,
    .default_base_url = "https://api.anthropic.com",
    .official_hosts = kAnthropicHosts,
    .probe = {"GET", "/v1/models", kAnthropicQuery, kAnthropicHeaders},
    .success = kDataArray,
    .families = kAnthropicFamilies,
    .shapes = kAnthropicShapes,
    .error_rules = kAnthropicRules,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/v1/models/{id}", .ids_at = "/data/*/id", .rules = kModelNotFound},
    .console_url = "https://console.anthropic.com/settings/keys",
};

// ---- Azure OpenAI ---------------------------------------------------------------------------
constexpr KeyVar kAzureKeys[] = {
    in_header("AZURE_OPENAI_API_KEY", "api-key"),
    in_header("AZURE_API_KEY", "api-key"),  // the Vercel AI SDK's name
};
constexpr BaseSource kAzureBase[] = {
    {"AZURE_OPENAI_ENDPOINT", ""},
    {"AZURE_RESOURCE_NAME", "https://{name}.openai.azure.com"},
};
constexpr S kAzureHosts[] = {".openai.azure.com", ".cognitiveservices.azure.com"};
constexpr ProbeQuery kAzureQuery[] = {{"api-version", "OPENAI_API_VERSION", "2024-10-21"}};
constexpr S kAzureUndated[] = {"v1", "preview"};
constexpr Surface kAzureSurfaces[] = {
    // The v1 surface: no dated api-version; the Vercel AI SDK's default.
    {.probe = {"GET", "/openai/v1/models", {}, {}},
     .select_var = "OPENAI_API_VERSION",
     .select_values = kAzureUndated,
     .own_suffix = "/openai/v1",
     .default_for = "AZURE_RESOURCE_NAME"},
};
constexpr KeyFamily kAzureFamilies[] = {
    {.prefix = "", .label = "an Azure OpenAI key", .exact_length = 32, .charset = Charset::hex},
};
constexpr KeyShape kAzureShapes[] = {
    {"", 32, 32},
    {"", 84, 84},
};
constexpr ErrorRule kAzureRules[] = {
    status(401, O::rejected,
           "Azure does not accept this key for this resource: wrong key, or a key of another resource or region; copy a key from the resource's Keys and Endpoint page at {console}"),
    field(403, "/error/code", "AuthenticationTypeDisabled", O::forbidden,
          "key authentication is disabled for this resource (disableLocalAuth); enable keys or use Microsoft Entra ID"),
    status(403, O::forbidden,
           "the resource refused the request: its network rules or the key's permissions do not allow it"),
    field(404, "/error/code", "DeploymentNotFound", O::bad_endpoint,
          "the deployment does not exist at this endpoint; check {base}"),
    status(404, O::bad_endpoint,
           "nothing answers at this address; check {base} (https://RESOURCE.openai.azure.com) and OPENAI_API_VERSION"),
    field(429, "/error/code", "insufficient_quota", O::no_credit,
          "the key is valid but the subscription is out of quota; raise the quota in the Azure portal"),
};

constexpr Provider kAzure = {
    .name = "azure",
    .display_name = "Azure OpenAI",
    .key_vars = kAzureKeys,
    .base_sources = kAzureBase,
    .base_url_example = "AZURE_OPENAI_ENDPOINT=https://RESOURCE.openai.azure.com, or AZURE_RESOURCE_NAME=RESOURCE",
    .official_hosts = kAzureHosts,
    .probe = {"GET", "/openai/models", kAzureQuery, {}},
    .surfaces = kAzureSurfaces,
    .success = kDataArray,
    .families = kAzureFamilies,
    .shapes = kAzureShapes,
    .error_rules = kAzureRules,
    .request_id_headers = kAzureRequestIdHeaders,
    .models = {.unchecked_why = "an Azure model is a deployment name, and no Azure route that spends no tokens says whether a deployment exists"},
    .console_url = "https://portal.azure.com",
};

// ---- Gemini ---------------------------------------------------------------------------------
constexpr KeyVar kGeminiKeys[] = {
    in_header("GOOGLE_API_KEY", "x-goog-api-key"),
    in_header("GEMINI_API_KEY", "x-goog-api-key"),
};
constexpr BaseSource kGeminiBase[] = {{"GOOGLE_GEMINI_BASE_URL", ""}};
constexpr S kGeminiHosts[] = {"generativelanguage.googleapis.com"};
constexpr ProbeQuery kGeminiQuery[] = {{"pageSize", "", "1"}};
constexpr KeyFamily kGeminiFamilies[] = {
    {.prefix = "AIza", .label = "a Google API key"},
    {.prefix = "AQ.", .label = "a Google AI Studio key"},
};
constexpr KeyShape kGeminiShapes[] = {
    {"AIza", 39, 39},
    {"AQ.", 20, 4096},
};
constexpr S kGoogleReason = "/error/details/*/reason";
constexpr ErrorRule kGeminiRules[] = {
    field(400, kGoogleReason, "API_KEY_INVALID", O::rejected,
          "Google does not accept this key: it was deleted or mistyped; make a new one at {console} and set {env}"),
    field(400, "/error/status", "FAILED_PRECONDITION", O::forbidden,
          "the key is fine, but the Gemini API is not available where this runs (or the project needs billing)"),
    field(401, kGoogleReason, "ACCESS_TOKEN_TYPE_UNSUPPORTED", O::rejected,
          "Google refuses this kind of key on this API; make a new key at {console}"),
    status(401, O::rejected, "Google does not accept this key; make a new one at {console} and set {env}"),
    field(403, kGoogleReason, "SERVICE_DISABLED", O::forbidden,
          "the Generative Language API is not enabled in the key's Google Cloud project; enable it in the console"),
    field(403, kGoogleReason, "API_KEY_SERVICE_BLOCKED", O::forbidden,
          "the key is restricted to other APIs; allow the Generative Language API in the key's API restrictions"),
    field(403, kGoogleReason, "CONSUMER_SUSPENDED", O::forbidden, "the key's Google Cloud project is suspended"),
    status(403, O::forbidden, "Google refused the request (PERMISSION_DENIED); check the key's API restrictions and project"),
    said(429, "limit: 0", O::no_credit,
         "the key is valid but its project has no quota for the Gemini API (limit 0); enable billing for the project"),
};

constexpr Provider kGemini = {
    .name = "gemini",
    .display_name = "Gemini",
    .key_vars = kGeminiKeys,
    .base_sources = kGeminiBase,
    .default_base_url = "https://generativelanguage.googleapis.com",
    .official_hosts = kGeminiHosts,
    .probe = {"GET", "/v1beta/models", kGeminiQuery, {}},
    .success = {"/models", T::array},
    .families = kGeminiFamilies,
    .shapes = kGeminiShapes,
    .error_rules = kGeminiRules,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/v1beta/models/{id}", .ids_at = "/models/*/name",
               .id_prefix = "models/", .rules = kModelNotFound},
    .console_url = "https://aistudio.google.com/apikey",
};

// ---- Groq -----------------------------------------------------------------------------------
constexpr KeyVar kGroqKeys[] = {bearer("GROQ_API_KEY")};
constexpr BaseSource kGroqBase[] = {{"GROQ_BASE_URL", ""}};
constexpr S kGroqHosts[] = {"api.groq.com"};
constexpr KeyFamily kGroqFamilies[] = {{.prefix = "gsk_", .label = "a Groq key", .charset = Charset::alnum}};
constexpr KeyShape kGroqShapes[] = {{"gsk_", 56, 56}};
constexpr ErrorRule kGroqRules[] = {
    field(400, "/error/code", "organization_restricted", O::forbidden,
          "the key is valid but its Groq organization is restricted; contact Groq support"),
    said(429, "per day", O::no_credit,
         "the key is valid but has used its daily token allowance; upgrade at https://console.groq.com/settings/billing or wait for the reset"),
};

constexpr Provider kGroq = {
    .name = "groq",
    .display_name = "Groq",
    .key_vars = kGroqKeys,
    .base_sources = kGroqBase,
    .default_base_url = "https://api.groq.com/openai/v1",
    .bare_path = "/openai/v1",  // as Groq's SDK: GROQ_BASE_URL is the host alone
    .official_hosts = kGroqHosts,
    .probe = {"GET", "/models", {}, {}},
    .success = kDataArray,
    .families = kGroqFamilies,
    .shapes = kGroqShapes,
    .error_rules = kGroqRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/models/{id}", .ids_at = "/data/*/id", .rules = kOpenAiModelRules},
    .console_url = "https://console.groq.com/keys",
};

// ---- Mistral --------------------------------------------------------------------------------
constexpr KeyVar kMistralKeys[] = {bearer("MISTRAL_API_KEY")};
constexpr BaseSource kMistralBase[] = {{"MISTRAL_API_BASE", ""}};
constexpr S kMistralHosts[] = {"api.mistral.ai"};
constexpr KeyShape kMistralShapes[] = {{"", 32, 32}};
constexpr ErrorRule kMistralRules[] = {
    status(401, O::rejected,
           "Mistral does not accept this key: it was revoked, deleted or mistyped (a Codestral key belongs to codestral.mistral.ai); make a new one at {console} and set {env}"),
    // A spend limit and a rate limit both answer 429; Mistral's words do not tell them apart.
};

constexpr Provider kMistral = {
    .name = "mistral",
    .display_name = "Mistral",
    .key_vars = kMistralKeys,
    .base_sources = kMistralBase,
    .default_base_url = "https://api.mistral.ai/v1",
    .official_hosts = kMistralHosts,
    .probe = {"GET", "/models", {}, {}},
    .success = kDataArray,
    .shapes = kMistralShapes,
    .error_rules = kMistralRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/models/{id}", .ids_at = "/data/*/id", .rules = kOpenAiModelRules},
    .console_url = "https://console.mistral.ai/api-keys",
};

// ---- DeepSeek -------------------------------------------------------------------------------
constexpr KeyVar kDeepSeekKeys[] = {bearer("DEEPSEEK_API_KEY")};
constexpr BaseSource kDeepSeekBase[] = {{"DEEPSEEK_API_BASE", ""}};
constexpr S kDeepSeekHosts[] = {"api.deepseek.com"};
constexpr S kDeepSeekVersions[] = {"/v1", "/beta"};  // LiteLLM's default base ends in /beta
// sk- and 32 lowercase hex digits: an OpenAI key's prefix, so never "plainly" DeepSeek's.
constexpr KeyFamily kDeepSeekFamilies[] = {
    {.prefix = "sk-", .label = "a DeepSeek key", .exact_length = 35, .charset = Charset::lower_hex, .distinctive = false},
};
constexpr KeyShape kDeepSeekShapes[] = {{"sk-", 35, 35}};
constexpr AnswerRule kDeepSeekAnswers[] = {
    {{"/is_available", T::is_false}, {}, O::no_credit,
     "the key is valid but the account's balance is used up (is_available is false); top up at https://platform.deepseek.com/top_up"},
};
constexpr ErrorRule kDeepSeekRules[] = {
    status(401, O::rejected, kDeletedKey),
    status(402, O::no_credit,
           "the key is valid but the account's balance is used up; top up at https://platform.deepseek.com/top_up"),
};

constexpr Provider kDeepSeek = {
    .name = "deepseek",
    .display_name = "DeepSeek",
    .key_vars = kDeepSeekKeys,
    .base_sources = kDeepSeekBase,
    .default_base_url = "https://api.deepseek.com",
    .version_paths = kDeepSeekVersions,
    .official_hosts = kDeepSeekHosts,
    .probe = {"GET", "/user/balance", {}, {}},
    .success = {"/is_available", T::present},
    .answer_rules = kDeepSeekAnswers,
    .families = kDeepSeekFamilies,
    .shapes = kDeepSeekShapes,
    .error_rules = kDeepSeekRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::list_route, .path = "/models", .ids_at = "/data/*/id"},
    .console_url = "https://platform.deepseek.com/api_keys",
};

// ---- OpenRouter -----------------------------------------------------------------------------
constexpr KeyVar kOpenRouterKeys[] = {bearer("OPENROUTER_API_KEY")};
constexpr BaseSource kOpenRouterBase[] = {{"OPENROUTER_API_BASE", ""}};
constexpr S kOpenRouterHosts[] = {"openrouter.ai"};
constexpr KeyFamily kOpenRouterFamilies[] = {
    {.prefix = "sk-or-v1-", .label = "an OpenRouter key", .exact_length = 73, .charset = Charset::hex},
    {.prefix = "sk-or-", .label = "an OpenRouter key"},
};
constexpr KeyShape kOpenRouterShapes[] = {{"sk-or-v1-", 73, 73}};
constexpr AnswerRule kOpenRouterAnswers[] = {
    // limit_remaining null means the key has no limit of its own.
    {{"/data/limit_remaining", T::at_most_zero}, {}, O::no_credit,
     "the key is valid but has used up its credit limit (limit_remaining is 0 or less); raise the key's limit at https://openrouter.ai/settings/keys"},
};
constexpr ErrorRule kOpenRouterRules[] = {
    status(401, O::rejected, kDeletedKey),
    said(402, "settings/keys", O::no_credit,
         "the key is valid but has reached its own spending limit; raise it at https://openrouter.ai/settings/keys"),
    status(402, O::no_credit, "the key is valid but the account is out of credits; buy credits at https://openrouter.ai/settings/credits"),
};

constexpr Provider kOpenRouter = {
    .name = "openrouter",
    .display_name = "OpenRouter",
    .key_vars = kOpenRouterKeys,
    .base_sources = kOpenRouterBase,
    .default_base_url = "https://openrouter.ai/api/v1",
    .official_hosts = kOpenRouterHosts,
    .probe = {"GET", "/key", {}, {}},  // its /models answers without a key
    .success = {"/data/label", T::present},
    .answer_rules = kOpenRouterAnswers,
    .families = kOpenRouterFamilies,
    .shapes = kOpenRouterShapes,
    .error_rules = kOpenRouterRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.unchecked_why = "OpenRouter's model routes answer without a key, so they cannot say whether this key may use a model"},
    .console_url = "https://openrouter.ai/settings/keys",
};

// ---- xAI ------------------------------------------------------------------------------------
constexpr KeyVar kXaiKeys[] = {bearer("XAI_API_KEY")};
constexpr BaseSource kXaiBase[] = {{"XAI_API_BASE", ""}};
constexpr S kXaiHosts[] = {"api.x.ai"};
constexpr KeyFamily kXaiFamilies[] = {{.prefix = "xai-", .label = "an xAI key", .charset = Charset::token}};
constexpr KeyShape kXaiShapes[] = {{"xai-", 84, 84}};
constexpr AnswerRule kXaiAnswers[] = {
    {{"/api_key_blocked", T::is_true}, {}, O::forbidden, "the key is valid but blocked; unblock it or make a new one at {console}"},
    {{"/api_key_disabled", T::is_true}, {}, O::forbidden, "the key is valid but disabled; enable it at {console}"},
    {{"/team_blocked", T::is_true}, {}, O::forbidden, "the key's xAI team is blocked; contact xAI support"},
};
constexpr ErrorRule kXaiRules[] = {
    // "No credit" comes as 403, and has been seen as 429: the words decide, not the status.
    said(0, "used all available credits", O::no_credit,
         "the key is valid but the team has used all its credits or reached its spending limit; buy credits or raise the limit at {console}"),
    said(0, "monthly spending limit", O::no_credit,
         "the key is valid but the team has reached its monthly spending limit; raise it at {console}"),
    said(400, "Incorrect API key", O::rejected, kDeletedKey),
};

constexpr Provider kXai = {
    .name = "xai",
    .display_name = "xAI",
    .key_vars = kXaiKeys,
    .base_sources = kXaiBase,
    .default_base_url = "https://api.x.ai/v1",
    .official_hosts = kXaiHosts,
    .probe = {"GET", "/api-key", {}, {}},
    .success = {"/api_key_id", T::present},
    .answer_rules = kXaiAnswers,
    .families = kXaiFamilies,
    .shapes = kXaiShapes,
    .error_rules = kXaiRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/models/{id}", .rules = kOpenAiModelRules},
    .console_url = "https://console.x.ai",
};

// ---- Together -------------------------------------------------------------------------------
constexpr KeyVar kTogetherKeys[] = {bearer("TOGETHER_API_KEY")};
constexpr BaseSource kTogetherBase[] = {{"TOGETHER_BASE_URL", ""}};
constexpr S kTogetherHosts[] = {"api.together.xyz"};
constexpr KeyFamily kTogetherFamilies[] = {
    {.prefix = "tgp_v1_", .label = "a Together AI key", .charset = Charset::token},
};
constexpr KeyShape kTogetherShapes[] = {{"tgp_v1_", 50, 50}, {"", 64, 64}};

constexpr Provider kTogether = {
    .name = "together",
    .display_name = "Together AI",
    .key_vars = kTogetherKeys,
    .base_sources = kTogetherBase,
    .default_base_url = "https://api.together.xyz/v1",
    .official_hosts = kTogetherHosts,
    .probe = {"GET", "/models", {}, {}},
    .success = {"", T::array},  // a bare JSON array, not {"data": [...]}
    .families = kTogetherFamilies,
    .shapes = kTogetherShapes,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::in_list, .ids_at = "/*/id"},
    .console_url = "https://api.together.xyz/settings/api-keys",
};

// ---- Fireworks ------------------------------------------------------------------------------
constexpr KeyVar kFireworksKeys[] = {bearer("FIREWORKS_API_KEY")};
constexpr BaseSource kFireworksBase[] = {{"FIREWORKS_API_BASE", ""}};
constexpr S kFireworksHosts[] = {"api.fireworks.ai"};
// fw_ is reported and disputed, fpk_ seen once: shape doubts only, never "misplaced".
constexpr KeyFamily kFireworksFamilies[] = {
    {.prefix = "fw_", .label = "a Fireworks key", .distinctive = false},
    {.prefix = "fpk_", .label = "a Fireworks Fire Pass key", .distinctive = false},
};
constexpr ErrorRule kFireworksRules[] = {
    said(403, "Fire Pass", O::restricted,
         "the key authenticated, but Fire Pass keys may not list models; the app can still call the chat models it is allowed"),
    said(500, "Error listing deployed models", O::server_error,
         "Fireworks failed to list the account's deployed models, which it does for some valid keys, so the key could not be checked"),
    status(401, O::rejected,
           "Fireworks does not accept this key: it was deleted, expired (keys last at most a year) or mistyped; make a new one at {console} and set {env}"),
    status(402, O::no_credit,
           "the key is valid but the account is not on a paid plan or is over its usage limits; see https://fireworks.ai/billing"),
    status(412, O::forbidden, "the key's Fireworks account is suspended; see https://fireworks.ai/billing"),
};

constexpr Provider kFireworks = {
    .name = "fireworks",
    .display_name = "Fireworks",
    .key_vars = kFireworksKeys,
    .base_sources = kFireworksBase,
    .default_base_url = "https://api.fireworks.ai/inference/v1",
    .official_hosts = kFireworksHosts,
    .probe = {"GET", "/models", {}, {}},
    .success = kDataArray,
    .families = kFireworksFamilies,
    .error_rules = kFireworksRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.unchecked_why = "Fireworks lists only the account's deployed models, not the serverless ones a key may call"},
    .console_url = "https://fireworks.ai/account/api-keys",
};

// ---- Perplexity -----------------------------------------------------------------------------
constexpr KeyVar kPerplexityKeys[] = {
    bearer("PERPLEXITY_API_KEY"),
    bearer("PPLX_API_KEY"),
};
constexpr BaseSource kPerplexityBase[] = {{"PERPLEXITY_API_BASE", ""}};
constexpr S kPerplexityHosts[] = {"api.perplexity.ai"};
constexpr KeyFamily kPerplexityFamilies[] = {{.prefix = "pplx-", .label = "a Perplexity key", .charset = Charset::alnum}};
constexpr KeyShape kPerplexityShapes[] = {{"pplx-", 53, 53}};
constexpr ErrorRule kPerplexityRules[] = {
    // Its 401 is openresty's HTML page: the status alone speaks.
    status(401, O::rejected, kDeletedKey),
};

constexpr Provider kPerplexity = {
    .name = "perplexity",
    .display_name = "Perplexity",
    .key_vars = kPerplexityKeys,
    .base_sources = kPerplexityBase,
    .default_base_url = "https://api.perplexity.ai",
    .official_hosts = kPerplexityHosts,
    .probe = {"GET", "/v1/models", {}, {}},
    .success = kDataArray,
    .families = kPerplexityFamilies,
    .shapes = kPerplexityShapes,
    .error_rules = kPerplexityRules,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::in_list, .ids_at = "/data/*/id"},
    .console_url = "https://www.perplexity.ai/settings/api",
};

// ---- Cerebras -------------------------------------------------------------------------------
constexpr KeyVar kCerebrasKeys[] = {bearer("CEREBRAS_API_KEY")};
constexpr BaseSource kCerebrasBase[] = {{"CEREBRAS_BASE_URL", ""}};
constexpr S kCerebrasHosts[] = {"api.cerebras.ai"};
constexpr KeyFamily kCerebrasFamilies[] = {{.prefix = "csk-", .label = "a Cerebras key", .distinctive = false}};

constexpr Provider kCerebras = {
    .name = "cerebras",
    .display_name = "Cerebras",
    .key_vars = kCerebrasKeys,
    .base_sources = kCerebrasBase,
    .default_base_url = "https://api.cerebras.ai/v1",
    .bare_path = "/v1",  // as Cerebras's SDK: CEREBRAS_BASE_URL is the host alone
    .official_hosts = kCerebrasHosts,
    .probe = {"GET", "/models", {}, {}},
    .success = kDataArray,
    .families = kCerebrasFamilies,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/models/{id}", .ids_at = "/data/*/id", .rules = kOpenAiModelRules},
    .console_url = "https://cloud.cerebras.ai",
};

// ---- Cohere ---------------------------------------------------------------------------------
constexpr KeyVar kCohereKeys[] = {
    bearer("CO_API_KEY"),
    bearer("COHERE_API_KEY"),
};
constexpr BaseSource kCohereBase[] = {{"CO_API_URL", ""}};
constexpr S kCohereHosts[] = {"api.cohere.com", "api.cohere.ai"};
constexpr ProbeHeader kCohereHeaders[] = {{"Content-Length", "0", ""}};
constexpr KeyShape kCohereShapes[] = {{"", 40, 40}};
constexpr AnswerRule kCohereAnswers[] = {
    {{"/valid", T::is_false}, {}, O::rejected,
     "Cohere says the key is not valid (valid: false); make a new one at {console} and set {env}"},
};
constexpr ErrorRule kCohereRules[] = {
    status(401, O::rejected, kExpiredKey),
    status(402, O::no_credit, "the key is valid but the account has reached its billing limit; see https://dashboard.cohere.com/billing"),
    // Cohere documents no 403: one comes from a firewall in front of it, and says nothing of the key.
    status(403, O::unexpected,
           "something in front of Cohere (a web firewall) refused the request, so the key could not be checked"),
};

constexpr Provider kCohere = {
    .name = "cohere",
    .display_name = "Cohere",
    .key_vars = kCohereKeys,
    .base_sources = kCohereBase,
    .default_base_url = "https://api.cohere.com",
    .official_hosts = kCohereHosts,
    .probe = {"POST", "/v1/check-api-key", {}, kCohereHeaders},
    .success = {"/valid", T::present},
    .answer_rules = kCohereAnswers,
    .shapes = kCohereShapes,
    .error_rules = kCohereRules,
    .request_id_headers = kRequestIdHeaders,
    .models = {.unchecked_why = "no Cohere route that spends nothing is known to say whether a key may use a model"},
    .console_url = "https://dashboard.cohere.com/api-keys",
};

// ---- Hugging Face ---------------------------------------------------------------------------
constexpr KeyVar kHuggingFaceKeys[] = {
    bearer("HF_TOKEN"),
    bearer("HUGGING_FACE_HUB_TOKEN"),
};
constexpr BaseSource kHuggingFaceBase[] = {{"HF_ENDPOINT", ""}};
constexpr S kHuggingFaceHosts[] = {"huggingface.co"};
constexpr KeyFamily kHuggingFaceFamilies[] = {
    {.prefix = "hf_", .label = "a Hugging Face token", .charset = Charset::alnum},
    {.prefix = "api_org_", .label = "a Hugging Face organization token", .distinctive = false},
};
constexpr KeyShape kHuggingFaceShapes[] = {{"hf_", 37, 37}};
constexpr AnswerRule kHuggingFaceAnswers[] = {
    // whoami-v2 passes for a fine-grained token that may not call Inference Providers.
    {{"/auth/accessToken/role", T::equals, "fineGrained"},
     {"/auth/accessToken/fineGrained", T::lacks, "inference.serverless.write"},
     O::restricted,
     "the token is valid but fine-grained without \"Make calls to Inference Providers\" (inference.serverless.write), so inference calls get 403; add that permission at https://huggingface.co/settings/tokens"},
};
constexpr ErrorRule kHuggingFaceRules[] = {
    status(401, O::rejected,
           "Hugging Face does not accept this token: it was deleted, revoked or mistyped; make a new one at {console} and set {env}"),
};

constexpr Provider kHuggingFace = {
    .name = "huggingface",
    .display_name = "Hugging Face",
    .key_vars = kHuggingFaceKeys,
    .base_sources = kHuggingFaceBase,
    .default_base_url = "https://huggingface.co",
    .official_hosts = kHuggingFaceHosts,
    .probe = {"GET", "/api/whoami-v2", {}, {}},
    .success = {"/name", T::present},
    .answer_rules = kHuggingFaceAnswers,
    .families = kHuggingFaceFamilies,
    .shapes = kHuggingFaceShapes,
    .error_rules = kHuggingFaceRules,
    .request_id_headers = kRequestIdHeaders,
    .models = {.unchecked_why = "whoami-v2 does not list models, and no Inference Providers route that spends nothing is known to"},
    .console_url = "https://huggingface.co/settings/tokens",
};

// ---- Amazon Bedrock (API keys) --------------------------------------------------------------
constexpr KeyVar kBedrockKeys[] = {bearer("AWS_BEARER_TOKEN_BEDROCK")};
constexpr BaseSource kBedrockBase[] = {
    {"AWS_ENDPOINT_URL_BEDROCK", ""},
    {"AWS_REGION", "https://bedrock.{region}.amazonaws.com"},
    {"AWS_DEFAULT_REGION", "https://bedrock.{region}.amazonaws.com"},
};
constexpr S kBedrockHosts[] = {".amazonaws.com"};
constexpr KeyFamily kBedrockFamilies[] = {
    {.prefix = "bedrock-api-key-", .label = "a short-term Amazon Bedrock API key", .charset = Charset::base64,
     .claims = Claims::presigned_url, .longest_life = 12 * 3600},
    {.prefix = "ABSK", .label = "an Amazon Bedrock API key", .charset = Charset::base64,
     .claims = Claims::service_credential},
};
constexpr KeyShape kBedrockShapes[] = {{"ABSK", 112, 276}, {"bedrock-api-key-", 200, 4096}};
constexpr ErrorRule kBedrockRules[] = {
    said(403, "Authentication failed", O::rejected,
         "Bedrock does not accept this key: it was deleted, expired, mistyped, or made for another region than the endpoint's; make a new one at {console} and set {env}"),
    said(403, "is not authorized to perform: bedrock:ListFoundationModels", O::restricted,
         "the key works, but its IAM policy does not allow bedrock:ListFoundationModels; the app works if the policy allows the calls it makes"),
    said(403, "security token included in the request is invalid", O::rejected,
         "Bedrock does not accept this key; make a new one at {console} and set {env}"),
    said(403, "is not authorized to perform", O::forbidden,
         "the key's IAM policy denies Bedrock calls (bedrock:CallWithBearerToken or the API itself); allow them for the key's identity"),
};

constexpr Provider kBedrock = {
    .name = "bedrock",
    .display_name = "Amazon Bedrock",
    .key_vars = kBedrockKeys,
    .base_sources = kBedrockBase,
    .base_url_example = "AWS_REGION=us-east-1, or AWS_ENDPOINT_URL_BEDROCK=https://bedrock.us-east-1.amazonaws.com",
    .official_hosts = kBedrockHosts,
    .probe = {"GET", "/foundation-models", {}, {}},
    .success = {"/modelSummaries", T::array},
    .families = kBedrockFamilies,
    .shapes = kBedrockShapes,
    .error_rules = kBedrockRules,
    .request_id_headers = kAwsRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/foundation-models/{id}", .ids_at = "/modelSummaries/*/modelId",
               .rules = kModelNotFound},
    .console_url = "https://console.aws.amazon.com/bedrock/home#/api-keys",
};

constexpr Provider kProviders[] = {
    kOpenAi,
    kAnthropic,
    kAzure,
    kGemini,
    kGroq,
    kMistral,
    kDeepSeek,
    kOpenRouter,
    kXai,
    kTogether,
    kFireworks,
    kPerplexity,
    kCerebras,
    kCohere,
    kHuggingFace,
    kBedrock,
};

bool in_charset(char c, Charset charset) {
  bool digit = c >= '0' && c <= '9';
  bool lower = c >= 'a' && c <= 'z';
  bool upper = c >= 'A' && c <= 'Z';
  switch (charset) {
    case Charset::any: return true;
    case Charset::hex: return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    case Charset::lower_hex: return digit || (c >= 'a' && c <= 'f');
    case Charset::alnum: return digit || lower || upper;
    case Charset::base64: return digit || lower || upper || c == '+' || c == '/' || c == '=';
    case Charset::token: return digit || lower || upper || c == '-' || c == '_';
  }
  return false;
}

/// How telling a match is: the prefix first, then a fixed length or a charset.
std::size_t strength(const KeyFamily& family) {
  return family.prefix.size() * 4 + (family.exact_length ? 2 : 0) + (family.charset != Charset::any ? 1 : 0) + 1;
}

}  // namespace

const ErrorEnvelope& common_envelope() { return kCommonEnvelope; }

std::span<const ErrorRule> http_rules() { return kHttpRules; }

std::span<const Provider> providers() { return kProviders; }

const Provider* find_provider(std::string_view name) {
  for (const Provider& provider : kProviders)
    if (provider.name == name) return &provider;
  return nullptr;
}

std::string_view base_url_var(const Provider& provider) {
  return provider.base_sources.empty() ? std::string_view() : provider.base_sources.front().var;
}

bool is_official_host(const Provider& provider, std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  for (std::string_view official : provider.official_hosts) {
    if (official.empty()) continue;
    if (official.front() == '.') {
      if (host.size() > official.size() && host.substr(host.size() - official.size()) == official) return true;
    } else if (host == official) {
      return true;
    }
  }
  return false;
}

bool family_matches(const KeyFamily& family, std::string_view key) {
  if (key.size() <= family.prefix.size() || key.substr(0, family.prefix.size()) != family.prefix) return false;
  if (family.exact_length && key.size() != family.exact_length) return false;
  for (char c : key.substr(family.prefix.size()))
    if (!in_charset(c, family.charset)) return false;
  return true;
}

KeyOwner find_key_owner(std::string_view key, bool distinctive_only) {
  KeyOwner best;
  std::size_t best_strength = 0;
  for (const Provider& provider : kProviders) {
    for (const KeyFamily& family : provider.families) {
      if (distinctive_only && !family.distinctive) continue;
      if (!family_matches(family, key)) continue;
      std::size_t s = strength(family);
      if (s > best_strength) {
        best = {&provider, &family, false};
        best_strength = s;
      } else if (s == best_strength && &provider != best.provider) {
        best.tie = true;
      }
    }
  }
  return best;
}

}  // namespace keyguard
