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

}  // namespace keyguard
