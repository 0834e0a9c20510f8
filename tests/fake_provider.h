// A fake LLM provider on loopback: a real TLS (or plain HTTP) server that answers like each
// provider, and misbehaves on request.
//
// A target that starts with the name of a provider fixture (tests/provider_fixtures.h) speaks
// that fixture's dialect, and the second segment is the scenario:
//
//   GET /<provider>/<scenario>/<what the real provider would see>   e.g. /groq/revoked/openai/v1/models
//
// Its scenarios valid, revoked and quota (the no-credit answer; 404 where the provider has no
// known one) and one scenario per quirk of the fixture answer with the fixture's bodies and
// request id header. A request that carries the key in no header the fixture reads (with its
// prefix, "Bearer ") gets 401, and one that lacks a header the provider requires gets the
// provider's answer to that (Anthropic's 400 for anthropic-version). Every generic scenario
// below works in any dialect: the success answer is the fixture's, and the canned bodies are
// those of the dialect of the same name below, or OpenAI's.
//
// Any other target picks the scenario with its first segment, and the auth header picks the
// dialect:
//
//   GET /<scenario>/<what the real provider would see>    e.g. /revoked/v1/models?limit=1
//
//   Authorization: Bearer K -> openai    x-api-key: K      -> anthropic
//   api-key: K              -> azure     x-goog-api-key: K -> gemini
//
// The provider-specific headers win over Authorization. A request with no key (dialect "none")
// gets OpenAI's 401 "You didn't provide an API key", and an anthropic request without
// anthropic-version gets Anthropic's 400, as the real services answer before looking any further.
// Three scenarios model what sits in front of a provider and answer whatever the headers:
// redirect, html and hang. An unknown scenario gets OpenAI's 404 "Invalid URL".
//
// Scenarios, each in the dialect's real status and body (tests/fake_provider.cpp has them all):
//   valid             200, the provider's model list, with its request id header
//   revoked           the bad-key answer: 401 (openai, anthropic, azure), 400 API_KEY_INVALID (gemini)
//   org_mismatch      401 mismatched_organization    (OpenAI's body, whatever the dialect)
//   project_mismatch  401 mismatched_project         (OpenAI's body, whatever the dialect)
//   restricted        401 "Missing scopes: api.model.read", code null (OpenAI's body, whatever the dialect)
//   forbidden         403: region (openai), Cloudflare "forbidden" (anthropic, no request id),
//                     AuthenticationTypeDisabled (azure), PERMISSION_DENIED SERVICE_DISABLED (gemini)
//   rate_limited      429 rate limit with "retry-after: 1"; gemini RESOURCE_EXHAUSTED without billing words
//   quota             429 insufficient_quota; anthropic 400 "credit balance is too low"; gemini 429
//                     RESOURCE_EXHAUSTED "... check your plan and billing details ..."
//   payment_required  402 "Insufficient Balance" (DeepSeek's body, whatever the dialect)
//   server_error      500 in the dialect's shape
//   overloaded        529 Anthropic overloaded_error, whatever the dialect
//   not_found         404 in the dialect's shape
//   redirect          302 to https://evil.invalid/steal, empty body
//   html              200 text/html captive portal page
//   chunked           the valid answer, Transfer-Encoding: chunked, in several writes
//   close_delimited   the valid answer without Content-Length, ended by closing the connection
//   truncated         Content-Length: 500, then 20 bytes and close
//   hang              reads the request and never answers; the connection stays open until stop()
//   slow              the valid answer, one byte per second
//   echo              the dialect's bad-key answer with the key in the message and in "x-echo"
//   huge              the valid list padded with a "pad" string to a 300 KiB body
//   many_models       200, a list in OpenAI's shape ({"object":"list","data":[{"id":…},…]}) of
//                     kManyModels long ids, many_model_id(0) on: far more than any provider lists
//   not_json          200 application/json, body "ok"
//   gzip              the valid answer's status and headers with Content-Encoding: gzip and a binary body
//   cut_off           the valid answer without Content-Length, cut in half, closed without close_notify
//   late_garbage      half a second of silence, then a status line that does not parse
//   no_keep_alive     the valid answer; every answer of the connection says "Connection: close"
//                     and the server closes after it, even when the client would keep it open
//   flaky_list        the valid answer; a fixture's model list request (DeepSeek's) gets 500
//   stall_list        the valid answer; a fixture's model list request is never answered
//
// Connections out of step, each with the valid answer to the probe (model requests answered
// truthfully), where a server or what sits in front of it gets keep-alive wrong:
//   stray_same_record  the probe's answer is followed, in the same write (one TLS record), by a
//                      second 200 nobody asked for: kStrayModel's model object
//   stray_own_record   the same stray answer in a record of its own, sent with the probe's answer
//   stray_before_next  the stray answer comes when the next request on the connection is read,
//                      just before that request's own answer (both sent at once)
//   http10             every answer is HTTP/1.0 without Connection: keep-alive, and the server
//                      closes after it
//   close_unsaid       every answer is HTTP/1.1 with a length and no Connection header, and the
//                      server closes after it (TLS: with close_notify)
//   drop_next          the second request on a connection is read and the connection closed
//                      without a byte of answer
//
// Failures a retry may get past (docs/report.md#retries), counted over the server's whole life
// (every connection; stop() does not reset the count, clear_requests() does):
//   unavailable_once   the scenario's first request gets a load balancer's 503, every later one
//                      the valid answer (model requests too: truthfully)
//   unavailable        every request gets that 503
//   dropped_once       the first request is read and its connection closed without a byte of answer
//   rate_limited_once  the first request gets the rate_limited 429 with "retry-after: 1"
//   unavailable_second the second request gets the 503 (the first model request after a probe)
//   slow_unavailable_once  the first request gets the 503 after 600 ms of silence
//
// Connections. A request with "Connection: close" gets an answer with "Connection: close", and
// the server closes after it (TLS: with close_notify). A request without it (HTTP/1.1 keep-alive)
// gets its answer with Content-Length (or chunked) and no Connection header, and the server reads
// the next request on the same connection, until the client closes. Answers whose end is the
// end of the connection or that misbehave (close_delimited, truncated, cut_off, slow,
// late_garbage, hang, no_keep_alive, a head too large, a malformed request) close as they always
// did; those without a length (close_delimited, cut_off) then say nothing of closing to a client
// that asked to keep the connection, as HTTP/1.1 allows, and the others say "Connection: close".
//
// Models. A fixture with a model route (ProviderFixture::model_route) answers
//   GET /<provider>/<scenario><model_route><percent-encoded id>      e.g. /openai/valid/v1/models/gpt-4o-mini
// in every scenario, after the same checks at the door as its probe: 200 with its model object for
// the ids the key may use (ProviderFixture::knows_model, and kFineTunedModel), else its answer for a
// model that does not exist; an id with a raw "/" gets 404 "Invalid URL", as a real router would, and
// one that is "." or ".." once decoded gets the valid list, as behind a front that normalises paths.
// The special ids below work on every model route. A fixture with a model list request
// (ProviderFixture::model_list_target, DeepSeek's /models) answers it with its list.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyguard::testing {

/// Read, never answered (until the client leaves): the deadline holds on a model request.
inline constexpr std::string_view kStallModel = "stall-model";
/// 500 in the dialect's shape (the server_error scenario's body): an indeterminate model check.
inline constexpr std::string_view kFlakyModel = "flaky-model";
/// The fixture's answer for a model the key may not use (ProviderFixture::model_forbidden);
/// where it has none, a model that does not exist.
inline constexpr std::string_view kBlockedModel = "blocked-model";
/// A fine-tuned model with characters that need percent-encoding; it exists on every model route.
inline constexpr std::string_view kFineTunedModel = "my org/model x";
/// The model the stray answers of the stray_* scenarios name: a model that does not exist, so a
/// client that takes a stray answer for its own calls it available.
inline constexpr std::string_view kStrayModel = "stray-model";

/// The many_models scenario's list: kManyModels long ids, which differ only in their length
/// and the number after "model-".
inline constexpr int kManyModels = 900;
/// The I-th id of that list: "model-0042-" and a fixed run of letters, to 120 bytes when I is
/// even (under keyguard's bound for "did you mean"), to 200 when it is odd (over it).
std::string many_model_id(int i);

/// One request as the fake provider read it.
struct RecordedRequest {
  std::string method;    ///< "GET"
  std::string target;    ///< path and query as received, scenario included: "/valid/v1/models"
  std::string scenario;  ///< the first path segment ("valid"); the second after a fixture's name
  /// A fixture's name when the target starts with one ("groq"); else, from the headers, "openai",
  /// "anthropic", "azure", "gemini", or "none" without a key.
  std::string dialect;
  std::string sni;       ///< the server name the client sent in its TLS hello; empty without TLS or SNI
  /// The connection it came on: 0 for the first connection accepted (TLS: whose handshake
  /// completed) since the last clear_requests(), 1 for the next, ...
  int connection = 0;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased, values trimmed, in order
};

class FakeProvider {
 public:
  enum class Mode {
    tls,              ///< HTTPS with the certificate and key of the options, TLS 1.2 and 1.3
    plain,            ///< the same HTTP behaviour without TLS
    stall_handshake,  ///< accepts TCP, reads whatever arrives, never answers; open until stop()
  };

  struct Options {
    std::string cert_file;        ///< PEM certificate, possibly followed by its chain (tls mode)
    std::string key_file;         ///< PEM private key of the certificate (tls mode)
    Mode mode = Mode::tls;
    std::string host = "127.0.0.1";  ///< numeric address to bind: "127.0.0.1" or "::1"
    int port = 0;                 ///< 0 picks a free port; port() tells which
    std::string log_file;         ///< when set, appends "method target scenario dialect" per request
  };

  explicit FakeProvider(Options options);
  /// Calls stop().
  ~FakeProvider();
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  /// Loads the TLS identity, binds, listens and starts serving on a background thread.
  /// Returns false and fills ERR on failure. Call at most once.
  bool start(std::string* err);
  /// The port it listens on, once started.
  int port() const;
  /// Closes the listener and every open connection, hanging ones included, and joins all
  /// threads. Returns within about 100 ms. Safe to call twice.
  void stop();

  /// A copy of every request read so far, in the order they were read.
  std::vector<RecordedRequest> requests() const;
  /// Connections accepted since the last clear_requests() whose TLS handshake completed (plain
  /// mode: every connection accepted), whether or not a request came on them.
  int connections() const;
  /// Forgets the requests read so far and starts counting connections from 0 again.
  void clear_requests();

 private:
  struct Server;
  std::unique_ptr<Server> server_;
};

}  // namespace keyguard::testing
