// Conclusions: what an answer, or its absence, means for a key and for each of its models, in
// an outcome and a one-line message with its cause and fix (docs/report.md, docs/models.md).
#pragma once

#include <cstddef>
#include <string>

#include "candidate.h"
#include "deadline.h"
#include "redact.h"

namespace keyguard {

/// Replaces TEXT by a copy without any run of KEYS, wiping what it replaces.
void redact_in_place(std::string* text, const KeyRuns& keys);

/// What the candidate's key's own answer (RESULT) means: its outcome and message in its report.
/// Server text is scrubbed of the candidate's key and of every key of the run (KEYS).
void conclude_key(Candidate* candidate, const ProbeResult& result, const NetworkConfig& network, int timeout_ms,
                  const KeyRuns& keys);

/// What "did you mean" may still spend: it runs after the probes, so it keeps to their
/// deadline, and to a number of models per run (docs/models.md).
struct SuggestionBudget {
  Deadline deadline;
  std::size_t models_left;
};

/// The candidate's models, once its key's outcome is known: one ModelReport each. RESULT is
/// null when nothing was asked (the key failed before its probe, or --offline).
void conclude_models(Candidate* candidate, const ProbeResult* result, const NetworkConfig& network, int timeout_ms,
                     bool offline, const KeyRuns& keys, SuggestionBudget* budget);

}  // namespace keyguard
