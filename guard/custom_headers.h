// Extra headers the app's SDK sends from the environment (OPENAI_CUSTOM_HEADERS and its kin;
// keyguard's own KEYGUARD_<PROVIDER>_HEADERS): a gateway's key travels in them, so their
// values are secrets (docs/providers.md, "Gateway headers").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "failure.h"
#include "secret.h"

namespace keyguard {

/// How much one variable may hold, and how many headers: far beyond any gateway's needs.
inline constexpr std::size_t kMaxCustomHeaderBytes = 8 * 1024;
inline constexpr std::size_t kMostCustomHeaders = 32;

struct CustomHeader {
  std::string name;  ///< as written, trimmed
  Secret value;      ///< trimmed
  std::string var;   ///< the variable it came from
};

/// Reads VAR's TEXT as the SDKs do: one `Name: value` per line (`\n`), split at the first
/// colon, both sides trimmed of blanks; a line without a colon is skipped (said in
/// *WARNINGS, by line number); a name given again replaces the earlier one, case aside.
/// A name that is no HTTP token, a value with a control character other than a tab, more than
/// the limits: when STRICT (a variable only keyguard reads), a failure naming the variable and
/// the line, never a value; else (an SDK's variable, which other SDKs ignore) a warning, and the
/// line (or, past the limits, the variable) is skipped. Appends to *HEADERS.
std::optional<Failure> parse_custom_headers(std::string_view var, std::string_view text, bool strict,
                                            std::vector<CustomHeader>* headers, std::vector<std::string>* warnings);

/// Whether NAME is one keyguard never takes from the environment: Host (the URL decides,
/// as the SDKs' fetch does) and the headers of the connection itself (Connection,
/// Keep-Alive, Transfer-Encoding, TE, Upgrade, Content-Length, Proxy-*, Accept-Encoding).
bool is_managed_header(std::string_view name);

}  // namespace keyguard
