// The test proxy: HTTP CONNECT on loopback, recording requests and what travels in the tunnels.
#include "connect_proxy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string_view>

#include "connection_threads.h"
#include "text.h"

namespace keyguard::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRequestHead = 64 * 1024;
constexpr int kPollSliceMs = 50;                       // how often a waiting thread looks at the stop flag
constexpr std::chrono::milliseconds kIdleLimit = 30s;  // a client or tunnel quiet this long is dropped

// ---------------------------------------------------------------------------------------------
// Text

std::string base64(std::string_view text) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 3) {
    unsigned group = static_cast<unsigned char>(text[i]) << 16;
    if (i + 1 < text.size()) group |= static_cast<unsigned char>(text[i + 1]) << 8;
    if (i + 2 < text.size()) group |= static_cast<unsigned char>(text[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < text.size() ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < text.size() ? kAlphabet[group & 63] : '=';
  }
  return out;
}

/// The request line and the headers of HEAD (without its blank line).
ProxiedRequest parse_head(std::string_view head) {
  ProxiedRequest request;
  std::size_t line_end = head.find("\r\n");
  request.request_line = std::string(head.substr(0, line_end));
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 2);
    line_end = head.find("\r\n");
    std::string_view line = head.substr(0, line_end);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(ascii_lower(trim_blanks(line.substr(0, colon))), std::string(trim_blanks(line.substr(colon + 1))));
  }
  return request;
}

/// Splits "host:port" or "[v6]:port". False when either part is missing.
bool split_authority(std::string_view authority, std::string* host, std::string* port) {
  std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == authority.size()) return false;
  std::string_view name = authority.substr(0, colon);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  if (name.empty()) return false;
  *host = std::string(name);
  *port = std::string(authority.substr(colon + 1));
  return true;
}

bool is_loopback(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    return ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr) >> 24 == 127;
  }
  if (address->sa_family == AF_INET6) {
    const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Sockets that give up when the proxy stops

/// Waits until FD is ready for EVENTS. False when the proxy stops or LIMIT passes.
bool wait_ready(int fd, short events, const std::atomic<bool>& stopping,
                std::chrono::milliseconds limit = kIdleLimit) {
  const auto until = Clock::now() + limit;
  while (!stopping.load()) {
    if (Clock::now() >= until) return false;
    pollfd entry{fd, events, 0};
    int ready = poll(&entry, 1, kPollSliceMs);
    if (ready > 0) return true;  // readiness, hang-up or error: the next call tells which
    if (ready < 0 && errno != EINTR) return false;
  }
  return false;
}

/// Reads what is there: >0 bytes, 0 at end of stream, -1 on error, stop or idle limit.
long receive(int fd, char* buffer, std::size_t size, const std::atomic<bool>& stopping) {
  for (;;) {
    if (!wait_ready(fd, POLLIN, stopping)) return -1;
    ssize_t n = recv(fd, buffer, size, MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

/// Sends all of DATA. False on error, stop or idle limit.
bool send_all(int fd, std::string_view data, const std::atomic<bool>& stopping) {
  while (!data.empty()) {
    if (!wait_ready(fd, POLLOUT, stopping)) return false;
    ssize_t n = send(fd, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    if (n > 0) data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Connects to the first loopback address of HOST:PORT. Returns the socket, or -1 with the
/// status to answer: 403 when the target is not loopback, 502 when nothing there accepts.
int connect_loopback(const std::string& host, const std::string& port, const std::atomic<bool>& stopping,
                     int* status) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &list) != 0) {
    *status = 502;
    return -1;
  }
  bool any_loopback = false;
  int connected = -1;
  for (addrinfo* entry = list; entry && connected < 0; entry = entry->ai_next) {
    if (!is_loopback(entry->ai_addr)) continue;
    any_loopback = true;
    int fd = socket(entry->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    bool ok = connect(fd, entry->ai_addr, entry->ai_addrlen) == 0;
    if (!ok && errno == EINPROGRESS && wait_ready(fd, POLLOUT, stopping, 2s)) {
      int error = 0;
      socklen_t length = sizeof error;
      ok = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }
    if (ok) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      connected = fd;
    } else {
      close(fd);
    }
  }
  freeaddrinfo(list);
  if (connected < 0) *status = any_loopback ? 502 : 403;
  return connected;
}

std::string status_line(int status, const std::string& reason = "") {
  if (!reason.empty()) return "HTTP/1.1 " + std::to_string(status) + " " + reason;
  switch (status) {
    case 400: return "HTTP/1.1 400 Bad Request";
    case 403: return "HTTP/1.1 403 Forbidden";
    case 405: return "HTTP/1.1 405 Method Not Allowed";
    case 401: return "HTTP/1.1 401 Unauthorized";
    case 407: return "HTTP/1.1 407 Proxy Authentication Required";
    case 431: return "HTTP/1.1 431 Request Header Fields Too Large";
    default: return "HTTP/1.1 502 Bad Gateway";
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The proxy

struct ConnectProxy::Server {
  explicit Server(Options chosen) : options(std::move(chosen)) {}

  /// Binds 127.0.0.1 on a free port: the listening socket, or -1 with ERR filled.
  int listen_on_port(std::string* err);
  /// Watched by every wait, so that stop() ends them.
  const std::atomic<bool>& stopping() const { return connections.stopping(); }
  void serve(int fd);
  /// Answers STATUS (with REASON, or the standard phrase) without a tunnel; the connection
  /// ends after it.
  void refuse(int fd, int status, const std::string& reason = "");
  /// Copies bytes both ways until either side closes; PENDING came with the request head.
  void relay(int client, int target, std::string_view pending);
  bool authorized(const ProxiedRequest& request) const;

  Options options;
  int bound_port = 0;
  bool started = false;

  mutable std::mutex record_mutex;
  std::vector<ProxiedRequest> recorded;
  std::string tunnelled;

  /// Last, so that its threads are joined before anything they use goes.
  ConnectionThreads connections;
};

int ConnectProxy::Server::listen_on_port(std::string* err) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool ok = listener >= 0 && bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            ::listen(listener, 128) == 0;
  if (!ok) {
    *err = std::string("listening on 127.0.0.1: ") + std::strerror(errno);
    if (listener >= 0) close(listener);
    return -1;
  }
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  bound_port = ntohs(address.sin_port);
  return listener;
}

void ConnectProxy::Server::serve(int fd) {
  std::string head;
  char buffer[16384];
  std::size_t end;
  while ((end = head.find("\r\n\r\n")) == std::string::npos) {
    if (head.size() > kMaxRequestHead) return refuse(fd, 431);
    long n = receive(fd, buffer, sizeof buffer, stopping());
    if (n <= 0) return;  // the client left, or the proxy stops
    head.append(buffer, static_cast<std::size_t>(n));
  }
  const std::string pending = head.substr(end + 4);
  head.resize(end);

  ProxiedRequest request = parse_head(head);
  {
    std::lock_guard<std::mutex> lock(record_mutex);
    recorded.push_back(request);
  }
  std::string_view line = request.request_line;
  std::size_t space = line.find(' ');
  std::string_view method = line.substr(0, space);
  std::string_view authority = space == std::string_view::npos ? "" : line.substr(space + 1);
  authority = authority.substr(0, authority.find(' '));

  if (method != "CONNECT") return refuse(fd, 405);
  if (options.refuse) return refuse(fd, 403);
  if (!authorized(request)) return refuse(fd, options.auth_status, options.auth_reason);
  std::string host, port;
  if (!split_authority(authority, &host, &port)) return refuse(fd, 400);
  int status = 0;
  int target = connect_loopback(host, port, stopping(), &status);
  if (target < 0) return refuse(fd, status);
  if (send_all(fd, "HTTP/1.1 200 Connection established\r\n\r\n", stopping())) relay(fd, target, pending);
  close(target);
  shutdown(fd, SHUT_RDWR);  // the client sees the end now, not when the thread is reaped
}

void ConnectProxy::Server::refuse(int fd, int status, const std::string& reason) {
  std::string answer = status_line(status, reason) + "\r\n";
  if (status == 407) answer += "Proxy-Authenticate: Basic realm=\"test\"\r\n";
  answer += "Content-Length: 0\r\nConnection: close\r\n\r\n";
  send_all(fd, answer, stopping());
  shutdown(fd, SHUT_WR);
}

void ConnectProxy::Server::relay(int client, int target, std::string_view pending) {
  if (!pending.empty()) {
    {
      std::lock_guard<std::mutex> lock(record_mutex);
      tunnelled += pending;
    }
    if (!send_all(target, pending, stopping())) return;
  }
  char buffer[16384];
  auto last_active = Clock::now();
  while (!stopping().load()) {
    pollfd ends[2] = {{client, POLLIN, 0}, {target, POLLIN, 0}};
    int ready = poll(ends, 2, kPollSliceMs);
    if (ready < 0 && errno != EINTR) return;
    if (ready <= 0) {
      if (Clock::now() - last_active > kIdleLimit) return;
      continue;
    }
    last_active = Clock::now();
    for (int side = 0; side < 2; ++side) {
      if (ends[side].revents == 0) continue;
      ssize_t n = recv(ends[side].fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n <= 0) return;  // either side closed or failed: the tunnel ends
      std::string_view data(buffer, static_cast<std::size_t>(n));
      if (side == 0) {
        std::lock_guard<std::mutex> lock(record_mutex);
        tunnelled += data;
      }
      if (!send_all(ends[1 - side].fd, data, stopping())) return;
    }
  }
}

bool ConnectProxy::Server::authorized(const ProxiedRequest& request) const {
  if (options.user.empty() && options.password.empty()) return true;
  for (const auto& [name, value] : request.headers) {
    if (name != "proxy-authorization") continue;
    std::string_view text = value;
    std::size_t space = text.find(' ');
    if (space == std::string_view::npos || ascii_lower(text.substr(0, space)) != "basic") return false;
    return trim_blanks(text.substr(space + 1)) == base64(options.user + ":" + options.password);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

ConnectProxy::ConnectProxy() : ConnectProxy(Options{}) {}

ConnectProxy::ConnectProxy(Options options) : server_(std::make_unique<Server>(std::move(options))) {}

ConnectProxy::~ConnectProxy() { stop(); }

bool ConnectProxy::start(std::string* err) {
  Server& server = *server_;
  if (server.started) {
    *err = "the proxy was already started";
    return false;
  }
  const int listener = server.listen_on_port(err);
  if (listener < 0) return false;
  if (!server.connections.start(listener, [&server](int fd) { server.serve(fd); }, err)) return false;
  server.started = true;
  return true;
}

int ConnectProxy::port() const { return server_->bound_port; }

void ConnectProxy::stop() { server_->connections.stop(); }

std::vector<ProxiedRequest> ConnectProxy::requests() const {
  std::lock_guard<std::mutex> lock(server_->record_mutex);
  return server_->recorded;
}

std::string ConnectProxy::tunnelled_bytes() const {
  std::lock_guard<std::mutex> lock(server_->record_mutex);
  return server_->tunnelled;
}

void ConnectProxy::clear() {
  std::lock_guard<std::mutex> lock(server_->record_mutex);
  server_->recorded.clear();
  server_->tunnelled.clear();
}

}  // namespace keyguard::testing
