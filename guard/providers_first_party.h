// The rows of the providers that run their own API: OpenAI, Anthropic, Azure OpenAI, Gemini and
// Amazon Bedrock. Private to the providers module (docs/providers.md).
#pragma once

#include "providers_vocabulary.h"

namespace keyguard::provider_rows {

// ---- OpenAI ---------------------------------------------------------------------------------
constexpr KeyVar kOpenAiKeys[] = {bearer("OPENAI_API_KEY")};
constexpr BaseSource kOpenAiBase[] = {
    {"OPENAI_BASE_URL", ""},
    {"OPENAI_API_BASE", "", "LangChain, before OPENAI_BASE_URL"},
};
constexpr S kOpenAiHosts[] = {"api.openai.com", ".api.openai.com"};
constexpr S kOpenAiOrgVars[] = {"OPENAI_ORG_ID", "OPENAI_ORGANIZATION"};  // the second: LangChain's name
constexpr S kOpenAiProjectVars[] = {"OPENAI_PROJECT_ID"};
constexpr S kOpenAiHeaderVars[] = {"OPENAI_CUSTOM_HEADERS"};
constexpr ProbeHeader kOpenAiHeaders[] = {
    {"OpenAI-Organization", "", kOpenAiOrgVars},
    {"OpenAI-Project", "", kOpenAiProjectVars},
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
    .header_vars = kOpenAiHeaderVars,
    .header_vars_unread_by = "openai-python, LangChain Python and the Vercel AI SDK",
};

// ---- Anthropic ------------------------------------------------------------------------------
constexpr KeyVar kAnthropicKeys[] = {
    in_header("ANTHROPIC_API_KEY", "x-api-key"),
    bearer("ANTHROPIC_AUTH_TOKEN"),  // gateways and Claude Code
};
constexpr BaseSource kAnthropicBase[] = {
    {"ANTHROPIC_BASE_URL", ""},
    {"ANTHROPIC_API_URL", "", "LangChain"},
};
// The Vercel AI SDK reads ANTHROPIC_BASE_URL with the version (`…/v1`), the others without.
constexpr S kAnthropicVersions[] = {"/v1"};
constexpr S kAnthropicHeaderVars[] = {"ANTHROPIC_CUSTOM_HEADERS"};
constexpr S kAnthropicCredentials[] = {"ANTHROPIC_PROFILE", "ANTHROPIC_IDENTITY_TOKEN", "ANTHROPIC_IDENTITY_TOKEN_FILE"};
constexpr S kAnthropicHosts[] = {"api.anthropic.com"};
constexpr ProbeQuery kAnthropicQuery[] = {{"limit", {}, "1"}};
constexpr ProbeHeader kAnthropicHeaders[] = {{"anthropic-version", "2023-06-01", {}}};
constexpr KeyFamily kAnthropicFamilies[] = {
    {.prefix = "sk-ant-admin01-", .label = "an Anthropic admin key", .admin = true},
    {.prefix = "sk-ant-oat01-", .label = "a Claude Code OAuth token",
     .caveat = "this is a Claude Code OAuth token: Anthropic accepts it only from Claude Code (a Bearer token sent with "
               "anthropic-beta: oauth-2025-04-20), not from an app's SDK; give the app an API key (sk-ant-api03-) from "
               "https://console.anthropic.com/settings/keys"},
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
    .version_paths = kAnthropicVersions,
    .version_path_warning =
        "{var} ends in /v1, as the Vercel AI SDK reads it; Anthropic's SDKs and LangChain add /v1 themselves and "
        "would call /v1/v1/messages: for them, set {var} without /v1",
    .version_path_missing_warning =
        "{var} has no /v1, as Anthropic's SDKs and LangChain read it; the Vercel AI SDK reads it with the version and "
        "would call /messages without it: for that SDK, end {var} in /v1",
    .official_hosts = kAnthropicHosts,
    .probe = {"GET", "/v1/models", kAnthropicQuery, kAnthropicHeaders},
    .success = kDataArray,
    .families = kAnthropicFamilies,
    .shapes = kAnthropicShapes,
    .error_rules = kAnthropicRules,
    .request_id_headers = kRequestIdHeaders,
    .models = {.lookup = ModelLookup::route, .path = "/v1/models/{id}", .ids_at = "/data/*/id", .rules = kModelNotFound},
    .console_url = "https://console.anthropic.com/settings/keys",
    .header_vars = kAnthropicHeaderVars,
    .header_vars_unread_by = "the Vercel AI SDK",
    .other_credentials = kAnthropicCredentials,
};

// ---- Azure OpenAI ---------------------------------------------------------------------------
constexpr KeyVar kAzureKeys[] = {
    in_header("AZURE_OPENAI_API_KEY", "api-key"),
    in_header("AZURE_API_KEY", "api-key"),  // the Vercel AI SDK's name
};
constexpr BaseSource kAzureBase[] = {
    {"AZURE_OPENAI_ENDPOINT", ""},
    {"AZURE_RESOURCE_NAME", "https://{name}.openai.azure.com", "the Vercel AI SDK"},
    {"AZURE_OPENAI_API_INSTANCE_NAME", "https://{name}.openai.azure.com", "LangChain"},
};
constexpr S kAzureVersionVars[] = {"OPENAI_API_VERSION", "AZURE_OPENAI_API_VERSION"};  // the second: LangChain's
constexpr S kAzureCredentials[] = {"AZURE_OPENAI_AD_TOKEN", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE",
                                   "IDENTITY_ENDPOINT", "MSI_ENDPOINT"};
constexpr S kAzureHosts[] = {".openai.azure.com", ".cognitiveservices.azure.com"};
constexpr ProbeQuery kAzureQuery[] = {{"api-version", kAzureVersionVars, "2024-10-21"}};
constexpr Surface kAzureSurfaces[] = {
    // The v1 surface: no dated api-version; the Vercel AI SDK's default.
    {.probe = {"GET", "/openai/v1/models", {}, {}},
     .own_suffix = "/openai/v1",
     .default_for = "AZURE_RESOURCE_NAME",
     .own_suffix_warning =
         "{var} ends in /openai/v1: a plain OpenAI client given it as its base calls the v1 API, as keyguard checked, "
         "but Azure's clients (openai's AzureOpenAI, LangChain's AzureChatOpenAI) add /openai themselves and would "
         "call /openai/v1/openai/…: for them, set {var} to the resource's root"},
};
constexpr EnvNote kAzureNotes[] = {
    {"OPENAI_BASE_URL", {},
     "OPENAI_BASE_URL is set: openai's AzureOpenAI reads it before AZURE_OPENAI_ENDPOINT and calls it instead of the "
     "Azure endpoint keyguard checked"},
    {"OPENAI_API_VERSION", {},
     "LangChain JS's AzureChatOpenAI reads AZURE_OPENAI_API_VERSION, not OPENAI_API_VERSION, and without it sends no "
     "api-version, which Azure refuses: an app on LangChain JS needs AZURE_OPENAI_API_VERSION too",
     "AZURE_OPENAI_API_VERSION"},
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
    .notes = kAzureNotes,
    .other_credentials = kAzureCredentials,
};

// ---- Gemini ---------------------------------------------------------------------------------
constexpr KeyVar kGeminiKeys[] = {
    in_header("GOOGLE_API_KEY", "x-goog-api-key"),
    in_header("GEMINI_API_KEY", "x-goog-api-key"),
    {"GOOGLE_GENERATIVE_AI_API_KEY", "x-goog-api-key", "", "the Vercel AI SDK"},
};
constexpr S kGoogleCredentials[] = {"GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_VERTEX_PROJECT"};
constexpr S kVertexOn[] = {"true", "1"};
constexpr EnvNote kGeminiNotes[] = {
    {"GOOGLE_GENAI_USE_VERTEXAI", kVertexOn,
     "GOOGLE_GENAI_USE_VERTEXAI is set: Google's Gen AI SDK then sends requests to Vertex AI, not the Gemini API "
     "(with an API key, Vertex AI express mode); keyguard checked the key against the Gemini API only"},
};
constexpr BaseSource kGeminiBase[] = {{"GOOGLE_GEMINI_BASE_URL", "", "Google's Gen AI SDKs"}};
constexpr S kGeminiHosts[] = {"generativelanguage.googleapis.com"};
constexpr ProbeQuery kGeminiQuery[] = {{"pageSize", {}, "1"}};
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
    .notes = kGeminiNotes,
    .other_credentials = kGoogleCredentials,
};

// ---- Amazon Bedrock (API keys) --------------------------------------------------------------
constexpr KeyVar kBedrockKeys[] = {bearer("AWS_BEARER_TOKEN_BEDROCK")};
constexpr BaseSource kBedrockBase[] = {
    {"AWS_ENDPOINT_URL_BEDROCK", ""},
    {"AWS_REGION", "https://bedrock.{region}.amazonaws.com"},
    {"AWS_DEFAULT_REGION", "https://bedrock.{region}.amazonaws.com"},
};
constexpr S kBedrockHosts[] = {".amazonaws.com"};
// The geographies of cross-region inference profiles. A foundation model id is led by its
// provider instead (`anthropic.`, `minimax.`); some have dots in their version
// (`minimax.minimax-m2.5`), so the count of dots cannot tell them apart.
constexpr S kBedrockProfilePrefixes[] = {"us", "us-gov", "eu", "apac", "ap", "jp", "au", "ca", "global"};
constexpr EnvNote kBedrockNotes[] = {
    {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", {},
     "AWS_ENDPOINT_URL_BEDROCK_RUNTIME moves the runtime the app's inference calls go to; keyguard checked the key on "
     "the control plane (AWS_ENDPOINT_URL_BEDROCK, else bedrock.REGION.amazonaws.com), not there"},
    {"AWS_ENDPOINT_URL", {},
     "AWS_ENDPOINT_URL moves every AWS service the app calls, Bedrock's runtime included, where no service's own "
     "variable does; keyguard checked the key on the control plane (AWS_ENDPOINT_URL_BEDROCK, else "
     "bedrock.REGION.amazonaws.com), not there",
     "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"},
};
constexpr S kAwsCredentials[] = {"AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                 "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_PROFILE"};
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
               .rules = kModelNotFound, .profile_path = "/inference-profiles/{id}",
               .profile_prefixes = kBedrockProfilePrefixes},
    .console_url = "https://console.aws.amazon.com/bedrock/home#/api-keys",
    .notes = kBedrockNotes,
    .other_credentials = kAwsCredentials,
};

}  // namespace keyguard::provider_rows
