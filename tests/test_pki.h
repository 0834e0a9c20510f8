// A throwaway PKI for the TLS tests: two CAs and good, expired, wrong-host and untrusted server certificates.
#pragma once

#include <string>

namespace keyguard::testing {

/// Paths of the PEM files of a test PKI. Every certificate is ECDSA P-256, signed with SHA-256.
struct TestPki {
  std::string dir;              ///< the directory that holds every file below
  std::string ca_cert;          ///< "keyguard test CA": the trust anchor the tests hand to keyguard
  std::string other_ca_cert;    ///< "keyguard other CA": an unrelated CA that nobody trusts
  std::string server_cert;      ///< localhost (SAN DNS:localhost, CN=localhost), test CA, 2020-01-01..2099-12-31
  std::string server_key;
  std::string expired_cert;     ///< localhost, test CA, 2020-01-01..2021-01-01
  std::string expired_key;
  std::string wrong_host_cert;  ///< other.invalid (SAN and CN), test CA
  std::string wrong_host_key;
  std::string untrusted_cert;   ///< localhost, signed by the other CA
  std::string untrusted_key;
  std::string future_cert;      ///< localhost, test CA, valid only from 2090-01-01
  std::string future_key;
};

enum class KeyKind { ec_p256, ec_p384, rsa_2048 };

/// A realistic three-level chain: root, intermediate, leaf.
struct TestChain {
  std::string root_cert;   ///< the trust anchor
  std::string chain_cert;  ///< the leaf, then the intermediate: what a server sends
  std::string leaf_cert;   ///< the leaf alone: a server that forgets its intermediate
  std::string leaf_key;
};

/// Writes DIR/NAME-*.pem: a root of ROOT_KIND signs an intermediate of INTERMEDIATE_KIND,
/// which signs a leaf of LEAF_KIND for NAMES ("localhost,IP:127.0.0.1"). ECDSA issuers
/// sign with SHA-384 on P-384 and SHA-256 otherwise; RSA with SHA-256.
bool generate_chain(const std::string& dir, const std::string& name, KeyKind root_kind, KeyKind intermediate_kind,
                    KeyKind leaf_kind, const std::string& names, TestChain* chain, std::string* err);

/// The paths generate_test_pki writes under DIR, without touching the disk.
TestPki test_pki_paths(const std::string& dir);

/// Creates DIR if it is missing and writes a fresh PKI into it (new keys every time; each file
/// is replaced atomically). Fills PKI with the paths. Regenerating into a DIR that another
/// process is loading from can pair a new certificate with an old key, so give each process
/// its own DIR, or generate once before the tests start. Returns false and fills ERR on failure.
bool generate_test_pki(const std::string& dir, TestPki* pki, std::string* err);

}  // namespace keyguard::testing
