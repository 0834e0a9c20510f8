// Showing a key without showing it, and making any other echoed text safe (docs/report.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keyguard {

/// The first 8 and last 4 characters around "…", fewer for short keys: never more than a
/// third of the key. Only for a key that passed the text checks (printable ASCII).
std::string redact_key(std::string_view key);

/// "sha256:" and the first 8 hex digits of the key's SHA-256.
std::string fingerprint(std::string_view key);

/// TEXT with every run of at least MIN_RUN bytes that also occurs in KEY replaced by
/// "[redacted]" (the whole key when it is shorter than MIN_RUN; a MIN_RUN above 16 counts as
/// 16, which redacts more, never less). Nothing else changes. O((n + k) log k).
std::string redact_runs(std::string_view text, std::string_view key, std::size_t min_run);

/// As redact_runs for each of SECRETS at once: every byte of TEXT in a run of any of them is
/// replaced, so that no piece of one survives beside where another was cut out.
std::string redact_each(std::string_view text, const std::vector<std::string_view>& secrets, std::size_t min_run);

/// Keys' runs, sorted once, for redacting many texts against them in one pass each
/// (redact_runs, without sorting a key again for each text, nor passing over a text once per
/// key). Holds pieces of the keys: wiped when it dies.
class KeyRuns {
 public:
  KeyRuns(std::string_view key, std::size_t min_run);
  /// Every key of KEYS at least MIN_RUN long (a shorter one is skipped).
  KeyRuns(const std::vector<std::string_view>& keys, std::size_t min_run);
  ~KeyRuns();
  KeyRuns(KeyRuns&& other) noexcept = default;
  KeyRuns& operator=(KeyRuns&&) = delete;
  KeyRuns(const KeyRuns&) = delete;
  KeyRuns& operator=(const KeyRuns&) = delete;

  /// As redact_runs(TEXT, key, min_run), for every key at once.
  std::string redact(std::string_view text) const;
  /// Marks every byte of TEXT that lies in a run of the key.
  std::vector<bool> runs_in(std::string_view text) const;

 private:
  std::vector<std::array<std::uint64_t, 2>> grams_;  ///< the key's m-grams, sorted
  std::size_t m_ = 1;
};

/// Text a server sent, made safe for a one-line report: every run of 8 or more characters
/// of KEY is replaced by "[redacted]", control characters become spaces, bytes that are not
/// UTF-8 become '?', and the result is cut to at most MAX_LENGTH bytes on a character boundary.
std::string scrub_server_text(std::string_view text, std::string_view key, std::size_t max_length = 300);
/// The same for several secrets at once (a key and the gateway headers sent with it); those
/// shorter than 8 characters are left out, since they cannot be told from ordinary words.
std::string scrub_server_text(std::string_view text, const std::vector<std::string_view>& secrets,
                              std::size_t max_length = 300);

/// The one way a name (a path, a command, a host, a proxy's status line) enters a message:
/// valid UTF-8 without control or bidirectional-override characters (those bytes show as
/// \xNN), cut to at most MAX_BYTES on a character boundary with "…" when cut.
std::string printable(std::string_view text, std::size_t max_bytes = 160);

/// The one way a value the user typed (an option's argument) enters a message: 'VALUE' when
/// it is short, printable ASCII and not shaped like a key; otherwise only its length.
std::string shown_value(std::string_view value);

/// The length of the longest prefix of TEXT, at most MAX_BYTES, that ends on a UTF-8
/// character boundary.
std::size_t utf8_cut(std::string_view text, std::size_t max_bytes);

}  // namespace keyguard
