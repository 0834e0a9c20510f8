// Trust discovery order (CONTRACT §8) and the embedded roots.
#include "trust.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>

#include "harness.h"

namespace keyguard {
namespace {

TEST(Trust, PrefersTheCaFileOption) {
  testing::TempDir dir;
  std::string option = dir.write("option.pem", "x");
  std::string env_file = dir.write("env.pem", "x");
  std::string entry = "SSL_CERT_FILE=" + env_file;
  NetworkConfig network;
  std::string err;
  ASSERT_TRUE(resolve_trust(option, Environment({entry}), &network, &err)) << err;
  EXPECT_EQ(network.ca_source, option);
}

TEST(Trust, ThenSslCertFileThenSslCertDir) {
  testing::TempDir dir;
  std::string file = dir.write("env.pem", "x");
  std::string file_entry = "SSL_CERT_FILE=" + file, dir_entry = "SSL_CERT_DIR=" + dir.path();
  NetworkConfig network;
  std::string err;
  ASSERT_TRUE(resolve_trust("", Environment({file_entry, dir_entry}), &network, &err));
  EXPECT_EQ(network.ca_source, file);
  NetworkConfig from_dir;
  ASSERT_TRUE(resolve_trust("", Environment({dir_entry}), &from_dir, &err));
  EXPECT_EQ(from_dir.ca_dir, dir.path());
}

TEST(Trust, RefusesANamedFileThatCannotBeRead) {
  NetworkConfig network;
  std::string err;
  EXPECT_FALSE(resolve_trust("/nonexistent/ca.pem", Environment(), &network, &err));
  EXPECT_EQ(err, "cannot read the CA file /nonexistent/ca.pem (--ca-file/KEYGUARD_CA_FILE): No such file or directory");
  EXPECT_FALSE(resolve_trust("", Environment({"SSL_CERT_FILE=/nonexistent/x.pem"}), &network, &err));
  EXPECT_NE(err.find("(SSL_CERT_FILE)"), std::string::npos);
  EXPECT_FALSE(resolve_trust("", Environment({"SSL_CERT_DIR=/nonexistent"}), &network, &err));
  EXPECT_NE(err.find("(SSL_CERT_DIR)"), std::string::npos);
}

TEST(Trust, EmbedsTheRootsOfTheBuildMachine) {
  EXPECT_GT(embedded_roots().size(), 50u);
  NetworkConfig network;
  network.ca_embedded = true;
  network.ca_source = "embedded";
  CertificateChain chain;
  std::string err;
  ASSERT_TRUE(load_trust(network, &chain, &err)) << err;
  std::size_t count = 0;
  for (mbedtls_x509_crt* crt = chain.get(); crt && crt->version; crt = crt->next) ++count;
  EXPECT_EQ(count, embedded_roots().size());
}

TEST(Trust, SaysWhenASourceHoldsNoCertificate) {
  testing::TempDir dir;
  NetworkConfig network;
  network.ca_file = dir.write("empty.pem", "not a certificate\n");
  network.ca_source = network.ca_file;
  CertificateChain chain;
  std::string err;
  EXPECT_FALSE(load_trust(network, &chain, &err));
  EXPECT_EQ(err, "no usable certificate in " + network.ca_file);
}

}  // namespace
}  // namespace keyguard

namespace keyguard {
namespace {

TEST(Trust, ReadsAPemBundleExactlyAsMbedtlsDoes) {
  const char* bundle = "/etc/ssl/certs/ca-certificates.crt";
  if (::access(bundle, R_OK) != 0) GTEST_SKIP() << "no system bundle at " << bundle;
  NetworkConfig network;
  network.ca_file = bundle;
  network.ca_source = bundle;
  CertificateChain ours;
  std::string err;
  ASSERT_TRUE(load_trust(network, &ours, &err)) << err;
  CertificateChain reference;
  ASSERT_GE(mbedtls_x509_crt_parse_file(reference.get(), bundle), 0);
  const mbedtls_x509_crt* a = ours.get();
  const mbedtls_x509_crt* b = reference.get();
  std::size_t count = 0;
  for (; a && b && a->version && b->version; a = a->next, b = b->next, ++count) {
    ASSERT_EQ(a->raw.len, b->raw.len) << count;
    ASSERT_EQ(std::memcmp(a->raw.p, b->raw.p, a->raw.len), 0) << count;
  }
  EXPECT_TRUE(!a || !a->version);
  EXPECT_TRUE(!b || !b->version);
  EXPECT_GT(count, 50u);
}

TEST(Trust, ReadsASingleDerCertificate) {
  testing::TempDir dir;
  const EmbeddedRoot& root = embedded_roots()[0];
  NetworkConfig network;
  network.ca_file = dir.write("root.der", std::string(reinterpret_cast<const char*>(root.der), root.size));
  network.ca_source = network.ca_file;
  CertificateChain chain;
  std::string err;
  ASSERT_TRUE(load_trust(network, &chain, &err)) << err;
  EXPECT_EQ(chain.get()->raw.len, root.size);
}

}  // namespace
}  // namespace keyguard
