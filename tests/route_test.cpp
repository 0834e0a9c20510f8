// Tables for the proxy policy: which hosts NO_PROXY exempts from the proxy.
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

}  // namespace
}  // namespace keyguard
