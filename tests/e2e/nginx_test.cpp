// The real binary against a real third-party TLS server: nginx from Debian, on loopback, with
// realistic chains (P-384 root, P-256 intermediate and leaf; RSA-2048 at every level) in the
// configurations operators meet (docs/networks.md).
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "harness.h"
#include "nginx_server.h"
#include "test_pki.h"

namespace keyguard::testing {
namespace {

const std::string kKey = "sk-proj-" + std::string(148, 'N') + "Ginx";

/// The chains, made once for every test process of the build (RSA keys take a while), under
/// a lock, and nginx with every site, started for this process.
class World {
 public:
  static World& get() {
    static World world;
    return world;
  }
  TestChain ec, rsa, other;
  TempDir dir;
  std::unique_ptr<NginxServer> nginx;
  std::vector<NginxSite> sites;
  std::string error;
  bool skip = false;

  int port(const std::string& name) const {
    for (const NginxSite& site : sites)
      if (site.name == name) return site.port;
    return 0;
  }

 private:
  World() {
    if (NginxServer::binary().empty()) {
      skip = true;
      error = "nginx is not installed (scripts/deps installs it)";
      return;
    }
    const std::string pki = NGINX_PKI_DIR;
    std::filesystem::create_directories(pki);
    int lock = ::open((pki + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    ::flock(lock, LOCK_EX);
    bool made = std::filesystem::exists(pki + "/done");
    bool ok = made ? (ec = paths(pki, "ec"), rsa = paths(pki, "rsa"), other = paths(pki, "other"), true)
                   : generate_chain(pki, "ec", KeyKind::ec_p384, KeyKind::ec_p256, KeyKind::ec_p256,
                                    "localhost,IP:127.0.0.1", &ec, &error) &&
                         generate_chain(pki, "rsa", KeyKind::rsa_2048, KeyKind::rsa_2048, KeyKind::rsa_2048,
                                        "localhost", &rsa, &error) &&
                         generate_chain(pki, "other", KeyKind::ec_p256, KeyKind::ec_p256, KeyKind::ec_p256,
                                        "other.invalid", &other, &error);
    if (ok && !made) ::close(::open((pki + "/done").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    ::close(lock);
    if (!ok) return;
    auto cert = [](const TestChain& chain, bool leaf_only = false) {
      return "ssl_certificate " + (leaf_only ? chain.leaf_cert : chain.chain_cert) + "; ssl_certificate_key " +
             chain.leaf_key + ";";
    };
    sites = {
        {"tls13", cert(ec) + " ssl_protocols TLSv1.3;"},
        {"tls12_ec", cert(ec) + " ssl_protocols TLSv1.2;"},
        {"tls12_rsa", cert(rsa) + " ssl_protocols TLSv1.2;"},
        {"tls13_rsa", cert(rsa) + " ssl_protocols TLSv1.3;"},
        {"x25519", cert(ec) + " ssl_protocols TLSv1.3; ssl_ecdh_curve X25519;"},
        {"p256", cert(ec) + " ssl_protocols TLSv1.3; ssl_ecdh_curve prime256v1;"},
        {"p384", cert(ec) + " ssl_protocols TLSv1.3; ssl_ecdh_curve secp384r1;"},
        {"leaf_only", cert(ec, true) + " ssl_protocols TLSv1.2 TLSv1.3;"},
        {"client_cert", cert(ec) + " ssl_protocols TLSv1.2 TLSv1.3; ssl_verify_client on; ssl_client_certificate " +
                            ec.root_cert + ";"},
        {"ffdhe_only", cert(ec) + " ssl_protocols TLSv1.3; ssl_ecdh_curve ffdhe2048;"},
        {"tls10_only", cert(ec) + " ssl_protocols TLSv1 TLSv1.1;"},
        {"plain", "", false},
        // Two names on one port: the certificate nginx picks depends on the SNI sent.
        {"sni_default", cert(other) + " ssl_protocols TLSv1.2 TLSv1.3;"},
        {"sni_localhost", "server_name localhost; " + cert(ec) + " ssl_protocols TLSv1.2 TLSv1.3;", true, "sni_default"},
    };
    sites[12].directives = "server_name _; " + sites[12].directives;
    nginx = std::make_unique<NginxServer>(dir.path() + "/nginx");
    if (!nginx->start(&sites, &error)) nginx.reset();
  }

  static TestChain paths(const std::string& dir, const std::string& name) {
    return {dir + "/" + name + "-root.pem", dir + "/" + name + "-chain.pem", dir + "/" + name + "-leaf.pem",
            dir + "/" + name + "-leaf.key"};
  }
};

class Nginx : public ::testing::Test {
 protected:
  void SetUp() override {
    World& world = World::get();
    if (world.skip) GTEST_SKIP() << world.error;
    ASSERT_TRUE(world.nginx) << world.error;
  }

  /// Probes SITE as OpenAI at https://HOST:port/v1, trusting ROOT; returns the provider entry.
  boost::json::object probe(const std::string& site, const std::string& root, const std::string& host = "localhost",
                            const std::string& scheme = "https") {
    Invocation run;
    run.args = {"--format", "json", "--timeout", "5s"};
    run.env = {"OPENAI_API_KEY=" + kKey, "KEYGUARD_CA_FILE=" + root,
               "OPENAI_BASE_URL=" + scheme + "://" + host + ":" + std::to_string(World::get().port(site)) + "/v1"};
    ran_ = run_process(keyguard_binary(), run);
    boost::system::error_code ec;
    boost::json::value top = boost::json::parse(ran_.err, ec);
    if (ec || !top.is_object()) {
      ADD_FAILURE() << "not one JSON object: " << ran_.err;
      return {};
    }
    return top.as_object()["providers"].as_array()[0].as_object();
  }

  static std::string str(const boost::json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : value.is_null() ? "null" : boost::json::serialize(value);
  }

  Ran ran_;
};

TEST_F(Nginx, NegotiatesTls13WithARealisticEcChain) {
  boost::json::object entry = probe("tls13", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << ran_.err;
  EXPECT_EQ(str(entry["tls_version"]), "TLSv1.3");
}

TEST_F(Nginx, FallsBackToTls12ForAnEcServerThatSpeaksNothingElse) {
  boost::json::object entry = probe("tls12_ec", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << ran_.err;
  EXPECT_EQ(str(entry["tls_version"]), "TLSv1.2");
}

TEST_F(Nginx, AcceptsATls12RsaServerThatSignsItsKeyExchangeWithRsaPss) {
  // OpenSSL signs a TLS 1.2 ServerKeyExchange with rsa_pss_rsae_* when the client offers it:
  // mbedTLS 3.6.6 refused that (-0x6600) until keyguard's patch.
  boost::json::object entry = probe("tls12_rsa", World::get().rsa.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << ran_.err;
  EXPECT_EQ(str(entry["tls_version"]), "TLSv1.2");
  entry = probe("tls13_rsa", World::get().rsa.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << ran_.err;
  EXPECT_EQ(str(entry["tls_version"]), "TLSv1.3");
}

TEST_F(Nginx, AgreesOnX25519P256OrP384WhicheverIsTheServersOnlyGroup) {
  for (const char* site : {"x25519", "p256", "p384"}) {  // P-384 costs a HelloRetryRequest
    boost::json::object entry = probe(site, World::get().ec.root_cert);
    EXPECT_EQ(str(entry["outcome"]), "authenticated") << site << ": " << ran_.err;
    EXPECT_EQ(str(entry["tls_version"]), "TLSv1.3") << site;
  }
}

TEST_F(Nginx, SaysWhenTheServerDoesNotSendItsIntermediate) {
  boost::json::object entry = probe("leaf_only", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "tls_error");
  EXPECT_NE(str(entry["message"]).find("sends no intermediate with it"), std::string::npos) << str(entry["message"]);
  EXPECT_NE(str(entry["message"]).find("CN=keyguard ec intermediate"), std::string::npos) << str(entry["message"]);
}

TEST_F(Nginx, ChecksACertificateForAnIpAddress) {
  boost::json::object entry = probe("tls13", World::get().ec.root_cert, "127.0.0.1");
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << ran_.err;
  // The RSA leaf names localhost only.
  entry = probe("tls12_rsa", World::get().rsa.root_cert, "127.0.0.1");
  EXPECT_EQ(str(entry["outcome"]), "tls_error");
  EXPECT_NE(str(entry["message"]).find("the certificate is for localhost, not 127.0.0.1"), std::string::npos)
      << str(entry["message"]);
}

TEST_F(Nginx, SaysWhenTheServerWantsAClientCertificate) {
  boost::json::object entry = probe("client_cert", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "tls_error") << ran_.err;
  EXPECT_NE(str(entry["message"]).find("requires a client certificate (mutual TLS)"), std::string::npos)
      << str(entry["message"]);
}

TEST_F(Nginx, SaysWhenATls13ServerRefusesTheMissingClientCertificateAfterTheHandshake) {
  // OpenSSL's s_server refuses with a certificate_required alert, which in TLS 1.3 arrives
  // after the client's Finished: on the first read, not in the handshake.
  if (::access("/usr/bin/openssl", X_OK) != 0) GTEST_SKIP() << "no openssl here (Debian's openssl package)";
  const TestChain& ec = World::get().ec;
  int port = World::get().port("tls13") + 1000;
  pid_t server = ::fork();
  if (server == 0) {
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0), ::dup2(null, 1), ::dup2(null, 2);
    ::execl("/usr/bin/openssl", "openssl", "s_server", "-accept", ("127.0.0.1:" + std::to_string(port)).c_str(),
            "-tls1_3", "-Verify", "1", "-verify_return_error", "-cert", ec.leaf_cert.c_str(), "-cert_chain",
            ec.chain_cert.c_str(), "-key", ec.leaf_key.c_str(),
            "-www", "-quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  Invocation run;
  run.args = {"--format", "json", "--timeout", "5s"};
  run.env = {"OPENAI_API_KEY=" + kKey, "KEYGUARD_CA_FILE=" + ec.root_cert,
             "OPENAI_BASE_URL=https://localhost:" + std::to_string(port) + "/v1"};
  Ran ran;
  for (int attempt = 0; attempt < 50; ++attempt) {  // until s_server listens
    ran = run_process(keyguard_binary(), run);
    if (ran.err.find("Connection refused") == std::string::npos) break;
    ::usleep(100 * 1000);
  }
  ::kill(server, SIGTERM);
  ::waitpid(server, nullptr, 0);
  EXPECT_NE(ran.err.find("\"outcome\":\"tls_error\""), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("the server requires a client certificate (mutual TLS)"), std::string::npos) << ran.err;
}

TEST_F(Nginx, SaysWhenTheServerSharesNoGroupWithIt) {
  boost::json::object entry = probe("ffdhe_only", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "tls_error") << ran_.err;
  EXPECT_NE(str(entry["message"]).find("in common"), std::string::npos) << str(entry["message"]);
}

TEST_F(Nginx, SaysWhenTheServerSpeaksOnlyOldTlsVersions) {
  boost::json::object entry = probe("tls10_only", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "tls_error") << ran_.err;
  EXPECT_NE(str(entry["message"]).find("TLS version"), std::string::npos) << str(entry["message"]);
}

TEST_F(Nginx, SaysWhenAnHttpsUrlPointsAtAPlainHttpPort) {
  boost::json::object entry = probe("plain", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "misconfigured") << ran_.err;
  EXPECT_NE(str(entry["message"]).find("answers in plain HTTP on this port, not TLS: use http:// (loopback only) or the port"),
            std::string::npos)
      << str(entry["message"]);
}

TEST_F(Nginx, SendsTheHostNameSoAVirtualHostServesItsOwnCertificate) {
  // Without SNI nginx would answer with the default server's certificate for other.invalid.
  boost::json::object entry = probe("sni_localhost", World::get().ec.root_cert);
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << ran_.err;
}

}  // namespace
}  // namespace keyguard::testing
