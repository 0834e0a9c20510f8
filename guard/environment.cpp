// The environment snapshot every stage reads.
#include "environment.h"

#include <unistd.h>

namespace keyguard {

Environment Environment::from_process() {
  std::vector<std::string_view> entries;
  for (char** entry = environ; entry && *entry; ++entry) entries.emplace_back(*entry);
  return Environment(std::move(entries));
}

std::optional<std::string_view> Environment::get(std::string_view name) const {
  for (std::string_view entry : entries_) {
    if (entry.size() > name.size() && entry[name.size()] == '=' && entry.substr(0, name.size()) == name)
      return entry.substr(name.size() + 1);
  }
  return std::nullopt;
}

std::optional<std::string_view> Environment::get_nonempty(std::string_view name) const {
  auto value = get(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace keyguard
