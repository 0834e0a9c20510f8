// The accept loop of the test servers: a thread per connection, all stopped and joined promptly.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace keyguard::testing {

/// Accepts connections on a listening socket and serves each on a thread of its own, until
/// stop(). The handlers watch stopping() in short slices, so stop() returns within about 100 ms
/// even while clients hang.
class ConnectionThreads {
 public:
  /// Serves one accepted connection. Runs on the connection's own thread; the socket stays
  /// open until that thread is joined, and is closed here, never by the handler.
  using Handler = std::function<void(int fd)>;

  ConnectionThreads();
  /// Calls stop().
  ~ConnectionThreads();
  ConnectionThreads(const ConnectionThreads&) = delete;
  ConnectionThreads& operator=(const ConnectionThreads&) = delete;

  /// Takes LISTENER, a bound and listening socket, and accepts on a background thread: each
  /// client (TCP_NODELAY, close-on-exec) goes to SERVE_CONNECTION on a new thread. A client that
  /// finds no thread to serve it is dropped and the others are served. The listener is closed by
  /// stop() even when this fails. Returns false and fills ERR when the accept thread cannot start.
  /// Call at most once.
  bool start(int listener, Handler serve_connection, std::string* err);

  /// Raises the stop flag, closes the listener, shuts every open connection down so that blocked
  /// readers wake, joins all threads and closes their sockets. Safe to call twice.
  void stop();

  /// The flag the handlers watch: true once stop() began.
  const std::atomic<bool>& stopping() const { return stopping_; }

  /// Sleeps for DURATION, or less if stop() begins meanwhile. False when it was cut short.
  bool sleep_unless_stopped(std::chrono::milliseconds duration);

 private:
  struct Connection;

  void accept_loop();
  /// Starts a thread serving FD; closes FD when no thread can be had.
  void serve_on_new_thread(int fd);
  void join_finished_connections();

  int listener_ = -1;
  Handler serve_connection_;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  std::thread accept_thread_;
  std::mutex connections_mutex_;
  std::list<std::unique_ptr<Connection>> connections_;
};

}  // namespace keyguard::testing
