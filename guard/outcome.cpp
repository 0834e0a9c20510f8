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

bool is_indeterminate(Outcome outcome) {
  switch (outcome) {
    case Outcome::unreachable:
    case Outcome::tls_error:
    case Outcome::timeout:
    case Outcome::server_error:
    case Outcome::unexpected:
      return true;
    default:
      return false;
  }
}

Verdict verdict_of(Outcome outcome, bool strict) {
  switch (outcome) {
    case Outcome::authenticated:
    case Outcome::skipped:
      return Verdict::pass;
    case Outcome::restricted:
    case Outcome::rate_limited:
      return Verdict::warn;
    case Outcome::rejected:
    case Outcome::forbidden:
    case Outcome::no_credit:
    case Outcome::misconfigured:
    case Outcome::bad_endpoint:
      return Verdict::fail;
    default:
      return strict ? Verdict::fail : Verdict::warn;
  }
}

int exit_code_of(Outcome outcome, bool strict) {
  switch (outcome) {
    case Outcome::rejected:
    case Outcome::forbidden:
    case Outcome::no_credit:
      return exit_code::no_permission;
    case Outcome::misconfigured:
    case Outcome::bad_endpoint:
      return exit_code::config;
    default:
      return is_indeterminate(outcome) && strict ? exit_code::unavailable : exit_code::ok;
  }
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
