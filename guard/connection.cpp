// The probe's transport: route, resolve, connect, tunnel, handshake, request, response.
#include "connection.h"

#include <algorithm>

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
  leftover_ = false;
  nothing_came_ = true;
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
    if (got == 0) {
      parser.finish(tls_ && tls_->cut_off());
    } else {
      nothing_came_ = false;
      parser.feed(std::string_view(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(got)));
    }
  }
  wipe(buffer, sizeof buffer);  // the answer may echo the key
  leftover_ = parser.leftover();
  if (parser.state() == ResponseParser::State::error) {
    Failure unreadable{Outcome::unexpected, Phase::response, "unreadable HTTP response: " + parser.error()};
    unreadable.transient = nothing_came_;  // closed before a byte of an answer: a server going away
    return failed(unreadable);
  }
  lap(timings, Phase::response, &mark_);
  *response = std::move(parser.response());
  return true;
}

Between Connection::between() {
  if (leftover_) return Between::pending;
  return tls_ ? tls_->between() : plain_between(channel_);
}

bool Connection::certificate_requested() const { return tls_ && tls_->certificate_requested(); }

std::string Connection::tls_version() const { return tls_ ? tls_->version() : ""; }

}  // namespace keyguard
