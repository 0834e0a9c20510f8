// Redaction: no output ever holds 12 characters of a key in a row (CONTRACT §7).
#include "redact.h"

#include <gtest/gtest.h>

namespace keyguard {
namespace {

/// Whether TEXT holds RUN consecutive characters of KEY.
bool holds_run_of(const std::string& text, const std::string& key, std::size_t run) {
  if (key.size() < run) return text.find(key) != std::string::npos;
  for (std::size_t i = 0; i + run <= key.size(); ++i)
    if (text.find(key.substr(i, run)) != std::string::npos) return true;
  return false;
}

std::string random_key(std::size_t length, unsigned seed) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string key;
  for (std::size_t i = 0; i < length; ++i) {
    seed = seed * 1103515245 + 12345;
    key += kAlphabet[(seed >> 16) % 64];
  }
  return key;
}

TEST(Redact, ShowsEightAndFourOfALongKey) {
  EXPECT_EQ(redact_key("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789Wxyz"), "sk-proj-\xE2\x80\xA6Wxyz");
}

TEST(Redact, NeverShowsMoreThanAThirdOfAnyKey) {
  struct Case {
    std::size_t length;
    std::size_t shown;
  } cases[] = {{0, 0}, {1, 0}, {2, 0}, {3, 1}, {6, 2}, {9, 3}, {12, 4}, {20, 6}, {35, 11}, {36, 12}, {51, 12}, {164, 12}};
  for (const Case& c : cases) {
    std::string key(c.length, 'k');
    std::string shown = redact_key(key);
    std::size_t visible = shown.size() - 3;  // the ellipsis is three bytes
    EXPECT_EQ(visible, c.shown) << c.length;
    EXPECT_LE(visible * 3, c.length) << c.length;
  }
}

TEST(Redact, LeavesNoTwelveCharacterRunOfShortOrLongKeys) {
  for (std::size_t length : {1u, 5u, 11u, 12u, 13u, 20u, 36u, 39u, 51u, 108u, 164u, 300u}) {
    std::string key = random_key(length, static_cast<unsigned>(length));
    std::string shown = redact_key(key) + " " + fingerprint(key);
    EXPECT_FALSE(holds_run_of(shown, key, 12)) << length << ": " << shown;
  }
}

TEST(Redact, FingerprintsWithTheFirstEightHexDigitsOfSha256) {
  // sha256("abc") = ba7816bf8f01cfea...
  EXPECT_EQ(fingerprint("abc"), "sha256:ba7816bf");
}

TEST(Redact, ScrubsAKeyThatAServerEchoes) {
  std::string key = "sk-proj-" + random_key(156, 7);
  struct Case {
    std::string text;
    std::string expected;
  } cases[] = {
      {"Incorrect API key provided: " + key + ". You can find your API key at https://x.",
       "Incorrect API key provided: [redacted]. You can find your API key at https://x."},
      {"key " + key.substr(40, 30) + " is wrong", "key [redacted] is wrong"},
      {"key " + key.substr(0, 8) + "****" + key.substr(key.size() - 4), "key [redacted]****" + key.substr(key.size() - 4)},
      {"no key here", "no key here"},
      {"line\nbreak\ttab\x1b[31m", "line break tab [31m"},
      {"caf\xC3\xA9", "caf??"},
  };
  for (const Case& c : cases) {
    std::string scrubbed = scrub_server_text(c.text, key);
    EXPECT_EQ(scrubbed, c.expected);
    EXPECT_FALSE(holds_run_of(scrubbed, key, 12));
  }
}

TEST(Redact, ScrubsAShortKeyWhole) {
  EXPECT_EQ(scrub_server_text("bad key abc12 given", "abc12"), "bad key [redacted] given");
}

TEST(Redact, CutsServerTextToTheLimit) {
  EXPECT_EQ(scrub_server_text(std::string(1000, 'a'), "", 300).size(), 300u);
}

}  // namespace
}  // namespace keyguard
