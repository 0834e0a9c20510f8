// The environment snapshot every stage reads.
#include "environment.h"

#include <unistd.h>

#include <algorithm>

namespace keyguard {

namespace {

std::string_view name_of(std::string_view entry) { return entry.substr(0, entry.find('=')); }

}  // namespace

Environment Environment::from_process() {
  std::vector<std::string_view> entries;
  for (char** entry = environ; entry && *entry; ++entry) entries.emplace_back(*entry);
  return Environment(std::move(entries));
}

Environment Environment::with_env_file(const std::vector<SecretBuffer>& added) const {
  Environment combined = *this;
  combined.from_files_ = entries_.size();
  for (const SecretBuffer& entry : added) combined.entries_.push_back(entry.view());
  return combined;
}

bool Environment::from_env_file(std::string_view name) const {
  for (std::size_t i = from_files_; i < entries_.size(); ++i) {
    std::string_view entry = entries_[i];
    if (entry.size() > name.size() && entry[name.size()] == '=' && entry.substr(0, name.size()) == name) return true;
  }
  return false;
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

std::vector<std::size_t> Environment::first_entries() const {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].find('=') != std::string_view::npos) order.push_back(i);
  // Within one name the entries stay in environment order, the first one first.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    std::string_view x = name_of(entries_[a]), y = name_of(entries_[b]);
    return x < y || (x == y && a < b);
  });
  std::vector<std::size_t> first(entries_.size(), std::string_view::npos);
  for (std::size_t k = 0; k < order.size(); ++k) {
    bool same = k > 0 && name_of(entries_[order[k]]) == name_of(entries_[order[k - 1]]);
    first[order[k]] = same ? first[order[k - 1]] : order[k];
  }
  return first;
}

std::vector<bool> Environment::later_copies() const {
  std::vector<std::size_t> first = first_entries();
  std::vector<bool> later(entries_.size(), false);
  for (std::size_t i = 0; i < entries_.size(); ++i) later[i] = first[i] != std::string_view::npos && first[i] != i;
  return later;
}

std::vector<DuplicateName> Environment::duplicates() const {
  std::vector<std::size_t> first = first_entries();
  std::vector<std::size_t> copies(entries_.size(), 0);  // by first entry
  std::vector<bool> later_set(entries_.size(), false);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (first[i] == std::string_view::npos) continue;
    copies[first[i]] += 1;
    if (first[i] != i) later_set[first[i]] = later_set[first[i]] || entries_[i].size() > name_of(entries_[i]).size() + 1;
  }
  std::vector<DuplicateName> found;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (copies[i] < 2) continue;
    std::string_view name = name_of(entries_[i]);
    found.push_back({name, copies[i], entries_[i].size() == name.size() + 1, later_set[i]});
  }
  return found;
}

}  // namespace keyguard
