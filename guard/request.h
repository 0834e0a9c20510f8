// What a probe sends and what came back: the vocabulary the probe, the transport and the
// checks share.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "failure.h"
#include "http.h"
#include "route.h"
#include "secret.h"
#include "trust.h"
#include "url.h"

namespace keyguard {

/// Milliseconds spent in each phase; -1 for a phase not reached.
struct Timings {
  int dns = -1, connect = -1, proxy = -1, tls = -1, request = -1, response = -1;
};

/// What to send: the URL, the request target, and the headers. The key travels only in the
/// auth header, assembled at the moment the request is written and wiped after.
struct ProbeRequest {
  Url url;                  ///< where to connect (scheme, host, port)
  std::string method = "GET";
  std::string target;       ///< path and query
  std::vector<std::pair<std::string, std::string>> headers;  ///< not secret
  std::string auth_header;  ///< "Authorization"
  std::string auth_prefix;  ///< "Bearer "
  std::size_t auth_position = 0;  ///< how many of HEADERS go before the auth header
  const Secret* key = nullptr;
  /// Headers whose values are secrets (a gateway's key, docs/providers.md): name, and the value
  /// the candidate owns; written after the others.
  std::vector<std::pair<std::string, const Secret*>> secret_headers;
  /// Requests sent after a 2xx answer, with the same headers, on the same connection while
  /// the server keeps it open (the model checks); only the last says `Connection: close`.
  std::vector<std::string> follow_targets;
};

/// What the first of two attempts got (docs/report.md#retries).
struct FirstAttempt {
  int status = 0;       ///< its HTTP status; 0 when it had no answer
  Failure failure;      ///< why it had none
  int took_ms = 0;
  int waited_ms = 0;    ///< the wait before the second (a 429's Retry-After)
};

/// How a probe went: a response, or the phase and reason it stopped.
struct ProbeResult {
  bool answered = false;      ///< a complete (or capped) response was read
  HttpResponse response;
  /// When not answered: unreachable, tls_error, timeout or unexpected, the phase it stopped
  /// in, and what went wrong in one phrase that does not name the host (the caller does).
  Failure failure;
  std::string tls_version;    ///< "TLSv1.3", "TLSv1.2"; empty without TLS or before it
  Timings timings;
  /// One result per follow target, in order, when the first answer was a 2xx; else none.
  std::vector<ProbeResult> follows;
  int connections = 0;        ///< connections opened for this request and its follow-ups
  /// Set when the request was asked a second time: what the first attempt got.
  std::optional<FirstAttempt> retried;
};

/// Trust and proxy settings shared by all probes (docs/networks.md), decided once.
struct NetworkConfig {
  TrustSource trust;
  ProxySettings proxy;
};

}  // namespace keyguard
