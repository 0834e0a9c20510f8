// Redaction: no output ever holds 12 characters of a key in a row (docs/report.md).
#include "redact.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"

namespace keyguard {
namespace {

using keyguard::testing::holds_run_of;


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
      {"caf\xC3\xA9 \xE2\x80\xA6", "caf\xC3\xA9 \xE2\x80\xA6"},
      {"bad \xff\xfe bytes \xC3", "bad ?? bytes ?"},
      {"c1 \xC2\x9B[31m and bidi \xE2\x80\xAEtxt", "c1 [31m and bidi txt"},
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

TEST(Redact, CutsServerTextOnACharacterBoundary) {
  EXPECT_EQ(scrub_server_text("ab\xE2\x80\xA6", "", 4), "ab");
  EXPECT_EQ(scrub_server_text("ab\xE2\x80\xA6", "", 5), "ab\xE2\x80\xA6");
}

/// The longest-common-substring definition of redact_runs, slowly: a byte is secret when
/// some run of at least MIN_RUN bytes around it occurs in KEY.
std::string reference_redaction(const std::string& text, const std::string& key, std::size_t min_run) {
  std::size_t m = std::min(min_run, key.size());
  std::vector<bool> secret(text.size(), false);
  for (std::size_t i = 0; m && i + m <= text.size(); ++i)
    if (key.find(text.substr(i, m)) != std::string::npos)
      for (std::size_t k = i; k < i + m; ++k) secret[k] = true;
  std::string out;
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

TEST(Redact, RedactsExactlyTheRunsTheDefinitionNames) {
  std::mt19937 random(42);
  for (int round = 0; round < 300; ++round) {
    std::string key = random_key(1 + random() % 40, random());
    // Text made of the key's pieces, near-misses and noise over a small alphabet.
    std::string text;
    while (text.size() < 120) {
      std::size_t from = random() % key.size(), length = 1 + random() % 16;
      switch (random() % 3) {
        case 0: text += key.substr(from, length); break;
        case 1: text += key.substr(from, length) + "x"; break;
        default: text += std::string(1 + random() % 3, "ab-"[random() % 3]); break;
      }
    }
    for (std::size_t min_run : {8u, 12u})
      EXPECT_EQ(redact_runs(text, key, min_run), reference_redaction(text, key, min_run)) << key << " " << text;
  }
}

TEST(Redact, RedactsALongKeyInALongTextInOnePass) {
  // 8 KiB of key against 256 KiB of echo: the quadratic table took seconds here.
  std::string key = random_key(8 * 1024, 3);
  std::string text, expected;
  while (text.size() < 256 * 1024) {
    text += key.substr(text.size() % 4096, 100) + " ";
    expected += "[redacted] ";
  }
  EXPECT_EQ(redact_runs(text, key, 12), expected);
}

TEST(Redact, RedactsEveryKeyOfASetInOnePassAsEachAloneWould) {
  const std::string a = "sk-proj-" + std::string(30, 'a') + "0123456789", b = "gsk_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  const std::string c = "AIzaSyCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCLast", too_short = "short-key";
  const std::string text = "said " + a.substr(3, 20) + " and " + b + " then " + c.substr(10) + " but " + too_short +
                           " and 0123456789 alone";
  KeyRuns all({a, b, c, too_short}, 12);
  std::string one_by_one = redact_runs(redact_runs(redact_runs(text, a, 12), b, 12), c, 12);
  EXPECT_EQ(all.redact(text), one_by_one);
  EXPECT_NE(all.redact(text).find("short-key"), std::string::npos) << "a key shorter than the run is skipped";
  EXPECT_NE(all.redact(text).find("0123456789 alone"), std::string::npos) << "10 characters are no run of 12";
  EXPECT_EQ(all.redact(text).find(b.substr(0, 12)), std::string::npos);
  EXPECT_EQ(KeyRuns(std::vector<std::string_view>{}, 12).redact(text), text);
}

TEST(Printable, EscapesControlBytesBadUtf8AndBidiOverridesButKeepsText) {
  struct Case {
    std::string text, shown;
  } cases[] = {
      {"app", "app"},
      {"app\nkeyguard: error: forged", "app\\x0akeyguard: error: forged"},
      {"\x1b[31mred", "\\x1b[31mred"},
      {"\xff\xfe", "\\xff\\xfe"},
      {"caf\xC3\xA9 \xE2\x80\xA6", "caf\xC3\xA9 \xE2\x80\xA6"},
      {"a\xE2\x80\xAE" "b", "a\\xe2\\x80\\xaeb"},
      {"a\xC2\x85" "b", "a\\xc2\\x85b"},
  };
  for (const Case& c : cases) EXPECT_EQ(printable(c.text), c.shown) << c.text;
}

TEST(Printable, CutsLongNamesWithAnEllipsis) {
  std::string host(64 * 1024, 'h');
  std::string shown = printable(host, 100);
  EXPECT_LE(shown.size(), 100u);
  EXPECT_EQ(shown.substr(shown.size() - 3), "\xE2\x80\xA6");
  EXPECT_EQ(printable(std::string(20, 'a') + "\xC3\xA9", 21), std::string(18, 'a') + "\xE2\x80\xA6");
}

TEST(ShownValue, QuotesOnlyShortPlainValuesThatAreNotKeys) {
  EXPECT_EQ(shown_value("5h"), "'5h'");
  EXPECT_EQ(shown_value("sk-proj-abc"), "<11 bytes, not shown>");
  EXPECT_EQ(shown_value("1" + std::string(40, 'k')), "<41 bytes, not shown>");
  EXPECT_EQ(shown_value("5\nkeyguard: ok"), "<14 bytes, not shown>");
  EXPECT_EQ(shown_value("\x1b[2J"), "<4 bytes, not shown>");
}

}  // namespace
}  // namespace keyguard
