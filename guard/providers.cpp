// The provider table: what keyguard knows about each provider, as data.
#include "providers.h"


namespace keyguard {
namespace {

using O = Outcome;
using F = ErrorField;

// ---- OpenAI ---------------------------------------------------------------------------------
constexpr ProbeHeader kOpenAiHeaders[] = {
    {"OpenAI-Organization", "", "OPENAI_ORG_ID"},
    {"OpenAI-Project", "", "OPENAI_PROJECT_ID"},
};
constexpr KeyFamily kOpenAiFamilies[] = {
    {"sk-admin-", "an OpenAI admin key", 0, false, true},
    {"sk-proj-", "an OpenAI project key"},
    {"sk-svcacct-", "an OpenAI service-account key"},
    {"sk-None-", "an OpenAI user key"},
    {"sk-", "an OpenAI key"},
};
constexpr KeyShape kOpenAiShapes[] = {
    {"sk-proj-", 150, 200},
    {"sk-svcacct-", 150, 200},
    {"sk-None-", 150, 200},
    {"sk-", 48, 60},
};
constexpr ErrorRule kOpenAiRules[] = {
    {401, F::code, "invalid_api_key", O::rejected,
     "OpenAI does not accept this key: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}"},
    {401, F::message, "Missing scopes", O::restricted,
     "the key is valid but restricted: it may not list models; the app works if the key has the scopes it uses"},
    {401, F::code, "mismatched_organization", O::misconfigured,
     "OPENAI_ORG_ID names an organization the key does not belong to; correct or unset OPENAI_ORG_ID"},
    {401, F::code, "mismatched_project", O::misconfigured,
     "OPENAI_PROJECT_ID names a project the key does not belong to; correct or unset OPENAI_PROJECT_ID"},
    {401, F::code, "no_organization", O::misconfigured,
     "the key's account belongs to no organization; join or create one at https://platform.openai.com"},
    {403, F::code, "unsupported_country_region_territory", O::forbidden,
     "the key is fine, but OpenAI does not serve the country or region this runs in"},
    {429, F::code, "insufficient_quota", O::no_credit,
     "the key is valid but the account is out of credit or quota; add credit at https://platform.openai.com/settings/organization/billing"},
    {429, F::type, "insufficient_quota", O::no_credit,
     "the key is valid but the account is out of credit or quota; add credit at https://platform.openai.com/settings/organization/billing"},
};

// ---- Anthropic ------------------------------------------------------------------------------
constexpr ProbeQuery kAnthropicQuery[] = {{"limit", "", "1"}};
constexpr ProbeHeader kAnthropicHeaders[] = {{"anthropic-version", "2023-06-01", ""}};
constexpr KeyFamily kAnthropicFamilies[] = {
    {"sk-ant-admin01-", "an Anthropic admin key", 0, false, true},
    {"sk-ant-", "an Anthropic key"},
};
constexpr KeyShape kAnthropicShapes[] = {
    {"sk-ant-api03-", 100, 120},
    {"sk-ant-", 90, 130},
};
constexpr ErrorRule kAnthropicRules[] = {
    {401, F::none, "", O::rejected,
     "Anthropic does not accept this key: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}"},
    {400, F::message, "credit balance is too low", O::no_credit,
     "the key is valid but the account is out of credit; buy credits at https://console.anthropic.com/settings/billing"},
    {400, F::message, "anthropic-version", O::unexpected,
     "Anthropic did not accept keyguard's request headers; this is a keyguard bug, please report it"},
    {403, F::type, "forbidden", O::forbidden,
     "Anthropic refused requests from this network or region (\"Request not allowed\"); the key may be fine"},
    {403, F::type, "permission_error", O::forbidden,
     "the key is not permitted to list models; check the key's workspace permissions at {console}"},
    {404, F::none, "", O::bad_endpoint,
     "nothing answers at this address (a disabled key can also get a 404); check ANTHROPIC_BASE_URL"},
};

// ---- Azure OpenAI ---------------------------------------------------------------------------
constexpr ProbeQuery kAzureQuery[] = {{"api-version", "OPENAI_API_VERSION", "2024-10-21"}};
constexpr KeyFamily kAzureFamilies[] = {
    {"", "an Azure OpenAI key", 32, true},
};
constexpr KeyShape kAzureShapes[] = {
    {"", 32, 32},
    {"", 84, 84},
};
constexpr ErrorRule kAzureRules[] = {
    {401, F::none, "", O::rejected,
     "Azure does not accept this key for this resource: wrong key, or a key of another resource or region; copy a key from the resource's Keys and Endpoint page at {console}"},
    {403, F::code, "AuthenticationTypeDisabled", O::forbidden,
     "key authentication is disabled for this resource (disableLocalAuth); enable keys or use Microsoft Entra ID"},
    {403, F::none, "", O::forbidden,
     "the resource refused the request: its network rules or the key's permissions do not allow it"},
    {404, F::code, "DeploymentNotFound", O::bad_endpoint,
     "the deployment does not exist at this endpoint; check AZURE_OPENAI_ENDPOINT"},
    {404, F::none, "", O::bad_endpoint,
     "nothing answers at this address; check AZURE_OPENAI_ENDPOINT (https://RESOURCE.openai.azure.com) and OPENAI_API_VERSION"},
    {429, F::code, "insufficient_quota", O::no_credit,
     "the key is valid but the subscription is out of quota; raise the quota in the Azure portal"},
};

// ---- Gemini ---------------------------------------------------------------------------------
constexpr ProbeQuery kGeminiQuery[] = {{"pageSize", "", "1"}};
constexpr KeyFamily kGeminiFamilies[] = {
    {"AIza", "a Google API key"},
    {"AQ.", "a Google AI Studio key"},
};
constexpr KeyShape kGeminiShapes[] = {
    {"AIza", 39, 39},
    {"AQ.", 20, 4096},
};
constexpr ErrorRule kGeminiRules[] = {
    {400, F::reason, "API_KEY_INVALID", O::rejected,
     "Google does not accept this key: it was deleted or mistyped; make a new one at {console} and set {env}"},
    {400, F::status, "FAILED_PRECONDITION", O::forbidden,
     "the key is fine, but the Gemini API is not available where this runs (or the project needs billing)"},
    {401, F::reason, "ACCESS_TOKEN_TYPE_UNSUPPORTED", O::rejected,
     "Google refuses this kind of key on this API; make a new key at {console}"},
    {401, F::none, "", O::rejected,
     "Google does not accept this key; make a new one at {console} and set {env}"},
    {403, F::reason, "SERVICE_DISABLED", O::forbidden,
     "the Generative Language API is not enabled in the key's Google Cloud project; enable it in the console"},
    {403, F::reason, "API_KEY_SERVICE_BLOCKED", O::forbidden,
     "the key is restricted to other APIs; allow the Generative Language API in the key's API restrictions"},
    {403, F::reason, "CONSUMER_SUSPENDED", O::forbidden,
     "the key's Google Cloud project is suspended"},
    {403, F::none, "", O::forbidden,
     "Google refused the request (PERMISSION_DENIED); check the key's API restrictions and project"},
    {429, F::message, "limit: 0", O::no_credit,
     "the key is valid but its project has no quota for the Gemini API (limit 0); enable billing for the project"},
};

constexpr Provider kProviders[] = {
    {
        .name = "openai",
        .display_name = "OpenAI",
        .key_vars = {"OPENAI_API_KEY", ""},
        .base_url_var = "OPENAI_BASE_URL",
        .default_base_url = "https://api.openai.com/v1",
        .base_url_example = "",
        .official_hosts = {"api.openai.com", ".api.openai.com"},
        .probe_path = "/models",
        .probe_query = {},
        .auth_header = "Authorization",
        .auth_prefix = "Bearer ",
        .probe_headers = kOpenAiHeaders,
        .success_array = "data",
        .families = kOpenAiFamilies,
        .shapes = kOpenAiShapes,
        .error_rules = kOpenAiRules,
        .console_url = "https://platform.openai.com/api-keys",
    },
    {
        .name = "anthropic",
        .display_name = "Anthropic",
        .key_vars = {"ANTHROPIC_API_KEY", ""},
        .base_url_var = "ANTHROPIC_BASE_URL",
        .default_base_url = "https://api.anthropic.com",
        .base_url_example = "",
        .official_hosts = {"api.anthropic.com", ""},
        .probe_path = "/v1/models",
        .probe_query = kAnthropicQuery,
        .auth_header = "x-api-key",
        .auth_prefix = "",
        .probe_headers = kAnthropicHeaders,
        .success_array = "data",
        .families = kAnthropicFamilies,
        .shapes = kAnthropicShapes,
        .error_rules = kAnthropicRules,
        .console_url = "https://console.anthropic.com/settings/keys",
    },
    {
        .name = "azure",
        .display_name = "Azure OpenAI",
        .key_vars = {"AZURE_OPENAI_API_KEY", ""},
        .base_url_var = "AZURE_OPENAI_ENDPOINT",
        .default_base_url = "",
        .base_url_example = "https://RESOURCE.openai.azure.com",
        .official_hosts = {".openai.azure.com", ".cognitiveservices.azure.com"},
        .probe_path = "/openai/models",
        .probe_query = kAzureQuery,
        .auth_header = "api-key",
        .auth_prefix = "",
        .probe_headers = std::span<const ProbeHeader>(),
        .success_array = "data",
        .families = kAzureFamilies,
        .shapes = kAzureShapes,
        .error_rules = kAzureRules,
        .console_url = "https://portal.azure.com",
    },
    {
        .name = "gemini",
        .display_name = "Gemini",
        .key_vars = {"GOOGLE_API_KEY", "GEMINI_API_KEY"},
        .base_url_var = "GOOGLE_GEMINI_BASE_URL",
        .default_base_url = "https://generativelanguage.googleapis.com",
        .base_url_example = "",
        .official_hosts = {"generativelanguage.googleapis.com", ""},
        .probe_path = "/v1beta/models",
        .probe_query = kGeminiQuery,
        .auth_header = "x-goog-api-key",
        .auth_prefix = "",
        .probe_headers = std::span<const ProbeHeader>(),
        .success_array = "models",
        .families = kGeminiFamilies,
        .shapes = kGeminiShapes,
        .error_rules = kGeminiRules,
        .console_url = "https://aistudio.google.com/apikey",
    },
};

bool family_matches(const KeyFamily& family, std::string_view key) {
  if (key.substr(0, family.prefix.size()) != family.prefix) return false;
  if (family.exact_length && key.size() != family.exact_length) return false;
  if (family.hex_only) {
    for (char c : key.substr(family.prefix.size()))
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

std::span<const Provider> providers() { return kProviders; }

const Provider* find_provider(std::string_view name) {
  for (const Provider& provider : kProviders)
    if (provider.name == name) return &provider;
  return nullptr;
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

bool find_key_family(std::string_view key, const Provider** owner, const KeyFamily** family) {
  std::size_t best_length = 0;
  bool found = false;
  for (const Provider& provider : kProviders) {
    for (const KeyFamily& candidate : provider.families) {
      if (!family_matches(candidate, key)) continue;
      // A family without a prefix (Azure's 32 hex digits) is weaker than any prefix match.
      std::size_t strength = candidate.prefix.size() + 1;
      if (!found || strength > best_length) {
        best_length = strength;
        *owner = &provider;
        *family = &candidate;
        found = true;
      }
    }
  }
  return found;
}

}  // namespace keyguard
