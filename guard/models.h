// The model checks (README "Model checks"): where a model is asked about, and the ids close
// to one that is not there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "providers.h"

namespace keyguard {

/// The id as PROVIDER's routes and lists write it: without the row's id prefix ("models/").
std::string_view model_id(const Provider& provider, std::string_view model);

/// The request target of PROVIDER's model route (or list) under BASE_PATH, the id
/// percent-encoded (a `/`, `:`, `?`, `#`, `%` or space included): it stays one path segment.
std::string model_target(const Provider& provider, std::string_view base_path, std::string_view model);

/// Whether ID, percent-decoded once as a server reads a path segment, is empty, "." or "..":
/// a step through the path (a normalising front takes /models/.. for the API's root), not a
/// name. No encoding keeps such a segment a name, so such an id is refused.
bool is_dot_segment(std::string_view id);

/// Up to MOST ids of IDS close to MODEL, closest first: a small edit distance, or one holding
/// the other. Empty when none is close.
std::vector<std::string> close_ids(std::string_view model, const std::vector<std::string>& ids, std::size_t most = 3);

}  // namespace keyguard
