// Which certificates keyguard trusts (CONTRACT §8): discovery, and loading into mbedTLS.
#pragma once

#include <mbedtls/x509_crt.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "environment.h"
#include "owned.h"
#include "probe.h"

namespace keyguard {

/// One DER certificate of the bundle built into the binary.
struct EmbeddedRoot {
  const unsigned char* der;
  std::size_t size;
};

/// The roots embedded at build time: the Mozilla set of Debian's ca-certificates (generated).
std::span<const EmbeddedRoot> embedded_roots();
/// Where they came from: "the Mozilla set of ca-certificates VERSION, N roots".
std::string_view embedded_roots_origin();

/// Picks the trust source, first found wins: CA_FILE (--ca-file or KEYGUARD_CA_FILE),
/// SSL_CERT_FILE, SSL_CERT_DIR, the system bundles, the embedded roots. A named file or
/// directory that cannot be read is an error naming it.
bool resolve_trust(const std::string& ca_file, const Environment& env, NetworkConfig* network, std::string* err);

/// An mbedTLS certificate chain that cleans up after itself.
class CertificateChain : public Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free> {
 public:
  /// Whether at least one certificate was loaded.
  bool empty() const { return get()->version == 0; }
};

/// Adds the certificates of TEXT to CHAIN: every one of a PEM bundle that mbedTLS can read,
/// or TEXT as one DER certificate when it holds no PEM block.
void add_certificates(std::string_view text, CertificateChain* chain);

/// Loads the source NETWORK names into CHAIN. Returns false with *err when nothing usable
/// was found there.
bool load_trust(const NetworkConfig& network, CertificateChain* chain, std::string* err);

}  // namespace keyguard
