// What the checks found: for each provider its key's outcome and its models', and for the run
// the exit code, the keys the child gets and the warnings (docs/report.md). The pipeline
// (check.cpp) fills them; the report (report.cpp) writes them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "outcome.h"
#include "providers.h"
#include "redact.h"
#include "request.h"
#include "secret.h"

namespace keyguard {

/// What the first of two attempts got, as the report shows it (docs/report.md#retries).
struct RetryShown {
  int http_status = 0;      ///< 0: it had no answer
  Outcome outcome = Outcome::unexpected;  ///< what that answer, or its absence, alone would have been
  Phase phase = Phase::none;  ///< where it stopped, when it had no answer
  std::string message;      ///< already scrubbed
  int waited_ms = 0;        ///< the wait a 429's Retry-After asked for, before the second
};

/// What the report says about one model of one provider (docs/models.md).
struct ModelReport {
  std::string model;        ///< as given, made printable
  Outcome outcome = Outcome::unchecked;
  Verdict verdict = Verdict::warn;
  int http_status = 0;      ///< 0: no answer of its own
  Phase phase = Phase::none;  ///< where its request stopped; none when it was answered or never sent
  std::string error_code;
  std::string message;      ///< already scrubbed
  bool shown = true;        ///< a text line of its own when it does not pass (not when the key failed)
  std::optional<RetryShown> retry;  ///< when it was asked twice
};

/// What keyguard sends for a provider, as the report shows it (docs/report.md): names, never
/// a header's value.
struct RequestShown {
  std::string method;
  std::string url;         ///< scheme, host, port when not the default, path and query
  std::string base_from;   ///< the variable the base URL came from; empty for the default
  std::string key_header;  ///< "Authorization"
  std::string key_scheme;  ///< "Bearer"; empty when the key is the header's whole value
  std::vector<std::string> headers;  ///< the provider's own headers, by name
};

/// Everything the report says about one provider.
struct ProviderReport {
  const Provider* provider = nullptr;
  std::string env;          ///< the key variable
  std::string key_shown;    ///< redacted; empty when there is no key
  std::string fingerprint;  ///< "sha256:…"; empty when there is no key
  std::vector<std::string> fixes;
  std::vector<std::string> warnings;
  Outcome outcome = Outcome::unexpected;
  Verdict verdict = Verdict::fail;      ///< the worst of the key's and its models'
  Verdict key_verdict = Verdict::fail;  ///< the key's alone (the same as VERDICT without models)
  ExitCode exit_code = ExitCode::ok;
  int http_status = 0;      ///< 0: no response
  std::string error_code;
  std::string request_id;
  Phase phase = Phase::none;
  std::string tls_version;  ///< "TLSv1.3" or "TLSv1.2"; empty without TLS
  Timings timings;
  bool probed = false;      ///< a request was attempted (timings mean something)
  std::string message;      ///< cause and fix, already scrubbed
  std::vector<ModelReport> models;  ///< one per --model entry of this provider, in order
  std::optional<RequestShown> request;  ///< once the request is built
  std::optional<RetryShown> retry;  ///< when the probe was asked twice
};

struct CheckResult {
  std::vector<ProviderReport> reports;
  std::vector<ExportedVar> exports;  ///< cleaned keys and keys loaded from files
  /// About the environment, no one provider's: a name set more than once (docs/keys.md).
  std::vector<std::string> warnings;
  ExitCode exit_code = ExitCode::ok;
  /// What keyguard would exit with were it enforcing: EXIT_CODE, but under --report-only, where
  /// the checks fail nothing and EXIT_CODE is ok (docs/report.md).
  ExitCode would_exit = ExitCode::ok;
  bool report_only = false;
  std::string error;        ///< a failure that is not one provider's (no key found at all)
  std::string ca_source;    ///< where trust came from, when the network was used
  int elapsed_ms = 0;
  /// Every key of the run, and every key variable's value: the one set all shown text is
  /// scrubbed against (docs/report.md). Null when no provider was selected.
  std::unique_ptr<const KeyRuns> every_key;

  /// TEXT without any run of those keys: for what is said after the checks (a command that
  /// cannot run, whose name someone may have pasted a key into).
  std::string without_keys(std::string_view text) const;
};

}  // namespace keyguard
