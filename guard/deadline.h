// One hard deadline shared by every probe, on the monotonic clock.
#pragma once

#include <chrono>

namespace keyguard {

using Clock = std::chrono::steady_clock;

class Deadline {
 public:
  explicit Deadline(Clock::time_point at) : at_(at) {}
  static Deadline after_ms(int milliseconds) { return Deadline(Clock::now() + std::chrono::milliseconds(milliseconds)); }
  Clock::time_point at() const { return at_; }
  /// Milliseconds left, 0 once passed; rounded up so that a wait never ends early.
  int remaining_ms() const {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(at_ - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
  }
  bool passed() const { return Clock::now() >= at_; }

 private:
  Clock::time_point at_;
};

inline int elapsed_ms(Clock::time_point since) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

}  // namespace keyguard
