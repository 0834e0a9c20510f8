// Fuzzes what keys claim: read_claims for every family that makes claims, and utc_minute.
#include "fuzz_checks.h"
#include "key_claims.h"

using namespace keyguard;
using fuzz::check;

// Input: the key, prefix included (a seed starts "bedrock-api-key-" or "ABSK").
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view key(reinterpret_cast<const char*>(data), size);
  for (const Provider& provider : providers()) {
    for (const KeyFamily& family : provider.families) {
      KeyClaims claims;
      bool claimed = read_claims(family, key, &claims);
      check(claimed == (family.claims != Claims::none), "read_claims answered for a family without claims, or not for one with");
      if (!claims.decoded) continue;
      check(fuzz::control_byte_in(claims.region).empty(), "a region holds a control byte");
      check(claims.region.size() <= 32, "a region longer than 32 bytes");
      check(claims.account.empty() || claims.account.size() == 12, "an account id that is not 12 digits");
      if (claims.signed_at) {
        check(claims.expires_at >= claims.signed_at, "a key that expires before it was signed");
        std::string shown = utc_minute(claims.expires_at);
        check(shown.size() >= 20 && shown.substr(shown.size() - 4) == " UTC", "utc_minute wrote '" + shown + "'");
      }
    }
  }
  return 0;
}
