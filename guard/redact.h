// Showing a key without showing it (CONTRACT §7).
#pragma once

#include <string>
#include <string_view>

namespace keyguard {

/// The first 8 and last 4 characters around "…", fewer for short keys: never more than a
/// third of the key.
std::string redact_key(std::string_view key);

/// "sha256:" and the first 8 hex digits of the key's SHA-256.
std::string fingerprint(std::string_view key);

/// TEXT with every run of at least MIN_RUN characters that also occurs in KEY replaced by
/// "[redacted]" (the whole key when it is shorter than MIN_RUN). Nothing else changes.
std::string redact_runs(std::string_view text, std::string_view key, std::size_t min_run);

/// Text a server sent, made safe for a one-line report: every run of 8 or more characters
/// of KEY is replaced by "[redacted]", control characters become spaces, and the result is
/// cut to at most MAX_LENGTH bytes.
std::string scrub_server_text(std::string_view text, std::string_view key, std::size_t max_length = 300);

}  // namespace keyguard
