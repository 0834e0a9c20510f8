// The fake provider: a loopback HTTP(S) server with each provider's real answers and failure modes.
#include "fake_provider.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <mutex>
#include <optional>
#include <string_view>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <psa/crypto.h>
#include <mbedtls/x509_crt.h>

#include "connection_threads.h"
#include "owned.h"
#include "provider_fixtures.h"
#include "text.h"

// Connections handshake on their own threads and share one random generator.
#if !defined(MBEDTLS_THREADING_C)
#error "the fake provider needs mbedTLS built with MBEDTLS_THREADING_C"
#endif

namespace keyguard::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRequestHead = 64 * 1024;
constexpr std::size_t kMaxRequestBody = 1024 * 1024;
constexpr std::size_t kHugeBodyBytes = 300 * 1024;
constexpr std::chrono::milliseconds kPollSlice = 50ms;  // how often a waiting thread looks at the stop flag
constexpr std::chrono::milliseconds kIdleLimit = 30s;   // a client that goes quiet this long is dropped
constexpr std::chrono::milliseconds kLingerLimit = 1s;  // how long to drain the client after answering

// ---------------------------------------------------------------------------------------------
// mbedTLS owners

using keyguard::Owned;

using Entropy = Owned<mbedtls_entropy_context, mbedtls_entropy_init, mbedtls_entropy_free>;
using CtrDrbg = Owned<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free>;
using PkKey = Owned<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;
using CertChain = Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free>;
using SslConfig = Owned<mbedtls_ssl_config, mbedtls_ssl_config_init, mbedtls_ssl_config_free>;
using SslContext = Owned<mbedtls_ssl_context, mbedtls_ssl_init, mbedtls_ssl_free>;

std::string mbedtls_message(int code) {
  char text[160];
  mbedtls_strerror(code, text, sizeof text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// What the providers say. Bodies are the ones the providers document; request ids are fixed.

enum class Dialect { none, openai, anthropic, azure, gemini };

/// How one provider dresses its answers.
struct DialectStyle {
  std::string_view name;
  std::string_view request_id_header;  ///< empty: the provider sends none
  std::string_view request_id;
  std::string_view model_list;  ///< the 200 body of the probe
};

constexpr std::string_view kOpenAiModelList = R"({"object":"list","data":[{"id":"gpt-4o-mini","object":"model"}]})";

// Indexed by Dialect. A request without a key is answered by OpenAI's front door.
constexpr DialectStyle kStyles[] = {
    {"none", "x-request-id", "req_test123", kOpenAiModelList},
    {"openai", "x-request-id", "req_test123", kOpenAiModelList},
    {"anthropic", "request-id", "req_test123",
     R"({"data":[{"id":"claude-x","type":"model"}],"has_more":false,"first_id":"claude-x","last_id":"claude-x"})"},
    {"azure", "apim-request-id", "0000-test", kOpenAiModelList},
    {"gemini", "", "", R"({"models":[{"name":"models/gemini-2.0-flash"}],"nextPageToken":"x"})"},
};

const DialectStyle& style_of(Dialect dialect) { return kStyles[static_cast<int>(dialect)]; }

/// A fixed answer: status and body.
struct Canned {
  int status;
  std::string_view body;
  bool request_id = true;  ///< false where the answer comes from in front of the provider (Cloudflare)
};

/// A scenario whose answer is a fixed body per dialect.
struct CannedScenario {
  std::string_view name;
  Canned openai, anthropic, azure, gemini;
  bool retry_after = false;  ///< adds "retry-after: 1"
};

constexpr Canned kOrgMismatch{401, R"({"error":{"message":"OpenAI-Organization header should match organization for API key","type":"invalid_request_error","param":null,"code":"mismatched_organization"}})"};
constexpr Canned kProjectMismatch{401, R"({"error":{"message":"OpenAI-Project header should match project for API key","type":"invalid_request_error","param":null,"code":"mismatched_project"}})"};
constexpr Canned kRestricted{401, R"({"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.","type":"invalid_request_error","param":null,"code":null}})"};
constexpr Canned kPaymentRequired{402, R"({"error":{"message":"Insufficient Balance","type":"unknown_error","code":"invalid_request_error"}})"};
constexpr Canned kOverloaded{529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"};

constexpr CannedScenario kCannedScenarios[] = {
    {"revoked",
     {401, R"({"error":{"message":"Incorrect API key provided: sk-VKMIs***…wjh3. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"},
     {401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_test123"})"},
     {401, R"({"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}})"},
     {400, R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},{"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US","message":"API key not valid. Please pass a valid API key."}]}})"}},
    {"org_mismatch", kOrgMismatch, kOrgMismatch, kOrgMismatch, kOrgMismatch},
    {"project_mismatch", kProjectMismatch, kProjectMismatch, kProjectMismatch, kProjectMismatch},
    {"restricted", kRestricted, kRestricted, kRestricted, kRestricted},
    {"forbidden",
     {403, R"({"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}})"},
     {403, R"({"error":{"type":"forbidden","message":"Request not allowed"}})", false},
     {403, R"({"error":{"code":"AuthenticationTypeDisabled","message":"Key based authentication is disabled for this resource."}})"},
     {403, R"({"error":{"code":403,"message":"Generative Language API has not been used in project 123456789 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=123456789 then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com","consumer":"projects/123456789"}}]}})"}},
    {"rate_limited",
     {429, R"({"error":{"message":"Rate limit reached for gpt-4 in organization org-test on tokens per min (TPM): Limit 10000, Used 3172, Requested 9505. Please try again in 16.062s. Visit https://platform.openai.com/account/rate-limits to learn more.","type":"tokens","param":null,"code":"rate_limit_exceeded"}})"},
     {429, R"({"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization (00000000-0000-0000-0000-000000000000) of 20,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits."},"request_id":"req_test123"})"},
     {429, R"({"error":{"code":"429","message":"Requests to the Models_List Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second."}})"},
     {429, R"({"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}})"},
     true},
    {"quota",
     {429, R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})"},
     {400, R"({"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},"request_id":"req_test123"})"},
     {429, R"({"error":{"code":"insufficient_quota","message":"You exceeded your current quota, please check your plan and billing details."}})"},
     {429, R"({"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.0-flash"},"quotaValue":"0"}]},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more about Gemini API quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]}]}})"}},
    {"payment_required", kPaymentRequired, kPaymentRequired, kPaymentRequired, kPaymentRequired},
    {"server_error",
     {500, R"({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})"},
     {500, R"({"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_test123"})"},
     {500, R"({"error":{"code":"InternalServerError","message":"The service is temporarily unable to process your request. Please try again later."}})"},
     {500, R"({"error":{"code":500,"message":"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting","status":"INTERNAL"}})"}},
    {"overloaded", kOverloaded, kOverloaded, kOverloaded, kOverloaded},
    {"not_found",
     {404, R"~({"error":{"message":"Invalid URL (GET /v1/x)","type":"invalid_request_error","code":null}})~"},
     {404, R"({"type":"error","error":{"type":"not_found_error","message":"Not found"},"request_id":"req_test123"})"},
     {404, R"({"error":{"code":"404","message":"Resource not found"}})"},
     {404, R"({"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}})"}},
};

const Canned& canned_for(const CannedScenario& scenario, Dialect dialect) {
  switch (dialect) {
    case Dialect::anthropic: return scenario.anthropic;
    case Dialect::azure: return scenario.azure;
    case Dialect::gemini: return scenario.gemini;
    default: return scenario.openai;
  }
}

// The "echo" scenario: each provider's bad-key answer, with {KEY} replaced by the key that was sent.
constexpr std::string_view kEchoOpenAi = R"({"error":{"message":"Incorrect API key provided: {KEY}. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})";
constexpr std::string_view kEchoAnthropic = R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: {KEY}"},"request_id":"req_test123"})";
constexpr std::string_view kEchoAzure = R"({"error":{"code":"401","message":"Access denied due to invalid subscription key {KEY} or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}})";
constexpr std::string_view kEchoGemini = R"({"error":{"code":400,"message":"API key not valid: {KEY}. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}})";

constexpr std::string_view kMissingKey = R"({"error":{"message":"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (i.e. Authorization: Basic YOUR_KEY) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":null}})";
constexpr std::string_view kMissingAnthropicVersion = R"({"type":"error","error":{"type":"invalid_request_error","message":"anthropic-version: header is required"}})";

constexpr std::string_view kCaptivePortal = R"(<!DOCTYPE html>
<html>
<head><title>Guest Wi-Fi</title></head>
<body>
<h1>Welcome to Guest Wi-Fi</h1>
<p>Please accept the terms of use to continue to the internet.</p>
<form method="post" action="/login"><button type="submit">Accept and connect</button></form>
</body>
</html>
)";

// ---------------------------------------------------------------------------------------------
// Requests and answers

/// The request as parsed, with what the answer depends on.
struct ParsedRequest {
  RecordedRequest recorded;
  /// The style of the generic scenarios. For a fixture's dialect: the legacy dialect of the
  /// same name, else openai's.
  Dialect dialect = Dialect::none;
  std::string key;  ///< the credential sent, whatever header carried it
  /// The fixture whose dialect the request speaks (its name led the target), or nullptr.
  const ProviderFixture* fixture = nullptr;
  /// For a fixture: the target after /<provider>/<scenario>, what the real provider would see.
  std::string provider_target;
  /// How many requests of the same scenario the server had answered before this one, on any
  /// connection (the *_once scenarios fail only the first).
  int earlier = 0;
  /// The client asked to close after the answer ("Connection: close", or HTTP/1.0).
  bool close_requested = false;
};

/// How the bytes of an answer go out.
enum class Delivery {
  whole,             ///< with Content-Length
  chunked,           ///< Transfer-Encoding: chunked, a few chunks, one write each
  close_delimited,   ///< no length; the end of the body is the end of the connection
  truncated,         ///< Content-Length: 500, then 20 bytes
  one_byte_a_second, ///< with Content-Length, the whole response one byte per second
  never,             ///< no answer at all
  cut_off,           ///< no length, half the body, then a close without TLS close_notify
  late_garbage,      ///< half a second of silence, then a status line that does not parse
  dropped,           ///< no answer: the connection is closed at once
};

struct Answer {
  int status = 200;
  std::string content_type = "application/json";  ///< empty: no Content-Type
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Delivery delivery = Delivery::whole;
  bool close = false;  ///< "Connection: close" and close after it, whatever the client asked
  /// Closes after it without saying so (no Connection header), whatever the client asked.
  bool close_unsaid = false;
  bool http10 = false;  ///< the status line says HTTP/1.0
  /// Whole HTTP responses nobody asked for, sent with this answer (Delivery::whole only):
  /// before it, or after it in the same write (one TLS record), or after it in a record of its own.
  std::string stray_before, stray_in_same_write, stray_after;
  std::chrono::milliseconds delay{0};  ///< silence before the answer
};

std::string json_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(from, start)) != std::string_view::npos; start = at + from.size()) {
    out.append(text.substr(start, at - start));
    out.append(to);
  }
  out.append(text.substr(start));
  return out;
}

const std::string* find_header(const RecordedRequest& request, std::string_view lower_name) {
  for (const auto& [name, value] : request.headers)
    if (name == lower_name) return &value;
  return nullptr;
}

/// Parses the request line and headers of HEAD (which ends with the blank line).
bool parse_request(std::string_view head, ParsedRequest* parsed) {
  RecordedRequest& request = parsed->recorded;
  std::size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  std::size_t first_space = request_line.find(' ');
  std::size_t last_space = request_line.rfind(' ');
  if (first_space == std::string_view::npos || last_space == first_space) return false;
  request.method = std::string(request_line.substr(0, first_space));
  request.target = std::string(request_line.substr(first_space + 1, last_space - first_space - 1));
  const bool http_1_1 = request_line.substr(last_space + 1) == "HTTP/1.1";

  for (std::size_t start = line_end + 2; start < head.size();) {
    std::size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos || end == start) break;
    std::string_view line = head.substr(start, end - start);
    start = end + 2;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(ascii_lower(trim_blanks(line.substr(0, colon))), std::string(trim_blanks(line.substr(colon + 1))));
  }
  parsed->close_requested = !http_1_1;
  for (const auto& [name, value] : request.headers)
    if (name == "connection" && ascii_lower(value).find("close") != std::string::npos) parsed->close_requested = true;

  // The scenario is the first path segment: "/revoked/v1/models" -> "revoked", unless that
  // names a fixture: "/groq/revoked/openai/v1/models" speaks Groq's dialect.
  std::string_view target = request.target;
  std::string_view first, second, after_second;
  if (!target.empty() && target.front() == '/') {
    target.remove_prefix(1);
    first = target.substr(0, target.find_first_of("/?"));
    if (target.size() > first.size() && target[first.size()] == '/') {
      std::string_view rest = target.substr(first.size() + 1);
      second = rest.substr(0, rest.find_first_of("/?"));
      after_second = rest.substr(second.size());
    }
  }
  if (const ProviderFixture* fixture = find_fixture(first)) {
    parsed->fixture = fixture;
    parsed->provider_target = std::string(after_second);
    request.scenario = std::string(second);
    request.dialect = fixture->name;
    parsed->dialect = Dialect::openai;
    for (int d = 0; d < static_cast<int>(std::size(kStyles)); ++d)
      if (kStyles[d].name == fixture->name) parsed->dialect = static_cast<Dialect>(d);
    // Only the headers the provider reads count, in its order of preference.
    for (const FixtureKeyVar& var : fixture->key_vars) {
      const std::string* value = find_header(request, var.auth_header);
      if (value == nullptr) continue;
      std::string_view token = *value;
      if (!istarts_with(token, var.auth_prefix)) continue;
      token = trim_blanks(token.substr(var.auth_prefix.size()));
      if (token.empty()) continue;
      parsed->key = std::string(token);
      break;
    }
    return true;
  }
  request.scenario = std::string(first);

  // Provider-specific key headers first: a gateway may add an Authorization of its own.
  struct KeyHeader {
    std::string_view name;
    Dialect dialect;
  };
  constexpr KeyHeader kKeyHeaders[] = {
      {"x-api-key", Dialect::anthropic}, {"api-key", Dialect::azure}, {"x-goog-api-key", Dialect::gemini}};
  for (const KeyHeader& candidate : kKeyHeaders) {
    const std::string* value = find_header(request, candidate.name);
    if (value != nullptr && !value->empty()) {
      parsed->dialect = candidate.dialect;
      parsed->key = *value;
      break;
    }
  }
  if (parsed->dialect == Dialect::none) {
    const std::string* authorization = find_header(request, "authorization");
    if (authorization != nullptr && authorization->size() > 7 && ascii_lower(authorization->substr(0, 7)) == "bearer ") {
      std::string_view token = trim_blanks(std::string_view(*authorization).substr(7));
      if (!token.empty()) {
        parsed->dialect = Dialect::openai;
        parsed->key = std::string(token);
      }
    }
  }
  request.dialect = std::string(style_of(parsed->dialect).name);
  return true;
}

/// An answer in REQUEST's dialect, with the dialect's request id header.
Answer json_answer(const ParsedRequest& request, int status, std::string_view body, bool with_request_id = true) {
  Answer answer;
  answer.status = status;
  answer.body = std::string(body);
  if (!with_request_id) return answer;
  if (request.fixture != nullptr) {
    answer.headers = request.fixture->answer_headers;
    return answer;
  }
  const DialectStyle& style = style_of(request.dialect);
  if (!style.request_id_header.empty()) answer.headers.emplace_back(style.request_id_header, style.request_id);
  return answer;
}

/// One of the answers of REQUEST's fixture, as the provider sends it.
Answer fixture_answer(const ParsedRequest& request, const FixtureAnswer& fixed) {
  Answer answer = json_answer(request, fixed.status, fixed.body);
  answer.content_type = fixed.content_type;
  return answer;
}

Answer valid_answer(const ParsedRequest& request, Delivery delivery = Delivery::whole) {
  Answer answer = request.fixture != nullptr ? fixture_answer(request, request.fixture->success.answer)
                                             : json_answer(request, 200, style_of(request.dialect).model_list);
  answer.delivery = delivery;
  return answer;
}

// The "echo_headers" scenario: a refusal that quotes every header it was sent but Host, as a
// confused gateway might, in a body and in a header of its own.
Answer echo_headers_answer(const ParsedRequest& request) {
  std::string sent;
  for (const auto& [name, value] : request.recorded.headers)
    if (name != "host") sent += (sent.empty() ? "" : "; ") + name + "=" + value;
  Answer answer = json_answer(request, 401, replace_all(kEchoOpenAi, "{KEY}", json_escape(sent)));
  answer.headers.emplace_back("x-echo", sent);
  return answer;
}

Answer echo_answer(const ParsedRequest& request) {
  const std::string key = json_escape(request.key);
  Answer answer;
  switch (request.dialect) {
    case Dialect::anthropic: answer = json_answer(request, 401, replace_all(kEchoAnthropic, "{KEY}", key)); break;
    case Dialect::azure: answer = json_answer(request, 401, replace_all(kEchoAzure, "{KEY}", key)); break;
    case Dialect::gemini: answer = json_answer(request, 400, replace_all(kEchoGemini, "{KEY}", key)); break;
    default: answer = json_answer(request, 401, replace_all(kEchoOpenAi, "{KEY}", key)); break;
  }
  answer.headers.emplace_back("x-echo", request.key);
  return answer;
}

Answer huge_answer(const ParsedRequest& request) {
  Answer answer = valid_answer(request);
  // {"object":"list",...}  ->  {"object":"list",...,"pad":"xxxx"} of exactly kHugeBodyBytes;
  // a bare array (Together's) gets a last element instead: [...,"xxxx"].
  std::string& body = answer.body;
  const char close = body.back();
  body.pop_back();
  body += close == ']' ? R"(,")" : R"(,"pad":")";
  body.append(kHugeBodyBytes - body.size() - 2, 'x');
  body += '"';
  body += close;
  return answer;
}

/// The many_models scenario: a list of kManyModels long ids, in OpenAI's shape.
Answer many_models_answer(const ParsedRequest& request) {
  std::string body = R"({"object":"list","data":[)";
  for (int i = 0; i < kManyModels; ++i) body += (i == 0 ? "" : ",") + std::string(R"({"id":")") + many_model_id(i) + "\"}";
  return json_answer(request, 200, body + "]}");
}

Answer silence(const ParsedRequest&) {
  Answer answer;
  answer.delivery = Delivery::never;
  return answer;
}

Answer redirect_answer(const ParsedRequest&) {
  Answer answer;
  answer.status = 302;
  answer.content_type.clear();
  answer.headers.emplace_back("Location", "https://evil.invalid/steal");
  return answer;
}

Answer captive_portal_answer(const ParsedRequest&) {
  Answer answer;
  answer.content_type = "text/html; charset=utf-8";
  answer.body = std::string(kCaptivePortal);
  return answer;
}

/// The valid answer as a server that ignores Accept-Encoding sends it: gzip-compressed (the
/// bytes only begin like gzip; keyguard must not try to read them).
Answer gzip_answer(const ParsedRequest& request) {
  Answer answer = valid_answer(request);
  answer.headers.emplace_back("Content-Encoding", "gzip");
  answer.body = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + "\xab\xcd\xef binary";
  return answer;
}

/// A scenario whose answer is built in code rather than canned.
struct BuiltScenario {
  std::string_view name;
  Answer (*make)(const ParsedRequest&);
  bool checks_key;  ///< false for what sits in front of a provider and answers whoever asks
};

constexpr BuiltScenario kBuiltScenarios[] = {
    {"hang", silence, false},
    {"redirect", redirect_answer, false},
    {"html", captive_portal_answer, false},
    {"valid", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"chunked", [](const ParsedRequest& request) { return valid_answer(request, Delivery::chunked); }, true},
    {"close_delimited", [](const ParsedRequest& request) { return valid_answer(request, Delivery::close_delimited); }, true},
    {"truncated", [](const ParsedRequest& request) { return valid_answer(request, Delivery::truncated); }, true},
    {"slow", [](const ParsedRequest& request) { return valid_answer(request, Delivery::one_byte_a_second); }, true},
    {"echo", echo_answer, true},
    {"echo_headers", echo_headers_answer, false},
    {"huge", huge_answer, true},
    {"many_models", many_models_answer, true},
    {"not_json", [](const ParsedRequest& request) { return json_answer(request, 200, "ok"); }, true},
    {"gzip", gzip_answer, true},
    {"cut_off", [](const ParsedRequest& request) { return valid_answer(request, Delivery::cut_off); }, true},
    {"late_garbage", [](const ParsedRequest& request) { return valid_answer(request, Delivery::late_garbage); }, true},
    // The probe's answer of these is the valid one; what differs comes after it.
    {"no_keep_alive", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"flaky_list", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"stall_list", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"stray_same_record", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"stray_own_record", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"stray_before_next", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"http10", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"close_unsaid", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"drop_next", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"unavailable_once", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"unavailable", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"dropped_once", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"rate_limited_once", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"unavailable_second", [](const ParsedRequest& request) { return valid_answer(request); }, true},
    {"slow_unavailable_once", [](const ParsedRequest& request) { return valid_answer(request); }, true},
};

/// A 503 from a load balancer in front of the provider, with no provider's words in it.
Answer unavailable_answer(const ParsedRequest& request) {
  return json_answer(request, 503, R"({"error":{"message":"upstream connect error or disconnect/reset before headers","type":"service_unavailable"}})", false);
}

/// A 404 for a target the provider does not serve, in OpenAI's words.
Answer invalid_url(const ParsedRequest& request) {
  const std::string target = request.recorded.method + " " + request.recorded.target;
  return json_answer(request, 404,
                     R"~({"error":{"message":"Invalid URL ()~" + json_escape(target) +
                         R"~()","type":"invalid_request_error","code":null}})~");
}

/// What the provider says before it looks at the scenario, when the credentials or its own
/// required headers are missing; nothing when the request may go on.
std::optional<Answer> refusal_at_the_door(const ParsedRequest& request) {
  if (const ProviderFixture* fixture = request.fixture) {
    // No key in a header this provider reads: its 401, as the real service answers.
    if (request.key.empty()) {
      if (fixture->bad_key.answer.status == 401) return fixture_answer(request, fixture->bad_key.answer);
      return json_answer(request, 401, kMissingKey);
    }
    if (fixture->missing_header)
      for (const auto& [name, value] : fixture->provider_headers)
        if (find_header(request.recorded, name) == nullptr) return fixture_answer(request, *fixture->missing_header);
    return std::nullopt;
  }
  if (request.dialect == Dialect::none) return json_answer(request, 401, kMissingKey);
  if (request.dialect == Dialect::anthropic && find_header(request.recorded, "anthropic-version") == nullptr)
    return json_answer(request, 400, kMissingAnthropicVersion);
  return std::nullopt;
}

/// What REQUEST's scenario answers.
Answer scenario_answer(const ParsedRequest& request) {
  const std::string& scenario = request.recorded.scenario;
  // A fixture's own answers first: valid, revoked, quota and its quirks.
  if (const ProviderFixture* fixture = request.fixture) {
    const FixtureCase* own = fixture->find_case(scenario);
    if (own != nullptr || scenario == "quota") {
      if (std::optional<Answer> refusal = refusal_at_the_door(request)) return *refusal;
      // A provider with no known no-credit answer has no "quota" scenario.
      return own != nullptr ? fixture_answer(request, own->answer) : invalid_url(request);
    }
  }

  const BuiltScenario* built = nullptr;
  for (const BuiltScenario& candidate : kBuiltScenarios)
    if (candidate.name == scenario) built = &candidate;
  const CannedScenario* canned = nullptr;
  for (const CannedScenario& candidate : kCannedScenarios)
    if (candidate.name == scenario) canned = &candidate;
  if (built == nullptr && canned == nullptr) return invalid_url(request);

  // The provider itself looks at the credentials before anything else.
  if (built == nullptr || built->checks_key)
    if (std::optional<Answer> refusal = refusal_at_the_door(request)) return *refusal;

  if (built != nullptr) return built->make(request);
  const Canned& fixed = canned_for(*canned, request.dialect);
  Answer answer = json_answer(request, fixed.status, fixed.body, fixed.request_id);
  if (canned->retry_after) answer.headers.emplace_back("retry-after", "1");
  return answer;
}

/// The canned answer of the generic scenario NAME in REQUEST's dialect.
Answer canned_answer(const ParsedRequest& request, std::string_view name) {
  for (const CannedScenario& candidate : kCannedScenarios)
    if (candidate.name == name) {
      const Canned& fixed = canned_for(candidate, request.dialect);
      return json_answer(request, fixed.status, fixed.body, fixed.request_id);
    }
  return invalid_url(request);
}

/// %XX decoded; a % not followed by two hex digits is kept as it is.
std::string percent_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// The answer to a model request of REQUEST's fixture (on its model route, or its model list
/// request); nothing when REQUEST is no model request.
std::optional<Answer> model_answer(const ParsedRequest& request) {
  const ProviderFixture* fixture = request.fixture;
  if (fixture == nullptr) return std::nullopt;
  const std::string& scenario = request.recorded.scenario;
  const std::string_view target = request.provider_target;
  const std::string_view path = target.substr(0, target.find('?'));

  if (fixture->model_check == FixtureModelCheck::list_request && !fixture->model_list_target.empty() &&
      path == fixture->model_list_target) {
    if (std::optional<Answer> refusal = refusal_at_the_door(request)) return refusal;
    if (scenario == "flaky_list") return canned_answer(request, "server_error");
    if (scenario == "stall_list") return silence(request);
    return fixture_answer(request, fixture->model_list);
  }

  if (fixture->model_check == FixtureModelCheck::route && !fixture->profile_route.empty() &&
      path.starts_with(fixture->profile_route) && path.size() > fixture->profile_route.size()) {
    if (std::optional<Answer> refusal = refusal_at_the_door(request)) return refusal;
    const std::string_view encoded = path.substr(fixture->profile_route.size());
    if (encoded.find('/') != std::string_view::npos) return invalid_url(request);
    const std::string id = percent_decode(encoded);
    bool known = std::find(fixture->profiles.begin(), fixture->profiles.end(), id) != fixture->profiles.end();
    Answer answer = fixture_answer(request, known ? fixture->profile_found : fixture->profile_missing);
    answer.body = replace_all(answer.body, "{MODEL}", json_escape(id));
    return answer;
  }
  if (fixture->model_check != FixtureModelCheck::route || fixture->model_route.empty() ||
      !path.starts_with(fixture->model_route) || path.size() == fixture->model_route.size())
    return std::nullopt;
  if (std::optional<Answer> refusal = refusal_at_the_door(request)) return refusal;
  const std::string_view encoded = path.substr(fixture->model_route.size());
  // An id with a raw slash is another path: the provider's router knows no such route.
  if (encoded.find('/') != std::string_view::npos) return invalid_url(request);
  const std::string id = percent_decode(encoded);
  // A front that normalises paths takes a dot-segment for a step: /v1/models/. is the list.
  if (id == "." || id == "..") return valid_answer(request);
  if (id == kStallModel) return silence(request);
  if (id == kFlakyModel) return canned_answer(request, "server_error");
  auto about_the_model = [&](const FixtureAnswer& fixed) {
    Answer answer = fixture_answer(request, fixed);
    answer.body = replace_all(answer.body, "{MODEL}", json_escape(id));
    return answer;
  };
  if (id == kBlockedModel && fixture->model_forbidden) return about_the_model(*fixture->model_forbidden);
  if (fixture->knows_model(id) || id == kFineTunedModel) return about_the_model(fixture->model_found);
  return about_the_model(fixture->model_missing);
}

std::string response_head(const Answer& answer, bool say_close);

/// A whole 200 response for kStrayModel in REQUEST's dialect, as a confused front sends it unasked.
std::string stray_response(const ParsedRequest& request) {
  std::string body = request.fixture != nullptr
                         ? replace_all(request.fixture->model_found.body, "{MODEL}", json_escape(kStrayModel))
                         : R"({"id":")" + std::string(kStrayModel) + R"(","object":"model","owned_by":"system"})";
  Answer stray;
  stray.body = body;
  return response_head(stray, false) + body;
}

/// What the fake provider answers to REQUEST, the ANSWERED-th request of its connection (0 for the
/// first): a fixture's model request, else its scenario; and how the connection misbehaves around it.
Answer answer_for(const ParsedRequest& request, int answered) {
  std::optional<Answer> answer = model_answer(request);
  if (!answer) answer = scenario_answer(request);
  const std::string& scenario = request.recorded.scenario;
  if (scenario == "no_keep_alive") answer->close = true;
  if (scenario == "close_unsaid") answer->close_unsaid = true;
  if (scenario == "http10") answer->close_unsaid = answer->http10 = true;
  if (scenario == "drop_next" && answered == 1) answer->delivery = Delivery::dropped;
  // The retry scenarios (docs/report.md#retries): the first request of the scenario fails, on
  // whatever connection; "unavailable" fails every one.
  bool first = request.earlier == 0;
  if ((scenario == "unavailable_once" && first) || scenario == "unavailable") *answer = unavailable_answer(request);
  if (scenario == "dropped_once" && first) answer->delivery = Delivery::dropped;
  if (scenario == "unavailable_second" && request.earlier == 1) *answer = unavailable_answer(request);
  if (scenario == "slow_unavailable_once" && first) {
    *answer = unavailable_answer(request);
    answer->delay = 600ms;
  }
  if (scenario == "rate_limited_once" && first) {
    *answer = canned_answer(request, "rate_limited");
    answer->headers.emplace_back("retry-after", "1");
  }
  if (answer->delivery == Delivery::whole) {
    if (scenario == "stray_same_record" && answered == 0) answer->stray_in_same_write = stray_response(request);
    if (scenario == "stray_own_record" && answered == 0) answer->stray_after = stray_response(request);
    if (scenario == "stray_before_next" && answered == 1) answer->stray_before = stray_response(request);
  }
  return *answer;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 529: return "Overloaded";
    default: return "Unknown";
  }
}

/// The status line and headers of ANSWER, blank line included; "Connection: close" when SAY_CLOSE.
std::string response_head(const Answer& answer, bool say_close) {
  std::string head = (answer.http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + std::to_string(answer.status) + " " + std::string(reason_phrase(answer.status)) + "\r\n";
  if (!answer.content_type.empty()) head += "Content-Type: " + answer.content_type + "\r\n";
  switch (answer.delivery) {
    case Delivery::chunked: head += "Transfer-Encoding: chunked\r\n"; break;
    case Delivery::close_delimited: break;
    case Delivery::cut_off: break;
    case Delivery::truncated: head += "Content-Length: 500\r\n"; break;
    default: head += "Content-Length: " + std::to_string(answer.body.size()) + "\r\n"; break;
  }
  for (const auto& [name, value] : answer.headers) head += name + ": " + value + "\r\n";
  if (say_close) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

// ---------------------------------------------------------------------------------------------
// Sockets that give up when the server stops

/// A connected socket and what makes waiting on it end early.
struct Socket {
  int fd = -1;
  const std::atomic<bool>* stopping = nullptr;
  std::optional<std::chrono::milliseconds> idle_limit;  ///< unset: wait until stop
};

/// Waits until SOCKET is ready for EVENTS. False when the server stops or the idle limit passes.
bool wait_ready(const Socket& socket, short events) {
  const auto started = Clock::now();
  for (;;) {
    if (socket.stopping->load()) return false;
    auto slice = kPollSlice;
    if (socket.idle_limit) {
      auto left = *socket.idle_limit - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      if (left <= 0ms) return false;
      slice = std::min(slice, left);
    }
    pollfd entry{socket.fd, events, 0};
    int ready = poll(&entry, 1, static_cast<int>(slice.count()));
    if (ready > 0) return true;  // readiness, hang-up or error: the next call tells which
    if (ready < 0 && errno != EINTR) return false;
  }
}

/// Reads what is there: >0 bytes, 0 at end of stream, -1 on error, stop or idle limit.
long socket_recv(const Socket& socket, void* buffer, std::size_t size) {
  for (;;) {
    if (!wait_ready(socket, POLLIN)) return -1;
    ssize_t n = recv(socket.fd, buffer, size, MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

/// Sends some of BUFFER: >0 bytes sent, -1 on error, stop or idle limit.
long socket_send(const Socket& socket, const void* buffer, std::size_t size) {
  for (;;) {
    if (!wait_ready(socket, POLLOUT)) return -1;
    ssize_t n = send(socket.fd, buffer, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

int tls_send(void* context, const unsigned char* buffer, std::size_t size) {
  long n = socket_send(*static_cast<Socket*>(context), buffer, size);
  return n < 0 ? MBEDTLS_ERR_NET_SEND_FAILED : static_cast<int>(n);
}

int tls_recv(void* context, unsigned char* buffer, std::size_t size) {
  long n = socket_recv(*static_cast<Socket*>(context), buffer, size);
  return n < 0 ? MBEDTLS_ERR_NET_RECV_FAILED : static_cast<int>(n);
}

/// The server side of TLS, loaded once and shared by every connection, as in mbedTLS's
/// programs/ssl/ssl_pthread_server.c: the configuration, certificate and key are only read during
/// handshakes (the pk layer signs with a copy of the EC group), and the random generator locks itself.
struct TlsServerConfig {
  Entropy entropy;
  CtrDrbg drbg;
  CertChain chain;
  PkKey key;
  SslConfig config;
};

/// The server name of the handshake running on this thread (mbedTLS hands it to a callback
/// of the shared configuration; each connection shakes hands on its own thread).
thread_local std::string handshake_server_name;

extern "C" int remember_server_name(void*, mbedtls_ssl_context*, const unsigned char* name, std::size_t size) {
  handshake_server_name.assign(reinterpret_cast<const char*>(name), size);
  return 0;
}

/// One connection's byte stream, with or without TLS.
class Stream {
 public:
  Stream(int fd, const std::atomic<bool>& stopping) {
    socket_.fd = fd;
    socket_.stopping = &stopping;
  }

  void set_idle_limit(std::optional<std::chrono::milliseconds> limit) { socket_.idle_limit = limit; }

  /// Runs the TLS handshake when TLS is given; a plain stream needs nothing.
  bool open(TlsServerConfig* tls) {
    if (tls == nullptr) return true;
    tls_.emplace();
    if (mbedtls_ssl_setup(tls_->get(), tls->config.get()) != 0) return false;
    // The callbacks poll in short slices and watch the stop flag, so no read blocks stop().
    mbedtls_ssl_set_bio(tls_->get(), &socket_, tls_send, tls_recv, nullptr);
    handshake_server_name.clear();
    int ret;
    while ((ret = mbedtls_ssl_handshake(tls_->get())) != 0)
      if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) return false;
    server_name_ = handshake_server_name;
    return true;
  }

  /// The server name the client sent (SNI), once the handshake is done.
  const std::string& server_name() const { return server_name_; }

  /// >0 bytes read, 0 at end of stream, -1 on error, stop or idle limit.
  long read(char* buffer, std::size_t size) {
    if (!tls_) return socket_recv(socket_, buffer, size);
    for (;;) {
      int ret = mbedtls_ssl_read(tls_->get(), reinterpret_cast<unsigned char*>(buffer), size);
      if (ret >= 0) return ret;
      if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) return 0;
      if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) return -1;
    }
  }

  bool write(std::string_view bytes) {
    while (!bytes.empty()) {
      long n;
      if (tls_) {
        int ret = mbedtls_ssl_write(tls_->get(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
        n = ret;
      } else {
        n = socket_send(socket_, bytes.data(), bytes.size());
      }
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Writes each of RECORDS (one TLS record each) and sends them in one go: the client finds the
  /// later ones already waiting when it has read the first.
  bool write_together(const std::vector<std::string_view>& records) {
    int on = 1, off = 0;
    setsockopt(socket_.fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
    bool sent = true;
    for (std::string_view record : records) sent = sent && write(record);
    setsockopt(socket_.fd, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
    return sent;
  }

  /// Ends our side cleanly (close_notify, then FIN) and drains the client for a moment, so that
  /// unread bytes do not turn the close into a reset that could destroy the answer in flight.
  void finish(bool close_notify = true) {
    if (tls_ && close_notify) mbedtls_ssl_close_notify(tls_->get());
    shutdown(socket_.fd, SHUT_WR);
    socket_.idle_limit = kLingerLimit;
    char sink[4096];
    const auto give_up = Clock::now() + kLingerLimit;
    while (Clock::now() < give_up && socket_recv(socket_, sink, sizeof sink) > 0) {
    }
  }

  /// Reads and discards until the client leaves or the server stops.
  void wait_for_client_to_leave() {
    set_idle_limit(std::nullopt);
    char sink[4096];
    while (read(sink, sizeof sink) > 0) {
    }
  }

 private:
  std::string server_name_;
  Socket socket_;
  std::optional<SslContext> tls_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The server

struct FakeProvider::Server {
  explicit Server(Options chosen) : options(std::move(chosen)) {}

  bool load_tls(std::string* err);
  /// Binds the host and port of the options: the listening socket, or -1 with ERR filled.
  int listen_on_port(std::string* err);
  void serve(int fd);
  /// Sends ANSWER. When the client asked to keep the connection (CLIENT_KEEPS) and the answer
  /// has a length and does not close, returns true once it is sent, the connection open for
  /// another request; otherwise ends the connection as the delivery says and returns false.
  bool deliver(Stream& stream, const Answer& answer, bool client_keeps = false);
  /// Counts a connection that is ready for requests; returns its index.
  int count_connection();
  /// Keeps REQUEST; returns how many of the same scenario came before it.
  int record(const RecordedRequest& request);
  /// Sleeps for DURATION; false if the server stopped meanwhile.
  bool pause(std::chrono::milliseconds duration);

  Options options;
  TlsServerConfig tls;
  int bound_port = 0;
  int log_fd = -1;
  bool started = false;

  mutable std::mutex requests_mutex;
  std::vector<RecordedRequest> recorded;
  int connections_ready = 0;  ///< since the last clear_requests()

  /// Last, so that its threads are joined before anything they use goes.
  ConnectionThreads connections;
};

bool FakeProvider::Server::load_tls(std::string* err) {
  auto fail = [err](const std::string& what, int code) {
    *err = what + ": " + mbedtls_message(code);
    return false;
  };
  static constexpr unsigned char kPersonalization[] = "keyguard fake provider";
  // TLS 1.3 computes through PSA crypto; initialising twice is harmless.
  if (psa_crypto_init() != PSA_SUCCESS) return fail("initialising PSA crypto", MBEDTLS_ERR_ERROR_GENERIC_ERROR);
  int ret = mbedtls_ctr_drbg_seed(tls.drbg.get(), mbedtls_entropy_func, tls.entropy.get(), kPersonalization,
                                  sizeof kPersonalization - 1);
  if (ret != 0) return fail("seeding the random generator", ret);
  if ((ret = mbedtls_x509_crt_parse_file(tls.chain.get(), options.cert_file.c_str())) != 0)
    return fail("loading certificate " + options.cert_file, ret);
  if ((ret = mbedtls_pk_parse_keyfile(tls.key.get(), options.key_file.c_str(), nullptr, mbedtls_ctr_drbg_random,
                                      tls.drbg.get())) != 0)
    return fail("loading key " + options.key_file, ret);
  if ((ret = mbedtls_pk_check_pair(&tls.chain.get()->pk, tls.key.get(), mbedtls_ctr_drbg_random, tls.drbg.get())) != 0)
    return fail("key " + options.key_file + " does not match certificate " + options.cert_file, ret);

  mbedtls_ssl_config* config = tls.config.get();
  ret = mbedtls_ssl_config_defaults(config, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT);
  if (ret != 0) return fail("setting up TLS", ret);
  mbedtls_ssl_conf_rng(config, mbedtls_ctr_drbg_random, tls.drbg.get());
  // TLS 1.2 and 1.3, as the providers' front ends speak them.
  mbedtls_ssl_conf_min_tls_version(config, MBEDTLS_SSL_VERSION_TLS1_2);
  mbedtls_ssl_conf_max_tls_version(config, MBEDTLS_SSL_VERSION_TLS1_3);
  // Pick key-exchange groups as the real providers' front ends do (X25519 first).
  static const std::uint16_t kGroups[] = {MBEDTLS_SSL_IANA_TLS_GROUP_X25519, MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                          MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1, MBEDTLS_SSL_IANA_TLS_GROUP_SECP521R1,
                                          MBEDTLS_SSL_IANA_TLS_GROUP_NONE};
  mbedtls_ssl_conf_groups(config, kGroups);
  mbedtls_ssl_conf_sni(config, remember_server_name, nullptr);
  if ((ret = mbedtls_ssl_conf_own_cert(config, tls.chain.get(), tls.key.get())) != 0)
    return fail("using certificate " + options.cert_file, ret);
  return true;
}

int FakeProvider::Server::listen_on_port(std::string* err) {
  const std::string where = options.host + " port " + std::to_string(options.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* address = nullptr;
  int gai = getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &address);
  if (gai != 0) {
    *err = "resolving " + where + ": " + gai_strerror(gai);
    return -1;
  }
  int listener = socket(address->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool ok = listener >= 0;
  if (ok) {
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (address->ai_family == AF_INET6) setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    ok = bind(listener, address->ai_addr, address->ai_addrlen) == 0 && ::listen(listener, 128) == 0;
  }
  const int saved_errno = errno;
  freeaddrinfo(address);
  if (!ok) {
    *err = "listening on " + where + ": " + std::strerror(saved_errno);
    if (listener >= 0) close(listener);
    return -1;
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &length);
  bound_port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                           : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return listener;
}

void FakeProvider::Server::serve(int fd) {
  Stream stream(fd, connections.stopping());
  if (options.mode == Mode::stall_handshake) {
    stream.wait_for_client_to_leave();
    return;
  }
  stream.set_idle_limit(kIdleLimit);
  if (!stream.open(options.mode == Mode::tls ? &tls : nullptr)) return;
  const int connection = count_connection();

  std::string pending;  // what was read past the requests answered so far
  int answered = 0;     // requests answered on this connection
  char buffer[4096];
  // One request after another, for as long as the client keeps the connection open.
  for (;;) {
    std::size_t end;
    while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
      if (pending.size() > kMaxRequestHead) {
        Answer too_large;
        too_large.status = 431;
        too_large.body = R"({"error":{"message":"Request header fields too large","type":"invalid_request_error","param":null,"code":null}})";
        deliver(stream, too_large);
        return;
      }
      long n = stream.read(buffer, sizeof buffer);
      if (n <= 0) return;  // the client left, or the server stops
      pending.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = pending.substr(0, end + 4);
    pending.erase(0, end + 4);

    ParsedRequest request;
    if (!parse_request(head, &request)) {
      Answer bad;
      bad.status = 400;
      bad.body = R"({"error":{"message":"Malformed request line","type":"invalid_request_error","param":null,"code":null}})";
      deliver(stream, bad);
      return;
    }
    // A body, where one is announced, is read and dropped: no scenario looks at it. One too
    // large to read is left unread, and the connection ends after the answer.
    std::size_t body_size = 0;
    if (const std::string* length = find_header(request.recorded, "content-length"))
      body_size = static_cast<std::size_t>(std::strtoull(length->c_str(), nullptr, 10));
    if (body_size > kMaxRequestBody) {
      request.close_requested = true;
      body_size = 0;
    }
    while (pending.size() < body_size) {
      long n = stream.read(buffer, sizeof buffer);
      if (n <= 0) return;
      pending.append(buffer, static_cast<std::size_t>(n));
    }
    pending.erase(0, body_size);

    request.recorded.sni = stream.server_name();
    request.recorded.connection = connection;
    request.earlier = record(request.recorded);
    if (!deliver(stream, answer_for(request, answered++), !request.close_requested)) return;
  }
}

int FakeProvider::Server::count_connection() {
  std::lock_guard<std::mutex> lock(requests_mutex);
  return connections_ready++;
}

bool FakeProvider::Server::deliver(Stream& stream, const Answer& answer, bool client_keeps) {
  const bool keep_alive = client_keeps && !answer.close && !answer.close_unsaid &&
                          (answer.delivery == Delivery::whole || answer.delivery == Delivery::chunked);
  // An answer without a length ends with the connection: to a client that would keep it, it
  // says nothing more, as HTTP/1.1 allows. Every other answer after which the server closes says so.
  const bool no_length = answer.delivery == Delivery::close_delimited || answer.delivery == Delivery::cut_off;
  const bool say_close = !keep_alive && !answer.close_unsaid && !(client_keeps && !answer.close && no_length);
  const std::string head = response_head(answer, say_close);
  if (answer.delay.count() > 0 && !pause(answer.delay)) return false;
  bool sent = true;
  switch (answer.delivery) {
    case Delivery::never:
      stream.wait_for_client_to_leave();
      return false;
    case Delivery::dropped:
      stream.finish(false);
      return false;
    case Delivery::whole:
      if (answer.stray_before.empty() && answer.stray_after.empty()) {
        sent = stream.write(head + answer.body + answer.stray_in_same_write);
      } else {
        std::string response = head + answer.body;
        std::vector<std::string_view> records;
        if (!answer.stray_before.empty()) records.push_back(answer.stray_before);
        records.push_back(response);
        if (!answer.stray_after.empty()) records.push_back(answer.stray_after);
        sent = stream.write_together(records);
      }
      break;
    case Delivery::close_delimited:
      sent = stream.write(head + answer.body);
      break;
    case Delivery::truncated:
      sent = stream.write(head + answer.body.substr(0, 20));
      break;
    case Delivery::cut_off:
      if (stream.write(head + answer.body.substr(0, answer.body.size() / 2))) stream.finish(false);
      return false;
    case Delivery::late_garbage:
      if (!pause(500ms)) return false;
      sent = stream.write("HTTP/1.1 two hundred\r\n\r\n");
      break;
    case Delivery::chunked: {
      sent = stream.write(head);
      const std::string_view body = answer.body;
      const std::size_t piece = std::max<std::size_t>(1, body.size() / 4 + 1);
      for (std::size_t at = 0; sent && at < body.size(); at += piece) {
        const std::string_view data = body.substr(at, piece);
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", data.size());
        sent = stream.write(std::string(size_line) + std::string(data) + "\r\n");
      }
      if (sent) sent = stream.write("0\r\n\r\n");
      break;
    }
    case Delivery::one_byte_a_second: {
      const std::string response = head + answer.body;
      for (std::size_t at = 0; sent && at < response.size(); ++at) {
        if (at > 0 && !pause(1s)) return false;
        sent = stream.write(std::string_view(response).substr(at, 1));
      }
      break;
    }
  }
  if (sent && keep_alive) return true;
  if (sent) stream.finish();
  return false;
}

int FakeProvider::Server::record(const RecordedRequest& request) {
  std::lock_guard<std::mutex> lock(requests_mutex);
  int earlier = static_cast<int>(std::count_if(recorded.begin(), recorded.end(), [&](const RecordedRequest& before) {
    return before.scenario == request.scenario;
  }));
  recorded.push_back(request);
  if (log_fd >= 0) {
    const std::string line = request.method + " " + request.target + " " + request.scenario + " " + request.dialect + "\n";
    // One write per line: O_APPEND keeps lines whole even with several writers.
    [[maybe_unused]] ssize_t ignored = write(log_fd, line.data(), line.size());
  }
  return earlier;
}

bool FakeProvider::Server::pause(std::chrono::milliseconds duration) {
  return connections.sleep_unless_stopped(duration);
}

// ---------------------------------------------------------------------------------------------

FakeProvider::FakeProvider(Options options) : server_(std::make_unique<Server>(std::move(options))) {}

FakeProvider::~FakeProvider() { stop(); }

bool FakeProvider::start(std::string* err) {
  Server& server = *server_;
  if (server.started) {
    *err = "the fake provider was already started";
    return false;
  }
  if (server.options.mode == Mode::tls && !server.load_tls(err)) return false;
  if (!server.options.log_file.empty()) {
    server.log_fd = open(server.options.log_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (server.log_fd < 0) {
      *err = "opening log " + server.options.log_file + ": " + std::strerror(errno);
      return false;
    }
  }
  const int listener = server.listen_on_port(err);
  if (listener < 0) return false;
  if (!server.connections.start(listener, [&server](int fd) { server.serve(fd); }, err)) return false;
  server.started = true;
  return true;
}

int FakeProvider::port() const { return server_->bound_port; }

void FakeProvider::stop() {
  Server& server = *server_;
  server.connections.stop();  // first: no connection thread writes to the log after it
  if (server.log_fd >= 0) close(server.log_fd);
  server.log_fd = -1;
}

std::vector<RecordedRequest> FakeProvider::requests() const {
  std::lock_guard<std::mutex> lock(server_->requests_mutex);
  return server_->recorded;
}

int FakeProvider::connections() const {
  std::lock_guard<std::mutex> lock(server_->requests_mutex);
  return server_->connections_ready;
}

void FakeProvider::clear_requests() {
  std::lock_guard<std::mutex> lock(server_->requests_mutex);
  server_->recorded.clear();
  server_->connections_ready = 0;
}

std::string many_model_id(int i) {
  std::string number = std::to_string(i);
  std::string id = "model-" + std::string(4 - std::min<std::size_t>(4, number.size()), '0') + number + "-";
  const std::size_t bytes = i % 2 == 0 ? 120 : 200;
  while (id.size() < bytes) id += static_cast<char>('a' + id.size() % 26);
  return id;
}

}  // namespace keyguard::testing
