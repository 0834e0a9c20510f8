// The probe's transport: route, resolve, connect, tunnel, handshake, request, response.
#include "connection.h"

#include <algorithm>

#include "classify.h"
#include "route.h"
#include "tunnel.h"
#include "url.h"

namespace keyguard {
namespace {

int* timing_slot(Timings& timings, Phase phase) {
  switch (phase) {
    case Phase::dns: return &timings.dns;
    case Phase::connect: return &timings.connect;
    case Phase::proxy: return &timings.proxy;
    case Phase::tls: return &timings.tls;
    case Phase::request: return &timings.request;
    case Phase::response: return &timings.response;
    case Phase::none: return nullptr;
  }
  return nullptr;
}

/// Records the time since *MARK in PHASE's slot and moves the mark on. A failed phase is
/// timed too, so the report shows where the time went.
void lap(Timings* timings, Phase phase, Clock::time_point* mark) {
  Clock::time_point now = Clock::now();
  if (int* slot = timing_slot(*timings, phase))
    *slot = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(now - *mark).count());
  *mark = now;
}

}  // namespace

std::unique_ptr<Connection> Connection::open(const Url& url, const NetworkConfig& network, const TrustStore& trust,
                                             const Deadline& deadline, Timings* timings, Failure* failure) {
  std::unique_ptr<Connection> connection(new Connection(deadline));
  Clock::time_point& mark = connection->mark_;
  bool tls = url.scheme == "https";
  auto failed = [&](Failure why) {
    *failure = std::move(why);
    lap(timings, failure->phase, &mark);
    return nullptr;
  };

  // 1. Route: straight to the host, or through the proxy. Everything before the tunnel is
  //    up counts as phase `proxy` when there is one.
  const ProxySettings& proxy = network.proxy;
  bool via_proxy = goes_through_proxy(proxy, url);
  const std::string& connect_host = via_proxy ? proxy.url.host : url.host;
  int connect_port = via_proxy ? proxy.url.port : url.port;
  std::string proxy_named = "the proxy in " + proxy.var;

  // 2. DNS.
  std::vector<Address> addresses;
  Failure why;
  if (!resolve(connect_host, connect_port, deadline, &addresses, &why)) {
    if (via_proxy) {
      why.phase = Phase::proxy;
      if (why.outcome != Outcome::timeout) why.message = proxy_named + " cannot be resolved: " + why.message;
    }
    return failed(why);
  }
  lap(timings, Phase::dns, &mark);
  // Plain http carries the key in clear: only to an address that is loopback, whatever the
  // name resolved to (a search domain can make "localhost" something else).
  if (!tls) {
    std::erase_if(addresses, [](const Address& address) { return !is_loopback_address(address); });
    if (addresses.empty())
      return failed({Outcome::misconfigured, Phase::dns,
                     url.host + " resolves to no loopback address, and http:// may only go to loopback; use https://"});
  }

  // 3. TCP.
  if (!connect_racing(addresses, connect_host, via_proxy ? Phase::proxy : Phase::connect, deadline,
                      &connection->socket_, &why)) {
    if (via_proxy && why.outcome != Outcome::timeout)
      why.message = proxy_named + " is down or unreachable: " + why.message;
    return failed(why);
  }
  // Through a proxy, connecting to it is part of phase `proxy`, timed with the tunnel.
  if (!via_proxy) lap(timings, Phase::connect, &mark);
  connection->channel_ = Channel{connection->socket_.fd(), &connection->deadline_};

  // 4. The tunnel.
  if (via_proxy) {
    if (!open_tunnel(connection->channel_, proxy, url, &why)) return failed(why);
    lap(timings, Phase::proxy, &mark);
  }

  // 5. TLS.
  if (tls) {
    connection->tls_ = std::make_unique<TlsClient>();
    if (!connection->tls_->handshake(connection->channel_, trust, url.host, network.trust.shown, &why)) return failed(why);
    lap(timings, Phase::tls, &mark);
  }
  return connection;
}

bool Connection::write_all(std::string_view data, Failure* failure) {
  if (tls_) return tls_->write_all(data, Phase::request, failure);
  return channel_send_all(channel_, data, Phase::request, "the server", failure);
}

long Connection::read_some(void* buffer, std::size_t size, Failure* failure) {
  if (tls_) return tls_->read_some(buffer, size, Phase::response, failure);
  long got = channel_recv(channel_, buffer, size);
  if (got < 0) *failure = channel_failure(channel_, Phase::response, "the server");
  return got;
}

bool Connection::send(std::string_view request, HttpResponse* response, Timings* timings, Failure* failure) {
  auto failed = [&](Failure why) {
    *failure = std::move(why);
    lap(timings, failure->phase, &mark_);
    return false;
  };
  Failure why;
  if (!write_all(request, &why)) return failed(why);
  lap(timings, Phase::request, &mark_);

  ResponseParser parser;
  unsigned char buffer[16384];
  while (parser.state() == ResponseParser::State::need_more) {
    long got = read_some(buffer, sizeof buffer, &why);
    if (got < 0) {
      wipe(buffer, sizeof buffer);
      return failed(why);
    }
    if (got == 0) parser.finish(tls_ && tls_->cut_off());
    else parser.feed(std::string_view(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(got)));
  }
  wipe(buffer, sizeof buffer);  // the answer may echo the key
  if (parser.state() == ResponseParser::State::error)
    return failed({Outcome::unexpected, Phase::response, "unreadable HTTP response: " + parser.error()});
  lap(timings, Phase::response, &mark_);
  // A server that asked for a client certificate and then refuses the request with a page
  // that is not an API's JSON is a mutual-TLS endpoint (nginx answers 400 "No required SSL
  // certificate was sent"). A provider's own 400 (Gemini's bad key) keeps its meaning.
  if (tls_ && tls_->certificate_requested() && parser.response().status == 400 &&
      !is_json_object(parser.response().body)) {
    *failure = {Outcome::tls_error, Phase::tls,
                "the server requires a client certificate (mutual TLS), which keyguard does not send; check the base "
                "URL, or what sits in front of the provider"};
    return false;
  }
  *response = std::move(parser.response());
  return true;
}

std::string Connection::tls_version() const { return tls_ ? tls_->version() : ""; }

ProbeResult exchange(const ProbeRequest& request, const NetworkConfig& network, const TrustStore& trust,
                     const Deadline& deadline) {
  ProbeResult result;
  auto stop = [](ProbeResult* into, const Failure& failure) {
    into->answered = false;
    into->failure = failure;
  };
  Failure failure;
  std::unique_ptr<Connection> connection = Connection::open(request.url, network, trust, deadline, &result.timings, &failure);
  if (!connection) {
    stop(&result, failure);
    return result;
  }
  result.connections = 1;
  result.tls_version = connection->tls_version();
  // The key exists in these buffers only while each is written.
  AuthHeader auth{request.auth_header, request.auth_prefix, request.key ? request.key->view() : std::string_view(),
                  request.auth_position};
  std::string host = host_header(request.url);
  bool more = !request.follow_targets.empty();
  if (!connection->send(build_http_request(request.method, request.target, host, request.headers, &auth, more).view(),
                        &result.response, &result.timings, &failure)) {
    stop(&result, failure);
    return result;
  }
  result.answered = true;
  if (!more || result.response.status < 200 || result.response.status >= 300) return result;

  // The follow-ups: on the same connection while the server keeps it, else on a new one.
  bool usable = result.response.reusable();
  for (std::size_t i = 0; i < request.follow_targets.size(); ++i) {
    ProbeResult& follow = result.follows.emplace_back();
    bool last = i + 1 == request.follow_targets.size();
    if (deadline.passed()) {
      // Never started: saying "stalled in dns" for it would blame a phase it never reached.
      stop(&follow, {Outcome::timeout, Phase::none, "the deadline passed before its turn came"});
      continue;
    }
    if (!usable) {
      connection = Connection::open(request.url, network, trust, deadline, &follow.timings, &failure);
      if (!connection) {
        stop(&follow, failure);
        continue;
      }
      ++result.connections;
    }
    follow.tls_version = connection->tls_version();
    if (!connection->send(build_http_request("GET", request.follow_targets[i], host, request.headers, &auth, !last).view(),
                          &follow.response, &follow.timings, &failure)) {
      stop(&follow, failure);
      usable = false;
      continue;
    }
    follow.answered = true;
    usable = follow.response.reusable();
  }
  return result;
}

}  // namespace keyguard
