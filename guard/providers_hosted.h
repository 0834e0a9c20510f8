// The rows of the providers that host models behind an API of their own making, most of them
// OpenAI-compatible: Groq, Mistral, DeepSeek, OpenRouter, xAI, Together AI, Fireworks,
// Perplexity, Cerebras, Cohere and Hugging Face. Private to the providers module
// (docs/providers.md).
#pragma once

#include "providers_vocabulary.h"

namespace keyguard::provider_rows {

// ---- Groq -----------------------------------------------------------------------------------
constexpr KeyVar kGroqKeys[] = {bearer("GROQ_API_KEY")};
constexpr BaseSource kGroqBase[] = {{"GROQ_BASE_URL", "", "Groq's SDKs and LangChain"}};
constexpr S kGroqHosts[] = {"api.groq.com"};
constexpr S kGroqHeaderVars[] = {"GROQ_CUSTOM_HEADERS"};
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
    .appended_path = "/openai/v1",  // Groq's SDK appends it to whatever GROQ_BASE_URL says
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
    .header_vars = kGroqHeaderVars,
    .header_vars_unread_by = "groq-python and the Vercel AI SDK",
};

// ---- Mistral --------------------------------------------------------------------------------
constexpr KeyVar kMistralKeys[] = {bearer("MISTRAL_API_KEY")};
constexpr BaseSource kMistralBase[] = {{"MISTRAL_API_BASE", "", "LiteLLM"}};
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
constexpr BaseSource kDeepSeekBase[] = {{"DEEPSEEK_API_BASE", "", "LiteLLM"}};
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
constexpr BaseSource kOpenRouterBase[] = {
    {"OPENROUTER_API_BASE", "", "LiteLLM"},
    {"OPENROUTER_BASE_URL", "", "OpenRouter's SDK"},
};
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
constexpr BaseSource kXaiBase[] = {{"XAI_API_BASE", "", "LiteLLM"}};
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
constexpr KeyVar kTogetherKeys[] = {
    bearer("TOGETHER_API_KEY"),
    {"TOGETHER_AI_API_KEY", "Authorization", "Bearer ", "the Vercel AI SDK, after TOGETHER_API_KEY"},
};
constexpr BaseSource kTogetherBase[] = {{"TOGETHER_BASE_URL", "", "Together's SDKs"}};
constexpr S kTogetherHeaderVars[] = {"TOGETHER_CUSTOM_HEADERS"};
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
    .header_vars = kTogetherHeaderVars,
    .header_vars_unread_by = "the Vercel AI SDK",
};

// ---- Fireworks ------------------------------------------------------------------------------
constexpr KeyVar kFireworksKeys[] = {bearer("FIREWORKS_API_KEY")};
constexpr BaseSource kFireworksBase[] = {{"FIREWORKS_API_BASE", "", "LiteLLM"}};
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
constexpr BaseSource kPerplexityBase[] = {{"PERPLEXITY_API_BASE", "", "LiteLLM"}};
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
constexpr BaseSource kCerebrasBase[] = {{"CEREBRAS_BASE_URL", "", "Cerebras's SDKs"}};
constexpr S kCerebrasHosts[] = {"api.cerebras.ai"};
constexpr S kCerebrasHeaderVars[] = {"CEREBRAS_CUSTOM_HEADERS"};
constexpr KeyFamily kCerebrasFamilies[] = {{.prefix = "csk-", .label = "a Cerebras key", .distinctive = false}};

constexpr Provider kCerebras = {
    .name = "cerebras",
    .display_name = "Cerebras",
    .key_vars = kCerebrasKeys,
    .base_sources = kCerebrasBase,
    .default_base_url = "https://api.cerebras.ai/v1",
    .appended_path = "/v1",  // Cerebras's SDK appends it to whatever CEREBRAS_BASE_URL says
    .official_hosts = kCerebrasHosts,
    .probe = {"GET", "/models", {}, {}},
    .success = kDataArray,
    .families = kCerebrasFamilies,
    .shared_rules = kOpenAiCompatible,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/models/{id}", .ids_at = "/data/*/id", .rules = kOpenAiModelRules},
    .console_url = "https://cloud.cerebras.ai",
    .header_vars = kCerebrasHeaderVars,
    .header_vars_unread_by = "the Vercel AI SDK",
};

// ---- Cohere ---------------------------------------------------------------------------------
constexpr KeyVar kCohereKeys[] = {
    bearer("CO_API_KEY"),
    bearer("COHERE_API_KEY"),
};
constexpr BaseSource kCohereBase[] = {{"CO_API_URL", "", "Cohere's Python SDK"}};
constexpr S kCohereHosts[] = {"api.cohere.com", "api.cohere.ai"};
constexpr ProbeHeader kCohereHeaders[] = {{"Content-Length", "0", {}}};
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
    {"HUGGINGFACE_API_KEY", "Authorization", "Bearer ", "the Vercel AI SDK"},
};
constexpr BaseSource kHuggingFaceBase[] = {{"HF_ENDPOINT", "", "huggingface_hub (Python)"}};
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

}  // namespace keyguard::provider_rows
