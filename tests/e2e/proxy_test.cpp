// Proxies end to end (docs/networks.md): the real binary through a real CONNECT proxy on loopback to
// a real TLS server, with credentials, refusals, NO_PROXY and the order of the variables.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "connect_proxy.h"
#include "fake_provider.h"
#include "harness.h"
#include "test_pki.h"

namespace keyguard::testing {
namespace {

/// A test key whose every run of 12 characters is distinctive, so that finding one proves a leak.
std::string varied_key() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string key = "sk-proj-";
  for (int i = 0; i < 148; ++i) key += kAlphabet[(i * 7 + i / 62) % 62];
  return key + "Prx12345";
}

const std::string kKey = varied_key();

/// The shared world of these tests: one PKI, the provider, and a proxy of each kind.
class World {
 public:
  static World& get() {
    static World world;
    return world;
  }
  TempDir dir;
  TestPki pki;
  std::unique_ptr<FakeProvider> provider, plain, silent;
  std::unique_ptr<ConnectProxy> open, with_password, user_only, refusing, answers_401;
  int dead_port = 0;  ///< nothing listens there
  std::string error;

  bool ready() const {
    return provider && plain && silent && open && with_password && user_only && refusing && answers_401 && dead_port;
  }

 private:
  World() {
    if (!generate_test_pki(dir.path() + "/pki", &pki, &error)) return;
    provider = start_provider(FakeProvider::Mode::tls);
    plain = start_provider(FakeProvider::Mode::plain);
    silent = start_provider(FakeProvider::Mode::stall_handshake);  // a proxy that accepts and never answers
    open = start_proxy({});
    with_password = start_proxy({"user", "p@ss", false});
    user_only = start_proxy({"user", "", false});
    refusing = start_proxy({"", "", true});
    answers_401 = start_proxy({"user", "p@ss", false, 401});
    // A port that was free a moment ago: bind, read the number, close.
    ConnectProxy closed;
    if (closed.start(&error)) dead_port = closed.port();
  }
  std::unique_ptr<FakeProvider> start_provider(FakeProvider::Mode mode) {
    FakeProvider::Options options;
    options.mode = mode;
    if (mode == FakeProvider::Mode::tls) {
      options.cert_file = pki.server_cert;
      options.key_file = pki.server_key;
    }
    auto server = std::make_unique<FakeProvider>(options);
    if (!server->start(&error)) return nullptr;
    return server;
  }
  std::unique_ptr<ConnectProxy> start_proxy(ConnectProxy::Options options) {
    auto proxy = std::make_unique<ConnectProxy>(options);
    if (!proxy->start(&error)) return nullptr;
    return proxy;
  }
};

std::string proxy_url(int port, const std::string& userinfo = "") {
  return "http://" + (userinfo.empty() ? "" : userinfo + "@") + "127.0.0.1:" + std::to_string(port);
}
std::string proxy_url(const ConnectProxy& proxy, const std::string& userinfo = "") {
  return proxy_url(proxy.port(), userinfo);
}

std::string provider_authority() { return "localhost:" + std::to_string(World::get().provider->port()); }


std::string str(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : value.is_null() ? "null" : boost::json::serialize(value);
}

std::map<std::string, std::string> headers_of(const ProxiedRequest& request) {
  return {request.headers.begin(), request.headers.end()};
}

class Proxy : public ::testing::Test {
 protected:
  void SetUp() override {
    World& world = World::get();
    ASSERT_TRUE(world.ready()) << world.error;
    world.provider->clear_requests();
    world.plain->clear_requests();
    for (ConnectProxy* proxy : {world.open.get(), world.with_password.get(), world.user_only.get(),
                                world.refusing.get()})
      proxy->clear();
  }

  /// The environment for OpenAI at BASE_URL (the provider's valid scenario by default), plus EXTRA.
  static std::vector<std::string> env_with(std::vector<std::string> extra, const std::string& base_url = "") {
    std::vector<std::string> env = {
        "PATH=/usr/bin:/bin", "KEYGUARD_CA_FILE=" + World::get().pki.ca_cert, "OPENAI_API_KEY=" + kKey,
        "OPENAI_BASE_URL=" + (base_url.empty() ? "https://" + provider_authority() + "/valid/v1" : base_url)};
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
  }

  static Ran keyguard(std::vector<std::string> args, std::vector<std::string> env) {
    Invocation run;
    run.args = std::move(args);
    run.env = std::move(env);
    return run_process(keyguard_binary(), run);
  }

  /// Runs with --format json and returns the single provider entry, with "__exit" added.
  static boost::json::object probe_json(std::vector<std::string> env, std::vector<std::string> extra_args = {},
                                        Ran* ran_out = nullptr) {
    std::vector<std::string> args = {"--format", "json"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    Ran ran = keyguard(args, std::move(env));
    if (ran_out) *ran_out = ran;
    boost::json::error_code ec;
    boost::json::value root = boost::json::parse(ran.err, ec);
    if (ec || !root.is_object() || !root.as_object().contains("providers")) {
      ADD_FAILURE() << "not one JSON report: " << ran.err;
      return {};
    }
    auto& providers = root.as_object()["providers"].as_array();
    if (providers.size() != 1) {
      ADD_FAILURE() << ran.err;
      return {};
    }
    boost::json::object entry = providers[0].as_object();
    entry["__exit"] = ran.exit_code;
    return entry;
  }

  /// Expects a probe that passed through PROXY: one CONNECT, and the provider saw the request.
  static void expect_tunnelled_through(const ConnectProxy& proxy, boost::json::object& entry) {
    EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
    std::vector<ProxiedRequest> requests = proxy.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].request_line, "CONNECT " + provider_authority() + " HTTP/1.1");
    EXPECT_EQ(World::get().provider->requests().size(), 1u);
  }
};

TEST_F(Proxy, TunnelsTheProbeThroughHttpsProxyWithOneConnect) {
  World& world = World::get();
  boost::json::object entry = probe_json(env_with({"https_proxy=" + proxy_url(*world.open)}));
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
  EXPECT_EQ(entry["__exit"].as_int64(), 0);
  EXPECT_TRUE(entry["phase"].is_null());
  EXPECT_TRUE(entry["timings_ms"].as_object().contains("proxy")) << boost::json::serialize(entry);
  // Connecting to the proxy is timed in phase proxy, where its failures are reported too.
  EXPECT_FALSE(entry["timings_ms"].as_object().contains("connect")) << boost::json::serialize(entry);

  std::vector<ProxiedRequest> requests = world.open->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].request_line, "CONNECT " + provider_authority() + " HTTP/1.1");
  std::map<std::string, std::string> headers = headers_of(requests[0]);
  EXPECT_EQ(headers["host"], provider_authority());
  EXPECT_EQ(headers.count("proxy-authorization"), 0u);

  std::vector<RecordedRequest> reached = world.provider->requests();
  ASSERT_EQ(reached.size(), 1u);
  EXPECT_EQ(reached[0].target, "/valid/v1/models");
  EXPECT_EQ(reached[0].dialect, "openai");
}

TEST_F(Proxy, ReadsAProxyWithoutSchemeAsHttpLikeCurl) {
  World& world = World::get();
  boost::json::object entry = probe_json(env_with({"https_proxy=127.0.0.1:" + std::to_string(world.open->port())}));
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
  EXPECT_EQ(world.open->requests().size(), 1u);
}

TEST_F(Proxy, TunnelsEachProviderThroughItsOwnConnect) {
  World& world = World::get();
  std::vector<std::string> env = env_with({"https_proxy=" + proxy_url(*world.open)});
  env.push_back("ANTHROPIC_API_KEY=sk-ant-api03-" + std::string(91, 'Q') + "Zyxw");
  env.push_back("ANTHROPIC_BASE_URL=https://" + provider_authority() + "/valid");
  Ran ran = keyguard({}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(world.open->requests().size(), 2u);
  EXPECT_EQ(world.provider->requests().size(), 2u);
}

TEST_F(Proxy, SendsProxyCredentialsAsBasicAndTheKeyOnlyInsideTls) {
  World& world = World::get();
  boost::json::object entry =
      probe_json(env_with({"https_proxy=" + proxy_url(*world.with_password, "user:p%40ss")}));
  expect_tunnelled_through(*world.with_password, entry);

  std::vector<ProxiedRequest> requests = world.with_password->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(headers_of(requests[0])["proxy-authorization"], "Basic dXNlcjpwQHNz");  // user:p@ss
  EXPECT_FALSE(holds_run_of(requests[0].request_line, kKey));
  for (const auto& [name, value] : requests[0].headers)
    EXPECT_FALSE(holds_run_of(name + ": " + value, kKey)) << name;

  // The tunnel carried TLS from its first byte (a handshake record), and never the key in clear.
  std::string tunnelled = world.with_password->tunnelled_bytes();
  ASSERT_FALSE(tunnelled.empty());
  EXPECT_EQ(tunnelled[0], '\x16');
  EXPECT_FALSE(holds_run_of(tunnelled, kKey));
  EXPECT_EQ(tunnelled.find("Bearer"), std::string::npos);

  // And yet the key arrived, through the tunnel.
  std::vector<RecordedRequest> reached = world.provider->requests();
  ASSERT_EQ(reached.size(), 1u);
  std::map<std::string, std::string> sent(reached[0].headers.begin(), reached[0].headers.end());
  EXPECT_TRUE(sent["authorization"] == "Bearer " + kKey);  // not EXPECT_EQ: a failure would print the key
}

TEST_F(Proxy, SendsAUserWithoutPasswordAsBasicUserColon) {
  World& world = World::get();
  boost::json::object entry = probe_json(env_with({"https_proxy=" + proxy_url(*world.user_only, "user")}));
  expect_tunnelled_through(*world.user_only, entry);
  ASSERT_EQ(world.user_only->requests().size(), 1u);
  EXPECT_EQ(headers_of(world.user_only->requests()[0])["proxy-authorization"], "Basic dXNlcjo=");  // user:
}

TEST_F(Proxy, PrefersLowerCaseHttpsProxyOverUpperCase) {
  World& world = World::get();
  boost::json::object entry = probe_json(
      env_with({"HTTPS_PROXY=" + proxy_url(world.dead_port), "https_proxy=" + proxy_url(*world.open)}));
  expect_tunnelled_through(*world.open, entry);
}

TEST_F(Proxy, UsesUpperCaseHttpsProxyAlone) {
  World& world = World::get();
  boost::json::object entry = probe_json(env_with({"HTTPS_PROXY=" + proxy_url(*world.open)}));
  expect_tunnelled_through(*world.open, entry);
}

TEST_F(Proxy, FallsBackToAllProxyWhenNoHttpsProxyIsSet) {
  World& world = World::get();
  for (const std::string var : {"ALL_PROXY", "all_proxy"}) {
    SCOPED_TRACE(var);
    world.open->clear();
    world.provider->clear_requests();
    boost::json::object entry = probe_json(env_with({var + "=" + proxy_url(*world.open)}));
    expect_tunnelled_through(*world.open, entry);
  }
}

TEST_F(Proxy, ReadsTheProxyVariablesInCurlsOrder) {
  World& world = World::get();
  const std::string dead = proxy_url(world.dead_port);
  const std::vector<std::vector<std::string>> cases = {
      {"all_proxy=" + dead, "https_proxy=" + proxy_url(*world.open)},
      {"ALL_PROXY=" + dead, "HTTPS_PROXY=" + proxy_url(*world.open)},
      {"ALL_PROXY=" + dead, "all_proxy=" + proxy_url(*world.open)},
      {"https_proxy=", "HTTPS_PROXY=" + proxy_url(*world.open)},  // empty is unset
  };
  for (const auto& vars : cases) {
    SCOPED_TRACE(vars[0] + " " + vars[1]);
    world.open->clear();
    world.provider->clear_requests();
    boost::json::object entry = probe_json(env_with(vars));
    expect_tunnelled_through(*world.open, entry);
  }
}

TEST_F(Proxy, BypassesTheProxyForHostsInNoProxy) {
  World& world = World::get();
  for (const std::string no_proxy :
       {"NO_PROXY=localhost", "no_proxy=localhost", "NO_PROXY=*", "no_proxy=example.com, localhost:443",
        "NO_PROXY=.LOCALHOST."}) {
    SCOPED_TRACE(no_proxy);
    world.provider->clear_requests();
    boost::json::object entry = probe_json(env_with({"https_proxy=" + proxy_url(*world.open), no_proxy}));
    EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
    EXPECT_FALSE(entry["timings_ms"].as_object().contains("proxy"));
    EXPECT_TRUE(world.open->requests().empty());
    EXPECT_EQ(world.provider->requests().size(), 1u);
  }
}

TEST_F(Proxy, UsesTheProxyWhenNoProxyDoesNotMatch) {
  World& world = World::get();
  for (const std::string no_proxy :
       {"NO_PROXY=example.com", "NO_PROXY=notlocalhost", "NO_PROXY=127.0.0.1", "no_proxy=example.com"}) {
    SCOPED_TRACE(no_proxy);
    world.open->clear();
    world.provider->clear_requests();
    std::vector<std::string> env = env_with({"https_proxy=" + proxy_url(*world.open), no_proxy});
    if (no_proxy.rfind("no_proxy", 0) == 0) env.push_back("NO_PROXY=localhost");  // lower case wins
    boost::json::object entry = probe_json(env);
    expect_tunnelled_through(*world.open, entry);
  }
}

TEST_F(Proxy, CallsADownProxyUnreachableInTheProxyPhaseAndNamesTheVariable) {
  World& world = World::get();
  for (const std::string var : {"https_proxy", "HTTPS_PROXY", "all_proxy"}) {
    SCOPED_TRACE(var);
    boost::json::object entry = probe_json(env_with({var + "=" + proxy_url(world.dead_port)}));
    EXPECT_EQ(str(entry["outcome"]), "unreachable");
    EXPECT_EQ(str(entry["phase"]), "proxy");
    EXPECT_EQ(entry["__exit"].as_int64(), 0);
    std::string message = str(entry["message"]);
    EXPECT_NE(message.find("the proxy in " + var), std::string::npos) << message;
    EXPECT_NE(message.find("down or unreachable"), std::string::npos) << message;
  }
  Ran ran = keyguard({"--strict"}, env_with({"https_proxy=" + proxy_url(world.dead_port)}));
  EXPECT_EQ(ran.exit_code, 69) << ran.err;
  EXPECT_TRUE(world.provider->requests().empty());
}

TEST_F(Proxy, CallsARefusingProxyUnreachableAndSaysItRefused) {
  World& world = World::get();
  boost::json::object entry = probe_json(env_with({"https_proxy=" + proxy_url(*world.refusing)}));
  EXPECT_EQ(str(entry["outcome"]), "unreachable");
  EXPECT_EQ(str(entry["phase"]), "proxy");
  EXPECT_TRUE(entry["http_status"].is_null());
  std::string message = str(entry["message"]);
  EXPECT_NE(message.find("the proxy in https_proxy refused the tunnel to " + provider_authority()),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("403 Forbidden"), std::string::npos) << message;
  EXPECT_EQ(world.refusing->requests().size(), 1u);
  EXPECT_TRUE(world.refusing->tunnelled_bytes().empty());
  EXPECT_TRUE(world.provider->requests().empty());
}

TEST_F(Proxy, AsksForCredentialsOrSaysTheyWereRefusedWhenTheProxyAnswers407Or401) {
  World& world = World::get();
  struct Case {
    ConnectProxy* proxy;
    std::string userinfo, status, hint;
  } cases[] = {
      {world.with_password.get(), "", "407", "the proxy wants credentials: http://USER:PASSWORD@HOST:PORT in https_proxy"},
      {world.with_password.get(), "user:wrong", "407", "the proxy refused the credentials in https_proxy; check USER and PASSWORD"},
      {world.answers_401.get(), "", "401", "the proxy wants credentials: http://USER:PASSWORD@HOST:PORT in https_proxy"},
      {world.answers_401.get(), "user:wrong", "401", "the proxy refused the credentials in https_proxy; check USER and PASSWORD"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.status + " " + c.userinfo);
    boost::json::object entry = probe_json(env_with({"https_proxy=" + proxy_url(*c.proxy, c.userinfo)}));
    EXPECT_EQ(str(entry["outcome"]), "unreachable");
    EXPECT_EQ(str(entry["phase"]), "proxy");
    std::string message = str(entry["message"]);
    EXPECT_NE(message.find(c.status), std::string::npos) << message;
    EXPECT_NE(message.find(c.hint), std::string::npos) << message;
    EXPECT_EQ(message.find("wrong"), std::string::npos) << "the proxy password is not shown: " << message;
  }
  EXPECT_TRUE(world.with_password->tunnelled_bytes().empty());
  EXPECT_TRUE(world.provider->requests().empty());
}

TEST_F(Proxy, NeverShowsTheProxyCredentialsItsRefusalQuotesInAnyForm) {
  // A proxy that quotes the credentials it refused in its status line: as sent (base64),
  // decoded, as written in the URL, the password alone. None of it reaches the report.
  struct Case {
    std::string user, password, written;  ///< WRITTEN: user:password as in the URL
    std::string basic;                    ///< base64 of user:password
  } cases[] = {
      {"svc", "Pr0xyS3cretPw", "svc:Pr0xyS3cretPw", "c3ZjOlByMHh5UzNjcmV0UHc="},
      {"svc", "Pr0xy@S3cret!Pw", "svc:Pr0xy%40S3cret%21Pw", "c3ZjOlByMHh5QFMzY3JldCFQdw=="},
      {"ops", "hunter", "ops:hunter", "b3BzOmh1bnRlcg=="},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.written);
    std::string decoded = c.user + ":" + c.password;
    ConnectProxy::Options options;
    options.user = "someone";
    options.password = "else";  // so that these credentials are refused
    options.auth_reason = "Credentials " + c.basic + " (" + decoded + ") refused, " + c.written + " " + c.password;
    ConnectProxy proxy(options);
    std::string err;
    ASSERT_TRUE(proxy.start(&err)) << err;
    std::vector<std::string> env = env_with({"https_proxy=" + proxy_url(proxy, c.written)});
    for (const std::vector<std::string>& format : {std::vector<std::string>{}, std::vector<std::string>{"--format", "json"}}) {
      Ran ran = keyguard(format, env);
      EXPECT_EQ(ran.exit_code, 0) << ran.err;
      ASSERT_EQ(proxy.requests().size(), 1u);
      EXPECT_EQ(headers_of(proxy.requests()[0])["proxy-authorization"], "Basic " + c.basic);
      proxy.clear();
      EXPECT_NE(ran.err.find("refused the tunnel to " + provider_authority() + ": HTTP 407 Credentials [redacted] ([redacted]) refused, "),
                std::string::npos)
          << ran.err;
      EXPECT_NE(ran.err.find("the proxy refused the credentials in https_proxy"), std::string::npos) << ran.err;
      for (const std::string& form : {c.written, decoded, c.basic, c.password})
        EXPECT_FALSE(holds_run_of(ran.err, form, std::min<std::size_t>(8, form.size()))) << form << " in " << ran.err;
    }
  }
}

TEST_F(Proxy, NeverSendsAPlainHttpLoopbackUrlThroughTheProxy) {
  World& world = World::get();
  const std::string base = "http://localhost:" + std::to_string(world.plain->port()) + "/valid/v1";
  const std::string through = proxy_url(*world.open);
  boost::json::object entry = probe_json(env_with(
      {"https_proxy=" + through, "all_proxy=" + through, "http_proxy=" + through, "HTTP_PROXY=" + through}, base));
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
  EXPECT_TRUE(world.open->requests().empty());
  EXPECT_EQ(world.plain->requests().size(), 1u);
}

TEST_F(Proxy, NamesTheTargetPortInTheConnectLineEvenWhenItIs443) {
  World& world = World::get();
  struct Case {
    std::string base_url;
    std::string authority;
  };
  const Case cases[] = {
      {"https://localhost/v1", "localhost:443"},
      {"https://localhost:443/v1", "localhost:443"},
      {"https://localhost:8443/v1", "localhost:8443"},
      {"https://[::1]/v1", "[::1]:443"},
      {"https://[::1]:8443/v1", "[::1]:8443"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.base_url);
    world.refusing->clear();
    boost::json::object entry = probe_json(env_with({"https_proxy=" + proxy_url(*world.refusing)}, c.base_url));
    EXPECT_EQ(str(entry["phase"]), "proxy");
    std::vector<ProxiedRequest> requests = world.refusing->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].request_line, "CONNECT " + c.authority + " HTTP/1.1");
    EXPECT_EQ(headers_of(requests[0])["host"], c.authority);
  }
}

TEST_F(Proxy, StopsASilentProxyAtTheDeadlineInTheProxyPhase) {
  Ran ran;
  boost::json::object entry =
      probe_json(env_with({"https_proxy=" + proxy_url(World::get().silent->port())}), {"--timeout", "1s"}, &ran);
  EXPECT_EQ(str(entry["outcome"]), "timeout");
  EXPECT_EQ(str(entry["phase"]), "proxy");
  EXPECT_LT(ran.elapsed_ms, 1300);
  EXPECT_TRUE(World::get().provider->requests().empty());
}

TEST_F(Proxy, RefusesAProxyUrlItCannotUseAsAConfigurationErrorNamingTheVariable) {
  for (const std::string url : {"socks5://127.0.0.1:1080", "https://127.0.0.1:3128", "http://"}) {
    SCOPED_TRACE(url);
    boost::json::object entry = probe_json(env_with({"HTTPS_PROXY=" + url}));
    EXPECT_EQ(str(entry["outcome"]), "misconfigured");
    EXPECT_EQ(entry["__exit"].as_int64(), 78);
    std::string message = str(entry["message"]);
    EXPECT_NE(message.find("HTTPS_PROXY is not a proxy keyguard can use"), std::string::npos) << message;
  }
  EXPECT_TRUE(World::get().provider->requests().empty());
}

TEST_F(Proxy, NeverShowsTheProxyPasswordWhenItsUrlIsBad) {
  Ran ran;
  boost::json::object entry = probe_json(env_with({"https_proxy=socks5://user:s3cretpassw0rd@127.0.0.1:1080"}), {}, &ran);
  EXPECT_EQ(str(entry["outcome"]), "misconfigured");
  EXPECT_NE(str(entry["message"]).find("only http:// proxies are supported, not socks5://"), std::string::npos)
      << str(entry["message"]);
  EXPECT_EQ(ran.err.find("s3cretpassw0rd"), std::string::npos) << ran.err;
}

TEST_F(Proxy, NeverShowsAProxyValueWhoseQueryLooksLikeAScheme) {
  // No scheme before the first "://" (that one is in the query): read as http:// with a
  // password, as curl does, and nothing of it is echoed whatever happens next.
  Ran ran;
  boost::json::object entry = probe_json(
      env_with({"https_proxy=u:Secr3tPw@127.0.0.1:" + std::to_string(World::get().dead_port) + "/?via=http://x"}), {}, &ran);
  EXPECT_EQ(str(entry["outcome"]), "unreachable") << ran.err;
  EXPECT_EQ(str(entry["phase"]), "proxy");
  EXPECT_EQ(ran.err.find("Secr3tPw"), std::string::npos) << ran.err;
  EXPECT_EQ(ran.err.find("via="), std::string::npos) << ran.err;
}

TEST_F(Proxy, FailsOnlyTheProbesThatWouldUseABadProxy) {
  // A loopback http:// provider never goes through the proxy, so a bad proxy is not its problem.
  World& world = World::get();
  boost::json::object entry = probe_json(
      env_with({"https_proxy=socks5://127.0.0.1:1080"}, "http://localhost:" + std::to_string(world.plain->port()) + "/valid/v1"));
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
  entry = probe_json(env_with({"https_proxy=socks5://127.0.0.1:1080", "NO_PROXY=localhost"}));
  EXPECT_EQ(str(entry["outcome"]), "authenticated") << boost::json::serialize(entry);
}

}  // namespace
}  // namespace keyguard::testing
