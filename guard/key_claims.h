// What a key says about itself once decoded (docs/keys.md): Amazon Bedrock's short-term
// keys carry a presigned URL with their region and lifetime, long-term ones an account.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "providers.h"

namespace keyguard {

/// The claims of one key. Holds nothing secret: the signature and the credentials stay in a
/// buffer that is wiped before read_claims returns.
struct KeyClaims {
  bool decoded = false;        ///< the key decoded as its family says it should
  std::string region;          ///< "eu-north-1" (presigned URL)
  std::int64_t signed_at = 0;  ///< Unix seconds (presigned URL)
  std::int64_t expires_at = 0; ///< Unix seconds: signed_at plus X-Amz-Expires, or the family's longest life
  std::string account;         ///< 12-digit account id (service credential)
};

/// Decodes KEY as FAMILY's claims say. Returns false when the family makes no claims.
/// claims->decoded is false when the key does not decode (truncated, another kind, or not of
/// the family at all).
bool read_claims(const KeyFamily& family, std::string_view key, KeyClaims* claims);

/// "2025-12-11 22:10 UTC"
std::string utc_minute(std::int64_t unix_seconds);

}  // namespace keyguard
