// Stage 2 of the pipeline: keys, endpoints and requests, without the network.
#pragma once

#include <vector>

#include "candidate.h"
#include "environment.h"
#include "options.h"

namespace keyguard {

/// Loads, cleans and checks every candidate's key, then finds its endpoint and builds its
/// request. Every key first, so that no endpoint's host holds any key of the run. A candidate
/// that fails is settled; one left with probe set is ready to be asked; --offline skips it.
void prepare_keys(const Options& options, const Environment& env, std::vector<Candidate>& candidates);

}  // namespace keyguard
