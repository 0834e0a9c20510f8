// The pipeline: select providers, load and clean keys, probe, classify (docs/providers.md to docs/report.md).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "environment.h"
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

/// Runs every check the options ask for. The deadline starts when this is called.
CheckResult run_checks(const Options& options, const Environment& env, const ProbeRunner& probe);

}  // namespace keyguard
