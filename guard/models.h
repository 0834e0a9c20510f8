// The model checks (docs/models.md): where a model is asked about, and the ids close
// to one that is not there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers.h"

namespace keyguard {

/// The id as PROVIDER's routes and lists write it: without the row's id prefix ("models/").
std::string_view model_id(const Provider& provider, std::string_view model);

/// Whether ID names an inference profile rather than a foundation model (Bedrock): an ARN of an
/// inference profile (an application inference profile included), or an id led by one of the
/// row's geographies and then a model provider's id (`us.anthropic.claude-…`, `global.…`).
bool is_inference_profile(const ModelCheck& check, std::string_view id);

/// The request target of PROVIDER's model route (or list) under BASE_PATH, the id
/// percent-encoded (a `/`, `:`, `?`, `#`, `%` or space included): it stays one path segment.
std::string model_target(const Provider& provider, std::string_view base_path, std::string_view model);

/// How many --model entries one run takes, and how long a model id may be (docs/models.md):
/// more is a usage error.
inline constexpr std::size_t kMostModelEntries = 64;
inline constexpr std::size_t kLongestModelId = 256;

/// Whether ID, percent-decoded once as a server reads a path segment, is empty, "." or "..":
/// a step through the path (a normalising front takes /models/.. for the API's root), not a
/// name. No encoding keeps such a segment a name, so such an id is refused.
bool is_dot_segment(std::string_view id);

/// How many models of one run get "did you mean" suggestions (docs/models.md).
inline constexpr std::size_t kMostSuggestedModels = 8;

}  // namespace keyguard
