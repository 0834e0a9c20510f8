// Which certificates keyguard trusts (docs/networks.md): discovery, a policy that returns a
// value, and loading into a store only the TLS stage looks inside.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "environment.h"

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

/// The system bundles tried, in order, when no file or directory names the roots.
std::span<const char* const> system_bundles();

/// Where trust comes from: one file, directories, or the embedded roots.
struct TrustSource {
  std::string file;        ///< a PEM bundle (or one DER certificate); empty when not a file
  std::string dirs;        ///< SSL_CERT_DIR, colon-separated; empty when not directories
  bool embedded = false;   ///< the roots built into the binary
  std::string shown;       ///< for messages and the report: the path(s), or "embedded"
};

/// Picks the trust source, first found wins: CA_FILE (--ca-file or KEYGUARD_CA_FILE),
/// SSL_CERT_FILE, SSL_CERT_DIR, the system bundles, the embedded roots. A named file or
/// directory that cannot be read (or is not a regular file, a FIFO say) is an error naming it.
bool resolve_trust(const std::string& ca_file, const Environment& env, TrustSource* source, std::string* err);

/// Loaded certificates, indexed by their subject names and parsed only when a chain names one
/// as its issuer. What they are made of is the TLS stage's business (trust_chain.h).
class TrustStore {
 public:
  struct Index;
  TrustStore();
  ~TrustStore();
  TrustStore(TrustStore&&) noexcept;
  TrustStore& operator=(TrustStore&&) noexcept;

  /// Adds the certificates of TEXT: every one of a PEM bundle whose subject mbedTLS can read,
  /// or TEXT as one DER certificate when it holds no PEM block.
  void add(std::string_view text);
  /// Adds one DER certificate that outlives the store, without copying it.
  void add_static_der(const unsigned char* der, std::size_t size);
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  /// The DER of each certificate, in order.
  std::vector<std::string_view> ders() const;
  Index& index() const { return *index_; }

 private:
  std::unique_ptr<Index> index_;
};

/// Loads SOURCE. Returns false with *err when nothing usable was found there.
bool load_trust(const TrustSource& source, TrustStore* store, std::string* err);

}  // namespace keyguard
