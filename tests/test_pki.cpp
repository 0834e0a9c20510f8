// Writes the test PKI with mbedTLS: keys, CA and server certificates as PEM files.
#include "test_pki.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <arpa/inet.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/x509_crt.h>

#include "owned.h"

namespace keyguard::testing {
namespace {

using keyguard::Owned;

using Entropy = Owned<mbedtls_entropy_context, mbedtls_entropy_init, mbedtls_entropy_free>;
using CtrDrbg = Owned<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free>;
using PkKey = Owned<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;
using CertWriter = Owned<mbedtls_x509write_cert, mbedtls_x509write_crt_init, mbedtls_x509write_crt_free>;
using Mpi = Owned<mbedtls_mpi, mbedtls_mpi_init, mbedtls_mpi_free>;

constexpr const char* kTestCaName = "CN=keyguard test CA";
constexpr const char* kOtherCaName = "CN=keyguard other CA";
constexpr const char* kLongAgo = "20200101000000";
constexpr const char* kExpiredAt = "20210101000000";
constexpr const char* kFarFuture = "20991231235959";

/// Fills ERR with "WHAT: <mbedTLS message>" and returns false.
bool fail(std::string* err, std::string_view what, int mbedtls_code) {
  char text[160];
  mbedtls_strerror(mbedtls_code, text, sizeof text);
  *err = std::string(what) + ": " + text;
  return false;
}

/// Random bits for key generation and signing.
class Random {
 public:
  bool seed(std::string* err) {
    static constexpr unsigned char kPersonalization[] = "keyguard test pki";
    int ret = mbedtls_ctr_drbg_seed(drbg_.get(), mbedtls_entropy_func, entropy_.get(), kPersonalization,
                                    sizeof kPersonalization - 1);
    return ret == 0 || fail(err, "seeding the random generator", ret);
  }
  mbedtls_ctr_drbg_context* drbg() { return drbg_.get(); }

 private:
  Entropy entropy_;
  CtrDrbg drbg_;
};

bool generate_key(Random& random, PkKey& key, std::string* err, KeyKind kind = KeyKind::ec_p256) {
  bool rsa = kind == KeyKind::rsa_2048;
  int ret = mbedtls_pk_setup(key.get(), mbedtls_pk_info_from_type(rsa ? MBEDTLS_PK_RSA : MBEDTLS_PK_ECKEY));
  if (ret != 0) return fail(err, "setting up a key", ret);
  if (rsa) {
    ret = mbedtls_rsa_gen_key(mbedtls_pk_rsa(*key.get()), mbedtls_ctr_drbg_random, random.drbg(), 2048, 65537);
    return ret == 0 || fail(err, "generating an RSA-2048 key", ret);
  }
  ret = mbedtls_ecp_gen_key(kind == KeyKind::ec_p384 ? MBEDTLS_ECP_DP_SECP384R1 : MBEDTLS_ECP_DP_SECP256R1,
                            mbedtls_pk_ec(*key.get()), mbedtls_ctr_drbg_random, random.drbg());
  return ret == 0 || fail(err, "generating an EC key", ret);
}

/// The DER of a subjectAltName extension value: SEQUENCE { [2] IMPLICIT IA5String dNSName,
/// ..., [7] IMPLICIT OCTET STRING iPAddress, ... }, names separated by commas, an IPv4
/// address written as "IP:a.b.c.d".
std::string subject_alt_name_der(std::string_view names) {
  // Short-form lengths only, which the short names used here always fit.
  std::string general_names;
  while (!names.empty()) {
    std::string_view name = names.substr(0, names.find(','));
    names.remove_prefix(std::min(names.size(), name.size() + 1));
    if (name.substr(0, 3) == "IP:") {
      in_addr address{};
      inet_pton(AF_INET, std::string(name.substr(3)).c_str(), &address);
      general_names += static_cast<char>(0x87);
      general_names += static_cast<char>(4);
      general_names.append(reinterpret_cast<const char*>(&address), 4);
    } else {
      general_names += static_cast<char>(0x82);
      general_names += static_cast<char>(name.size());
      general_names += name;
    }
  }
  std::string sequence;
  sequence += static_cast<char>(0x30);
  sequence += static_cast<char>(general_names.size());
  sequence += general_names;
  return sequence;
}

/// What one certificate says about itself.
struct CertSpec {
  const char* subject;     ///< distinguished name, e.g. "CN=localhost"
  const char* dns_name;    ///< the subjectAltNames ("localhost,IP:127.0.0.1"), or nullptr for a CA
  const char* not_before;  ///< YYYYMMDDhhmmss, UTC
  const char* not_after;
  int serial;
};

/// Issues a certificate for SUBJECT_KEY signed by ISSUER_KEY under ISSUER_NAME, as PEM.
/// A spec without a DNS name makes a CA.
bool issue_cert(const CertSpec& spec, PkKey& subject_key, const char* issuer_name, PkKey& issuer_key,
                Random& random, std::string* pem, std::string* err, mbedtls_md_type_t md = MBEDTLS_MD_SHA256) {
  CertWriter writer;
  mbedtls_x509write_cert* crt = writer.get();
  const bool is_ca = spec.dns_name == nullptr;
  mbedtls_x509write_crt_set_version(crt, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(crt, md);
  mbedtls_x509write_crt_set_subject_key(crt, subject_key.get());
  mbedtls_x509write_crt_set_issuer_key(crt, issuer_key.get());

  Mpi serial;
  int ret = mbedtls_mpi_lset(serial.get(), spec.serial);
  if (ret == 0) ret = mbedtls_x509write_crt_set_serial(crt, serial.get());
  if (ret != 0) return fail(err, "setting the serial number", ret);
  if ((ret = mbedtls_x509write_crt_set_validity(crt, spec.not_before, spec.not_after)) != 0)
    return fail(err, "setting the validity", ret);
  if ((ret = mbedtls_x509write_crt_set_subject_name(crt, spec.subject)) != 0)
    return fail(err, "setting the subject name", ret);
  if ((ret = mbedtls_x509write_crt_set_issuer_name(crt, issuer_name)) != 0)
    return fail(err, "setting the issuer name", ret);
  if ((ret = mbedtls_x509write_crt_set_basic_constraints(crt, is_ca ? 1 : 0, is_ca ? 1 : -1)) != 0)
    return fail(err, "setting basicConstraints", ret);
  const unsigned int key_usage =
      is_ca ? MBEDTLS_X509_KU_KEY_CERT_SIGN | MBEDTLS_X509_KU_CRL_SIGN : MBEDTLS_X509_KU_DIGITAL_SIGNATURE;
  if ((ret = mbedtls_x509write_crt_set_key_usage(crt, key_usage)) != 0) return fail(err, "setting keyUsage", ret);
  if ((ret = mbedtls_x509write_crt_set_subject_key_identifier(crt)) != 0)
    return fail(err, "setting subjectKeyIdentifier", ret);
  if ((ret = mbedtls_x509write_crt_set_authority_key_identifier(crt)) != 0)
    return fail(err, "setting authorityKeyIdentifier", ret);
  if (!is_ca) {
    const std::string san = subject_alt_name_der(spec.dns_name);
    ret = mbedtls_x509write_crt_set_extension(crt, MBEDTLS_OID_SUBJECT_ALT_NAME,
                                              MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0,
                                              reinterpret_cast<const unsigned char*>(san.data()), san.size());
    if (ret != 0) return fail(err, "setting subjectAltName", ret);
  }

  unsigned char buffer[8192];
  ret = mbedtls_x509write_crt_pem(crt, buffer, sizeof buffer, mbedtls_ctr_drbg_random, random.drbg());
  if (ret != 0) return fail(err, std::string("writing the certificate for ") + spec.subject, ret);
  pem->assign(reinterpret_cast<const char*>(buffer));
  return true;
}

bool key_pem(PkKey& key, std::string* pem, std::string* err) {
  unsigned char buffer[8192];
  int ret = mbedtls_pk_write_key_pem(key.get(), buffer, sizeof buffer);
  if (ret != 0) return fail(err, "writing a private key", ret);
  pem->assign(reinterpret_cast<const char*>(buffer));
  return true;
}

/// Writes CONTENT to PATH through a temporary file and a rename, so that a reader sees the
/// old file or the new one, never half of one.
bool write_file(const std::string& path, const std::string& content, mode_t mode, std::string* err) {
  const std::string temporary = path + ".tmp." + std::to_string(getpid());
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    *err = "creating " + temporary + ": " + std::strerror(errno);
    return false;
  }
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = "writing " + temporary + ": " + std::strerror(errno);
      close(fd);
      unlink(temporary.c_str());
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  close(fd);
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    *err = "renaming " + temporary + " to " + path + ": " + std::strerror(errno);
    unlink(temporary.c_str());
    return false;
  }
  return true;
}

/// Generates a key, issues its certificate and writes both.
bool write_leaf(const CertSpec& spec, const char* issuer_name, PkKey& issuer_key, Random& random,
                const std::string& cert_path, const std::string& key_path, std::string* err) {
  PkKey key;
  std::string cert_text, key_text;
  if (!generate_key(random, key, err) ||
      !issue_cert(spec, key, issuer_name, issuer_key, random, &cert_text, err) ||
      !key_pem(key, &key_text, err))
    return false;
  return write_file(key_path, key_text, 0600, err) && write_file(cert_path, cert_text, 0644, err);
}

}  // namespace

bool generate_chain(const std::string& dir, const std::string& name, KeyKind root_kind, KeyKind intermediate_kind,
                    KeyKind leaf_kind, const std::string& names, TestChain* chain, std::string* err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string base = dir + "/" + name;
  Random random;
  if (!random.seed(err)) return false;
  auto md_of = [](KeyKind issuer) { return issuer == KeyKind::ec_p384 ? MBEDTLS_MD_SHA384 : MBEDTLS_MD_SHA256; };
  const std::string root_name = "CN=keyguard " + name + " root", intermediate_name = "CN=keyguard " + name + " intermediate";
  const CertSpec root{root_name.c_str(), nullptr, kLongAgo, kFarFuture, 1};
  const CertSpec intermediate{intermediate_name.c_str(), nullptr, kLongAgo, kFarFuture, 2};
  const CertSpec leaf{"CN=localhost", names.c_str(), kLongAgo, kFarFuture, 3};
  PkKey root_key, intermediate_key, leaf_key;
  std::string root_pem, intermediate_pem, leaf_pem, leaf_key_pem;
  if (!generate_key(random, root_key, err, root_kind) || !generate_key(random, intermediate_key, err, intermediate_kind) ||
      !generate_key(random, leaf_key, err, leaf_kind) ||
      !issue_cert(root, root_key, root_name.c_str(), root_key, random, &root_pem, err, md_of(root_kind)) ||
      !issue_cert(intermediate, intermediate_key, root_name.c_str(), root_key, random, &intermediate_pem, err,
                  md_of(root_kind)) ||
      !issue_cert(leaf, leaf_key, intermediate_name.c_str(), intermediate_key, random, &leaf_pem, err,
                  md_of(intermediate_kind)) ||
      !key_pem(leaf_key, &leaf_key_pem, err))
    return false;
  chain->root_cert = base + "-root.pem";
  chain->chain_cert = base + "-chain.pem";
  chain->leaf_cert = base + "-leaf.pem";
  chain->leaf_key = base + "-leaf.key";
  return write_file(chain->root_cert, root_pem, 0644, err) &&
         write_file(chain->chain_cert, leaf_pem + intermediate_pem, 0644, err) &&
         write_file(chain->leaf_cert, leaf_pem, 0644, err) && write_file(chain->leaf_key, leaf_key_pem, 0600, err);
}

TestPki test_pki_paths(const std::string& dir) {
  TestPki pki;
  pki.dir = dir;
  const std::string base = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  pki.ca_cert = base + "ca.pem";
  pki.other_ca_cert = base + "other_ca.pem";
  pki.server_cert = base + "server.pem";
  pki.server_key = base + "server.key";
  pki.expired_cert = base + "expired.pem";
  pki.expired_key = base + "expired.key";
  pki.wrong_host_cert = base + "wrong_host.pem";
  pki.wrong_host_key = base + "wrong_host.key";
  pki.untrusted_cert = base + "untrusted.pem";
  pki.untrusted_key = base + "untrusted.key";
  pki.future_cert = base + "future.pem";
  pki.future_key = base + "future.key";
  return pki;
}

bool generate_test_pki(const std::string& dir, TestPki* pki, std::string* err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *err = "creating " + dir + ": " + ec.message();
    return false;
  }
  const TestPki paths = test_pki_paths(dir);

  Random random;
  if (!random.seed(err)) return false;

  PkKey test_ca_key, other_ca_key;
  std::string test_ca_pem, other_ca_pem;
  const CertSpec test_ca{kTestCaName, nullptr, kLongAgo, kFarFuture, 1};
  const CertSpec other_ca{kOtherCaName, nullptr, kLongAgo, kFarFuture, 2};
  if (!generate_key(random, test_ca_key, err) || !generate_key(random, other_ca_key, err) ||
      !issue_cert(test_ca, test_ca_key, kTestCaName, test_ca_key, random, &test_ca_pem, err) ||
      !issue_cert(other_ca, other_ca_key, kOtherCaName, other_ca_key, random, &other_ca_pem, err) ||
      !write_file(paths.ca_cert, test_ca_pem, 0644, err) || !write_file(paths.other_ca_cert, other_ca_pem, 0644, err))
    return false;

  const CertSpec server{"CN=localhost", "localhost", kLongAgo, kFarFuture, 3};
  const CertSpec expired{"CN=localhost", "localhost", kLongAgo, kExpiredAt, 4};
  const CertSpec wrong_host{"CN=other.invalid", "other.invalid", kLongAgo, kFarFuture, 5};
  const CertSpec untrusted{"CN=localhost", "localhost", kLongAgo, kFarFuture, 6};
  const CertSpec future{"CN=localhost", "localhost", "20900101000000", kFarFuture, 7};
  if (!write_leaf(server, kTestCaName, test_ca_key, random, paths.server_cert, paths.server_key, err) ||
      !write_leaf(expired, kTestCaName, test_ca_key, random, paths.expired_cert, paths.expired_key, err) ||
      !write_leaf(wrong_host, kTestCaName, test_ca_key, random, paths.wrong_host_cert, paths.wrong_host_key, err) ||
      !write_leaf(untrusted, kOtherCaName, other_ca_key, random, paths.untrusted_cert, paths.untrusted_key, err) ||
      !write_leaf(future, kTestCaName, test_ca_key, random, paths.future_cert, paths.future_key, err))
    return false;

  *pki = paths;
  return true;
}

}  // namespace keyguard::testing
