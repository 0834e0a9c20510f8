// One provider on its way through the pipeline: what the stages of check.cpp fill in, and the
// conclusions (conclude.cpp) read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "custom_headers.h"
#include "failure.h"
#include "findings.h"
#include "key_sources.h"
#include "keys.h"
#include "request.h"

namespace keyguard {

/// Where the base URL came from: the variable, and the value a template was filled with.
struct BaseChoice {
  std::string url;
  std::string_view var;       ///< the source variable; empty for the default
  std::string filled;         ///< the value put into the template, lower case; empty for a plain URL
};

/// One provider on its way through the pipeline.
struct Candidate {
  ProviderReport report;
  LoadedKey loaded;
  CleanedKey cleaned;
  bool probe = false;
  BaseChoice base;
  std::vector<std::string> models;  ///< the --model ids of this provider, in order
  ProbeRequest request;
  std::vector<CustomHeader> custom_headers;  ///< the gateway headers the request carries (secrets)
  ExitCode exit = ExitCode::ok;     ///< a failure's own exit code (Failure::exit)
  bool skipped = false;             ///< the operator skipped it (--skip): settled before any stage
};

/// Ends the candidate's check before any answer: the failure is its report's outcome, phase
/// and message.
inline void settle(Candidate* candidate, Failure failure) {
  ProviderReport& report = candidate->report;
  report.outcome = failure.outcome;
  report.phase = failure.phase;
  report.message = std::move(failure.message);
  candidate->exit = failure.exit;
  candidate->probe = false;
}


}  // namespace keyguard
