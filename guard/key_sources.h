// Where a key comes from: its variable, its _FILE twin, or a systemd credential (docs/keys.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "environment.h"
#include "failure.h"
#include "providers.h"
#include "secret.h"

namespace keyguard {

/// Far longer than any API key (Bedrock's short-term keys, the longest, are under 2 KiB):
/// a value beyond this is refused before any work, so nothing scales with it.
inline constexpr std::size_t kMaxKeyBytes = 8 * 1024;

/// Where a key came from and what it became.
struct LoadedKey {
  bool configured = false;    ///< VAR or VAR_FILE is set (even empty)
  std::string var;            ///< the variable the key is exported as: OPENAI_API_KEY
  const KeyVar* from = nullptr;  ///< the provider's row for VAR: how the key travels
  std::string source;         ///< the variable it was read from: OPENAI_API_KEY or OPENAI_API_KEY_FILE
  bool from_file = false;
  bool from_env_file = false;  ///< VAR was read from an --env-file, not the process environment
  std::string file_path;
  Secret raw;                 ///< the value as read (the file's bytes, or the variable's value)
  std::optional<Failure> failure;  ///< why loading failed, naming the variable or path
};

/// Whether VAR, VAR_FILE, or a systemd credential named VAR in $CREDENTIALS_DIRECTORY is set.
bool key_is_set(const KeyVar& var, const Environment& env);

/// Finds the provider's key in the environment: the first key variable (or its `_FILE`
/// twin, or a systemd credential of its name) that is set, in the row's order. A value or file over 8 KiB is refused (78) as not a key.
LoadedKey load_key(const Provider& provider, const Environment& env);

}  // namespace keyguard
