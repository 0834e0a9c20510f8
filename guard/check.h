// The pipeline: select providers, load and clean keys, probe, classify (docs/providers.md to docs/report.md).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "environment.h"
#include "failure.h"
#include "findings.h"
#include "options.h"
#include "outcome.h"
#include "probe.h"
#include "providers.h"
#include "redact.h"
#include "secret.h"

namespace keyguard {

/// The network seam: the real run_probes, or a stand-in in tests.
using ProbeRunner = std::function<std::vector<ProbeResult>(const std::vector<ProbeRequest>&, const NetworkConfig&,
                                                           const Deadline&)>;

/// What follows the checks when every one passed or only warned, before the report is written:
/// looking up the command and writing --env-out, which are main's since they touch the process.
/// Returns the failure that stops the start (its exit code in Failure::exit), or nothing.
using AfterChecks = std::function<std::optional<Failure>(const CheckResult&)>;

/// Runs every check the options ask for, then AFTER. The deadline starts when this is called.
/// The exit code is decided here and nowhere else.
CheckResult run_checks(const Options& options, const Environment& env, const ProbeRunner& probe,
                       const AfterChecks& after = {});

}  // namespace keyguard
