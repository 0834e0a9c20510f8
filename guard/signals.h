// Keeping SIGINT and SIGTERM on the main thread, where keyguard's handler expects them.
#pragma once

#include <signal.h>

namespace keyguard {

/// Blocks SIGINT and SIGTERM on this thread while it lives. Threads created meanwhile inherit
/// the block, so the process's stop signals always reach the main thread; a critical section
/// (writing --env-out) holds them off the same way.
class StopSignalsBlocked {
 public:
  StopSignalsBlocked() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &previous_);
  }
  ~StopSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  StopSignalsBlocked(const StopSignalsBlocked&) = delete;
  StopSignalsBlocked& operator=(const StopSignalsBlocked&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace keyguard
