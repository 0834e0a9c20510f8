// The outcome table and the exit-status table: names, verdicts, exit codes and words, as data.
#include "outcome.h"

namespace keyguard {
namespace {

using O = Outcome;
using V = Verdict;
using E = ExitCode;

// In the enum's order: row_of() indexes it (checked below).
constexpr OutcomeRow kOutcomes[] = {
    {O::authenticated, "authenticated", false, V::pass, E::ok, "the provider accepted the key"},
    {O::restricted, "restricted", false, V::warn, E::ok,
     "the key authenticated, but lacks a permission (a scope, a route, a policy) some calls need"},
    {O::rate_limited, "rate_limited", false, V::warn, E::ok, "the provider is limiting requests and did not judge the key"},
    {O::skipped, "skipped", false, V::pass, E::ok, "not probed (--offline), or left alone (--skip)"},
    {O::rejected, "rejected", false, V::fail, E::no_permission,
     "the provider does not accept the key: revoked, rotated, deleted or mistyped"},
    {O::forbidden, "forbidden", false, V::fail, E::no_permission,
     "the key is known, but its account, organization, region or policy may not use the API"},
    {O::no_credit, "no_credit", false, V::fail, E::no_permission, "the account is out of credit or over its limit"},
    {O::misconfigured, "misconfigured", false, V::fail, E::config,
     "a configuration that cannot work: a missing, malformed or misplaced key, a bad base URL"},
    {O::bad_endpoint, "bad_endpoint", false, V::fail, E::config,
     "the base URL does not answer as the provider does: a redirect, a page that is not its JSON"},
    {O::unreachable, "unreachable", true, V::warn, E::ok,
     "the provider could not be reached: DNS, connect or the proxy failed"},
    {O::tls_error, "tls_error", true, V::warn, E::ok,
     "the TLS handshake failed; the message says why (certificate, version, cipher suite)"},
    {O::timeout, "timeout", true, V::warn, E::ok, "the deadline passed; the report names the phase that was running"},
    {O::server_error, "server_error", true, V::warn, E::ok, "the provider answered with a server error (5xx)"},
    {O::unexpected, "unexpected", true, V::warn, E::ok,
     "an answer keyguard cannot place (an unknown status, a compressed or cut-off body)"},
    {O::available, "available", false, V::pass, E::ok, "a model the key may use"},
    // Nothing indeterminate happened: a warning even under --strict.
    {O::unchecked, "unchecked", false, V::warn, E::ok,
     "a model no request that spends nothing can check (an Azure deployment); the message says why"},
    {O::model_unavailable, "model_unavailable", false, V::fail, E::no_permission,
     "a model that does not exist for the key, or that the key may not use"},
};

constexpr bool in_enum_order() {
  int i = 0;
  for (const OutcomeRow& row : kOutcomes)
    if (static_cast<int>(row.outcome) != i++) return false;
  return i == static_cast<int>(O::model_unavailable) + 1;
}
static_assert(in_enum_order(), "kOutcomes lists every outcome once, in the enum's order");

constexpr ExitStatusRow kExitStatuses[] = {
    {E::ok, "0", "every check passed or only warned (with COMMAND: COMMAND's own status)"},
    {E::usage, "64", "usage error", 5},
    {E::no_input, "66", "a *_FILE could not be read", 4},
    {E::unavailable, "69", "a provider could not be asked or did not answer clearly, under --strict", 1},
    {E::internal, "70", "an internal error in keyguard (please report it)"},
    {E::no_permission, "77", "a provider refused the key (rejected, forbidden, no credit), or a model is unavailable", 2},
    {E::config, "78", "configuration error (missing, malformed or misplaced key, bad base URL)", 3},
    {E::cannot_execute, "126", "COMMAND is not executable; 127 COMMAND was not found"},
    {E::interrupted, "130", "interrupted (SIGINT); 143 terminated (SIGTERM), before COMMAND ran (a death by the signal)"},
};

int severity(ExitCode code) {
  for (const ExitStatusRow& row : kExitStatuses)
    if (row.code == code) return row.severity;
  return 0;
}

}  // namespace

std::span<const OutcomeRow> outcome_rows() { return kOutcomes; }

const OutcomeRow& row_of(Outcome outcome) { return kOutcomes[static_cast<int>(outcome)]; }

std::span<const ExitStatusRow> exit_status_rows() { return kExitStatuses; }

std::string_view outcome_name(Outcome outcome) { return row_of(outcome).name; }

std::string_view verdict_name(Verdict verdict) {
  constexpr std::string_view kNames[] = {"pass", "warn", "fail"};
  return kNames[static_cast<int>(verdict)];
}

std::string_view phase_name(Phase phase) {
  constexpr std::string_view kNames[] = {"", "dns", "connect", "proxy", "tls", "request", "response"};
  return kNames[static_cast<int>(phase)];
}

bool is_indeterminate(Outcome outcome) { return row_of(outcome).indeterminate; }

Verdict verdict_of(Outcome outcome, bool strict) {
  const OutcomeRow& row = row_of(outcome);
  if (row.indeterminate) return strict ? Verdict::fail : Verdict::warn;
  return row.verdict;
}

ExitCode exit_code_of(Outcome outcome, bool strict) {
  const OutcomeRow& row = row_of(outcome);
  if (row.indeterminate) return strict ? ExitCode::unavailable : ExitCode::ok;
  return row.verdict == Verdict::fail ? row.exit_code : ExitCode::ok;
}

ExitCode more_severe(ExitCode a, ExitCode b) { return severity(b) > severity(a) ? b : a; }

}  // namespace keyguard
