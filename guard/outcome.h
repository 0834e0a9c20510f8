// The vocabulary every stage shares: outcomes, verdicts, phases and exit codes (docs/report.md).
#pragma once

#include <span>
#include <string_view>

namespace keyguard {

/// How one provider's check ended (docs/report.md).
enum class Outcome {
  authenticated,
  restricted,
  rate_limited,
  skipped,
  rejected,
  forbidden,
  no_credit,
  misconfigured,
  bad_endpoint,
  unreachable,
  tls_error,
  timeout,
  server_error,
  unexpected,
  // A model's outcomes (docs/models.md); a key never has them.
  available,          ///< the key may use the model
  unchecked,          ///< no way to check the model spends nothing (an Azure deployment)
  model_unavailable,  ///< the model does not exist for the key, or the key may not use it
};

enum class Verdict { pass, warn, fail };

/// The step a probe was in when it stopped; `none` when it ended normally.
enum class Phase { none, dns, connect, proxy, tls, request, response };

/// Exit codes (docs/report.md), sysexits where they fit.
enum class ExitCode : unsigned char {
  ok = 0,
  usage = 64,
  no_input = 66,
  unavailable = 69,
  internal = 70,  ///< a bug in keyguard (EX_SOFTWARE)
  no_permission = 77,
  config = 78,
  cannot_execute = 126,
  not_found = 127,
  interrupted = 130,
  terminated = 143,
};

/// The status a process exits with.
constexpr int status_of(ExitCode code) { return static_cast<int>(code); }

/// One outcome: everything the stages, the report, --help and the man page say of it.
struct OutcomeRow {
  Outcome outcome;
  std::string_view name;  ///< as the report writes it: "no_credit"
  /// The provider could not say yes or no (transport trouble, 5xx, nonsense): a warning, which
  /// --strict makes a failure with exit 69. VERDICT and EXIT_CODE below are for the others.
  bool indeterminate;
  Verdict verdict;
  ExitCode exit_code;     ///< when the verdict is fail; else ok
  std::string_view meaning;  ///< one line for the man page
};

/// Every outcome, in the enum's order.
std::span<const OutcomeRow> outcome_rows();
const OutcomeRow& row_of(Outcome outcome);

/// One line of the exit-status table of --help and the man page. Codes that a check can
/// produce have a severity: with several providers the most severe wins.
struct ExitStatusRow {
  ExitCode code;
  std::string_view shown;    ///< "126" (a line may speak of a neighbour too: "...; 127 ...")
  std::string_view meaning;
  int severity = 0;          ///< 0: never weighed (ok, or a code that ends keyguard on its own)
};

/// The exit-status table, in numeric order.
std::span<const ExitStatusRow> exit_status_rows();

std::string_view outcome_name(Outcome outcome);
std::string_view verdict_name(Verdict verdict);
std::string_view phase_name(Phase phase);

/// Whether the provider could not say yes or no (transport trouble, 5xx, nonsense).
bool is_indeterminate(Outcome outcome);
Verdict verdict_of(Outcome outcome, bool strict);
/// The exit code one outcome asks for; ok for pass and warn.
ExitCode exit_code_of(Outcome outcome, bool strict);
/// Orders exit codes by severity: 64, 66, 78, 77, 69, 0. Returns the more severe.
ExitCode more_severe(ExitCode a, ExitCode b);

}  // namespace keyguard
