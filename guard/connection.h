// A connection to a provider, direct or through the proxy, plain or TLS, that sends a request
// and returns the response: the probe's transport, every step bounded by one deadline.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "deadline.h"
#include "failure.h"
#include "http.h"
#include "request.h"
#include "socket.h"
#include "tls.h"
#include "trust.h"

namespace keyguard {

class Connection {
 public:
  /// Opens a connection to URL's host: the route NETWORK decides (direct, or a CONNECT tunnel
  /// through the proxy), DNS, TCP raced across the addresses, then TLS for https:// (plain
  /// http:// only to a loopback address). Each phase is timed in *TIMINGS.
  static std::unique_ptr<Connection> open(const Url& url, const NetworkConfig& network, const TrustStore& trust,
                                          const Deadline& deadline, Timings* timings, Failure* failure);

  /// Sends REQUEST (one whole HTTP request) and reads one response, up to the parser's limits;
  /// no redirect is ever followed. Times the request and response phases.
  bool send(std::string_view request, HttpResponse* response, Timings* timings, Failure* failure);

  /// Whether the server asked for a client certificate in the handshake (keyguard sends none).
  bool certificate_requested() const;

  /// What arrived since the last answer, without waiting: `idle` is the only state in which
  /// another request may go on this connection, since any byte nobody asked for would be read as
  /// that request's answer. Bytes that came in the same read as the answer count as `pending`.
  Between between();

  /// Whether the last send() failed before a single byte of the answer came: the server may have
  /// closed the kept connection just as the request went out, and a new one may do.
  bool nothing_came() const { return nothing_came_; }

  /// "TLSv1.3", "TLSv1.2", or empty for plain http.
  std::string tls_version() const;

 private:
  explicit Connection(const Deadline& deadline) : deadline_(deadline) {}
  bool write_all(std::string_view data, Failure* failure);
  long read_some(void* buffer, std::size_t size, Failure* failure);

  const Deadline& deadline_;
  Socket socket_;
  Channel channel_;
  std::unique_ptr<TlsClient> tls_;
  Clock::time_point mark_ = Clock::now();
  bool leftover_ = false;      // the last answer came with bytes after its end
  bool nothing_came_ = false;  // the last send() read no byte of an answer
};

}  // namespace keyguard
