// Names and exit codes of outcomes, verdicts and phases.
#include "outcome.h"

namespace keyguard {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::authenticated: return "authenticated";
    case Outcome::restricted: return "restricted";
    case Outcome::rate_limited: return "rate_limited";
    case Outcome::skipped: return "skipped";
    case Outcome::rejected: return "rejected";
    case Outcome::forbidden: return "forbidden";
    case Outcome::no_credit: return "no_credit";
    case Outcome::misconfigured: return "misconfigured";
    case Outcome::bad_endpoint: return "bad_endpoint";
    case Outcome::unreachable: return "unreachable";
    case Outcome::tls_error: return "tls_error";
    case Outcome::timeout: return "timeout";
    case Outcome::server_error: return "server_error";
    case Outcome::unexpected: return "unexpected";
    case Outcome::available: return "available";
    case Outcome::unchecked: return "unchecked";
    case Outcome::model_unavailable: return "model_unavailable";
  }
  return "unexpected";
}

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::warn: return "warn";
    case Verdict::fail: return "fail";
  }
  return "fail";
}

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::none: return "";
    case Phase::dns: return "dns";
    case Phase::connect: return "connect";
    case Phase::proxy: return "proxy";
    case Phase::tls: return "tls";
    case Phase::request: return "request";
    case Phase::response: return "response";
  }
  return "";
}

// No default: in these switches: a new outcome must be placed, or it does not compile
// cleanly (-Wswitch).
bool is_indeterminate(Outcome outcome) {
  switch (outcome) {
    case Outcome::unreachable:
    case Outcome::tls_error:
    case Outcome::timeout:
    case Outcome::server_error:
    case Outcome::unexpected:
      return true;
    case Outcome::authenticated:
    case Outcome::restricted:
    case Outcome::rate_limited:
    case Outcome::skipped:
    case Outcome::rejected:
    case Outcome::forbidden:
    case Outcome::no_credit:
    case Outcome::misconfigured:
    case Outcome::bad_endpoint:
    case Outcome::available:
    case Outcome::unchecked:
    case Outcome::model_unavailable:
      return false;
  }
  return true;
}

Verdict verdict_of(Outcome outcome, bool strict) {
  switch (outcome) {
    case Outcome::authenticated:
    case Outcome::skipped:
    case Outcome::available:
      return Verdict::pass;
    case Outcome::restricted:
    case Outcome::rate_limited:
    case Outcome::unchecked:  // nothing indeterminate happened: a warning even under --strict
      return Verdict::warn;
    case Outcome::rejected:
    case Outcome::forbidden:
    case Outcome::no_credit:
    case Outcome::misconfigured:
    case Outcome::bad_endpoint:
    case Outcome::model_unavailable:
      return Verdict::fail;
    case Outcome::unreachable:
    case Outcome::tls_error:
    case Outcome::timeout:
    case Outcome::server_error:
    case Outcome::unexpected:
      return strict ? Verdict::fail : Verdict::warn;
  }
  return Verdict::fail;
}

ExitCode exit_code_of(Outcome outcome, bool strict) {
  switch (outcome) {
    case Outcome::rejected:
    case Outcome::forbidden:
    case Outcome::no_credit:
    case Outcome::model_unavailable:
      return ExitCode::no_permission;
    case Outcome::misconfigured:
    case Outcome::bad_endpoint:
      return ExitCode::config;
    case Outcome::unreachable:
    case Outcome::tls_error:
    case Outcome::timeout:
    case Outcome::server_error:
    case Outcome::unexpected:
      return strict ? ExitCode::unavailable : ExitCode::ok;
    case Outcome::authenticated:
    case Outcome::restricted:
    case Outcome::rate_limited:
    case Outcome::skipped:
    case Outcome::available:
    case Outcome::unchecked:
      return ExitCode::ok;
  }
  return ExitCode::internal;
}

namespace {
int severity(ExitCode code) {
  switch (code) {
    case ExitCode::usage: return 5;
    case ExitCode::no_input: return 4;
    case ExitCode::config: return 3;
    case ExitCode::no_permission: return 2;
    case ExitCode::unavailable: return 1;
    // Codes no check produces: they end keyguard on their own and are never weighed.
    case ExitCode::ok:
    case ExitCode::internal:
    case ExitCode::cannot_execute:
    case ExitCode::not_found:
    case ExitCode::interrupted:
    case ExitCode::terminated:
      return 0;
  }
  return 0;
}
}  // namespace

ExitCode more_severe(ExitCode a, ExitCode b) { return severity(b) > severity(a) ? b : a; }

}  // namespace keyguard
