// Inside a TrustStore: its certificates as DER, found by subject name, parsed on demand. For
// trust.cpp and tls.cpp only.
#pragma once

#include <mbedtls/x509_crt.h>

#include <string>
#include <vector>

#include "trust.h"

namespace keyguard {

struct TrustStore::Index {
  struct Entry {
    const unsigned char* der;
    std::size_t size;
    std::string name;  ///< the subject as name_key() writes it
  };
  std::vector<std::vector<unsigned char>> owned;  ///< DER decoded from PEM; entries point into it
  std::vector<Entry> entries;                    ///< in the order added
  std::vector<std::size_t> by_name;              ///< ENTRIES' positions, sorted by name
};

/// NAME as a string that two names share exactly when mbedTLS takes them for the same (its
/// x509_name_cmp: attribute types byte for byte, UTF8String and PrintableString values equal up
/// to ASCII case, others byte for byte, and the same grouping into sets).
std::string name_key(const mbedtls_x509_name& name);

/// mbedTLS's trusted-CA callback over a TrustStore::Index: the trusted certificates whose subject
/// is CHILD's issuer, parsed, in a list mbedTLS frees; none when no root has that name.
extern "C" int trusted_issuers(void* index, const mbedtls_x509_crt* child, mbedtls_x509_crt** candidates) noexcept;

}  // namespace keyguard
