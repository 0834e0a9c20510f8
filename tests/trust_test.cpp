// Trust discovery order (CONTRACT §8) and the embedded roots.
#include "trust.h"

#include <gtest/gtest.h>

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
