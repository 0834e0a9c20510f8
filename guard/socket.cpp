// Sockets, DNS and TCP, every wait bounded by the deadline.
#include "socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "signals.h"

namespace keyguard {

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void Socket::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string errno_text(int error) { return error ? std::strerror(error) : "connection closed"; }

namespace {

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

}  // namespace

long channel_send(Channel& channel, const void* data, std::size_t size) {
  for (;;) {
    ssize_t sent = ::send(channel.fd, data, size, MSG_NOSIGNAL);
    if (sent >= 0) return sent;
    if (errno == EINTR) continue;
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && channel.no_wait) {
      channel.error = EAGAIN;
      return -1;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      Ready ready = wait_for(channel.fd, POLLOUT, *channel.deadline);
      if (ready == Ready::yes) continue;
      channel.timed_out = ready == Ready::timeout;
    }
    channel.error = errno;
    return -1;
  }
}

long channel_recv(Channel& channel, void* data, std::size_t size) {
  for (;;) {
    ssize_t got = ::recv(channel.fd, data, size, 0);
    if (got >= 0) return got;
    if (errno == EINTR) continue;
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && channel.no_wait) {
      channel.error = EAGAIN;
      return -1;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      Ready ready = wait_for(channel.fd, POLLIN, *channel.deadline);
      if (ready == Ready::yes) continue;
      channel.timed_out = ready == Ready::timeout;
    }
    channel.error = errno;
    return -1;
  }
}

Between plain_between(const Channel& channel) {
  char byte;
  for (;;) {
    ssize_t got = ::recv(channel.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got > 0) return Between::pending;
    if (got == 0) return Between::closed;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Between::idle : Between::closed;
  }
}

bool channel_send_all(Channel& channel, std::string_view data, Phase phase, const std::string& peer, Failure* failure) {
  while (!data.empty()) {
    long sent = channel_send(channel, data.data(), data.size());
    if (sent < 0) {
      *failure = channel_failure(channel, phase, peer);
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

Failure channel_failure(const Channel& channel, Phase phase, const std::string& peer) {
  if (channel.timed_out) return timed_out(phase);
  Failure failure{Outcome::unreachable, phase, peer + " dropped the connection: " + errno_text(channel.error)};
  failure.transient = channel.error == ECONNRESET || channel.error == EPIPE;
  return failure;
}

// ---- DNS --------------------------------------------------------------------------------------

namespace {

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

}  // namespace

bool resolve(const std::string& host, int port, const Deadline& deadline, std::vector<Address>* addresses,
             Failure* failure) {
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
      *failure = {Outcome::unreachable, Phase::dns, "no thread for the lookup"};
      return false;
    }
    std::unique_lock<std::mutex> lock(lookup->mutex);
    if (!lookup->finished.wait_until(lock, deadline.at(), [&] { return lookup->done; })) {
      *failure = timed_out(Phase::dns);
      return false;
    }
  }
  std::lock_guard<std::mutex> lock(lookup->mutex);
  if (lookup->status != 0) {
    *failure = {Outcome::unreachable, Phase::dns, ::gai_strerror(lookup->status)};
    return false;
  }
  for (addrinfo* entry = lookup->list; entry; entry = entry->ai_next) {
    Address address;
    std::memcpy(&address.storage, entry->ai_addr, entry->ai_addrlen);
    address.length = entry->ai_addrlen;
    addresses->push_back(address);
  }
  if (addresses->empty()) {
    *failure = {Outcome::unreachable, Phase::dns, "the name has no address"};
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

namespace {

/// RFC 8305 §4: the first address's family first, then the families take turns.
std::vector<Address> interleave_families(const std::vector<Address>& addresses) {
  if (addresses.empty()) return {};
  sa_family_t first = addresses[0].storage.ss_family;
  std::vector<Address> same, other, out;
  for (const Address& address : addresses) (address.storage.ss_family == first ? same : other).push_back(address);
  for (std::size_t i = 0; i < std::max(same.size(), other.size()); ++i) {
    if (i < same.size()) out.push_back(same[i]);
    if (i < other.size()) out.push_back(other[i]);
  }
  return out;
}

}  // namespace

bool connect_racing(std::vector<Address> addresses, const std::string& host, Phase phase, const Deadline& deadline,
                    Socket* socket_out, Failure* failure) {
  addresses = interleave_families(addresses);
  std::vector<Socket> attempts;  // in flight, parallel to polls
  std::vector<pollfd> polls;
  std::size_t next = 0;
  int last_error = 0;
  Clock::time_point next_start = Clock::now();
  for (;;) {
    // Start the next attempt when its time has come, or at once when none is in flight.
    while (next < addresses.size() && (attempts.empty() || Clock::now() >= next_start)) {
      const Address& address = addresses[next++];
      Socket socket(::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
      if (socket.fd() < 0) {
        last_error = errno;
        continue;
      }
      int one = 1;
      ::setsockopt(socket.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 &&
          errno != EINPROGRESS) {
        last_error = errno;  // refused at once: the next one starts now
        continue;
      }
      polls.push_back({socket.fd(), POLLOUT, 0});
      attempts.push_back(std::move(socket));
      next_start = Clock::now() + std::chrono::milliseconds(kConnectionAttemptDelayMs);
      break;
    }
    if (attempts.empty()) {
      if (next < addresses.size()) continue;
      *failure = {Outcome::unreachable, phase, errno_text(last_error)};
      return false;
    }
    int left = deadline.remaining_ms();
    if (left <= 0) {
      *failure = timed_out(phase);
      return false;
    }
    int wait = left;
    if (next < addresses.size())
      wait = std::min<int>(wait, static_cast<int>(std::max<long>(
                                     0, std::chrono::ceil<std::chrono::milliseconds>(next_start - Clock::now()).count())));
    int ready = ::poll(polls.data(), polls.size(), wait);
    if (ready < 0 && errno != EINTR) {
      last_error = errno;
      *failure = {Outcome::unreachable, phase, errno_text(last_error)};
      return false;
    }
    for (std::size_t i = 0; ready > 0 && i < polls.size();) {
      if (polls[i].revents == 0) {
        ++i;
        continue;
      }
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(polls[i].fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
      if (error == 0) {
        *socket_out = std::move(attempts[i]);  // the winner; the others close as they go
        return true;
      }
      last_error = error;
      attempts.erase(attempts.begin() + static_cast<std::ptrdiff_t>(i));
      polls.erase(polls.begin() + static_cast<std::ptrdiff_t>(i));
      next_start = Clock::now();  // a failed attempt lets the next one start at once
    }
  }
}

}  // namespace keyguard
