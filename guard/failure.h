// The one failure type of the network stages: what it means, where it happened, and why.
#pragma once

#include <string>

#include "outcome.h"

namespace keyguard {

/// Why a probe stopped before it had an answer. Each layer adds only what its caller does
/// not know ("the proxy in https_proxy: ..."), so a message never says the same thing twice.
struct Failure {
  Outcome outcome = Outcome::unexpected;
  Phase phase = Phase::none;
  std::string message;
};

inline Failure timed_out(Phase phase) { return {Outcome::timeout, phase, "deadline passed"}; }

}  // namespace keyguard
