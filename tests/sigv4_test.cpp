// SigV4 signing: every header-* case of the AWS Signature Version 4 test suite (tests/sigv4/,
// Apache-2.0, see its README) byte for byte, Bedrock's double-encoded path, and what is refused.
#include "sigv4.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "harness.h"

namespace keyguard {
namespace {

const std::string kSuiteDir = std::string(KEYGUARD_SOURCE_DIR) + "/tests/sigv4";
// The suite's size at the commit copied (tests/sigv4/README.md): a case lost in a copy fails.
constexpr std::size_t kSuiteCases = 38;

std::vector<std::string> suite_cases() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(kSuiteDir, error))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// A request as request.txt writes it: the request line, header lines (a line that starts with
/// white space continues the one before, HTTP's obsolete line folding), a blank line, the body.
struct SuiteRequest {
  std::string method, path, query;
  std::vector<std::string> header_lines;  ///< as written, folded lines included, for the signed request
  std::string host;
  std::vector<std::pair<std::string, std::string>> headers;  ///< unfolded, Host left out
  std::string body;
  bool has_body = false;
};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool read_request(const std::string& text, SuiteRequest* request, std::string* err) {
  auto failure = [err](std::string reason) {
    *err = std::move(reason);
    return false;
  };
  std::size_t at = text.find('\n');
  std::string line = text.substr(0, at);
  // The target may hold a space (get-space-*): the method ends at the first, the version
  // starts after the last.
  std::size_t first = line.find(' '), last = line.rfind(' ');
  if (first == std::string::npos || last <= first) return failure("no request line");
  request->method = line.substr(0, first);
  std::string target = line.substr(first + 1, last - first - 1);
  std::size_t question = target.find('?');
  request->path = target.substr(0, question);
  if (question != std::string::npos) request->query = target.substr(question + 1);
  while (at != std::string::npos) {
    std::size_t start = at + 1;
    at = text.find('\n', start);
    line = text.substr(start, at == std::string::npos ? std::string::npos : at - start);
    if (line.empty()) {
      if (at != std::string::npos) {
        request->body = text.substr(at + 1);
        request->has_body = true;
      }
      break;
    }
    request->header_lines.push_back(line);
    if (line[0] == ' ' || line[0] == '\t') {
      if (request->headers.empty()) return failure("a folded line before any header");
      request->headers.back().second += " " + line;  // the signer's trimming makes runs one space
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) return failure("a header line without a colon: " + line);
    request->headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  for (auto header = request->headers.begin(); header != request->headers.end(); ++header)
    if (equals_ignoring_case(header->first, "host")) {
      request->host = header->second;
      request->headers.erase(header);
      break;
    }
  return true;
}

/// The suite's request with the signer's headers added after its own, as header-signed-request.txt lists them.
std::string signed_request_text(const SuiteRequest& request, const SigV4Signature& signature) {
  std::string text = request.method + " " + request.path + (request.query.empty() ? std::string() : "?" + request.query) + " HTTP/1.1\n";
  for (const std::string& line : request.header_lines) text += line + "\n";
  for (const SigV4Header& header : signature.headers())
    text.append(header.name).append(":").append(header.value).append("\n");
  text += "\n";
  return text + request.body;
}

std::string file(const std::string& name, const std::string& file) { return testing::read_file(kSuiteDir + "/" + name + "/" + file); }

bool flag(const boost::json::object& context, const char* name) {
  const boost::json::value* value = context.if_contains(name);
  return value && value->is_bool() && value->get_bool();
}

std::string text(const boost::json::object& object, const char* name) {
  const boost::json::value* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// "2015-08-30T12:36:00Z" as SigV4 writes it: "20150830T123600Z".
std::string amz_time(std::string iso) {
  iso.erase(std::remove_if(iso.begin(), iso.end(), [](char c) { return c == '-' || c == ':'; }), iso.end());
  return iso;
}

class SigV4Suite : public ::testing::TestWithParam<std::string> {};

TEST_P(SigV4Suite, SignsAsTheSuiteDoesByteForByte) {
  const std::string& name = GetParam();
  for (const char* part : {"context.json", "request.txt", "header-canonical-request.txt", "header-string-to-sign.txt",
                           "header-signature.txt", "header-signed-request.txt"})
    ASSERT_FALSE(file(name, part).empty()) << name << " has no " << part;

  boost::system::error_code parse_error;
  boost::json::value parsed = boost::json::parse(file(name, "context.json"), parse_error);
  ASSERT_FALSE(parse_error) << "context.json: " << parse_error.message();
  ASSERT_TRUE(parsed.is_object());
  const boost::json::object& context = parsed.get_object();
  const boost::json::value* credentials_json = context.if_contains("credentials");
  ASSERT_TRUE(credentials_json && credentials_json->is_object());
  const boost::json::object& credentials_object = credentials_json->get_object();

  SuiteRequest request;
  std::string err;
  ASSERT_TRUE(read_request(file(name, "request.txt"), &request, &err)) << err;
  std::vector<HeaderView> headers;
  for (const auto& [header_name, value] : request.headers) headers.push_back({header_name, value});

  // The suite's secrets are AWS's documented example credentials: public test data.
  Secret secret(text(credentials_object, "secret_access_key"));
  Secret token(text(credentials_object, "token"));
  std::string key_id = text(credentials_object, "access_key_id");
  std::string region = text(context, "region"), service = text(context, "service");
  std::string time = amz_time(text(context, "timestamp"));
  SigV4Options options;
  options.normalize_path = flag(context, "normalize");
  options.add_content_sha256 = flag(context, "sign_body");
  options.sign_session_token = !flag(context, "omit_session_token");

  SigV4Signature signature;
  ASSERT_TRUE(sign_sigv4({.method = request.method, .host = request.host, .path = request.path, .query = request.query,
                          .headers = headers, .payload = request.body},
                         {.access_key_id = key_id, .secret_access_key = &secret, .session_token = &token},
                         {.region = region, .service = service, .time = time}, options, &signature, &err))
      << err;
  EXPECT_EQ(signature.canonical_request.view(), file(name, "header-canonical-request.txt"));
  EXPECT_EQ(signature.string_to_sign, file(name, "header-string-to-sign.txt"));
  EXPECT_EQ(signature.signature, file(name, "header-signature.txt"));
  EXPECT_EQ(signed_request_text(request, signature), file(name, "header-signed-request.txt"));
}

INSTANTIATE_TEST_SUITE_P(Aws, SigV4Suite, ::testing::ValuesIn(suite_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4, RunsEveryCaseOfTheSuite) {
  // One parameterized test per folder: none may go missing from the copy.
  std::vector<std::string> cases = suite_cases();
  EXPECT_EQ(cases.size(), kSuiteCases);
  const ::testing::TestSuite* suite = nullptr;
  const ::testing::UnitTest& tests = *::testing::UnitTest::GetInstance();
  for (int i = 0; i < tests.total_test_suite_count(); ++i)
    if (std::string_view(tests.GetTestSuite(i)->name()) == "Aws/SigV4Suite") suite = tests.GetTestSuite(i);
  ASSERT_NE(suite, nullptr);
  EXPECT_EQ(static_cast<std::size_t>(suite->total_test_count()), cases.size());
  for (const char* edge : {"get-header-value-multiline", "get-header-key-duplicate", "get-utf8", "get-space-unnormalized",
                           "get-vanilla-with-session-token", "post-sts-header-after", "post-x-www-form-urlencoded",
                           "get-slashes-normalized", "get-vanilla-query-order-encoded"})
    EXPECT_NE(std::find(cases.begin(), cases.end(), edge), cases.end()) << edge;
}

// A Bedrock runtime request with temporary credentials. The expected values are botocore's
// (1.43.11, SigV4Auth for "bedrock" in us-east-1 at this time, the same request and keys): the
// SDK apps use, not this signer, wrote them.
TEST(SigV4, SignsABedrockModelPathEncodedTwice) {
  const std::string path = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/count-tokens";  // as sent
  const std::string body = R"({"input":{"converse":{"messages":[{"role":"user","content":[{"text":"hi"}]}]}}})";
  Secret secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  Secret token("FwoGZXIvYXdzEXAMPLETOKEN");
  const HeaderView headers[] = {{"Content-Type", "application/json"}};
  SigV4Signature signature;
  std::string err;
  ASSERT_TRUE(sign_sigv4({.method = "POST", .host = "bedrock-runtime.us-east-1.amazonaws.com", .path = path,
                          .headers = headers, .payload = body},
                         {.access_key_id = "AKIDEXAMPLE", .secret_access_key = &secret, .session_token = &token},
                         {.region = "us-east-1", .service = "bedrock", .time = "20250929T120000Z"}, SigV4Options(),
                         &signature, &err))
      << err;
  EXPECT_EQ(signature.canonical_request.view(),
            "POST\n"
            "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%253A0/count-tokens\n"
            "\n"
            "content-type:application/json\n"
            "host:bedrock-runtime.us-east-1.amazonaws.com\n"
            "x-amz-date:20250929T120000Z\n"
            "x-amz-security-token:FwoGZXIvYXdzEXAMPLETOKEN\n"
            "\n"
            "content-type;host;x-amz-date;x-amz-security-token\n"
            "af87586e5fdb35b2a108eb4584a160635710563aadcdaaf968833b444d64c00c");
  EXPECT_EQ(signature.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250929/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
            "Signature=a6513df44c2d05e04d7a792b90ba5946d7c3a7d5bb167ed3dcf8d5be6819de33");
  // No x-amz-content-sha256: the SDKs send it to S3 only.
  std::vector<SigV4Header> added = signature.headers();
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(added[0].name, "X-Amz-Security-Token");
  EXPECT_TRUE(added[0].secret);
  EXPECT_EQ(added[0].value.data(), token.view().data());  // a view of the Secret, not a copy
  EXPECT_EQ(added[1].name, "X-Amz-Date");
  EXPECT_FALSE(added[1].secret);
  EXPECT_EQ(added[2].name, "Authorization");
}

TEST(SigV4, TakesThePayloadHashInsteadOfThePayload) {
  Secret secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  SigV4Signature hashed, read;
  std::string err;
  SigV4Scope scope{.region = "us-east-1", .service = "service", .time = "20150830T123600Z"};
  AwsCredentials credentials{.access_key_id = "AKIDEXAMPLE", .secret_access_key = &secret};
  ASSERT_TRUE(sign_sigv4({.method = "POST", .host = "example.amazonaws.com", .path = "/", .payload = "Param1=value1"},
                         credentials, scope, SigV4Options(), &read, &err));
  ASSERT_TRUE(sign_sigv4({.method = "POST", .host = "example.amazonaws.com", .path = "/", .payload = "ignored",
                          .payload_sha256 = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"},
                         credentials, scope, SigV4Options(), &hashed, &err));
  EXPECT_EQ(hashed.signature, read.signature);
  EXPECT_TRUE(hashed.canonical_request.view().ends_with("\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
}

TEST(SigV4, MakesCanonicalPaths) {
  struct Case {
    std::string path;
    SigV4Path mode;
    bool normalize;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"", SigV4Path::encode_again, true, "/"},
      {"/", SigV4Path::encode_again, true, "/"},
      {"/v1%3A0", SigV4Path::encode_again, true, "/v1%253A0"},
      {"/v1%3A0", SigV4Path::as_sent, true, "/v1%3A0"},
      {"/a b/c:d", SigV4Path::encode_again, false, "/a%20b/c%3Ad"},
      {"/a/b/../c/./d", SigV4Path::encode_again, true, "/a/c/d"},
      {"/a/b/../c/./d", SigV4Path::encode_again, false, "/a/b/../c/./d"},
      {"/a/b/..", SigV4Path::encode_again, true, "/a"},
      {"/../../a", SigV4Path::encode_again, true, "/a"},
      {"//a//b//", SigV4Path::as_sent, true, "/a/b/"},
      {"/~user/-._", SigV4Path::encode_again, true, "/~user/-._"},
      {std::string("/\xff\x00/", 4), SigV4Path::encode_again, false, "/%FF%00/"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(sigv4_canonical_path(c.path, {.path = c.mode, .normalize_path = c.normalize}), c.expected) << c.path;
}

TEST(SigV4, MakesCanonicalQueries) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"b=2&a=1", "a=1&b=2"},
      {"a=2&a=1&a=10", "a=1&a=10&a=2"},
      {"B=1&a=1", "B=1&a=1"},  // bytes, not letters: upper case first
      {"flag", "flag="},
      {"a=", "a="},
      {"&&a=1&", "a=1"},
      {"a=b=c", "a=b%3Dc"},
      {"%41%3a=%7e", "A%3A=~"},  // decoded, then encoded the one way
      {"a+b=c d", "a%2Bb=c%20d"},
      {"%zz=%4", "%25zz=%254"},  // a broken escape is signed as the bytes it is
      {"byOutputModality=TEXT&byProvider=anthropic", "byOutputModality=TEXT&byProvider=anthropic"},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(sigv4_canonical_query(query), expected) << query;
}

TEST(SigV4, SignsTheSessionTokenUnlessToldNotTo) {
  Secret secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  Secret token("session-token-value");
  SigV4Request request{.method = "GET", .host = "example.amazonaws.com", .path = "/"};
  AwsCredentials credentials{.access_key_id = "ASIAEXAMPLE", .secret_access_key = &secret, .session_token = &token};
  SigV4Scope scope{.region = "us-east-1", .service = "sts", .time = "20150830T123600Z"};
  SigV4Signature signed_token, unsigned_token;
  std::string err;
  ASSERT_TRUE(sign_sigv4(request, credentials, scope, SigV4Options(), &signed_token, &err));
  ASSERT_TRUE(sign_sigv4(request, credentials, scope, {.sign_session_token = false}, &unsigned_token, &err));
  EXPECT_NE(signed_token.canonical_request.view().find("x-amz-security-token:session-token-value\n"), std::string_view::npos);
  EXPECT_EQ(signed_token.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(unsigned_token.canonical_request.view().find("session-token-value"), std::string_view::npos);
  EXPECT_EQ(unsigned_token.signed_headers, "host;x-amz-date");
  EXPECT_EQ(unsigned_token.headers().front().name, "X-Amz-Security-Token");  // still sent
}

TEST(SigV4, SignsEveryByteOfAHeaderValueButLineBreaksAndNul) {
  Secret secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  std::string value;
  for (int c = 1; c < 256; ++c)
    if (c != '\r' && c != '\n') value.push_back(static_cast<char>(c));
  const HeaderView headers[] = {{"X-Any", value}, {"x-any", "  \t "}};
  SigV4Signature signature;
  std::string err;
  ASSERT_TRUE(sign_sigv4({.method = "GET", .host = "h", .path = std::string_view(value), .query = value, .headers = headers},
                         {.access_key_id = "AKIDEXAMPLE", .secret_access_key = &secret},
                         {.region = "us-east-1", .service = "service", .time = "20150830T123600Z"}, SigV4Options(),
                         &signature, &err))
      << err;
  EXPECT_EQ(signature.signature.size(), 64u);
  // Inner runs of white space (tab, vertical tab, form feed, space) become one space; the
  // second value is empty once trimmed.
  std::string_view canonical = signature.canonical_request.view();
  EXPECT_NE(canonical.find("x-any:\x01\x02\x03\x04\x05\x06\x07\x08 \x0e"), std::string_view::npos);
  EXPECT_NE(canonical.find("\xfe\xff,\n\nhost;x-amz-date;x-any\n"), std::string_view::npos);
}

TEST(SigV4, RefusesWhatCannotBeSignedOrSentSafely) {
  Secret secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  Secret empty;
  Secret broken_token("token\r\nX-Injected: 1");
  const HeaderView owned[] = {{"x-amz-date", "20150830T123600Z"}};
  const HeaderView host[] = {{"Host", "example.com"}};
  const HeaderView authorization[] = {{"AUTHORIZATION", "x"}};
  const HeaderView bad_name[] = {{"Bad Name", "x"}};
  const HeaderView empty_name[] = {{"", "x"}};
  const HeaderView bad_value[] = {{"X-A", "a\nb"}};
  const HeaderView nul_value[] = {{"X-A", std::string_view("a\0b", 3)}};
  struct Case {
    std::string what;
    SigV4Request request;
    AwsCredentials credentials;
    SigV4Scope scope;
    std::string error;
  };
  const SigV4Request good{.method = "GET", .host = "example.amazonaws.com", .path = "/"};
  const AwsCredentials keys{.access_key_id = "AKIDEXAMPLE", .secret_access_key = &secret};
  const SigV4Scope at{.region = "us-east-1", .service = "service", .time = "20150830T123600Z"};
  auto with_headers = [&](std::span<const HeaderView> headers) {
    SigV4Request request = good;
    request.headers = headers;
    return request;
  };
  const std::vector<Case> cases = {
      {"a time without seconds", good, keys, {"us-east-1", "service", "20150830T1236Z"}, "the signing time is not YYYYMMDDTHHMMSSZ"},
      {"an ISO time", good, keys, {"us-east-1", "service", "2015-08-30T12:36"}, "the signing time is not YYYYMMDDTHHMMSSZ"},
      {"a region with a slash", good, keys, {"us-east-1/x", "service", at.time}, "the region is empty or holds a character other than A-Z a-z 0-9 . _ -"},
      {"an empty service", good, keys, {"us-east-1", "", at.time}, "the service is empty or holds a character other than A-Z a-z 0-9 . _ -"},
      {"a key id with a comma", good, {"AKID,X", &secret, nullptr}, at, "the access key id is empty or holds a character other than A-Z a-z 0-9 . _ -"},
      {"no secret key", good, {"AKIDEXAMPLE", nullptr, nullptr}, at, "the secret access key is empty"},
      {"an empty secret key", good, {"AKIDEXAMPLE", &empty, nullptr}, at, "the secret access key is empty"},
      {"a token with a line break", good, {"ASIAEXAMPLE", &secret, &broken_token}, at, "the session token holds a line break or NUL"},
      {"a method with a space", {.method = "GET /", .host = "h", .path = "/"}, keys, at, "the method is not an HTTP token"},
      {"no host", {.method = "GET", .host = "", .path = "/"}, keys, at, "the host is empty or holds a line break or NUL"},
      {"a host with a line break", {.method = "GET", .host = "h\r\nX: y", .path = "/"}, keys, at, "the host is empty or holds a line break or NUL"},
      {"a payload hash with a line break", {.method = "GET", .host = "h", .path = "/", .payload_sha256 = "ab\ncd"}, keys, at, "the payload hash holds a line break or NUL"},
      {"x-amz-date given", with_headers(owned), keys, at, "the header x-amz-date is the signer's to write"},
      {"Host given as a header", with_headers(host), keys, at, "the header Host is the signer's to write"},
      {"Authorization given", with_headers(authorization), keys, at, "the header AUTHORIZATION is the signer's to write"},
      {"a header name with a space", with_headers(bad_name), keys, at, "a header name is not an HTTP token"},
      {"an empty header name", with_headers(empty_name), keys, at, "a header name is not an HTTP token"},
      {"a header value with a line break", with_headers(bad_value), keys, at, "the header X-A holds a line break or NUL"},
      {"a header value with a NUL", with_headers(nul_value), keys, at, "the header X-A holds a line break or NUL"},
  };
  for (const Case& c : cases) {
    SigV4Signature signature;
    std::string err;
    EXPECT_FALSE(sign_sigv4(c.request, c.credentials, c.scope, SigV4Options(), &signature, &err)) << c.what;
    EXPECT_EQ(err, c.error) << c.what;
    EXPECT_TRUE(signature.authorization.empty()) << c.what;
  }
}

TEST(SigV4, SignatureDependsOnEverySecretAndScopePart) {
  Secret secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  Secret other("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ");
  SigV4Request request{.method = "GET", .host = "example.amazonaws.com", .path = "/"};
  auto sign = [&](const Secret& key, SigV4Scope scope) {
    SigV4Signature signature;
    std::string err;
    EXPECT_TRUE(sign_sigv4(request, {.access_key_id = "AKIDEXAMPLE", .secret_access_key = &key}, scope, SigV4Options(),
                           &signature, &err))
        << err;
    return signature.signature;
  };
  std::string base = sign(secret, {"us-east-1", "service", "20150830T123600Z"});
  EXPECT_EQ(base, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");  // the suite's get-vanilla
  EXPECT_NE(sign(other, {"us-east-1", "service", "20150830T123600Z"}), base);
  EXPECT_NE(sign(secret, {"us-west-2", "service", "20150830T123600Z"}), base);
  EXPECT_NE(sign(secret, {"us-east-1", "bedrock", "20150830T123600Z"}), base);
  EXPECT_NE(sign(secret, {"us-east-1", "service", "20150831T123600Z"}), base);
}

}  // namespace
}  // namespace keyguard
