// Redaction: the key's outline for reports, its fingerprint, and scrubbing of server text.
#include "redact.h"

#include "secret.h"

#include <mbedtls/sha256.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace keyguard {

std::string redact_key(std::string_view key) {
  // Show at most a third of the key: 8 leading and 4 trailing characters for real keys.
  std::size_t budget = key.size() / 3;
  std::size_t head = 8, tail = 4;
  if (budget < head + tail) {
    head = (budget * 2 + 2) / 3;
    if (head > budget) head = budget;
    tail = budget - head;
  }
  std::string shown(key.substr(0, head));
  shown += "\xE2\x80\xA6";  // …
  shown += key.substr(key.size() - tail);
  return shown;
}

std::string fingerprint(std::string_view key) {
  unsigned char digest[32];
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (int i = 0; i < 4; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

namespace {

/// Marks every byte of TEXT that lies in a run of at least MIN_RUN bytes also found in KEY
/// (longest common substrings, one row of the table at a time).
std::vector<bool> key_runs(std::string_view text, std::string_view key, std::size_t min_run) {
  std::vector<bool> secret(text.size(), false);
  if (key.empty()) return secret;
  std::size_t threshold = key.size() < min_run ? key.size() : min_run;
  // A run of 8 or more holds one of the key's 8-byte grams: when the text holds none (the
  // usual case), the quadratic table below is not needed.
  if (threshold >= 8) {
    if (text.size() < 8) return secret;
    std::vector<std::uint64_t> grams(key.size() - 7);
    for (std::size_t i = 0; i < grams.size(); ++i) std::memcpy(&grams[i], key.data() + i, 8);
    std::sort(grams.begin(), grams.end());
    bool any = false;
    for (std::size_t i = 0; i + 8 <= text.size() && !any; ++i) {
      std::uint64_t gram;
      std::memcpy(&gram, text.data() + i, 8);
      any = std::binary_search(grams.begin(), grams.end(), gram);
    }
    wipe(grams.data(), grams.size() * sizeof grams[0]);  // enough to rebuild the key
    if (!any) return secret;
  }
  std::vector<unsigned> previous(key.size() + 1, 0), current(key.size() + 1, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned longest = 0;
    for (std::size_t j = 0; j < key.size(); ++j) {
      current[j + 1] = text[i] == key[j] ? previous[j] + 1 : 0;
      if (current[j + 1] > longest) longest = current[j + 1];
    }
    if (longest >= threshold)
      for (std::size_t k = i + 1 - longest; k <= i; ++k) secret[k] = true;
    previous.swap(current);
  }
  return secret;
}

}  // namespace

std::string redact_runs(std::string_view text, std::string_view key, std::size_t min_run) {
  std::vector<bool> secret = key_runs(text, key, min_run);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!secret[i]) {
      out += text[i];
      continue;
    }
    out += "[redacted]";
    while (i + 1 < text.size() && secret[i + 1]) ++i;
  }
  return out;
}

std::string scrub_server_text(std::string_view text, std::string_view key, std::size_t max_length) {
  // Only the start can be shown; a key cut at the end leaves fewer than 8 of its characters.
  text = text.substr(0, max_length + key.size());
  std::vector<bool> secret = key_runs(text, key, 8);
  std::string out;
  out.reserve(text.size() < max_length ? text.size() : max_length);
  for (std::size_t i = 0; i < text.size() && out.size() < max_length; ++i) {
    if (secret[i]) {
      out += "[redacted]";
      while (i + 1 < text.size() && secret[i + 1]) ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) out += ' ';
    else if (c >= 0x80) out += '?';
    else out += static_cast<char>(c);
  }
  if (out.size() > max_length) out.resize(max_length);
  // Collapse the blanks that newlines and tabs left, and trim.
  std::string tidy;
  tidy.reserve(out.size());
  for (char c : out) {
    if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy += c;
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  return tidy;
}

}  // namespace keyguard
