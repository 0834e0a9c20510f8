// Trust discovery order (docs/networks.md) and the embedded roots.
#include "trust.h"
#include "trust_anchor.h"
#include "trust_chain.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "harness.h"
#include "owned.h"

#include <mbedtls/x509_crt.h>

namespace keyguard {
namespace {

/// A chain parsed by mbedTLS itself, to compare with.
using Chain = Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free>;

TEST(Trust, PrefersTheCaFileOption) {
  testing::TempDir dir;
  std::string option = dir.write("option.pem", "x");
  std::string env_file = dir.write("env.pem", "x");
  std::string entry = "SSL_CERT_FILE=" + env_file;
  TrustSource network;
  std::string err;
  ASSERT_TRUE(resolve_trust(option, Environment({entry}), &network, &err)) << err;
  EXPECT_EQ(network.shown, option);
}

TEST(Trust, ThenSslCertFileThenSslCertDir) {
  testing::TempDir dir;
  std::string file = dir.write("env.pem", "x");
  std::string file_entry = "SSL_CERT_FILE=" + file, dir_entry = "SSL_CERT_DIR=" + dir.path();
  TrustSource network;
  std::string err;
  ASSERT_TRUE(resolve_trust("", Environment({file_entry, dir_entry}), &network, &err));
  EXPECT_EQ(network.shown, file);
  TrustSource from_dir;
  ASSERT_TRUE(resolve_trust("", Environment({dir_entry}), &from_dir, &err));
  EXPECT_EQ(from_dir.dirs, dir.path());
}

TEST(Trust, RefusesANamedFileThatCannotBeRead) {
  TrustSource network;
  std::string err;
  EXPECT_FALSE(resolve_trust("/nonexistent/ca.pem", Environment(), &network, &err));
  EXPECT_EQ(err, "cannot read the CA file /nonexistent/ca.pem (--ca-file/KEYGUARD_CA_FILE): No such file or directory");
  EXPECT_FALSE(resolve_trust("", Environment({"SSL_CERT_FILE=/nonexistent/x.pem"}), &network, &err));
  EXPECT_NE(err.find("(SSL_CERT_FILE)"), std::string::npos);
  EXPECT_FALSE(resolve_trust("", Environment({"SSL_CERT_DIR=/nonexistent"}), &network, &err));
  EXPECT_NE(err.find("(SSL_CERT_DIR)"), std::string::npos);
}

/// The DER of every certificate in the files of DIR (or the one file PATH) that mbedTLS reads;
/// with ANCHORS, each as it is embedded: without its signature (trust_anchor.h).
std::vector<std::string> ders_of(const std::vector<std::string>& paths, bool anchors = false) {
  std::vector<std::string> ders;
  for (const std::string& path : paths) {
    Chain chain;
    mbedtls_x509_crt_parse_file(chain.get(), path.c_str());
    for (mbedtls_x509_crt* crt = chain.get(); crt && crt->version; crt = crt->next) {
      if (!anchors) {
        ders.emplace_back(reinterpret_cast<const char*>(crt->raw.p), crt->raw.len);
        continue;
      }
      std::vector<unsigned char> anchor = without_signature(*crt);
      ders.emplace_back(anchor.begin(), anchor.end());
    }
  }
  std::sort(ders.begin(), ders.end());
  return ders;
}

std::vector<std::string> embedded_ders() {
  std::vector<std::string> ders;
  for (const EmbeddedRoot& root : embedded_roots()) ders.emplace_back(reinterpret_cast<const char*>(root.der), root.size);
  std::sort(ders.begin(), ders.end());
  return ders;
}

/// The Mozilla set's files.
std::vector<std::string> mozilla_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/share/ca-certificates/mozilla"))
    if (entry.path().extension() == ".crt") files.push_back(entry.path());
  return files;
}

TEST(Trust, EmbedsExactlyTheMozillaSetOfDebiansCaCertificatesEachWithoutItsOwnSignature) {
  std::vector<std::string> files = mozilla_files();
  ASSERT_GT(files.size(), 100u);
  EXPECT_EQ(embedded_ders(), ders_of(files, true));
  EXPECT_NE(embedded_roots_origin().find("ca-certificates 2"), std::string_view::npos) << embedded_roots_origin();
  EXPECT_NE(embedded_roots_origin().find(", " + std::to_string(files.size()) + " roots"), std::string_view::npos)
      << embedded_roots_origin();
}

TEST(Trust, EmbedsNoCaThatWasAddedToTheLocalStore) {
  // What update-ca-certificates merged into the system bundle beyond the Mozilla set (a
  // corporate CA, a sandbox's egress CA) stays out of the binary. On a machine without such a
  // CA, the Mozilla set alone is checked by the test above.
  std::vector<std::string> local;
  for (const char* dir : {"/usr/local/share/ca-certificates", "/etc/ca-certificates/local"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
      if (entry.is_regular_file()) local.push_back(entry.path());
  }
  std::vector<std::string> embedded = embedded_ders();
  for (const std::string& der : ders_of(local, true))
    EXPECT_FALSE(std::binary_search(embedded.begin(), embedded.end(), der)) << "a local CA is embedded";
}

// What makes an embedded root a root: a certificate its key signed verifies against it, without
// the root's own signature, and one its key did not sign does not. A root verifies its own
// self-signed certificate, which is signed by that key like any child.
TEST(Trust, ARootWithoutItsOwnSignatureStillVerifiesWhatItsKeySignedAndNothingElse) {
  std::vector<std::string> files = mozilla_files();
  ASSERT_GT(files.size(), 100u);
  std::sort(files.begin(), files.end());
  int verified = 0;
  for (const std::string& path : files) {
    Chain full;
    if (mbedtls_x509_crt_parse_file(full.get(), path.c_str()) != 0) continue;
    if (full.get()->MBEDTLS_PRIVATE(sig_md) != MBEDTLS_MD_SHA256 && full.get()->MBEDTLS_PRIVATE(sig_md) != MBEDTLS_MD_SHA384) continue;
    if (mbedtls_x509_time_is_past(&full.get()->valid_to)) continue;
    std::vector<unsigned char> anchor_der = without_signature(*full.get());
    Chain anchor;
    ASSERT_EQ(mbedtls_x509_crt_parse_der(anchor.get(), anchor_der.data(), anchor_der.size()), 0) << path;
    EXPECT_EQ(anchor.get()->MBEDTLS_PRIVATE(sig).len, 0u) << path;
    uint32_t flags = 0;
    EXPECT_EQ(mbedtls_x509_crt_verify(full.get(), anchor.get(), nullptr, nullptr, &flags, nullptr, nullptr), 0)
        << path << " flags " << flags;
    // Another root's certificate is not signed by this key.
    Chain other;
    ASSERT_EQ(mbedtls_x509_crt_parse_file(other.get(), files[(&path - files.data() + 1) % files.size()].c_str()), 0);
    flags = 0;
    EXPECT_NE(mbedtls_x509_crt_verify(other.get(), anchor.get(), nullptr, nullptr, &flags, nullptr, nullptr), 0) << path;
    EXPECT_NE(flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED, 0u) << path;
    if (++verified == 10) break;
  }
  EXPECT_EQ(verified, 10) << "ten current SHA-2 roots of the Mozilla set";
}

/// A one-attribute name: TYPE (an OID's bytes) with VALUE as a string of TAG. The name points
/// into both, which must outlive it (string literals, or the test's own strings).
mbedtls_x509_name one_name(std::string_view type, int tag, std::string_view value) {
  mbedtls_x509_name name = {};
  name.oid = {MBEDTLS_ASN1_OID, type.size(), reinterpret_cast<unsigned char*>(const_cast<char*>(type.data()))};
  name.val = {tag, value.size(), reinterpret_cast<unsigned char*>(const_cast<char*>(value.data()))};
  return name;
}

// Roots are found by name (trust_chain.h): two names share a key exactly when mbedTLS's
// x509_name_cmp takes them for the same, or a root would be missed or a stranger found.
TEST(Trust, NamesMatchAsMbedTlsComparesThem) {
  const std::string cn = "\x55\x04\x03", o = "\x55\x04\x0a";
  auto key = [](const mbedtls_x509_name& name) { return name_key(name); };
  EXPECT_EQ(key(one_name(cn, MBEDTLS_ASN1_UTF8_STRING, "ISRG Root X1")),
            key(one_name(cn, MBEDTLS_ASN1_PRINTABLE_STRING, "isrg root x1")))
      << "UTF8String and PrintableString, up to ASCII case";
  EXPECT_NE(key(one_name(cn, MBEDTLS_ASN1_IA5_STRING, "Root")), key(one_name(cn, MBEDTLS_ASN1_IA5_STRING, "root")))
      << "other strings byte for byte";
  EXPECT_NE(key(one_name(cn, MBEDTLS_ASN1_UTF8_STRING, "Root")), key(one_name(cn, MBEDTLS_ASN1_IA5_STRING, "Root")));
  EXPECT_NE(key(one_name(cn, MBEDTLS_ASN1_UTF8_STRING, "Root")), key(one_name(o, MBEDTLS_ASN1_UTF8_STRING, "Root")))
      << "another attribute type";
  EXPECT_NE(key(one_name(cn, MBEDTLS_ASN1_UTF8_STRING, "R\xC3\xA9")), key(one_name(cn, MBEDTLS_ASN1_UTF8_STRING, "R\xC3\x89")))
      << "no case beyond ASCII";
  mbedtls_x509_name first = one_name(o, MBEDTLS_ASN1_UTF8_STRING, "Org"), second = one_name(cn, MBEDTLS_ASN1_UTF8_STRING, "CA");
  first.next = &second;
  mbedtls_x509_name merged = first;
  merged.MBEDTLS_PRIVATE(next_merged) = 1;
  EXPECT_NE(key(first), key(merged)) << "the grouping into sets counts";
  EXPECT_NE(key(first), key(second));
}

TEST(Trust, LoadsEveryEmbeddedRoot) {
  EXPECT_GT(embedded_roots().size(), 50u);
  TrustSource network;
  network.embedded = true;
  network.shown = "embedded";
  TrustStore store;
  std::string err;
  ASSERT_TRUE(load_trust(network, &store, &err)) << err;
  EXPECT_EQ(store.size(), embedded_roots().size());
}

TEST(Trust, SaysWhenASourceHoldsNoCertificate) {
  testing::TempDir dir;
  TrustSource network;
  network.file = dir.write("empty.pem", "not a certificate\n");
  network.shown = network.file;
  TrustStore store;
  std::string err;
  EXPECT_FALSE(load_trust(network, &store, &err));
  EXPECT_EQ(err, "no usable certificate in " + network.file);
}

}  // namespace
}  // namespace keyguard

namespace keyguard {
namespace {

TEST(Trust, ReadsAPemBundleExactlyAsMbedtlsDoes) {
  const char* bundle = "/etc/ssl/certs/ca-certificates.crt";
  if (::access(bundle, R_OK) != 0) GTEST_SKIP() << "no system bundle at " << bundle;
  TrustSource network;
  network.file = bundle;
  network.shown = bundle;
  TrustStore ours;
  std::string err;
  ASSERT_TRUE(load_trust(network, &ours, &err)) << err;
  Chain reference;
  ASSERT_GE(mbedtls_x509_crt_parse_file(reference.get(), bundle), 0);
  std::vector<std::string_view> expected;
  for (const mbedtls_x509_crt* crt = reference.get(); crt && crt->version; crt = crt->next)
    expected.emplace_back(reinterpret_cast<const char*>(crt->raw.p), crt->raw.len);
  EXPECT_EQ(ours.ders(), expected);
  EXPECT_GT(expected.size(), 50u);
}

TEST(Trust, ReadsASingleDerCertificate) {
  testing::TempDir dir;
  const EmbeddedRoot& root = embedded_roots()[0];
  TrustSource network;
  network.file = dir.write("root.der", std::string(reinterpret_cast<const char*>(root.der), root.size));
  network.shown = network.file;
  TrustStore store;
  std::string err;
  ASSERT_TRUE(load_trust(network, &store, &err)) << err;
  ASSERT_EQ(store.size(), 1u);
  EXPECT_EQ(store.ders()[0].size(), root.size);
}

}  // namespace
}  // namespace keyguard
