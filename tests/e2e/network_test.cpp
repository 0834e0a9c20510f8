// Real networks (docs/networks.md): trust sources, FROM scratch images, a DNS server that never
// answers, several addresses, and the Kubernetes termination log.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <memory>

#include "fake_provider.h"
#include "harness.h"
#include "test_pki.h"

namespace keyguard::testing {
namespace {

const std::string kKey = "sk-proj-" + std::string(148, 'N') + "Net12345";

class Network : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string err;
    ASSERT_TRUE(generate_test_pki(dir_->path() + "/pki", &pki_, &err)) << err;
    FakeProvider::Options options;
    options.cert_file = pki_.server_cert;
    options.key_file = pki_.server_key;
    server_ = new FakeProvider(options);
    ASSERT_TRUE(server_->start(&err)) << err;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  std::string base(const std::string& scenario = "valid") {
    return "https://localhost:" + std::to_string(server_->port()) + "/" + scenario + "/v1";
  }

  static Ran run(const std::string& binary, std::vector<std::string> args, std::vector<std::string> env) {
    Invocation spec;
    spec.args = std::move(args);
    spec.env = std::move(env);
    return run_process(binary, spec);
  }

  /// Runs keyguard --format json with ARGS through netns_exec NAMESPACE_ARGS (a private
  /// network and mount namespace; exit 77 with "netns_exec:" where that is not permitted).
  static Ran run_in_namespace(std::vector<std::string> namespace_args, std::vector<std::string> args,
                              std::vector<std::string> env) {
    Invocation spec;
    spec.args = std::move(namespace_args);
    spec.args.push_back(keyguard_binary());
    spec.args.push_back("--format");
    spec.args.push_back("json");
    spec.args.insert(spec.args.end(), args.begin(), args.end());
    spec.env = std::move(env);
    return run_process(NETNS_EXEC_BINARY, spec);
  }

  static boost::json::object report(const Ran& ran) {
    boost::json::error_code ec;
    boost::json::value root = boost::json::parse(ran.err, ec);
    if (ec || !root.is_object()) {
      ADD_FAILURE() << "not one JSON object: " << ran.err << ran.out;
      return {};
    }
    return root.as_object();
  }

  static std::string outcome(boost::json::object& top) {
    if (!top.contains("providers") || top["providers"].as_array().empty()) return "";
    return std::string(top["providers"].as_array()[0].as_object()["outcome"].as_string());
  }

  static TempDir* dir_;
  static TestPki pki_;
  static FakeProvider* server_;
};

TempDir* Network::dir_ = nullptr;
TestPki Network::pki_;
FakeProvider* Network::server_ = nullptr;

TEST_F(Network, TrustsEveryCertificateFileInSslCertDir) {
  TempDir certs;
  certs.write("test-ca.pem", read_file(pki_.ca_cert));
  certs.write("README", "not a certificate\n");
  Ran ran = run(keyguard_binary(), {"--format", "json"},
                {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base(), "SSL_CERT_DIR=/nonexistent-first:" + certs.path()});
  // A listed directory that does not exist is named as an error, like an unreadable file.
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  ran = run(keyguard_binary(), {"--format", "json"},
            {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base(), "SSL_CERT_DIR=" + certs.path()});
  boost::json::object top = report(ran);
  EXPECT_EQ(outcome(top), "authenticated") << ran.err;
  EXPECT_EQ(top["ca_source"].as_string(), certs.path());

  // A Kubernetes ConfigMap of c_rehash files: hash names only.
  TempDir hashed;
  hashed.write("5ad8a5d6.0", read_file(pki_.ca_cert));
  ran = run(keyguard_binary(), {"--format", "json"},
            {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base(), "SSL_CERT_DIR=" + hashed.path()});
  top = report(ran);
  EXPECT_EQ(outcome(top), "authenticated") << ran.err;
}

TEST_F(Network, UsesSslCertFileBeforeTheSystemBundle) {
  Ran ran = run(keyguard_binary(), {"--format", "json"},
                {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base(), "SSL_CERT_FILE=" + pki_.ca_cert});
  boost::json::object top = report(ran);
  EXPECT_EQ(outcome(top), "authenticated") << ran.err;
  EXPECT_EQ(top["ca_source"].as_string(), pki_.ca_cert);
}

TEST_F(Network, UsesTheSystemBundleWhenNothingIsNamed) {
  Ran ran = run(keyguard_binary(), {"--format", "json"}, {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base()});
  boost::json::object top = report(ran);
  // The test CA is not in the system bundle: the server is not trusted, and the report says
  // which bundle was used.
  EXPECT_EQ(outcome(top), "tls_error") << ran.err;
  EXPECT_EQ(top["ca_source"].as_string(), "/etc/ssl/certs/ca-certificates.crt");
}

TEST_F(Network, RefusesACaFileWithoutAnyCertificateAsAConfigurationError) {
  TempDir dir;
  std::string empty = dir.write("not-a-bundle.pem", "hello\n");
  Ran ran = run(keyguard_binary(), {"--format", "json", "--ca-file", empty},
                {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base()});
  boost::json::object top = report(ran);
  EXPECT_EQ(outcome(top), "misconfigured") << ran.err;
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(ran.err.find("no usable certificate in " + empty), std::string::npos) << ran.err;
}

TEST_F(Network, CallsABundleWithoutTheServersCaATlsError) {
  Ran ran = run(keyguard_binary(), {"--format", "json", "--ca-file", pki_.other_ca_cert},
                {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base()});
  boost::json::object top = report(ran);
  EXPECT_EQ(outcome(top), "tls_error") << ran.err;
  EXPECT_EQ(ran.exit_code, 0);
}

/// An empty root with the static binary alone, as in a FROM scratch image.
class ScratchImage {
 public:
  explicit ScratchImage(const std::string& hosts) {
    std::filesystem::create_directories(root.path() + "/etc");
    std::filesystem::create_directories(root.path() + "/dev");
    std::filesystem::copy_file(keyguard_binary(), root.path() + "/keyguard");
    root.write("etc/hosts", hosts);
  }
  TempDir root;
};

bool chroot_permitted(std::string* why) {
  if (!KEYGUARD_BINARY_IS_STATIC) {
    *why = "this build's keyguard is dynamic (sanitizers); an empty root needs the static one";
    return false;
  }
  if (::geteuid() != 0) {
    *why = "chroot needs root; skipping the scratch-image test";
    return false;
  }
  if (::access("/usr/sbin/chroot", X_OK) != 0) {
    *why = "no /usr/sbin/chroot here; skipping the scratch-image test";
    return false;
  }
  Invocation spec;
  spec.args = {"/", "/bin/true"};
  spec.env = {"PATH=/bin"};
  Ran probe = run_process("/usr/sbin/chroot", spec);
  if (probe.exit_code != 0) {
    *why = "chroot is not permitted here (" + probe.err + "); skipping the scratch-image test";
    return false;
  }
  return true;
}

TEST_F(Network, WorksAloneInAnEmptyRootWithItsOwnRoots) {
  std::string why;
  if (!chroot_permitted(&why)) GTEST_SKIP() << why;
  ScratchImage image("127.0.0.1 localhost\n");
  image.root.write("ca.pem", read_file(pki_.ca_cert));
  std::vector<std::string> env = {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base()};

  std::vector<std::string> with_file = env;
  with_file.push_back("SSL_CERT_FILE=/ca.pem");
  Ran ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard", "--format", "json"}, with_file);
  boost::json::object top = report(ran);
  EXPECT_EQ(outcome(top), "authenticated") << ran.err;
  EXPECT_EQ(top["ca_source"].as_string(), "/ca.pem");

  // No CA file at all: the embedded roots. They do not hold the test CA, so the handshake
  // is refused, which proves they were loaded and used.
  ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard", "--format", "json"}, env);
  top = report(ran);
  EXPECT_EQ(top["ca_source"].as_string(), "embedded") << ran.err;
  EXPECT_EQ(outcome(top), "tls_error") << ran.err;
}

/// localhost as both ::1 and 127.0.0.1 in an empty root, with a provider on ::1 only beside
/// the suite's on 127.0.0.1 only.
struct DualStack {
  std::unique_ptr<FakeProvider> v6_only;
  std::unique_ptr<ScratchImage> image;
};

/// Makes a DualStack; false with *why where chroot or IPv6 loopback cannot be had here.
bool make_dual_stack(const TestPki& pki, DualStack* dual, std::string* why) {
  if (!chroot_permitted(why)) return false;
  FakeProvider::Options options;
  options.cert_file = pki.server_cert;
  options.key_file = pki.server_key;
  options.host = "::1";
  dual->v6_only = std::make_unique<FakeProvider>(options);
  std::string err;
  if (!dual->v6_only->start(&err)) {
    *why = "no IPv6 loopback here: " + err;
    return false;
  }
  dual->image = std::make_unique<ScratchImage>("::1 localhost\n127.0.0.1 localhost\n");
  // glibc's hosts file lookup returns every address of a name only with "multi on" (DNS
  // answers with both kinds anyway).
  dual->image->root.write("etc/host.conf", "multi on\n");
  dual->image->root.write("ca.pem", read_file(pki.ca_cert));
  return true;
}

TEST_F(Network, TriesEveryAddressOfAHostName) {
  // One provider listens on 127.0.0.1 only, another on ::1 only: whichever address
  // getaddrinfo puts first, one of the two probes meets a refused address first and must
  // move on to the next.
  DualStack dual;
  std::string why;
  if (!make_dual_stack(pki_, &dual, &why)) GTEST_SKIP() << why;
  for (int port : {server_->port(), dual.v6_only->port()}) {
    std::string base_url = "https://localhost:" + std::to_string(port) + "/valid/v1";
    Ran ran = run("/usr/sbin/chroot", {dual.image->root.path(), "/keyguard", "--format", "json"},
                  {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base_url, "SSL_CERT_FILE=/ca.pem"});
    boost::json::object top = report(ran);
    EXPECT_EQ(outcome(top), "authenticated") << base_url << ": " << ran.err;
  }
}

/// A listener on HOST:PORT whose queue is full: it drops new SYNs, as a firewall that drops
/// packets does. Closes both sockets when it dies.
class BlackHole {
 public:
  BlackHole(bool v6, int port) {
    listener_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    filler_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_storage storage = {};
    socklen_t length;
    if (v6) {
      auto& address = reinterpret_cast<sockaddr_in6&>(storage);
      address.sin6_family = AF_INET6;
      address.sin6_addr = in6addr_loopback;
      address.sin6_port = htons(static_cast<uint16_t>(port));
      length = sizeof address;
    } else {
      auto& address = reinterpret_cast<sockaddr_in&>(storage);
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(static_cast<uint16_t>(port));
      length = sizeof address;
    }
    ready_ = ::bind(listener_, reinterpret_cast<sockaddr*>(&storage), length) == 0 && ::listen(listener_, 0) == 0 &&
             ::connect(filler_, reinterpret_cast<sockaddr*>(&storage), length) == 0;
  }
  ~BlackHole() {
    ::close(filler_);
    ::close(listener_);
  }
  bool ready() const { return ready_; }

 private:
  int listener_ = -1, filler_ = -1;
  bool ready_ = false;
};

TEST_F(Network, RacesTheNextAddressAfter250MsInsteadOfWaitingOnASilentOne) {
  // localhost is ::1 and 127.0.0.1; the provider listens on one, and the other drops SYNs.
  // Whichever address getaddrinfo puts first, one of the two runs meets the silent one first:
  // Happy Eyeballs starts the next attempt 250 ms later, where waiting would take half the
  // deadline (2 s of 4).
  DualStack dual;
  std::string why;
  if (!make_dual_stack(pki_, &dual, &why)) GTEST_SKIP() << why;
  struct Setup {
    int port;
    bool silent_v6;
  } setups[] = {{server_->port(), true}, {dual.v6_only->port(), false}};
  for (const Setup& setup : setups) {
    BlackHole silent(setup.silent_v6, setup.port);
    ASSERT_TRUE(silent.ready()) << "cannot fill a listen queue on port " << setup.port;
    std::string base_url = "https://localhost:" + std::to_string(setup.port) + "/valid/v1";
    Ran ran = run("/usr/sbin/chroot", {dual.image->root.path(), "/keyguard", "--format", "json", "--timeout", "4s"},
                  {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base_url, "SSL_CERT_FILE=/ca.pem"});
    boost::json::object top = report(ran);
    EXPECT_EQ(outcome(top), "authenticated") << base_url << ": " << ran.err;
    EXPECT_LT(ran.elapsed_ms, 1200) << "silent " << (setup.silent_v6 ? "::1" : "127.0.0.1") << ": " << ran.err;
  }
}

TEST_F(Network, WritesASummaryToTheTerminationLogOnFailure) {
  std::string why;
  if (!chroot_permitted(&why)) GTEST_SKIP() << why;
  ScratchImage image("127.0.0.1 localhost\n");
  image.root.write("ca.pem", read_file(pki_.ca_cert));
  std::string log = image.root.write("dev/termination-log", "", 0644);
  std::vector<std::string> env = {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base("revoked"), "SSL_CERT_FILE=/ca.pem"};
  Ran ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard"}, env);
  EXPECT_EQ(ran.exit_code, 77) << ran.err;
  std::string summary = read_file(log);
  EXPECT_EQ(summary, ran.err);
  EXPECT_LE(summary.size(), 4096u);
  for (std::size_t i = 0; i + 12 <= kKey.size(); ++i)
    ASSERT_EQ(summary.find(kKey.substr(i, 12)), std::string::npos) << "12 characters of the key at " << i;

  // A passing run leaves it alone.
  image.root.write("dev/termination-log", "left alone\n", 0644);
  env[1] = "OPENAI_BASE_URL=" + base("valid");
  ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard"}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(read_file(log), "left alone\n");

  // A usage error is a failure too, and says why there.
  ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard", "--bogus"}, env);
  EXPECT_EQ(ran.exit_code, 64);
  EXPECT_EQ(read_file(log), "keyguard: unknown option '--bogus'; try 'keyguard --help'\n");
}

TEST_F(Network, NeverBlocksOnAFifoAtTheTerminationLog) {
  std::string why;
  if (!chroot_permitted(&why)) GTEST_SKIP() << why;
  ScratchImage image("127.0.0.1 localhost\n");
  image.root.write("ca.pem", read_file(pki_.ca_cert));
  std::string log = image.root.path() + "/dev/termination-log";
  ::unlink(log.c_str());
  ASSERT_EQ(::mkfifo(log.c_str(), 0600), 0);
  std::vector<std::string> env = {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base("revoked"), "SSL_CERT_FILE=/ca.pem"};
  Invocation spec;
  spec.args = {image.root.path(), "/keyguard"};
  spec.env = env;
  spec.timeout_ms = 10000;
  Ran ran = run_process("/usr/sbin/chroot", spec);
  EXPECT_FALSE(ran.killed_by_timeout) << "blocked opening the FIFO";
  EXPECT_EQ(ran.exit_code, 77) << ran.err;
}

TEST_F(Network, PutsNoKeyOfAUsageErrorInTheTerminationLog) {
  std::string why;
  if (!chroot_permitted(&why)) GTEST_SKIP() << why;
  ScratchImage image("127.0.0.1 localhost\n");
  std::string log = image.root.write("dev/termination-log", "", 0644);
  Ran ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard"}, {"OPENAI_API_KEY=" + kKey, "KEYGUARD_TIMEOUT=5" + kKey});
  EXPECT_EQ(ran.exit_code, 64);
  std::string summary = read_file(log);
  EXPECT_NE(summary.find("bad KEYGUARD_TIMEOUT"), std::string::npos) << summary;
  for (std::size_t i = 0; i + 12 <= kKey.size(); ++i)
    ASSERT_EQ(summary.find(kKey.substr(i, 12)), std::string::npos) << "12 characters of the key at " << i;
}

TEST_F(Network, PutsNoKeyGivenAsAModelIdInTheTerminationLog) {
  std::string why;
  if (!chroot_permitted(&why)) GTEST_SKIP() << why;
  ScratchImage image("127.0.0.1 localhost\n");
  image.root.write("ca.pem", read_file(pki_.ca_cert));
  std::string log = image.root.write("dev/termination-log", "", 0644);
  // The openai fixture's dialect: its model route answers 404 for an id it does not know.
  const std::string base_url = "https://localhost:" + std::to_string(server_->port()) + "/openai/valid/v1";
  auto holds_a_run = [](const std::string& text, const std::string& key) {
    for (std::size_t i = 0; i + 12 <= key.size(); ++i)
      if (text.find(key.substr(i, 12)) != std::string::npos) return true;
    return false;
  };

  // The key of a variable, given as the model: a usage error, before any check.
  Ran ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard"},
                {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=" + base_url, "SSL_CERT_FILE=/ca.pem",
                 "KEYGUARD_MODELS=openai=" + kKey});
  EXPECT_EQ(ran.exit_code, 64) << ran.err;
  std::string summary = read_file(log);
  EXPECT_EQ(summary, ran.err);
  EXPECT_NE(summary.find("entry 1 of KEYGUARD_MODELS (openai, "), std::string::npos) << summary;
  EXPECT_FALSE(holds_a_run(summary, kKey)) << summary;

  // A key from a file, whose look gives nothing away, gets to the check: the model's line says
  // it is unavailable without showing it.
  const std::string file_key = "Kf" + std::string(38, 'q');
  image.root.write("key", file_key);
  ran = run("/usr/sbin/chroot", {image.root.path(), "/keyguard"},
            {"OPENAI_API_KEY_FILE=/key", "OPENAI_BASE_URL=" + base_url, "SSL_CERT_FILE=/ca.pem",
             "KEYGUARD_MODELS=openai=" + file_key});
  EXPECT_EQ(ran.exit_code, 77) << ran.err;
  summary = read_file(log);
  EXPECT_EQ(summary, ran.err);
  EXPECT_NE(summary.find("keyguard: error: openai: model [redacted]: model_unavailable"), std::string::npos) << summary;
  EXPECT_FALSE(holds_a_run(summary, file_key)) << summary;
}

TEST_F(Network, KeepsTheDnsSinkOfTheNamespaceOutOfTheCommand) {
  TempDir dir;
  std::string resolv = dir.write("resolv.conf", "nameserver 127.0.0.1\n", 0644);
  Invocation spec;
  // The glob's own directory descriptor is listed and closed before readlink reaches it:
  // that one readlink may fail, and must not decide the exit status.
  spec.args = {resolv, "/bin/sh", "-c", "for f in /proc/$$/fd/*; do readlink $f || :; done"};
  Ran ran = run_process(NETNS_EXEC_BINARY, spec);
  if (ran.exit_code == 77 && ran.err.rfind("netns_exec:", 0) == 0)
    GTEST_SKIP() << "namespaces are not permitted here: " << ran.err;
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out.find("socket:"), std::string::npos) << ran.out;
}

TEST_F(Network, StopsADnsServerThatNeverAnswersAtTheDeadline) {
  TempDir dir;
  std::string resolv = dir.write("resolv.conf", "nameserver 127.0.0.1\noptions timeout:30 attempts:5\n", 0644);
  // A name /etc/hosts does not know, so the lookup must ask DNS.
  Ran ran = run_in_namespace({resolv}, {"--timeout", "1s"},
                             {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=https://api.keyguard-dns-stall.test/v1",
                              "KEYGUARD_CA_FILE=" + pki_.ca_cert});
  if (ran.exit_code == 77 && ran.err.rfind("netns_exec:", 0) == 0)
    GTEST_SKIP() << "namespaces are not permitted here: " << ran.err;
  boost::json::object top = report(ran);
  ASSERT_FALSE(top.empty());
  auto& entry = top["providers"].as_array()[0].as_object();
  EXPECT_EQ(entry["outcome"].as_string(), "timeout") << ran.err;
  EXPECT_EQ(entry["phase"].as_string(), "dns") << ran.err;
  EXPECT_LT(ran.elapsed_ms, 1500);
}

TEST_F(Network, SendsAKeyOverPlainHttpOnlyToALoopbackAddress) {
  // A search domain or a hosts file can make "localhost" another host. Inside a namespace
  // whose only interface is lo, where nothing can leave, it resolves to 192.0.2.1.
  TempDir dir;
  std::string resolv = dir.write("resolv.conf", "nameserver 127.0.0.1\n", 0644);
  std::string hosts = dir.write("hosts", "192.0.2.1 localhost\n", 0644);
  Ran ran = run_in_namespace({"--hosts", hosts, resolv}, {"--timeout", "2s"},
                             {"OPENAI_API_KEY=" + kKey, "OPENAI_BASE_URL=http://localhost:8000/v1"});
  if (ran.exit_code == 77 && ran.err.rfind("netns_exec:", 0) == 0)
    GTEST_SKIP() << "namespaces are not permitted here: " << ran.err;
  boost::json::object top = report(ran);
  ASSERT_FALSE(top.empty());
  auto& entry = top["providers"].as_array()[0].as_object();
  EXPECT_EQ(entry["outcome"].as_string(), "misconfigured") << ran.err;
  EXPECT_EQ(ran.exit_code, 78);
  EXPECT_NE(std::string(entry["message"].as_string()).find("resolves to no loopback address"), std::string::npos)
      << ran.err;
}

/// Whether TEXT holds KEY, or a run of 12 of its characters, in any case: a key that went
/// into a host name may come back lower-cased.
bool holds_key(const std::string& text, const std::string& key) {
  auto lower = [](std::string value) {
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return value;
  };
  std::string haystack = lower(text), needle = lower(key);
  for (std::size_t i = 0; i + 12 <= needle.size(); ++i)
    if (haystack.find(needle.substr(i, 12)) != std::string::npos) return true;
  return haystack.find(needle) != std::string::npos;
}

TEST_F(Network, NeverLooksUpOrShowsAKeyPutWhereAHostNameBelongs) {
  TempDir dir;
  // A DNS server that never answers, and a deadline: a query would show in the count, and as
  // a run that stalls in phase dns.
  std::string resolv = dir.write("resolv.conf", "nameserver 127.0.0.1\noptions timeout:30 attempts:5\n", 0644);
  std::string queries = dir.path() + "/queries";
  const std::string azure_key = "0123456789abcdef0123456789abcdef";  // Azure's shape: 32 hex digits
  const std::string bedrock_key = "ABSK" + std::string(128, 'B');
  const std::string opaque_key = "abcdefghijklmnop-qrstuvwxyz";  // no provider's shape
  struct Case {
    std::string what;
    std::string provider;  ///< the only one checked: OPENAI_API_KEY may be set for its value alone
    std::vector<std::string> env;
    std::string key;   ///< the secret that must go nowhere
    std::string said;  ///< in the provider's message
  };
  const Case cases[] = {
      {"swapped Azure variables", "azure", {"AZURE_RESOURCE_NAME=" + azure_key, "AZURE_OPENAI_API_KEY=contoso-openai-prod"},
       azure_key, "AZURE_RESOURCE_NAME holds what looks like an Azure OpenAI key"},
      {"a key in the Azure endpoint's host, swapped", "azure",
       {"AZURE_OPENAI_ENDPOINT=https://" + azure_key + ".openai.azure.com", "AZURE_OPENAI_API_KEY=contoso-openai-prod"},
       azure_key, "AZURE_OPENAI_ENDPOINT's host holds what looks like an Azure OpenAI key"},
      {"the key in the Azure endpoint's host too", "azure",
       {"AZURE_OPENAI_ENDPOINT=https://" + azure_key + ".openai.azure.com", "AZURE_OPENAI_API_KEY=" + azure_key},
       azure_key, "AZURE_OPENAI_ENDPOINT's host holds the value of AZURE_OPENAI_API_KEY"},
      {"another variable's key as the resource name", "azure",
       {"AZURE_RESOURCE_NAME=" + opaque_key, "AZURE_OPENAI_API_KEY=" + azure_key, "OPENAI_API_KEY=" + opaque_key},
       opaque_key, "AZURE_RESOURCE_NAME holds the value of OPENAI_API_KEY"},
      {"swapped Bedrock variables", "bedrock", {"AWS_REGION=" + bedrock_key, "AWS_BEARER_TOKEN_BEDROCK=us-east-1"}, bedrock_key,
       "AWS_REGION holds what looks like an Amazon Bedrock API key"},
      {"a gateway's host holding the key", "openai",
       {"OPENAI_BASE_URL=https://gw-" + kKey.substr(20, 40) + ".example/v1", "OPENAI_API_KEY=" + kKey}, kKey,
       "OPENAI_BASE_URL's host holds part of the value of OPENAI_API_KEY"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> env = c.env;
    env.push_back("KEYGUARD_CA_FILE=" + pki_.ca_cert);
    Ran ran = run_in_namespace({"--queries", queries, resolv}, {"--timeout", "3s", "--require", c.provider, "/bin/echo", "ran"},
                               env);
    if (ran.exit_code == 77 && ran.err.rfind("netns_exec:", 0) == 0)
      GTEST_SKIP() << "namespaces are not permitted here: " << ran.err;
    EXPECT_EQ(ran.exit_code, 78) << c.what << ": " << ran.err;
    EXPECT_EQ(read_file(queries), "0\n") << c.what << ": a DNS query was sent";
    EXPECT_LT(ran.elapsed_ms, 2000) << c.what;
    EXPECT_EQ(ran.out, "") << c.what;
    EXPECT_FALSE(holds_key(ran.err, c.key)) << c.what << ": " << ran.err;
    boost::json::object top = report(ran);
    ASSERT_FALSE(top.empty()) << c.what;
    ASSERT_EQ(top["providers"].as_array().size(), 1u) << c.what;
    auto& entry = top["providers"].as_array()[0].as_object();
    EXPECT_EQ(entry["outcome"].as_string(), "misconfigured") << c.what;
    EXPECT_TRUE(entry["phase"].is_null()) << c.what;
    std::string message(entry["message"].as_string());
    EXPECT_NE(message.find(c.said), std::string::npos) << c.what << ": " << message;
  }

  // Swapped, the name in the key's variable gets a hint; a key in both places does not.
  for (const std::vector<std::string>& env :
       {std::vector<std::string>{"AZURE_RESOURCE_NAME=" + azure_key, "AZURE_OPENAI_API_KEY=contoso-openai-prod"},
        std::vector<std::string>{"AWS_REGION=" + bedrock_key, "AWS_BEARER_TOKEN_BEDROCK=us-east-1"}}) {
    Ran ran = run_in_namespace({"--queries", queries, resolv}, {"--timeout", "3s"}, env);
    std::string var = env[1].substr(0, env[1].find('='));
    EXPECT_NE(ran.err.find(var + " looks like a name rather than a key: were the two swapped?"), std::string::npos)
        << ran.err;
  }
  Ran ran = run_in_namespace({"--queries", queries, resolv}, {"--timeout", "3s"},
                         {"AZURE_RESOURCE_NAME=" + azure_key, "AZURE_OPENAI_API_KEY=" + azure_key});
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  EXPECT_EQ(ran.err.find("swapped"), std::string::npos) << ran.err;

  // The same run with a resource name does ask DNS, and stalls there: the count sees queries.
  ran = run_in_namespace({"--queries", queries, resolv}, {"--timeout", "1s"},
                         {"AZURE_RESOURCE_NAME=contoso-openai-prod", "AZURE_OPENAI_API_KEY=" + azure_key,
                          "KEYGUARD_CA_FILE=" + pki_.ca_cert});
  boost::json::object top = report(ran);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top["providers"].as_array()[0].as_object()["phase"].as_string(), "dns") << ran.err;
  EXPECT_NE(read_file(queries), "0\n");
}

}  // namespace
}  // namespace keyguard::testing
