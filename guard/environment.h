// A read-only snapshot of the process environment: every stage reads this, never getenv.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keyguard {

/// The environment as `NAME=value` entries, in order, byte for byte. The entries are views:
/// over `environ` in the real program, over strings the caller owns in tests.
class Environment {
 public:
  Environment() = default;
  explicit Environment(std::vector<std::string_view> entries) : entries_(std::move(entries)) {}
  /// Views the process environment (`environ`).
  static Environment from_process();

  /// The value of NAME, or nullopt when NAME is not set. The first entry wins, as getenv.
  std::optional<std::string_view> get(std::string_view name) const;
  /// The value of NAME when set and not empty.
  std::optional<std::string_view> get_nonempty(std::string_view name) const;
  const std::vector<std::string_view>& entries() const { return entries_; }

 private:
  std::vector<std::string_view> entries_;
};

}  // namespace keyguard
