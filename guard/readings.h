// How the SDKs read the environment beyond what keyguard checks (docs/providers.md, "When SDKs
// read differently"): what keyguard infers is said as a warning, never a failure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "candidate.h"
#include "environment.h"
#include "providers.h"

namespace keyguard {

/// Warnings about PROVIDER's base sources once CHOSEN (a variable; empty for the default) is
/// used: another source set to another URL that some SDK reads instead, or, when the provider
/// has a default, a chosen source that only some SDKs read (the others call the default).
void note_base_sources(const Provider& provider, const Environment& env, std::string_view chosen,
                       std::vector<std::string>* warnings);

/// The row's notes whose variable holds one of their values.
void note_environment(const Provider& provider, const Environment& env, std::vector<std::string>* warnings);

/// The caveat of the key's family, when it has one.
void note_key_family(const Provider& provider, std::string_view key, std::vector<std::string>* warnings);

/// Every key or base URL variable of any provider that is set but empty, with what the SDKs
/// make of it; left out: names set twice (warned about already) and a key variable the
/// child gets from its _FILE twin.
std::vector<std::string> empty_variable_warnings(const Environment& env, const std::vector<Candidate>& candidates);

/// Adds to the candidate's request the gateway headers of its provider's header variables,
/// then of KEYGUARD_<PROVIDER>_HEADERS (docs/providers.md, "Gateway headers"); a line no
/// request could carry in keyguard's own variable is a failure.
std::optional<Failure> add_custom_headers(const Environment& env, Candidate* candidate);

/// PROVIDER's other credentials (a cloud's chain) that are set and not empty.
std::vector<std::string> other_credentials_set(const Provider& provider, const Environment& env);

}  // namespace keyguard
