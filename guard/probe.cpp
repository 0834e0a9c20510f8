// Running the probes: one thread per provider, all under the same deadline.
#include "probe.h"

#include <chrono>
#include <ctime>
#include <exception>
#include <optional>
#include <system_error>
#include <thread>

#include "classify.h"
#include "retry.h"
#include "connection.h"
#include "signals.h"
#include "tls.h"
#include "trust.h"

namespace keyguard {
namespace {

/// Sends REQUEST_BYTES on CONNECTION into *RESPONSE. A refusal that the transport's facts
/// explain is a failure: a server that asked for a client certificate and then refuses the
/// request with a page that is not an API's JSON is a mutual-TLS endpoint (nginx answers 400
/// "No required SSL certificate was sent"); a provider's own 400 (Gemini's bad key) keeps its meaning.
bool ask(Connection& connection, std::string_view request_bytes, HttpResponse* response, Timings* timings,
         Failure* failure) {
  if (!connection.send(request_bytes, response, timings, failure)) return false;
  if (std::optional<Failure> refusal = mutual_tls_refusal(*response, connection.certificate_requested())) {
    *failure = *refusal;
    *response = HttpResponse();
    return false;
  }
  return true;
}

/// Whether RESULT, the answer of an attempt that took TOOK_MS, is to be asked once more
/// (retry.h). If so, notes what the first attempt got, wipes it, and waits what a 429 asked.
bool prepare_retry(ProbeResult* result, int took_ms, const Deadline& deadline) {
  std::optional<int> wait = retry_wait_ms(*result, took_ms, deadline.remaining_ms(), std::time(nullptr));
  if (!wait) return false;
  FirstAttempt& first = result->retried.emplace();
  first.status = result->answered ? result->response.status : 0;
  if (!result->answered) first.failure = result->failure;
  first.took_ms = took_ms;
  first.waited_ms = *wait;
  result->response.wipe_all();  // it may echo the key
  result->response = HttpResponse();
  result->failure = Failure();
  result->answered = false;
  if (*wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(*wait));
  return true;
}

}  // namespace


std::vector<ProbeResult> run_probes(const std::vector<ProbeRequest>& requests, const NetworkConfig& network,
                                    const Deadline& deadline) {
  std::vector<ProbeResult> results(requests.size());
  TrustStore trust;
  std::string trust_error;
  bool needs_tls = false;
  for (const ProbeRequest& request : requests) needs_tls |= request.url.scheme == "https";
  bool trusted = !needs_tls || (prepare_tls() ? load_trust(network.trust, &trust, &trust_error)
                                               : (trust_error = "cannot initialise the crypto library", false));
  // One probe, never throwing: a failure inside a thread would otherwise end the process.
  auto probe = [&](std::size_t i) noexcept {
    try {
      results[i] = exchange(requests[i], network, trust, deadline);
    } catch (const std::exception& e) {
      results[i].failure = {Outcome::unexpected, Phase::none, std::string("internal error: ") + e.what()};
    } catch (...) {
      results[i].failure = {Outcome::unexpected, Phase::none, "internal error"};
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].url.scheme == "https" && !trusted) {
      // A CA source that names no usable certificate is the operator's to fix, like one
      // that cannot be read.
      results[i].failure = misconfigured(trust_error);
      continue;
    }
    // The last probe runs on this thread; so does any the system has no thread for.
    bool last = i + 1 == requests.size();
    try {
      if (!last) {
        StopSignalsBlocked only_main_thread_stops;  // the new thread inherits the block
        threads.emplace_back(probe, i);
        continue;
      }
    } catch (const std::system_error&) {
    }
    probe(i);  // every probe ends by the shared deadline, on whichever thread it runs
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

ProbeResult exchange(const ProbeRequest& request, const NetworkConfig& network, const TrustStore& trust,
                     const Deadline& deadline) {
  ProbeResult result;
  auto stop = [](ProbeResult* into, const Failure& failure) {
    into->answered = false;
    into->failure = failure;
  };
  Failure failure;
  std::unique_ptr<Connection> connection;
  // The key exists in these buffers only while each is written.
  AuthHeader auth{request.auth_header, request.auth_prefix, request.key ? request.key->view() : std::string_view(),
                  request.auth_position};
  const AuthHeader* with_key = request.key ? &auth : nullptr;
  std::vector<SecretField> secret_fields;
  for (const auto& [name, value] : request.secret_headers) secret_fields.push_back({name, value->view()});
  std::string host = host_header(request.url);
  bool more = !request.follow_targets.empty();

  // One attempt: a new connection and the request. An answer that says nothing about the key (a
  // 502, a reset) is asked once more, when the deadline leaves room for it (retry.h).
  auto attempt = [&]() {
    result.timings = Timings();
    result.response = HttpResponse();
    connection = Connection::open(request.url, network, trust, deadline, &result.timings, &failure);
    if (!connection) return false;
    ++result.connections;
    result.tls_version = connection->tls_version();
    return ask(*connection, build_http_request(request.method, request.target, host, request.headers, with_key, more,
                                               secret_fields).view(),
               &result.response, &result.timings, &failure);
  };
  Clock::time_point started = Clock::now();
  result.answered = attempt();
  if (!result.answered) result.failure = failure;
  int took = elapsed_ms(started);
  if (prepare_retry(&result, took, deadline)) {
    connection.reset();
    result.answered = attempt();
  }
  if (!result.answered) {
    stop(&result, failure);
    return result;
  }
  if (!more || result.response.status < 200 || result.response.status >= 300) return result;

  // The follow-ups go on the probe's connection while it is provably in step: the server keeps
  // it open and nothing came after its last answer. Otherwise a new connection carries them.
  bool keep = result.response.reusable();
  for (std::size_t i = 0; i < request.follow_targets.size(); ++i) {
    ProbeResult& follow = result.follows.emplace_back();
    bool last = i + 1 == request.follow_targets.size();
    if (deadline.passed()) {
      // Never started: saying "stalled in dns" for it would blame a phase it never reached.
      stop(&follow, {Outcome::timeout, Phase::none, "the deadline passed before its turn came"});
      continue;
    }
    auto reconnect = [&] {
      connection = Connection::open(request.url, network, trust, deadline, &follow.timings, &failure);
      if (connection) ++result.connections;
      return connection != nullptr;
    };
    SecretBuffer bytes =
        build_http_request("GET", request.follow_targets[i], host, request.headers, with_key, !last, secret_fields);
    bool reused = keep && connection->between() == Between::idle;
    if (!reused && !reconnect()) {
      stop(&follow, failure);
      keep = false;
      continue;
    }
    Clock::time_point asked = Clock::now();
    bool sent = ask(*connection, bytes.view(), &follow.response, &follow.timings, &failure);
    // On a kept connection, two things are asked once more on a new one (a GET that spends
    // nothing): a request that failed before any byte of an answer came (the server closed the
    // connection as it went out), and an answer followed by more bytes (two answers to one
    // request: which is this one's cannot be told).
    if (reused && !deadline.passed() &&
        (sent ? connection->between() == Between::pending : connection->nothing_came())) {
      follow.response = HttpResponse();
      sent = reconnect() && ask(*connection, bytes.view(), &follow.response, &follow.timings, &failure);
    } else {
      // Else the retry of an answer that says nothing about the model, as for the probe.
      follow.answered = sent;
      if (!sent) follow.failure = failure;
      if (prepare_retry(&follow, elapsed_ms(asked), deadline))
        sent = reconnect() && ask(*connection, bytes.view(), &follow.response, &follow.timings, &failure);
    }
    if (!sent) {
      stop(&follow, failure);
      keep = false;
      continue;
    }
    follow.answered = true;
    follow.tls_version = connection->tls_version();
    keep = follow.response.reusable();
  }
  return result;
}

}  // namespace keyguard
