// A read-only snapshot of the process environment: every stage reads this, never getenv.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "secret.h"

namespace keyguard {

/// A name the environment sets more than once (a raw execve can pass that; a shell cannot).
struct DuplicateName {
  std::string_view name;
  std::size_t copies = 0;
  bool first_empty = false;  ///< the first copy, the one getenv and keyguard read, is empty
  bool later_set = false;    ///< a later copy, never read, is not empty
};

/// The environment as `NAME=value` entries, in order, byte for byte. The entries are views:
/// over `environ` in the real program, over strings the caller owns in tests.
class Environment {
 public:
  Environment() = default;
  explicit Environment(std::vector<std::string_view> entries) : entries_(std::move(entries)) {}
  /// Views the process environment (`environ`).
  static Environment from_process();
  /// This environment with ADDED after its own entries: the variables of --env-file files
  /// that it does not set (env_file_entries). The caller keeps ADDED alive.
  Environment with_env_file(const std::vector<SecretBuffer>& added) const;
  /// Whether NAME's value comes from an --env-file, not from the process.
  bool from_env_file(std::string_view name) const;

  /// The value of NAME, or nullopt when NAME is not set. The first entry wins, as getenv.
  std::optional<std::string_view> get(std::string_view name) const;
  /// The value of NAME when set and not empty.
  std::optional<std::string_view> get_nonempty(std::string_view name) const;
  const std::vector<std::string_view>& entries() const { return entries_; }

  /// For each entry, whether an earlier entry sets the same name: the copies that getenv (and
  /// CPython's os.environ) never read. An entry without '=' names nothing and is never one.
  std::vector<bool> later_copies() const;
  /// Every name set more than once, in the order of their first entries.
  std::vector<DuplicateName> duplicates() const;

 private:
  /// For each entry, the index of the first entry with its name; npos without '='.
  /// O(n log n): a raw execve may pass a hundred thousand entries.
  std::vector<std::size_t> first_entries() const;

  std::vector<std::string_view> entries_;
  std::size_t from_files_ = std::string_view::npos;  ///< the first entry an --env-file added
};

/// A variable the child gets that differs from keyguard's own environment.
struct ExportedVar {
  std::string name;
  Secret value;
};

}  // namespace keyguard
