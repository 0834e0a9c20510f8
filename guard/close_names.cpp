// "Did you mean": names close to a mistyped one, for option typos and model ids, with bounded work.
#include "close_names.h"

#include <algorithm>
#include <utility>

namespace keyguard {

namespace {

/// Levenshtein distance, giving up (returning LIMIT + 1) once it exceeds LIMIT. Only the band
/// of cells within LIMIT of the diagonal is computed (a path through any other cell has more
/// than LIMIT edits), and a row whose every cell exceeds LIMIT ends the count: at most
/// (2 * LIMIT + 1) steps per character of the longer id.
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  const std::size_t over = limit + 1;
  if (b.size() - a.size() > limit) return over;
  // row[i]: the distance of a's first i characters to b's first j; cells outside the band
  // hold OVER.
  std::vector<std::size_t> row(a.size() + 1);
  for (std::size_t i = 0; i <= a.size(); ++i) row[i] = std::min(i, over);
  for (std::size_t j = 1; j <= b.size(); ++j) {
    std::size_t from = j > limit ? j - limit : 1;
    std::size_t to = std::min(a.size(), j + limit);
    std::size_t diagonal = row[from - 1];
    row[from - 1] = from == 1 ? std::min(j, over) : over;
    std::size_t best = row[from - 1];
    for (std::size_t i = from; i <= to; ++i) {
      std::size_t above = row[i];
      std::size_t cell = diagonal + (a[i - 1] != b[j - 1]);
      if (above + 1 < cell) cell = above + 1;
      if (row[i - 1] + 1 < cell) cell = row[i - 1] + 1;
      if (cell > over) cell = over;
      row[i] = cell;
      diagonal = above;
      if (cell < best) best = cell;
    }
    if (best > limit) return over;
  }
  return row[a.size()];
}

}  // namespace

std::vector<std::string> close_ids(std::string_view model, const std::vector<std::string>& ids, std::size_t most) {
  if (model.size() > kLongestComparedId) return {};
  // A typo is a few edits; a third of the id's length bounds what still reads as the same id.
  std::size_t limit = std::min(kMostEdits, std::max<std::size_t>(2, model.size() / 3));
  // (distance, place in the list): the provider's order breaks ties.
  std::vector<std::pair<std::size_t, std::size_t>> scored;
  for (std::size_t i = 0; i < ids.size() && i < kMostCandidates; ++i) {
    const std::string& id = ids[i];
    if (id == model || id.size() > kLongestComparedId) continue;
    std::size_t d = distance(model, id, limit);
    bool holds = model.size() >= 4 && (id.find(model) != std::string::npos || model.find(id) != std::string_view::npos);
    if (d <= limit || holds) scored.emplace_back(holds ? std::min(d, limit) : d, i);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [score, at] : scored) {
    if (out.size() == most) break;
    if (std::find(out.begin(), out.end(), ids[at]) == out.end()) out.push_back(ids[at]);
  }
  return out;
}

}  // namespace keyguard
