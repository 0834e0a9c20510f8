// Tables for the proxy policy: which hosts NO_PROXY exempts from the proxy, and the proxy's
// credentials: what is sent, and what is cut out of what the proxy says.
#include "route.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keyguard {
namespace {

struct NoProxyCase {
  std::string no_proxy;
  std::string host;  // as parse_url leaves it: lower case, IPv6 without brackets
  bool bypass;
};

void expect_cases(const std::vector<NoProxyCase>& cases) {
  for (const NoProxyCase& test : cases)
    EXPECT_EQ(no_proxy_matches(test.no_proxy, test.host), test.bypass)
        << "NO_PROXY=\"" << test.no_proxy << "\" host " << test.host;
}

TEST(NoProxy, AStarExemptsEveryHost) {
  expect_cases({
      {"*", "api.openai.com", true},
      {"*", "localhost", true},
      {"*", "127.0.0.1", true},
      {"*", "::1", true},
      {" * ", "api.openai.com", true},
  });
}

TEST(NoProxy, AnEmptyListExemptsNothing) {
  expect_cases({
      {"", "api.openai.com", false},
      {"", "localhost", false},
      {",", "localhost", false},
      {" , ,, ", "localhost", false},
      {".", "localhost", false},
  });
}

TEST(NoProxy, MatchesTheExactHost) {
  expect_cases({
      {"api.openai.com", "api.openai.com", true},
      {"localhost", "localhost", true},
      {"my_internal-host.corp", "my_internal-host.corp", true},
      {"api.openai.com", "api.anthropic.com", false},
      {"localhost", "localhost2", false},
  });
}

TEST(NoProxy, MatchesSubdomainsOfAnEntryButNotLookalikes) {
  expect_cases({
      {"example.com", "api.example.com", true},
      {"example.com", "a.b.example.com", true},
      {"example.com", "badexample.com", false},
      {"example.com", "example.com.evil.net", false},
      {"example.com", "example.co", false},
      {"api.example.com", "example.com", false},
      {"com", "api.example.com", true},
  });
}

TEST(NoProxy, IgnoresALeadingDot) {
  expect_cases({
      {".example.com", "api.example.com", true},
      {".example.com", "example.com", true},
      {".example.com", "badexample.com", false},
  });
}

TEST(NoProxy, IgnoresATrailingDotOnEitherSide) {
  expect_cases({
      {"example.com.", "example.com", true},
      {"example.com.", "api.example.com", true},
      {"example.com", "example.com.", true},
      {"example.com", "api.example.com.", true},
      {"example.com.", "api.example.com.", true},
      {"example.com.", "badexample.com.", false},
  });
}

TEST(NoProxy, IgnoresCase) {
  expect_cases({
      {"EXAMPLE.COM", "api.example.com", true},
      {"Example.Com", "API.EXAMPLE.COM", true},
      {"LocalHost", "localhost", true},
      {"example.com", "Example.COM", true},
  });
}

TEST(NoProxy, ReadsACommaListWithSpacesAndEmptyEntries) {
  expect_cases({
      {"foo.internal,example.com", "api.example.com", true},
      {"foo.internal, example.com", "api.example.com", true},
      {" foo.internal ,  example.com  ", "api.example.com", true},
      {"foo.internal,,example.com,", "api.example.com", true},
      {",,example.com", "example.com", true},
      {"foo.internal, bar.internal", "api.example.com", false},
      {"localhost,127.0.0.1,::1", "::1", true},
      {"localhost,127.0.0.1,::1", "127.0.0.1", true},
      {"localhost,127.0.0.1,::1", "api.openai.com", false},
  });
}

TEST(NoProxy, IgnoresThePortOfAnEntry) {
  expect_cases({
      {"localhost:8080", "localhost", true},
      {"example.com:443", "api.example.com", true},
      {"example.com:443", "badexample.com", false},
      {"127.0.0.1:8080", "127.0.0.1", true},
      {"[::1]:443", "::1", true},
      {"[2001:db8::a]:8443", "2001:db8::a", true},
      {"localhost:", "localhost", true},
  });
}

TEST(NoProxy, MatchesIpv4AddressesOnlyExactly) {
  expect_cases({
      {"127.0.0.1", "127.0.0.1", true},
      {"10.0.0.1", "10.0.0.1", true},
      {"127.0.0.1", "127.0.0.2", false},
      {"10.0.0.1", "10.0.0.10", false},
      {"10.0.0.10", "10.0.0.1", false},
      // An address is not a domain: its tail is no suffix to match.
      {"0.0.1", "10.0.0.1", false},
      {"1", "10.0.0.1", false},
      {".0.0.1", "10.0.0.1", false},
  });
}

TEST(NoProxy, MatchesIpv6AddressesWithOrWithoutBrackets) {
  expect_cases({
      {"::1", "::1", true},
      {"[::1]", "::1", true},
      {"[::1]:443", "::1", true},
      {"2001:db8::a", "2001:db8::a", true},
      {"2001:DB8::A", "2001:db8::a", true},
      {"::1", "fe80::1", false},
      {"[::1]", "::2", false},
      {"1", "2001:db8::1", false},
      {"::1", "localhost", false},
  });
}

TEST(Route, ReadsTheProxyCredentialsFromItsUrlAndSendsThemDecodedAsBasic) {
  const struct {
    std::string proxy, basic;
  } cases[] = {
      {"http://user:p%40ss@127.0.0.1:3128", "dXNlcjpwQHNz"},  // user:p@ss
      {"user:p%40ss@127.0.0.1:3128", "dXNlcjpwQHNz"},         // no scheme: http://, as curl reads it
      {"http://user@127.0.0.1", "dXNlcjo="},                  // user:
      {"http://u:p@ss@[::1]:3128", "dTpwQHNz"},               // the last '@' ends them: u:p@ss
      {"http://127.0.0.1:3128", ""},
  };
  for (const auto& test : cases) {
    ProxySettings proxy = read_proxy_settings(Environment({"https_proxy=" + test.proxy}));
    EXPECT_EQ(proxy.error, "") << test.proxy;
    EXPECT_EQ(proxy.credentials.basic(), test.basic) << test.proxy;
    EXPECT_EQ(proxy.credentials.empty(), test.basic.empty()) << test.proxy;
  }
}

TEST(Route, CutsEveryFormOfTheProxyCredentialsOutOfWhatTheProxySays) {
  const struct {
    std::string userinfo, said, shown;
  } cases[] = {
      // As written, percent-decoded, in base64, the password alone (written and decoded).
      {"svc:Pr0xy%40S3cret%21Pw", "Credentials c3ZjOlByMHh5QFMzY3JldCFQdw== (svc:Pr0xy@S3cret!Pw) refused",
       "Credentials [redacted] ([redacted]) refused"},
      {"svc:Pr0xy%40S3cret%21Pw", "bad svc:Pr0xy%40S3cret%21Pw", "bad [redacted]"},
      {"svc:Pr0xy%40S3cret%21Pw", "password Pr0xy@S3cret!Pw, or Pr0xy%40S3cret%21Pw?", "password [redacted], or [redacted]?"},
      // Any 8 characters of a form, as for a key; a shorter password wherever it appears whole.
      {"svc:Pr0xy%40S3cret%21Pw", "no S3cret!Pw here", "no [redacted] here"},
      {"ops:hunter", "Basic b3BzOmh1bnRlcg== for ops:hunter: hunter refused", "Basic [redacted] for [redacted]: [redacted] refused"},
      {"ops:hunter", "Proxy Authentication Required", "Proxy Authentication Required"},
      {"ops", "user ops: no password (b3BzOg==)", "user [redacted] no password ([redacted])"},
  };
  for (const auto& test : cases) EXPECT_EQ(ProxyCredentials(test.userinfo).redact(test.said), test.shown) << test.said;
}

}  // namespace
}  // namespace keyguard
