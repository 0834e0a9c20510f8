// Model targets and "did you mean": pure functions of the row and the ids a provider listed.
#include "models.h"

#include <algorithm>

#include "url.h"

namespace keyguard {

std::string_view model_id(const Provider& provider, std::string_view model) {
  std::string_view prefix = provider.models.id_prefix;
  if (!prefix.empty() && model.size() > prefix.size() && model.substr(0, prefix.size()) == prefix)
    model.remove_prefix(prefix.size());
  return model;
}

bool is_inference_profile(const ModelCheck& check, std::string_view id) {
  if (id.starts_with("arn:"))
    return id.find(":inference-profile/") != std::string_view::npos ||
           id.find(":application-inference-profile/") != std::string_view::npos;
  std::size_t dot = id.find('.');
  if (dot == std::string_view::npos || id.find('.', dot + 1) == std::string_view::npos) return false;
  std::string_view lead = id.substr(0, dot);
  return std::find(check.profile_prefixes.begin(), check.profile_prefixes.end(), lead) != check.profile_prefixes.end();
}

std::string model_target(const Provider& provider, std::string_view base_path, std::string_view model) {
  std::string_view path = provider.models.path;
  if (!provider.models.profile_path.empty() && is_inference_profile(provider.models, model))
    path = provider.models.profile_path;
  std::string route;
  std::size_t hole = path.find("{id}");
  if (hole == std::string_view::npos) route = std::string(path);
  else route = std::string(path.substr(0, hole)) + percent_encode(model_id(provider, model)) + std::string(path.substr(hole + 4));
  return join_path(base_path, route);
}

bool is_dot_segment(std::string_view id) {
  SecretBuffer decoded = percent_decode(id);
  std::string_view segment = decoded.view();
  return segment.empty() || segment == "." || segment == "..";
}

}  // namespace keyguard
