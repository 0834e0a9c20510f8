// The accept loop of the test servers: a thread per connection, all stopped and joined promptly.
#include "connection_threads.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <system_error>
#include <utility>

namespace keyguard::testing {
namespace {

constexpr int kPollSliceMs = 50;  // how often the accept loop looks at the stop flag

}  // namespace

/// An accepted socket and the thread that serves it. The socket is closed only after the thread
/// is joined, so that stop() never touches a descriptor number that was reused.
struct ConnectionThreads::Connection {
  explicit Connection(int accepted) : fd(accepted) {}
  ~Connection() {
    if (thread.joinable()) thread.join();
    close(fd);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const int fd;
  std::thread thread;
  std::atomic<bool> finished{false};
};

ConnectionThreads::ConnectionThreads() = default;

ConnectionThreads::~ConnectionThreads() { stop(); }

bool ConnectionThreads::start(int listener, Handler serve_connection, std::string* err) {
  listener_ = listener;
  serve_connection_ = std::move(serve_connection);
  try {
    accept_thread_ = std::thread([this] { accept_loop(); });
  } catch (const std::system_error& error) {
    *err = std::string("starting the accept thread: ") + error.what();
    return false;
  }
  return true;
}

void ConnectionThreads::stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (accept_thread_.joinable()) accept_thread_.join();
  if (listener_ >= 0) close(listener_);
  listener_ = -1;

  // Every handler polls in short slices and sees the flag; shutdown() hurries it.
  std::lock_guard<std::mutex> lock(connections_mutex_);
  for (const auto& connection : connections_) shutdown(connection->fd, SHUT_RDWR);
  connections_.clear();  // joins each thread, then closes its socket
}

bool ConnectionThreads::sleep_unless_stopped(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(stop_mutex_);
  return !stop_signal_.wait_for(lock, duration, [this] { return stopping_.load(); });
}

void ConnectionThreads::accept_loop() {
  while (!stopping_.load()) {
    join_finished_connections();
    pollfd entry{listener_, POLLIN, 0};
    if (poll(&entry, 1, kPollSliceMs) <= 0) continue;
    int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    // Small writes (chunks, single bytes) should leave at once, as the servers mean them.
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    serve_on_new_thread(fd);
  }
}

void ConnectionThreads::serve_on_new_thread(int fd) {
  auto connection = std::make_unique<Connection>(fd);
  Connection* serving = connection.get();
  try {
    serving->thread = std::thread([this, serving] {
      serve_connection_(serving->fd);
      serving->finished = true;
    });
  } catch (const std::system_error&) {
    return;  // out of threads: drop this client (its socket closes with it), keep serving the others
  }
  std::lock_guard<std::mutex> lock(connections_mutex_);
  connections_.push_back(std::move(connection));
}

void ConnectionThreads::join_finished_connections() {
  std::lock_guard<std::mutex> lock(connections_mutex_);
  connections_.remove_if([](const std::unique_ptr<Connection>& connection) { return connection->finished.load(); });
}

}  // namespace keyguard::testing
