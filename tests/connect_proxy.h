// A small HTTP CONNECT proxy on loopback for the proxy tests: it records what clients ask,
// tunnels to loopback targets only, and can demand Basic credentials or refuse every tunnel.
//
//   CONNECT host:port HTTP/1.1       -> 200 Connection established, then bytes both ways
//   refuse                           -> 403 Forbidden to every CONNECT
//   user/password set, wrong or none -> 407 Proxy Authentication Required, Basic realm="test"
//                                       (or 401 Unauthorized, with auth_status = 401; or
//                                       another reason phrase, with auth_reason)
//   a target that is not loopback    -> 403 Forbidden
//   a loopback target that is down   -> 502 Bad Gateway
//   any other method                 -> 405 Method Not Allowed
//
// Every answer but 200 closes the connection.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace keyguard::testing {

/// One request as the proxy read it, whatever it answered.
struct ProxiedRequest {
  std::string request_line;  ///< "CONNECT localhost:4433 HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased, values trimmed, in order
};

class ConnectProxy {
 public:
  struct Options {
    std::string user;      ///< with password, when either is set: required as Proxy-Authorization: Basic
    std::string password;
    bool refuse = false;   ///< answer 403 Forbidden to every CONNECT
    int auth_status = 407; ///< what wrong or missing credentials get: 407, or 401 as some proxies answer
    std::string auth_reason;  ///< its reason phrase; empty: the standard one. Some proxies quote what they refused
  };

  /// An open proxy: no credentials asked, every loopback tunnel allowed.
  ConnectProxy();
  explicit ConnectProxy(Options options);
  /// Calls stop().
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  /// Binds 127.0.0.1 on a free port and starts serving on a background thread. Returns false
  /// and fills ERR on failure. Call at most once.
  bool start(std::string* err);
  /// The port it listens on, once started.
  int port() const;
  /// Closes the listener and every tunnel and joins all threads. Returns within about 100 ms.
  /// Safe to call twice.
  void stop();

  /// A copy of every request read so far, in the order they were read.
  std::vector<ProxiedRequest> requests() const;
  /// Everything clients sent through established tunnels, concatenated.
  std::string tunnelled_bytes() const;
  /// Forgets the requests and the tunnelled bytes.
  void clear();

 private:
  struct Server;
  std::unique_ptr<Server> server_;
};

}  // namespace keyguard::testing
