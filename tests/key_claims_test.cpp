// What Bedrock API keys say about themselves: the region and lifetime of a short-term key,
// the account of a long-term one (docs/keys.md).
#include "key_claims.h"

#include <gtest/gtest.h>

namespace keyguard {
namespace {

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 | (unsigned char)bytes[i + 2];
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned n = (unsigned char)bytes[i] << 16;
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63]} + "==";
  } else if (i + 2 == bytes.size()) {
    unsigned n = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8;
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63]} + "=";
  }
  return out;
}

const KeyFamily& family(std::string_view prefix) {
  for (const KeyFamily& f : find_provider("bedrock")->families)
    if (f.prefix == prefix) return f;
  ADD_FAILURE() << "no family " << prefix;
  return find_provider("bedrock")->families.front();
}

std::string short_term(std::string_view region, std::string_view date, std::string_view expires) {
  std::string url = "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    "&X-Amz-Credential=ASIAEXAMPLEEXAMPLE%2F" +
                    std::string(date.substr(0, 8)) + "%2F" + std::string(region) +
                    "%2Fbedrock%2Faws4_request&X-Amz-Date=" + std::string(date);
  if (!expires.empty()) url += "&X-Amz-Expires=" + std::string(expires);
  url += "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + std::string(64, 'a') + "&Version=1";
  return "bedrock-api-key-" + base64(url);
}

TEST(KeyClaims, ReadsTheRegionAndLifetimeOfAShortTermKey) {
  KeyClaims claims;
  std::string key = short_term("eu-north-1", "20251211T101010Z", "3600");
  ASSERT_TRUE(read_claims(family("bedrock-api-key-"), key, &claims));
  EXPECT_TRUE(claims.decoded);
  EXPECT_EQ(claims.region, "eu-north-1");
  EXPECT_EQ(claims.signed_at, 1765447810);  // date -u -d 2025-12-11T10:10:10Z +%s
  EXPECT_EQ(claims.expires_at, 1765447810 + 3600);
  EXPECT_EQ(utc_minute(claims.expires_at), "2025-12-11 11:10 UTC");
}

TEST(KeyClaims, GivesAShortTermKeyThatDoesNotSayItsLifetimeTwelveHours) {
  KeyClaims claims;
  ASSERT_TRUE(read_claims(family("bedrock-api-key-"), short_term("us-east-1", "20240229T235959Z", ""), &claims));
  EXPECT_TRUE(claims.decoded);
  EXPECT_EQ(claims.expires_at - claims.signed_at, 12 * 3600);
  EXPECT_EQ(utc_minute(claims.signed_at), "2024-02-29 23:59 UTC");
  EXPECT_EQ(utc_minute(-62135596800 + 24 * 365 * 86400 + 6 * 86400), "0025-01-01 00:00 UTC") << "a year is four digits";
}

TEST(KeyClaims, SaysWhenAKeyDoesNotDecodeAsItsFamilySays) {
  for (const std::string& key :
       {std::string("bedrock-api-key-") + "!!!notbase64", "bedrock-api-key-" + base64("bedrock.amazonaws.com/?Action=x"),
        short_term("EU_NORTH", "20251211T101010Z", "60"), short_term("eu-north-1", "2025-12-11", "60")}) {
    KeyClaims claims;
    ASSERT_TRUE(read_claims(family("bedrock-api-key-"), key, &claims));
    EXPECT_FALSE(claims.decoded) << key;
  }
}

TEST(KeyClaims, ReadsTheAccountOfALongTermKey) {
  KeyClaims claims;
  ASSERT_TRUE(read_claims(family("ABSK"), "ABSK" + base64("BedrockAPIKey-ab12-at-123456789012:" + std::string(44, 's')), &claims));
  EXPECT_TRUE(claims.decoded);
  EXPECT_EQ(claims.account, "123456789012");
  ASSERT_TRUE(read_claims(family("ABSK"), "ABSK" + base64("BedrockAPIKey-ab12-at-12345:" + std::string(44, 's')), &claims));
  EXPECT_FALSE(claims.decoded) << "an account id has 12 digits";
}

TEST(KeyClaims, MakesNoClaimsForAFamilyWithout) {
  KeyClaims claims;
  EXPECT_FALSE(read_claims(find_provider("openai")->families.front(), "sk-admin-abc", &claims));
}

}  // namespace
}  // namespace keyguard
