// Sockets: DNS on a thread keyguard can stop waiting for, TCP connects raced across a name's
// addresses, and reads and writes that never wait past the deadline.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <string>
#include <vector>

#include "deadline.h"
#include "failure.h"

namespace keyguard {

/// Owns one file descriptor.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { reset(); }
  int fd() const { return fd_; }
  void reset();

 private:
  int fd_ = -1;
};

struct Address {
  sockaddr_storage storage;
  socklen_t length;
};

/// Resolves HOST:PORT before the deadline: numeric addresses at once, names on a thread of
/// their own (getaddrinfo has no timeout). Fails in phase dns; the caller names the host.
bool resolve(const std::string& host, int port, const Deadline& deadline, std::vector<Address>* addresses,
             Failure* failure);

/// 127.0.0.0/8, ::1 or ::ffff:127.x.
bool is_loopback_address(const Address& address);

/// How long each connection attempt leads the next (RFC 8305's Connection Attempt Delay).
constexpr int kConnectionAttemptDelayMs = 250;

/// Connects to HOST's ADDRESSES, Happy Eyeballs style (RFC 8305 §4-5): address families
/// alternate, each attempt starts kConnectionAttemptDelayMs after the previous one or as
/// soon as it fails, and the first to complete wins; the others are closed. Fails in PHASE.
bool connect_racing(std::vector<Address> addresses, const std::string& host, Phase phase, const Deadline& deadline,
                    Socket* socket, Failure* failure);

/// A connected socket as TLS and HTTP use it: every call waits at most until the deadline.
struct Channel {
  int fd = -1;
  const Deadline* deadline = nullptr;
  bool no_wait = false;    ///< a receive with nothing to read fails at once (error EAGAIN)
  bool timed_out = false;  ///< the last failure was the deadline
  int error = 0;           ///< errno of the last failure
};

/// Sends some of DATA: the bytes sent, or -1 (timed_out or error says why).
long channel_send(Channel& channel, const void* data, std::size_t size);
/// Receives some bytes: how many, 0 at the end of the stream, or -1 (timed_out or error).
long channel_recv(Channel& channel, void* data, std::size_t size);
/// Sends all of DATA; false with *failure in PHASE.
bool channel_send_all(Channel& channel, std::string_view data, Phase phase, const std::string& peer, Failure* failure);
/// The failure of the last channel call in PHASE, PEER named ("api.openai.com").
Failure channel_failure(const Channel& channel, Phase phase, const std::string& peer);

/// What a connection holds between one answer and the next request.
enum class Between {
  idle,     ///< nothing: the server waits for the next request
  closed,   ///< the server closed its side (or reset it)
  pending,  ///< bytes nobody asked for: the connection is out of step
};

/// Looks, without waiting, at what arrived on a plain CHANNEL since the last answer.
Between plain_between(const Channel& channel);

/// strerror, or "connection closed" for 0.
std::string errno_text(int error);

}  // namespace keyguard
