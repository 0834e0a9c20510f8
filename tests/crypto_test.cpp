// The mbedTLS primitives of guard/crypto.h that SigV4 builds on, against their published vectors.
#include "crypto.h"

#include <array>
#include <string>

#include <gtest/gtest.h>

namespace keyguard {
namespace {

std::string hex(const std::array<unsigned char, 32>& bytes) {
  std::string out;
  append_hex(bytes.data(), bytes.size(), out);
  return out;
}

TEST(Crypto, HashesToLowerCaseHex) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
}

TEST(Crypto, HmacSha256MatchesRfc4231) {
  struct Case {
    std::string key, data, expected;
  };
  const Case cases[] = {
      {std::string(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      // A key longer than SHA-256's block is hashed first.
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
  };
  for (const Case& c : cases) {
    std::array<unsigned char, 32> mac{};
    ASSERT_TRUE(hmac_sha256(c.key, c.data, mac));
    EXPECT_EQ(hex(mac), c.expected) << c.data.substr(0, 8);
  }
}

TEST(Crypto, AppendsHexAfterWhatIsThere) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  std::string out = "sha256:";
  append_hex(bytes, sizeof bytes, out);
  EXPECT_EQ(out, "sha256:000fa5ff");
}

}  // namespace
}  // namespace keyguard
