// Redaction: the key's outline, its fingerprint, scrubbing of server text, safe echoes.
#include "redact.h"

#include "crypto.h"

#include "providers.h"
#include "secret.h"


#include <algorithm>
#include <array>
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
  std::array<unsigned char, 32> digest = sha256(key);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (int i = 0; i < 4; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

namespace {

constexpr std::size_t kMaxRun = 16;
using Gram = std::array<std::uint64_t, 2>;

Gram gram_at(const char* bytes, std::size_t length) {
  Gram gram = {0, 0};
  std::memcpy(gram.data(), bytes, length);
  return gram;
}

}  // namespace

/// A common run of length L >= m is covered by its m-byte windows, each of which is one of
/// the key's m-grams, and any window equal to a key m-gram is such a run: so marking the
/// windows of TEXT found among the key's sorted m-grams marks exactly those bytes.
KeyRuns::KeyRuns(std::string_view key, std::size_t min_run) {
  if (key.empty()) return;
  m_ = std::max<std::size_t>(1, std::min({key.size(), min_run, kMaxRun}));
  grams_.resize(key.size() - m_ + 1);
  for (std::size_t i = 0; i < grams_.size(); ++i) grams_[i] = gram_at(key.data() + i, m_);
  std::sort(grams_.begin(), grams_.end());
}

KeyRuns::KeyRuns(const std::vector<std::string_view>& keys, std::size_t min_run) {
  m_ = std::max<std::size_t>(1, std::min(min_run, kMaxRun));
  std::size_t count = 0;
  for (std::string_view key : keys)
    if (key.size() >= min_run) count += key.size() - m_ + 1;
  grams_.resize(count);
  std::size_t at = 0;
  for (std::string_view key : keys) {
    if (key.size() < min_run) continue;
    for (std::size_t i = 0; i + m_ <= key.size(); ++i) grams_[at++] = gram_at(key.data() + i, m_);
  }
  std::sort(grams_.begin(), grams_.end());
}

KeyRuns::~KeyRuns() {
  if (!grams_.empty()) wipe(grams_.data(), grams_.size() * sizeof grams_[0]);  // enough to rebuild the key
}

std::vector<bool> KeyRuns::runs_in(std::string_view text) const {
  std::vector<bool> secret(text.size(), false);
  if (grams_.empty() || text.size() < m_) return secret;
  std::size_t covered_until = 0;
  for (std::size_t i = 0; i + m_ <= text.size(); ++i) {
    Gram window = gram_at(text.data() + i, m_);
    if (std::binary_search(grams_.begin(), grams_.end(), window)) covered_until = i + m_;
    if (i < covered_until) secret[i] = true;
    wipe(window.data(), sizeof window);
  }
  for (std::size_t i = text.size() - m_ + 1; i < text.size(); ++i) secret[i] = i < covered_until;
  return secret;
}

namespace {

/// Marks every byte of TEXT that lies in a run of at least MIN_RUN bytes also found in KEY.
std::vector<bool> key_runs(std::string_view text, std::string_view key, std::size_t min_run) {
  if (key.empty() || text.size() < std::min({key.size(), min_run, kMaxRun})) return std::vector<bool>(text.size(), false);
  return KeyRuns(key, min_run).runs_in(text);
}

/// The length of the UTF-8 character at the start of TEXT, or 0 when it is not one.
std::size_t utf8_length(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  auto continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
  unsigned char first = byte(0);
  if (first < 0x80) return 1;
  if (first >= 0xC2 && first <= 0xDF) return continuation(1) ? 2 : 0;
  if (first >= 0xE0 && first <= 0xEF) {
    if (!continuation(1) || !continuation(2)) return 0;
    if (first == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (first == 0xED && byte(1) > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (first >= 0xF0 && first <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
    if (first == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (first == 0xF4 && byte(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

/// Whether the character of LENGTH bytes at the start of TEXT is a control character (C0,
/// DEL, C1) or one that reorders what a terminal shows (U+202A-U+202E, U+2066-U+2069).
bool is_unsafe_character(std::string_view text, std::size_t length) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (length == 1) return byte(0) < 0x20 || byte(0) == 0x7f;
  if (length == 2) return byte(0) == 0xC2 && byte(1) < 0xA0;
  if (length == 3 && byte(0) == 0xE2) {
    if (byte(1) == 0x80) return byte(2) >= 0xAA && byte(2) <= 0xAE;
    if (byte(1) == 0x81) return byte(2) >= 0xA6 && byte(2) <= 0xA9;
  }
  return false;
}

}  // namespace

std::size_t utf8_cut(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t cut = max_bytes;
  // Back off over continuation bytes, to the start of the character that does not fit.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80 && max_bytes - cut < 3) --cut;
  return cut;
}

namespace {

std::string replace_runs(std::string_view text, const std::vector<bool>& secret) {
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

}  // namespace

std::string redact_runs(std::string_view text, std::string_view key, std::size_t min_run) {
  return replace_runs(text, key_runs(text, key, min_run));
}

std::string redact_each(std::string_view text, const std::vector<std::string_view>& secrets, std::size_t min_run) {
  std::vector<bool> secret(text.size(), false);
  for (std::string_view one : secrets) {
    std::vector<bool> runs = key_runs(text, one, min_run);
    for (std::size_t i = 0; i < text.size(); ++i) secret[i] = secret[i] || runs[i];
  }
  return replace_runs(text, secret);
}

std::string KeyRuns::redact(std::string_view text) const { return replace_runs(text, runs_in(text)); }

std::string scrub_server_text(std::string_view text, std::string_view key, std::size_t max_length) {
  return scrub_server_text(text, std::vector<std::string_view>{key}, max_length);
}

std::string scrub_server_text(std::string_view text, const std::vector<std::string_view>& secrets,
                              std::size_t max_length) {
  std::vector<std::string_view> keys;
  std::size_t longest = 0;
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    // The first is the key, read as ever; a short secret after it would only blank out words.
    if (secrets[i].empty() || (i > 0 && secrets[i].size() < 8)) continue;
    keys.push_back(secrets[i]);
    longest = std::max(longest, secrets[i].size());
  }
  // Only the start can be shown; a key cut at the end leaves fewer than 8 of its characters.
  text = text.substr(0, utf8_cut(text, max_length + longest));
  std::vector<bool> secret(text.size(), false);
  for (std::string_view key : keys) {
    std::vector<bool> runs = key_runs(text, key, 8);
    for (std::size_t i = 0; i < text.size(); ++i) secret[i] = secret[i] || runs[i];
  }
  std::string out;
  out.reserve(std::min(text.size(), max_length) + 16);
  bool blank = true;  // collapses runs of blanks and drops leading ones
  for (std::size_t i = 0; i < text.size() && out.size() < max_length;) {
    if (secret[i]) {
      out += "[redacted]";
      while (i < text.size() && secret[i]) ++i;
      blank = false;
      continue;
    }
    std::size_t length = utf8_length(text.substr(i));
    // A character cut off by the window above, or no character at all, shows as '?'.
    bool whole = length != 0;
    for (std::size_t k = 1; whole && k < length; ++k) whole = !secret[i + k];
    if (!whole) {
      out += '?';
      ++i;
      blank = false;
      continue;
    }
    if (is_unsafe_character(text.substr(i), length) || text[i] == ' ') {
      if (!blank) out += ' ';
      blank = true;
    } else {
      out.append(text.substr(i, length));
      blank = false;
    }
    i += length;
  }
  out.resize(utf8_cut(out, max_length));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string printable(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  bool cut = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = utf8_length(text.substr(i));
    std::string piece;
    if (length == 0 || is_unsafe_character(text.substr(i), length)) {
      std::size_t bytes = length ? length : 1;
      for (std::size_t k = 0; k < bytes; ++k) {
        auto c = static_cast<unsigned char>(text[i + k]);
        piece += "\\x";
        piece += kHex[c >> 4];
        piece += kHex[c & 15];
      }
      i += bytes;
    } else {
      piece = text.substr(i, length);
      i += length;
    }
    if (out.size() + piece.size() > max_bytes) {
      cut = true;
      break;
    }
    out += piece;
  }
  if (cut) {
    constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
    while (!out.empty() && out.size() + kEllipsis.size() > max_bytes) out.resize(utf8_cut(out, out.size() - 1));
    out += kEllipsis;
  }
  return out;
}

std::string shown_value(std::string_view value) {
  constexpr std::size_t kLongest = 24;
  bool plain = value.size() <= kLongest;
  for (char c : value) plain &= c >= 0x20 && c < 0x7f;
  if (plain && !find_key_owner(value).provider) return "'" + std::string(value) + "'";
  return "<" + std::to_string(value.size()) + (value.size() == 1 ? " byte" : " bytes") + ", not shown>";
}

}  // namespace keyguard
