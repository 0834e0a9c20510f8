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

int exit_code_of(Outcome outcome, bool strict) {
  switch (outcome) {
    case Outcome::rejected:
    case Outcome::forbidden:
    case Outcome::no_credit:
    case Outcome::model_unavailable:
      return exit_code::no_permission;
    case Outcome::misconfigured:
    case Outcome::bad_endpoint:
      return exit_code::config;
    case Outcome::unreachable:
    case Outcome::tls_error:
    case Outcome::timeout:
    case Outcome::server_error:
    case Outcome::unexpected:
      return strict ? exit_code::unavailable : exit_code::ok;
    case Outcome::authenticated:
    case Outcome::restricted:
    case Outcome::rate_limited:
    case Outcome::skipped:
    case Outcome::available:
    case Outcome::unchecked:
      return exit_code::ok;
  }
  return exit_code::internal;
}

namespace {
int severity(int code) {
  switch (code) {
    case exit_code::usage: return 5;
    case exit_code::no_input: return 4;
    case exit_code::config: return 3;
    case exit_code::no_permission: return 2;
    case exit_code::unavailable: return 1;
    default: return 0;
  }
}
}  // namespace

int more_severe(int a, int b) { return severity(b) > severity(a) ? b : a; }

}  // namespace keyguard
