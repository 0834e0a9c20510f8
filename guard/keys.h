// Loading, cleaning and checking one provider's key (docs/keys.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "environment.h"
#include "failure.h"
#include "outcome.h"
#include "providers.h"
#include "secret.h"

namespace keyguard {

/// What cleaning did to a raw value: the clean key and one phrase per fix.
struct CleanedKey {
  Secret key;
  std::vector<std::string> fixes;  ///< "removed a trailing newline", ...
};

/// Applies the cleaning rules of docs/keys.md to RAW, read from variable VAR_NAME, until nothing
/// changes. FROM_FILE drops one trailing newline silently first.
CleanedKey clean_key(std::string_view raw, std::string_view var_name, bool from_file);

/// The errors that hold anywhere: empty, bad characters, placeholders, URLs (docs/keys.md).
/// The first one found, misconfigured, with one phrase that never shows the key: "is a
/// placeholder (changeme)"; the caller names the variable.
std::optional<Failure> check_key_text(std::string_view key);

/// The checks that hold only on the provider's official host: a key of another provider,
/// an admin key (failures, phrased as check_key_text's), and shape doubts (warnings,
/// appended to *warnings).
std::optional<Failure> check_key_shape(const Provider& provider, std::string_view key,
                                       std::vector<std::string>* warnings);

/// A key variable's name and a value it holds: as set, as cleaned, or as read from its file.
struct NamedKey {
  std::string_view var;
  std::string_view value;
};

/// The first of KEYS that HOST, a host name or a value filled into one, holds: the whole key
/// ("the value of VAR"), or a run of 12 of its characters ("part of the value of VAR"), with
/// case ignored, as DNS ignores it. Values under 12 characters are no key. Empty when HOST
/// holds none.
std::string key_held_in_host(std::string_view host, const std::vector<NamedKey>& keys);

/// The label of the key family that TEXT, or one of its dot-separated labels, has the look
/// of ("an Azure OpenAI key"), over every provider: a value shaped like that has no place in
/// a host name. Empty when none does.
std::string_view key_shape_in_host(std::string_view text);

/// Where a key came from and what it became.
struct LoadedKey {
  bool configured = false;    ///< VAR or VAR_FILE is set (even empty)
  std::string var;            ///< the variable the key is exported as: OPENAI_API_KEY
  const KeyVar* from = nullptr;  ///< the provider's row for VAR: how the key travels
  std::string source;         ///< the variable it was read from: OPENAI_API_KEY or OPENAI_API_KEY_FILE
  bool from_file = false;
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
