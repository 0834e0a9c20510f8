// The one failure type of every stage: what it means, where it happened, and why.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "outcome.h"

namespace keyguard {

/// Why a check ended before it had an answer: a key that cannot be used, an endpoint that
/// is not one, a probe that stopped. Each layer adds only what its caller does not know
/// ("OPENAI_API_KEY " before "is a placeholder"; "the proxy in https_proxy: ..."), so a
/// message never says the same thing twice.
struct Failure {
  Outcome outcome = Outcome::unexpected;
  Phase phase = Phase::none;  ///< where a probe stopped; none before the network
  std::string message;
  /// ok: the outcome's own code. Else the code this failure asks for instead: no_input (66)
  /// for a key file that cannot be read, which is misconfigured like any other key.
  ExitCode exit = ExitCode::ok;
  /// Another attempt on a new connection may get an answer: a reset, a TLS handshake that failed
  /// for a reason other than the certificate or a setting (docs/report.md#retries).
  bool transient = false;
};

/// A failure of the configuration, found before the network: misconfigured, 78.
inline Failure misconfigured(std::string message) { return {Outcome::misconfigured, Phase::none, std::move(message)}; }

/// FAILURE with what its caller knows around it, added once: "OPENAI_API_KEY " + "is empty"
/// + "; set it to a key from …".
inline Failure in_context(std::string_view before, Failure failure, std::string_view after = {}) {
  failure.message = std::string(before) + failure.message + std::string(after);
  return failure;
}

inline Failure timed_out(Phase phase) { return {Outcome::timeout, phase, "deadline passed"}; }

}  // namespace keyguard
