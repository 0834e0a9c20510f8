// Tables for URL parsing and the helpers that build probe targets from base URLs.
#include "url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keyguard {
namespace {

struct ParsedCase {
  std::string input;
  Url expected;
  std::string userinfo;  ///< as written, which the Url does not keep
};

TEST(Url, ParsesHttpAndHttpsUrls) {
  const std::vector<ParsedCase> cases = {
      {"https://api.openai.com/v1", {"https", "api.openai.com", 443, "/v1", ""}},
      {"https://api.anthropic.com", {"https", "api.anthropic.com", 443, "", ""}},
      {"https://api.anthropic.com/", {"https", "api.anthropic.com", 443, "/", ""}},
      {"http://localhost:11434/v1", {"http", "localhost", 11434, "/v1", ""}},
      {"http://127.0.0.1/v1", {"http", "127.0.0.1", 80, "/v1", ""}},
      {"HTTPS://API.OpenAI.COM/V1/Models", {"https", "api.openai.com", 443, "/V1/Models", ""}},
      {"HtTp://Example.com", {"http", "example.com", 80, "", ""}},
      {"https://gw.example:8443/proxy/v1", {"https", "gw.example", 8443, "/proxy/v1", ""}},
      {"https://gw.example:443/", {"https", "gw.example", 443, "/", ""}},
      {"https://gw.example:00443/", {"https", "gw.example", 443, "/", ""}},
      {"http://gw.example:1", {"http", "gw.example", 1, "", ""}},
      {"http://gw.example:65535", {"http", "gw.example", 65535, "", ""}},
      {"https://res.openai.azure.com/openai/models?api-version=2024-10-21",
       {"https", "res.openai.azure.com", 443, "/openai/models", "api-version=2024-10-21"}},
      {"https://h.example?x=1", {"https", "h.example", 443, "", "x=1"}},
      {"https://h.example/p?", {"https", "h.example", 443, "/p", ""}},
      {"https://h.example/p?a=1&b=2#frag", {"https", "h.example", 443, "/p", "a=1&b=2"}},
      {"https://h.example/p#frag?not-a-query", {"https", "h.example", 443, "/p", ""}},
      {"https://h.example#top", {"https", "h.example", 443, "", ""}},
      {"http://user:p%40ss@proxy.corp:3128", {"http", "proxy.corp", 3128, "", ""}, "user:p%40ss"},
      {"http://user@proxy.corp", {"http", "proxy.corp", 80, "", ""}, "user"},
      {"http://user:p@ss@proxy.corp:3128/", {"http", "proxy.corp", 3128, "/", ""}, "user:p@ss"},
      {"http://[::1]:8080/v1", {"http", "::1", 8080, "/v1", ""}},
      {"http://[::1]", {"http", "::1", 80, "", ""}},
      {"https://[2001:DB8::A]/v1", {"https", "2001:db8::a", 443, "/v1", ""}},
      {"https://[::ffff:192.0.2.1]:8443", {"https", "::ffff:192.0.2.1", 8443, "", ""}},
      {"http://u:p@[::1]:3128", {"http", "::1", 3128, "", ""}, "u:p"},
      {"http://localhost./v1", {"http", "localhost.", 80, "/v1", ""}},
      {"https://my_internal-host.corp.example/v1", {"https", "my_internal-host.corp.example", 443, "/v1", ""}},
  };
  for (const ParsedCase& test : cases) {
    SCOPED_TRACE(test.input);
    Url url;
    std::string err;
    std::string_view userinfo = "unset";
    ASSERT_TRUE(parse_url(test.input, &url, &err, &userinfo)) << err;
    EXPECT_EQ(url.scheme, test.expected.scheme);
    EXPECT_EQ(userinfo, test.userinfo);
    EXPECT_EQ(url.host, test.expected.host);
    EXPECT_EQ(url.port, test.expected.port);
    EXPECT_EQ(url.path, test.expected.path);
    EXPECT_EQ(url.query, test.expected.query);
  }
}

struct RejectedCase {
  std::string input;
  std::string error;
};

TEST(Url, RejectsUrlsThatCannotBeProbed) {
  const std::vector<RejectedCase> cases = {
      {"", "not an http or https URL"},
      {"api.openai.com/v1", "not an http or https URL"},
      {"ftp://example.com", "not an http or https URL"},
      {"wss://example.com", "not an http or https URL"},
      {"://example.com", "not an http or https URL"},
      {"https:/example.com", "not an http or https URL"},
      {"https:example.com", "not an http or https URL"},
      {"https://", "no host"},
      {"https:///v1", "no host"},
      {"https://:443/v1", "no host"},
      {"http://user:pass@", "no host"},
      {"http://user:pass@/v1", "no host"},
      {"https://?x=1", "no host"},
      {"http://[]:80", "no host"},
      {"https://api.openai.com /v1", "contains a space or control character"},
      {" https://api.openai.com", "contains a space or control character"},
      {"https://api.openai.com/v1\n", "contains a space or control character"},
      {"https://api.open\tai.com", "contains a space or control character"},
      {"https://api.openai.com/\x7f", "contains a space or control character"},
      {"https://b\xc3\xbc" "cher.example", "contains non-ASCII characters"},
      {"https://api.openai.com\"/v1", "bad host"},
      {"https://api\\openai.com", "bad host"},
      {"https://exa%6dple.com", "bad host"},
      {"https://[::1]x/v1", "bad host"},
      {"http://[::1", "bad IPv6 address"},
      {"http://[::g]", "bad IPv6 address"},
      {"http://[127.0.0.1]", "bad IPv6 address"},
      {"http://[fe80::1%25eth0]", "bad IPv6 address"},
      {"https://h.example:", "bad port"},
      {"https://h.example:/v1", "bad port"},
      {"https://h.example:0", "bad port"},
      {"https://h.example:65536", "bad port"},
      {"https://h.example:99999999999", "bad port"},
      {"https://h.example:-1", "bad port"},
      {"https://h.example:+80", "bad port"},
      {"https://h.example:8o", "bad port"},
      {"https://h.example:80:81", "bad port"},
      {"http://[::1]:", "bad port"},
      {"http://[::1]:http", "bad port"},
      {"http://::1/v1", "no host"},
  };
  for (const RejectedCase& test : cases) {
    SCOPED_TRACE(test.input);
    Url url;
    url.host = "untouched";
    std::string err;
    EXPECT_FALSE(parse_url(test.input, &url, &err));
    EXPECT_EQ(err, test.error);
    EXPECT_EQ(url.host, "untouched");
  }
}

TEST(Url, JoinsBasePathAndProbePathWithOneSlash) {
  struct Case {
    const char* base;
    const char* suffix;
    const char* joined;
  };
  const Case cases[] = {
      {"/v1/", "/models", "/v1/models"},
      {"/v1", "/models", "/v1/models"},
      {"", "/v1/models", "/v1/models"},
      {"/", "/v1/models", "/v1/models"},
      {"/proxy/v1", "/models", "/proxy/v1/models"},
      {"/proxy/v1/", "/models", "/proxy/v1/models"},
      {"/v1", "models", "/v1/models"},
      {"", "models", "/models"},
      {"/v1/", "", "/v1/"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(std::string(test.base) + " + " + test.suffix);
    EXPECT_EQ(join_path(test.base, test.suffix), test.joined);
  }
}

TEST(Url, RecognisesOnlyLoopbackHostsAsLoopback) {
  struct Case {
    const char* host;
    bool loopback;
  };
  const Case cases[] = {
      {"localhost", true},
      {"LocalHost", true},
      {"localhost.", true},
      {"LOCALHOST.", true},
      {"127.0.0.1", true},
      {"127.1.2.3", true},
      {"127.255.255.255", true},
      {"::1", true},
      {"0:0:0:0:0:0:0:1", true},
      {"0000:0000:0000:0000:0000:0000:0000:0001", true},
      {"[::1]", true},
      {"::ffff:127.0.0.1", true},
      {"", false},
      {"localhost.localdomain", false},
      {"localhost.evil.example", false},
      {"evil-localhost", false},
      {"127.0.0.1.nip.io", false},
      {"127.evil.example", false},
      {"128.0.0.1", false},
      {"10.0.0.1", false},
      {"0.0.0.0", false},
      {"127.0.0.256", false},
      {"127.0.0", false},
      {"127.1", false},
      {"0177.0.0.1", false},
      {"0x7f.0.0.1", false},
      {"127.0.0.01", false},
      {"::", false},
      {"::2", false},
      {"::ffff:10.0.0.1", false},
      {"api.openai.com", false},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.host);
    EXPECT_EQ(is_loopback_host(test.host), test.loopback);
  }
}

TEST(Url, BuildsHostHeaderWithPortOnlyWhenNotDefault) {
  struct Case {
    const char* url;
    const char* host_header;
  };
  const Case cases[] = {
      {"https://api.openai.com/v1", "api.openai.com"},
      {"https://API.OpenAI.com:443/v1", "api.openai.com"},
      {"https://gw.example:8443", "gw.example:8443"},
      {"https://gw.example:80", "gw.example:80"},
      {"http://localhost", "localhost"},
      {"http://localhost:80", "localhost"},
      {"http://localhost:443", "localhost:443"},
      {"http://localhost:11434/v1", "localhost:11434"},
      {"http://[::1]/v1", "[::1]"},
      {"http://[::1]:8080/v1", "[::1]:8080"},
      {"https://[2001:db8::1]", "[2001:db8::1]"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.url);
    Url url;
    std::string err;
    ASSERT_TRUE(parse_url(test.url, &url, &err)) << err;
    EXPECT_EQ(host_header(url), test.host_header);
  }
}

TEST(Url, DecodesPercentEscapesAndKeepsInvalidOnes) {
  struct Case {
    const char* encoded;
    const char* decoded;
  };
  const Case cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"p%40ss", "p@ss"},
      {"%3a%3A", "::"},
      {"a%20b", "a b"},
      {"%25", "%"},
      {"%2541", "%41"},
      {"%", "%"},
      {"ab%", "ab%"},
      {"ab%4", "ab%4"},
      {"%zz", "%zz"},
      {"%4g", "%4g"},
      {"%%41", "%A"},
      {"%C3%BC", "\xc3\xbc"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.encoded);
    EXPECT_EQ(percent_decode(test.encoded).view(), test.decoded);
  }
  EXPECT_EQ(percent_decode("a%00b").view(), std::string_view("a\0b", 3));
}

}  // namespace
}  // namespace keyguard

namespace keyguard {
namespace {

TEST(Url, PercentEncodesAllButUnreservedCharacters) {
  struct Case {
    std::string_view text, encoded;
  } cases[] = {{"2024-10-21", "2024-10-21"}, {"a b&c=d", "a%20b%26c%3Dd"}, {"~._-", "~._-"}, {"\xC3\xA9", "%C3%A9"}, {"", ""}};
  for (const Case& c : cases) EXPECT_EQ(percent_encode(c.text), c.encoded) << c.text;
}

}  // namespace
}  // namespace keyguard
