// One probe on the wire: resolve, connect, tunnel, handshake, request, response, under
// one deadline. Shaped after mbedTLS's ssl_client1, with the verification left required.
#include "transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mbedtls/base64.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <psa/crypto.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "owned.h"
#include "redact.h"
#include "signals.h"
#include "text.h"
#include "url.h"

// The CA chain is shared by the probe threads; mbedTLS guards its caches only with threading.
#if !defined(MBEDTLS_THREADING_C)
#error "keyguard needs an mbedTLS built with MBEDTLS_THREADING_C"
#endif

namespace keyguard {
namespace {

// ---- Failures ---------------------------------------------------------------------------------

/// Why a probe stopped before it had an answer.
struct Stop {
  Outcome outcome;
  Phase phase;
  std::string error;
};

Stop timed_out(Phase phase) { return {Outcome::timeout, phase, "deadline passed"}; }

// ---- Sockets and waiting ----------------------------------------------------------------------

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.fd_;
      other.fd_ = -1;
    }
    return *this;
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { reset(); }
  int fd() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

enum class Ready { yes, timeout, error };

/// Waits for EVENTS on FD until the deadline.
Ready wait_for(int fd, short events, const Deadline& deadline) {
  for (;;) {
    int left = deadline.remaining_ms();
    if (left <= 0) return Ready::timeout;
    pollfd entry = {fd, events, 0};
    int ready = ::poll(&entry, 1, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Ready::error;
    if (ready > 0) return Ready::yes;
  }
}

/// The socket as mbedTLS and the HTTP code see it: every call bounded by the deadline.
struct Channel {
  int fd = -1;
  const Deadline* deadline = nullptr;
  bool timed_out = false;
  int error = 0;  // errno of the last failure
};

extern "C" int channel_send(void* context, const unsigned char* data, std::size_t size) {
  Channel& channel = *static_cast<Channel*>(context);
  for (;;) {
    ssize_t sent = ::send(channel.fd, data, size, MSG_NOSIGNAL);
    if (sent >= 0) return static_cast<int>(sent);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      Ready ready = wait_for(channel.fd, POLLOUT, *channel.deadline);
      if (ready == Ready::yes) continue;
      if (ready == Ready::timeout) {
        channel.timed_out = true;
        return MBEDTLS_ERR_SSL_TIMEOUT;
      }
    }
    channel.error = errno;
    return errno == EPIPE || errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_SEND_FAILED;
  }
}

extern "C" int channel_recv(void* context, unsigned char* data, std::size_t size) {
  Channel& channel = *static_cast<Channel*>(context);
  for (;;) {
    ssize_t got = ::recv(channel.fd, data, size, 0);
    if (got >= 0) return static_cast<int>(got);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      Ready ready = wait_for(channel.fd, POLLIN, *channel.deadline);
      if (ready == Ready::yes) continue;
      if (ready == Ready::timeout) {
        channel.timed_out = true;
        return MBEDTLS_ERR_SSL_TIMEOUT;
      }
    }
    channel.error = errno;
    return errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
  }
}

std::string errno_text(int error) { return error ? std::strerror(error) : "connection closed"; }

// ---- DNS --------------------------------------------------------------------------------------

/// A lookup that the prober may stop waiting for: getaddrinfo has no timeout, so it runs on
/// its own thread, which owns this state with the waiter and finishes on its own.
struct Lookup {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  int status = 0;
  addrinfo* list = nullptr;
  ~Lookup() {
    if (list) ::freeaddrinfo(list);
  }
};

struct Address {
  sockaddr_storage storage;
  socklen_t length;
};

/// Resolves HOST:PORT before the deadline. Numeric addresses skip the thread.
bool resolve(const std::string& host, int port, const Deadline& deadline, std::vector<Address>* addresses,
             Stop* stop) {
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  std::string service = std::to_string(port);
  auto lookup = std::make_shared<Lookup>();
  addrinfo numeric_hints = hints;
  numeric_hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  if (::getaddrinfo(host.c_str(), service.c_str(), &numeric_hints, &lookup->list) == 0) {
    lookup->done = true;
  } else {
    lookup->list = nullptr;
    auto look_up = [lookup, host, service, hints] {
      addrinfo* list = nullptr;
      int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
      std::lock_guard<std::mutex> lock(lookup->mutex);
      lookup->status = status;
      lookup->list = list;
      lookup->done = true;
      lookup->finished.notify_all();
    };
    try {
      StopSignalsBlocked only_main_thread_stops;  // the new thread inherits the block
      std::thread(look_up).detach();
    } catch (const std::system_error&) {
      // Resolving here would have no bound; the deadline comes first.
      *stop = {Outcome::unreachable, Phase::dns, "cannot resolve " + host + ": no thread for the lookup"};
      return false;
    }
    std::unique_lock<std::mutex> lock(lookup->mutex);
    if (!lookup->finished.wait_until(lock, deadline.at(), [&] { return lookup->done; })) {
      *stop = timed_out(Phase::dns);
      return false;
    }
  }
  std::lock_guard<std::mutex> lock(lookup->mutex);
  if (lookup->status != 0) {
    *stop = {Outcome::unreachable, Phase::dns, "cannot resolve " + host + ": " + ::gai_strerror(lookup->status)};
    return false;
  }
  for (addrinfo* entry = lookup->list; entry; entry = entry->ai_next) {
    Address address;
    std::memcpy(&address.storage, entry->ai_addr, entry->ai_addrlen);
    address.length = entry->ai_addrlen;
    addresses->push_back(address);
  }
  if (addresses->empty()) {
    *stop = {Outcome::unreachable, Phase::dns, "no address for " + host};
    return false;
  }
  return true;
}

bool is_loopback_address(const Address& address) {
  if (address.storage.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address.storage);
    return (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
  }
  const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address.storage);
  if (IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr) && v6.sin6_addr.s6_addr[12] == 127;
}

// ---- TCP --------------------------------------------------------------------------------------

/// Connects to the first address that accepts. A refused address moves on at once; a silent
/// one gets its share of the time left, so that the next can still be tried.
bool connect_any(const std::vector<Address>& addresses, const std::string& host, Phase phase,
                 const Deadline& deadline, Socket* socket_out, Stop* stop) {
  int last_error = 0;
  bool any_timeout = false;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const Address& address = addresses[i];
    Socket socket(::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
    if (socket.fd() < 0) {
      last_error = errno;
      continue;
    }
    int one = 1;
    ::setsockopt(socket.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 &&
        errno != EINPROGRESS) {
      last_error = errno;
      continue;
    }
    std::size_t left = addresses.size() - i;
    auto share = (deadline.at() - Clock::now()) / static_cast<int>(left);
    Deadline attempt(Clock::now() + share);
    Ready ready = wait_for(socket.fd(), POLLOUT, left > 1 ? attempt : deadline);
    if (ready == Ready::timeout) {
      any_timeout = true;
      if (deadline.passed()) break;
      continue;
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (ready == Ready::error || ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error != 0) {
      last_error = error;
      continue;
    }
    *socket_out = std::move(socket);
    return true;
  }
  if (any_timeout && (deadline.passed() || last_error == 0)) {
    *stop = timed_out(phase);
    return false;
  }
  *stop = {Outcome::unreachable, phase, "cannot connect to " + host + ": " + errno_text(last_error)};
  return false;
}

// ---- A byte stream, plain or TLS ----------------------------------------------------------------

/// The TLS client state of one connection, with one cleanup path.
/// Members are destroyed in reverse: the context before the configuration it points to.
struct TlsSession {
  Owned<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free> random;
  Owned<mbedtls_ssl_config, mbedtls_ssl_config_init, mbedtls_ssl_config_free> config;
  Owned<mbedtls_ssl_context, mbedtls_ssl_init, mbedtls_ssl_free> ssl;
};

/// Seeds the random generator straight from the kernel's CSPRNG. mbedTLS's entropy pool
/// would poll the same source and then HAVEGE and the clock, for nothing but time.
extern "C" int kernel_entropy(void*, unsigned char* output, std::size_t size) {
  while (size > 0) {
    ssize_t got = ::getrandom(output, size, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == ENOSYS || errno == EPERM)) break;  // old kernel, or a seccomp filter
    if (got <= 0) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    output += got;
    size -= static_cast<std::size_t>(got);
  }
  if (size == 0) return 0;
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
  while (size > 0) {
    ssize_t got = ::read(fd, output, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output += got;
    size -= static_cast<std::size_t>(got);
  }
  ::close(fd);
  return size == 0 ? 0 : MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}

// The key-exchange groups, cheapest first: a server that picks by the client's order (and
// TLS 1.3's one key share, sent for the first) should not make us pay for a larger curve.
// P-384 and P-521 stay, last, for servers that want them (a HelloRetryRequest).
constexpr std::uint16_t kGroups[] = {MBEDTLS_SSL_IANA_TLS_GROUP_X25519, MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                     MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1, MBEDTLS_SSL_IANA_TLS_GROUP_SECP521R1,
                                     MBEDTLS_SSL_IANA_TLS_GROUP_NONE};

class Stream {
 public:
  explicit Stream(Channel* channel) : channel_(channel) {}
  void use_tls(mbedtls_ssl_context* ssl) { ssl_ = ssl; }

  /// Writes all of DATA; returns 0 or a negative mbedTLS error.
  int write_all(std::string_view data) {
    while (!data.empty()) {
      const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
      int written = ssl_ ? mbedtls_ssl_write(ssl_, bytes, data.size()) : channel_send(channel_, bytes, data.size());
      if (written == MBEDTLS_ERR_SSL_WANT_WRITE || written == MBEDTLS_ERR_SSL_WANT_READ) continue;
      if (written <= 0) return written < 0 ? written : MBEDTLS_ERR_NET_SEND_FAILED;
      data.remove_prefix(static_cast<std::size_t>(written));
    }
    return 0;
  }

  /// Reads some bytes: >0 bytes, 0 at an end, <0 an mbedTLS error. After an end,
  /// cut_off() says whether it was unannounced: TLS closed without close_notify.
  int read_some(unsigned char* buffer, std::size_t size) {
    if (!ssl_) return channel_recv(channel_, buffer, size);
    for (;;) {
      int got = mbedtls_ssl_read(ssl_, buffer, size);
      if (got == MBEDTLS_ERR_SSL_WANT_READ || got == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
      // TLS 1.3 servers send session tickets after the handshake: not data, read on.
      if (got == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) continue;
      // Servers often close without close_notify after `Connection: close`; the HTTP
      // framing says whether the response was complete, and only where it cannot (a
      // close-delimited body) does the missing close_notify matter.
      if (got == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) return 0;
      // mbedtls_ssl_read gives 0 when the transport ended without close_notify.
      if (got == 0 || got == MBEDTLS_ERR_SSL_CONN_EOF) {
        cut_off_ = true;
        return 0;
      }
      return got;
    }
  }
  bool cut_off() const { return cut_off_; }

 private:
  Channel* channel_;
  mbedtls_ssl_context* ssl_ = nullptr;
  bool cut_off_ = false;
};

std::string mbedtls_text(int code) {
  char buffer[160];
  mbedtls_strerror(code, buffer, sizeof buffer);
  return buffer;
}

/// The failure of a read or write in PHASE, as a Stop.
Stop stream_failure(const Channel& channel, Phase phase, int code, const std::string& host) {
  if (channel.timed_out) return timed_out(phase);
  if (code == MBEDTLS_ERR_NET_CONN_RESET || code == MBEDTLS_ERR_NET_SEND_FAILED || code == MBEDTLS_ERR_NET_RECV_FAILED)
    return {Outcome::unreachable, phase, host + " dropped the connection: " + errno_text(channel.error)};
  return {Outcome::unexpected, phase, mbedtls_text(code)};
}

// ---- Proxy ------------------------------------------------------------------------------------

/// The proxy's Basic credentials, "USER:PASSWORD" percent-decoded and base64-encoded.
SecretBuffer basic_credentials(std::string_view userinfo) {
  SecretBuffer decoded = percent_decode(userinfo);
  if (decoded.view().find(':') == std::string_view::npos) {
    // Basic is always user ":" password.
    SecretBuffer with_colon(decoded.size() + 1);
    with_colon.append(decoded.view());
    with_colon.append(":");
    decoded = std::move(with_colon);
  }
  std::size_t needed = 0;
  mbedtls_base64_encode(nullptr, 0, &needed, reinterpret_cast<const unsigned char*>(decoded.data()), decoded.size());
  SecretBuffer encoded(needed);  // room for base64's NUL too
  std::size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(encoded.data()), needed, &written,
                        reinterpret_cast<const unsigned char*>(decoded.data()), decoded.size());
  encoded.commit(written);
  return encoded;
}

}  // namespace

SecretBuffer connect_request(const Url& proxy, const Url& target) {
  // CONNECT names the port even when it is the default (RFC 9110 9.3.6): "host:443", "[v6]:443".
  bool v6 = target.host.find(':') != std::string::npos;
  std::string authority = (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
  SecretBuffer credentials = proxy.userinfo.empty() ? SecretBuffer() : basic_credentials(proxy.userinfo);
  constexpr std::string_view kAuthorization = "Proxy-Authorization: Basic ";
  constexpr std::string_view kAgent = "User-Agent: keyguard/" KEYGUARD_VERSION "\r\n\r\n";
  SecretBuffer request(2 * authority.size() + credentials.size() + kAuthorization.size() + kAgent.size() + 64);
  for (std::string_view piece : {std::string_view("CONNECT "), std::string_view(authority),
                                 std::string_view(" HTTP/1.1\r\nHost: "), std::string_view(authority), std::string_view("\r\n")})
    request.append(piece);
  if (!credentials.empty())
    for (std::string_view piece : {kAuthorization, credentials.view(), std::string_view("\r\n")}) request.append(piece);
  request.append(kAgent);
  return request;
}

namespace {

/// Opens a tunnel to TARGET through the proxy with HTTP CONNECT. Only the proxy's
/// credentials go to the proxy; the key goes later, inside TLS.
bool open_tunnel(Stream& stream, Channel& channel, const Url& proxy, const std::string& proxy_var,
                 const Url& target, Stop* stop) {
  bool v6 = target.host.find(':') != std::string::npos;
  std::string authority = (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
  int written = stream.write_all(connect_request(proxy, target).view());

  if (written != 0) {
    *stop = stream_failure(channel, Phase::proxy, written, "the proxy in " + proxy_var);
    return false;
  }
  // Read the proxy's answer byte by byte: whatever follows its header block belongs to TLS.
  std::string head;
  unsigned char byte;
  while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
    int got = stream.read_some(&byte, 1);
    if (got <= 0) {
      if (got == 0) *stop = {Outcome::unreachable, Phase::proxy, "the proxy in " + proxy_var + " closed the connection"};
      else *stop = stream_failure(channel, Phase::proxy, got, "the proxy in " + proxy_var);
      return false;
    }
    head += static_cast<char>(byte);
    if (head.size() > kMaxHeaderBytes) {
      *stop = {Outcome::unreachable, Phase::proxy, "the proxy in " + proxy_var + " sent an oversized answer"};
      return false;
    }
  }
  int status = 0;
  if (head.size() > 12 && head.compare(0, 5, "HTTP/") == 0) {
    std::size_t space = head.find(' ');
    if (space != std::string::npos) std::from_chars(head.data() + space + 1, head.data() + head.size(), status);
  }
  if (status < 200 || status >= 300) {
    std::string line = printable(head.substr(0, head.find("\r\n")), 120);
    bool sent_credentials = !proxy.userinfo.empty();
    std::string why;
    if (status == 407 && sent_credentials)
      why = " (the proxy refused the credentials in " + proxy_var + "; check USER and PASSWORD)";
    else if (status == 407)
      why = " (the proxy wants credentials: http://USER:PASSWORD@HOST:PORT in " + proxy_var + ")";
    else if (status == 401)
      why = sent_credentials ? " (the proxy refused the credentials in " + proxy_var + "; check USER and PASSWORD)"
                             : " (the proxy wants credentials: http://USER:PASSWORD@HOST:PORT in " + proxy_var + ")";
    *stop = {Outcome::unreachable, Phase::proxy,
             "the proxy in " + proxy_var + " refused the tunnel to " + authority + ": " + line + why};
    return false;
  }
  return true;
}

// ---- TLS --------------------------------------------------------------------------------------

std::string verify_failure(uint32_t flags, const std::string& host, const NetworkConfig& network) {
  if (flags & MBEDTLS_X509_BADCERT_EXPIRED) return "the certificate of " + host + " has expired";
  if (flags & MBEDTLS_X509_BADCERT_FUTURE) return "the certificate of " + host + " is not valid yet (is the clock right?)";
  if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) return "the certificate is not for " + host + " (wrong host name)";
  if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
    return "the certificate of " + host + " is not signed by a trusted CA (trust: " + network.ca_source + ")";
  if (flags & MBEDTLS_X509_BADCERT_REVOKED) return "the certificate of " + host + " is revoked";
  char buffer[256];
  int length = mbedtls_x509_crt_verify_info(buffer, sizeof buffer, "", flags);
  std::string text = length > 0 ? std::string(buffer, static_cast<std::size_t>(length)) : "verification failed";
  for (char& c : text)
    if (c == '\n') c = ';';
  return "the certificate of " + host + " is not acceptable: " + text;
}

bool handshake(TlsSession& tls, Channel& channel, mbedtls_x509_crt* trust, const std::string& host,
               const NetworkConfig& network, Stop* stop) {
  static constexpr unsigned char kPersonal[] = "keyguard";
  int code = mbedtls_ctr_drbg_seed(tls.random.get(), kernel_entropy, nullptr, kPersonal, sizeof kPersonal - 1);
  if (code == 0) code = mbedtls_ssl_config_defaults(tls.config.get(), MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                                    MBEDTLS_SSL_PRESET_DEFAULT);
  if (code != 0) {
    *stop = {Outcome::tls_error, Phase::tls, "cannot set up TLS: " + mbedtls_text(code)};
    return false;
  }
  // The chain and the host name are always verified; there is no switch to turn that off.
  mbedtls_ssl_conf_authmode(tls.config.get(), MBEDTLS_SSL_VERIFY_REQUIRED);
  mbedtls_ssl_conf_ca_chain(tls.config.get(), trust, nullptr);
  mbedtls_ssl_conf_rng(tls.config.get(), mbedtls_ctr_drbg_random, tls.random.get());
  mbedtls_ssl_conf_min_tls_version(tls.config.get(), MBEDTLS_SSL_VERSION_TLS1_2);
  mbedtls_ssl_conf_max_tls_version(tls.config.get(), MBEDTLS_SSL_VERSION_TLS1_3);
  mbedtls_ssl_conf_groups(tls.config.get(), kGroups);
  code = mbedtls_ssl_setup(tls.ssl.get(), tls.config.get());
  if (code == 0) code = mbedtls_ssl_set_hostname(tls.ssl.get(), host.c_str());  // SNI and the name check
  if (code != 0) {
    *stop = {Outcome::tls_error, Phase::tls, "cannot set up TLS: " + mbedtls_text(code)};
    return false;
  }
  mbedtls_ssl_set_bio(tls.ssl.get(), &channel, channel_send, channel_recv, nullptr);
  for (;;) {
    code = mbedtls_ssl_handshake(tls.ssl.get());
    if (code == 0) return true;
    if (code == MBEDTLS_ERR_SSL_WANT_READ || code == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
    break;
  }
  if (channel.timed_out) {
    *stop = timed_out(Phase::tls);
    return false;
  }
  if (code == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
    *stop = {Outcome::tls_error, Phase::tls, verify_failure(mbedtls_ssl_get_verify_result(tls.ssl.get()), host, network)};
    return false;
  }
  if (code == MBEDTLS_ERR_NET_CONN_RESET) {
    *stop = {Outcome::unreachable, Phase::tls, host + " reset the connection during the TLS handshake"};
    return false;
  }
  if (code == MBEDTLS_ERR_SSL_CONN_EOF) {
    *stop = {Outcome::tls_error, Phase::tls, host + " closed the connection during the TLS handshake"};
    return false;
  }
  *stop = {Outcome::tls_error, Phase::tls, "TLS handshake with " + host + " failed: " + mbedtls_text(code)};
  return false;
}

// ---- The exchange -----------------------------------------------------------------------------

/// Measures the phases one after the other.
class Stopwatch {
 public:
  /// Records the time since the last lap in SLOT.
  void lap(int* slot) {
    Clock::time_point now = Clock::now();
    *slot = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(now - mark_).count());
    mark_ = now;
  }
  /// The time since the last lap: what the interrupted phase took, so the report shows
  /// where the time went.
  int since() const {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - mark_).count());
  }

 private:
  Clock::time_point mark_ = Clock::now();
};

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

bool run_exchange(const ProbeRequest& request, const NetworkConfig& network, mbedtls_x509_crt* trust,
                  const Deadline& deadline, ProbeResult* result, Stop* stop, Stopwatch& watch) {
  const Url& url = request.url;
  bool tls = url.scheme == "https";

  // 1. Route: straight to the host, or through the proxy.
  bool via_proxy = tls && network.has_proxy && !no_proxy_matches(network.no_proxy, url.host);
  const Url& proxy = network.proxy;
  const std::string& connect_host = via_proxy ? proxy.host : url.host;
  int connect_port = via_proxy ? proxy.port : url.port;

  // 2. DNS.
  // Everything before the tunnel is up counts as phase `proxy` when there is one.
  std::vector<Address> addresses;
  if (!resolve(connect_host, connect_port, deadline, &addresses, stop)) {
    if (via_proxy) {
      stop->phase = Phase::proxy;
      if (stop->outcome != Outcome::timeout) stop->error = "the proxy in " + network.proxy_var + ": " + stop->error;
    }
    return false;
  }
  watch.lap(&result->timings.dns);
  // Plain http carries the key in clear: only to an address that is loopback, whatever the
  // name resolved to (a search domain can make "localhost" something else).
  if (!tls) {
    std::erase_if(addresses, [](const Address& address) { return !is_loopback_address(address); });
    if (addresses.empty()) {
      *stop = {Outcome::misconfigured, Phase::dns,
               url.host + " resolves to no loopback address, and http:// may only go to loopback; use https://"};
      return false;
    }
  }

  // 3. TCP.
  Socket socket;
  if (!connect_any(addresses, connect_host, via_proxy ? Phase::proxy : Phase::connect, deadline, &socket, stop)) {
    if (via_proxy && stop->outcome != Outcome::timeout)
      stop->error = "the proxy in " + network.proxy_var + " is down or unreachable: " + stop->error;
    return false;
  }
  watch.lap(&result->timings.connect);
  Channel channel{socket.fd(), &deadline};
  Stream stream(&channel);

  // 4. The tunnel.
  if (via_proxy) {
    if (!open_tunnel(stream, channel, proxy, network.proxy_var, url, stop)) return false;
    watch.lap(&result->timings.proxy);
  }

  // 5. TLS.
  TlsSession session;
  if (tls) {
    if (!handshake(session, channel, trust, url.host, network, stop)) return false;
    stream.use_tls(session.ssl.get());
    watch.lap(&result->timings.tls);
  }

  // 6. The request; the key exists in this buffer only while it is written.
  // After User-Agent, Accept and Accept-Encoding, where the SDKs put it.
  AuthHeader auth{request.auth_header, request.auth_prefix, request.key ? request.key->view() : std::string_view(), 3};
  int written = stream.write_all(build_get_request(request.target, host_header(url), request.headers, &auth).view());
  if (written != 0) {
    *stop = stream_failure(channel, Phase::request, written, url.host);
    return false;
  }
  watch.lap(&result->timings.request);

  // 7. The response, up to the limits; no redirect is ever followed.
  ResponseParser parser;
  unsigned char buffer[16384];
  while (parser.state() == ResponseParser::State::need_more) {
    int got = stream.read_some(buffer, sizeof buffer);
    if (got > 0) {
      parser.feed(std::string_view(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(got)));
    } else if (got == 0) {
      parser.finish(stream.cut_off());
    } else {
      wipe(buffer, sizeof buffer);
      *stop = stream_failure(channel, Phase::response, got, url.host);
      return false;
    }
  }
  wipe(buffer, sizeof buffer);  // the answer may echo the key
  if (parser.state() == ResponseParser::State::error) {
    *stop = {Outcome::unexpected, Phase::response, "unreadable HTTP response from " + url.host + ": " + parser.error()};
    return false;
  }
  watch.lap(&result->timings.response);
  result->answered = true;
  result->response = std::move(parser.response());
  return true;
}

}  // namespace

ProbeResult exchange(const ProbeRequest& request, const NetworkConfig& network, mbedtls_x509_crt* trust,
                     const Deadline& deadline) {
  ProbeResult result;
  Stop stop{Outcome::unexpected, Phase::none, ""};
  Stopwatch watch;
  if (!run_exchange(request, network, trust, deadline, &result, &stop, watch)) {
    result.answered = false;
    result.failure = stop.outcome;
    result.phase = stop.phase;
    result.error = stop.error;
    if (int* slot = timing_slot(result.timings, stop.phase)) *slot = watch.since();
  }
  return result;
}

bool prepare_tls() {
  // TLS 1.3's key schedule runs on PSA crypto, which is initialised once per process.
  static const bool ready = psa_crypto_init() == PSA_SUCCESS;
  return ready;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host) {
  std::string name = ascii_lower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  // An address matches only itself: its tail is not a domain ("0.1" must not exempt 10.0.0.1).
  in_addr v4;
  bool host_is_ip = name.find(':') != std::string::npos || ::inet_pton(AF_INET, name.c_str(), &v4) == 1;
  std::size_t start = 0;
  while (start < no_proxy.size()) {
    std::size_t end = no_proxy.find_first_of(", ", start);
    if (end == std::string_view::npos) end = no_proxy.size();
    std::string entry = ascii_lower(no_proxy.substr(start, end - start));
    start = end + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    // [v6]:port, v4:port, name:port: the port is ignored.
    if (entry.front() == '[') {
      std::size_t close = entry.find(']');
      entry = entry.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      entry = entry.substr(0, entry.find(':'));
    }
    while (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (entry.empty()) continue;
    if (name == entry) return true;
    if (host_is_ip) continue;
    if (name.size() > entry.size() && name.compare(name.size() - entry.size(), entry.size(), entry) == 0 &&
        name[name.size() - entry.size() - 1] == '.')
      return true;
  }
  return false;
}

}  // namespace keyguard
