// mbedTLS's primitives, for the rooms that are not TLS or trust, and one base64 decoder.
#include "crypto.h"

#include <cstdint>

#include <mbedtls/base64.h>
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

namespace keyguard {

void zeroize(void* bytes, std::size_t size) {
  if (bytes && size) mbedtls_platform_zeroize(bytes, size);
}

std::array<unsigned char, 32> sha256(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  mbedtls_sha256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data(), 0);
  return digest;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, 32> digest = sha256(bytes);
  std::string hex;
  append_hex(digest.data(), digest.size(), hex);
  return hex;
}

bool hmac_sha256(std::string_view key, std::string_view data, std::array<unsigned char, 32>& out) {
  // mbedTLS's one-shot HMAC wipes its own context (which holds the padded key) before freeing it.
  int failed = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
                               reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                               reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  if (failed) zeroize(out.data(), out.size());
  return !failed;
}

void append_hex(const unsigned char* bytes, std::size_t size, std::string& out) {
  constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
}

std::size_t base64_encode(std::string_view bytes, char* out) {
  std::size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out), base64_size(bytes.size()) + 1, &written,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return written;
}

namespace {

constexpr std::array<signed char, 256> kBase64Values = [] {
  std::array<signed char, 256> table{};
  table.fill(-1);
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  table['-'] = 62;  // the URL-safe alphabet
  table['_'] = 63;
  return table;
}();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

long base64_decode(std::string_view text, unsigned char* out) {
  std::uint32_t bits = 0;
  int count = 0;
  long written = 0;
  std::size_t at = 0;
  for (; at < text.size() && text[at] != '='; ++at) {
    char c = text[at];
    if (is_space(c)) continue;
    signed char value = kBase64Values[static_cast<unsigned char>(c)];
    if (value < 0) {
      written = -1;
      break;
    }
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[written++] = static_cast<unsigned char>(bits >> count);
    }
  }
  for (; written >= 0 && at < text.size(); ++at)
    if (text[at] != '=' && !is_space(text[at])) written = -1;
  zeroize(&bits, sizeof bits);
  return written;
}

}  // namespace keyguard
