// A root certificate as keyguard embeds it: everything it signs, without its own signature.
#pragma once

#include <mbedtls/asn1.h>
#include <mbedtls/x509_crt.h>

#include <cstddef>
#include <vector>

namespace keyguard {

/// CRT's DER with its signature value emptied (a BIT STRING of no bits) and everything else kept
/// byte for byte: the signed part (name, key, validity, constraints) and the outer signature
/// algorithm, which mbedTLS checks against the inner one. A trust anchor is a name and a key
/// (RFC 5280, 6.1.1 d): mbedTLS checks a child's signature with a trusted root's key, its
/// subject, constraints and dates, never the root's signature of itself, so the 256 to 512
/// bytes of a root's own signature are dead weight in the binary (docs/networks.md#trust).
/// Empty when CRT's DER is not laid out as a certificate.
inline std::vector<unsigned char> without_signature(const mbedtls_x509_crt& crt) {
  unsigned char* cursor = crt.tbs.p + crt.tbs.len;
  const unsigned char* end = crt.raw.p + crt.raw.len;
  std::size_t length = 0;
  if (crt.tbs.p < crt.raw.p || cursor > end ||
      mbedtls_asn1_get_tag(&cursor, end, &length, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0)
    return {};
  std::vector<unsigned char> body(crt.tbs.p, cursor + length);  // TBSCertificate, signatureAlgorithm
  body.insert(body.end(), {MBEDTLS_ASN1_BIT_STRING, 1, 0});
  std::vector<unsigned char> der{MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE};
  std::size_t size = body.size();
  if (size < 0x80) {
    der.push_back(static_cast<unsigned char>(size));
  } else if (size <= 0xFF) {
    der.insert(der.end(), {0x81, static_cast<unsigned char>(size)});
  } else if (size <= 0xFFFF) {
    der.insert(der.end(), {0x82, static_cast<unsigned char>(size >> 8), static_cast<unsigned char>(size & 0xFF)});
  } else {
    return {};
  }
  der.insert(der.end(), body.begin(), body.end());
  return der;
}

}  // namespace keyguard
