// "Did you mean": names close to a mistyped one (an option, a provider, a model id), with work
// bounded however long the names and the list (docs/models.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keyguard {

/// The bounds of "did you mean" (docs/models.md): the work is at most
/// kMostCandidates * kLongestComparedId * (2 * kMostEdits + 1) steps per model.
inline constexpr std::size_t kMostEdits = 8;             ///< a typo is a few edits, however long the id
inline constexpr std::size_t kLongestComparedId = 128;   ///< a longer id gets and gives no suggestion
inline constexpr std::size_t kMostCandidates = 1000;     ///< ids of a list looked at, from its start

/// Up to MOST ids of IDS close to MODEL, closest first: a small edit distance (a third of
/// MODEL's length, at least 2, at most kMostEdits), or one holding the other. Empty when none
/// is close, and for a MODEL longer than kLongestComparedId; only the first kMostCandidates
/// ids of IDS are looked at, and only those at most kLongestComparedId long.
std::vector<std::string> close_ids(std::string_view model, const std::vector<std::string>& ids, std::size_t most = 3);

}  // namespace keyguard
