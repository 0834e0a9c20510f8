// The little cryptography keyguard does outside TLS and trust, all of it mbedTLS's: wiping
// memory the compiler may not skip, SHA-256, HMAC-SHA256 (for SigV4) and base64 encoding.
// Changing the TLS library touches tls, trust and this room only.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace keyguard {

/// Zeroes SIZE bytes at BYTES in a way the compiler cannot drop as a dead store.
void zeroize(void* bytes, std::size_t size);

/// The SHA-256 digest of BYTES.
std::array<unsigned char, 32> sha256(std::string_view bytes);

/// The SHA-256 digest of BYTES in lower-case hex (64 digits).
std::string sha256_hex(std::string_view bytes);

/// HMAC-SHA256 (RFC 2104) of DATA under KEY into OUT. Both KEY and OUT may be secrets (SigV4
/// derives its signing key this way): the caller wipes OUT. Returns false only when mbedTLS
/// cannot allocate its context; OUT is zeroed then.
bool hmac_sha256(std::string_view key, std::string_view data, std::array<unsigned char, 32>& out);

/// SIZE bytes at BYTES in lower-case hex, appended to OUT. Not for secrets.
void append_hex(const unsigned char* bytes, std::size_t size, std::string& out);

/// How many characters base64_encode() writes for SIZE bytes.
constexpr std::size_t base64_size(std::size_t size) { return (size + 2) / 3 * 4; }

/// BYTES in base64 (RFC 4648, padded) into OUT, which has room for base64_size(BYTES.size())
/// characters and a NUL after them; returns how many characters it wrote. Constant-time:
/// BYTES may be a secret.
std::size_t base64_encode(std::string_view bytes, char* out);

/// The most bytes base64_decode() writes for TEXT_SIZE characters.
constexpr std::size_t base64_decoded_room(std::size_t text_size) { return text_size / 4 * 3 + 3; }

/// Decodes base64 TEXT into OUT, which has room for base64_decoded_room(TEXT.size()) bytes:
/// either alphabet (`+/` or `-_`), ASCII whitespace skipped (PEM's line breaks), `=` padding
/// optional and the end of the data. Returns how many bytes it wrote, or -1 for any other byte
/// (and for data after the padding). Table-driven: certificates are public, and mbedTLS's
/// constant-time decoder made reading a 150-root bundle ten times slower; for a key, nothing
/// but OUT holds decoded bits when it returns.
long base64_decode(std::string_view text, unsigned char* out);

}  // namespace keyguard
