// One authenticated request per provider, all at once, under one deadline: the probe, and
// the requests that follow it on its connection (the model checks).
#pragma once

#include <vector>

#include "deadline.h"
#include "request.h"

namespace keyguard {

/// Runs every request at the same time and returns one result per request, in order, by
/// the deadline (plus the time to notice it).
std::vector<ProbeResult> run_probes(const std::vector<ProbeRequest>& requests, const NetworkConfig& network,
                                    const Deadline& deadline);

/// One probe: opens a connection for REQUEST, sends it, then its follow-ups. Never blocks past
/// DEADLINE (DNS included). TRUST is the loaded roots (unused for http://).
ProbeResult exchange(const ProbeRequest& request, const NetworkConfig& network, const TrustStore& trust,
                     const Deadline& deadline);

}  // namespace keyguard
