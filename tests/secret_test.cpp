// Secret hygiene as a property of the types: no freed heap block ever holds a key or what a
// server echoed of it. Every operator delete of this test program looks at the block it
// frees for a canary before handing it back.
#include "secret.h"

#include <malloc.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <gtest/gtest.h>

#include "check.h"
#include "exec.h"
#include "harness.h"
#include "http.h"
#include "key_claims.h"
#include "key_sources.h"
#include "keys.h"
#include "redact.h"
#include "report.h"
#include "route.h"
#include "sigv4.h"
#include "tunnel.h"
#include "url.h"

namespace {

// Plain storage: a std::string here would itself be freed through the hook.
char g_canary[64];
std::size_t g_canary_size = 0;
std::atomic<int> g_unwiped_frees{0};

void inspect(void* block) {
  if (!block || g_canary_size == 0) return;
  std::size_t size = malloc_usable_size(block);
  if (size >= g_canary_size && memmem(block, size, g_canary, g_canary_size)) ++g_unwiped_frees;
}

}  // namespace

// Every block starts zeroed over its whole usable size: a chunk malloc hands out again may
// still hold what its last owner left (the test's own key strings are freed unwiped), and
// that must not be blamed on the new owner when it frees the block.
void* operator new(std::size_t size) {
  if (void* block = std::malloc(size ? size : 1)) {
    std::memset(block, 0, malloc_usable_size(block));
    return block;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
// The nothrow forms too (std::stable_sort's buffer, for one): every block freed through the
// hook below must have come from it.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  void* block = std::malloc(size ? size : 1);
  if (block) std::memset(block, 0, malloc_usable_size(block));
  return block;
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
void operator delete(void* block) noexcept {
  inspect(block);
  std::free(block);
}
void operator delete[](void* block) noexcept { ::operator delete(block); }
void operator delete(void* block, std::size_t) noexcept { ::operator delete(block); }
void operator delete[](void* block, std::size_t) noexcept { ::operator delete(block); }

namespace keyguard {
namespace {

/// Watches the frees of one test for CANARY (at most 63 bytes; 16 is plenty to be unique).
class FreedMemory {
 public:
  explicit FreedMemory(std::string_view canary) {
    std::memcpy(g_canary, canary.data(), canary.size());
    g_unwiped_frees = 0;
    g_canary_size = canary.size();
  }
  ~FreedMemory() { g_canary_size = 0; }
  int unwiped() const { return g_unwiped_frees; }
};

// Made at run time, so that no literal copy sits in the binary's data.
std::string canary_key() { return "sk-proj-" + std::string(20, 'C') + "anary" + std::string(20, 'K') + "Tail"; }
std::string_view canary_of(const std::string& key) { return std::string_view(key).substr(8, 30); }

TEST(SecretHygiene, CanSeeAnUnwipedFree) {
  // The hook works: a plain string holding the canary is caught when it is freed.
  std::string key = canary_key();
  FreedMemory freed(canary_of(key));
  { std::string copy = key + std::string(100, '.'); }
  EXPECT_EQ(freed.unwiped(), 1);
}

TEST(SecretHygiene, WipesTheRequestWithItsAuthHeader) {
  std::string key = canary_key();
  FreedMemory freed(canary_of(key));
  AuthHeader auth{"Authorization", "Bearer ", key, 2};
  { SecretBuffer wire = build_http_request("GET", "/v1/models", "api.openai.com", {{"A", "b"}, {"C", "d"}}, &auth); }
  EXPECT_EQ(freed.unwiped(), 0);
}

TEST(SecretHygiene, WipesWhatTheResponseParserBufferedAndRead) {
  std::string key = canary_key();
  std::string answer = "HTTP/1.1 401 Unauthorized\r\nx-echo: " + key + "\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string body = "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}" + std::string(40000, ' ');
  for (std::size_t at = 0; at < body.size(); at += 1000) {
    std::string piece = body.substr(at, 1000);
    char size_line[16];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
    answer += size_line + piece + "\r\n";
  }
  answer += "0\r\n\r\n";
  FreedMemory freed(canary_of(key));
  {
    ResponseParser parser;
    for (std::size_t at = 0; at < answer.size(); at += 7) parser.feed(std::string_view(answer).substr(at, 7));
    ASSERT_EQ(parser.state(), ResponseParser::State::done) << parser.error();
    HttpResponse moved = std::move(parser.response());
    HttpResponse copied = moved;
    copied = HttpResponse();
  }
  wipe(answer);
  wipe(body);
  EXPECT_EQ(freed.unwiped(), 0);
}

TEST(SecretHygiene, WipesEveryRoomABodyOfUnknownLengthOutgrew) {
  std::string key = canary_key();
  // The key first, so that every smaller room the body grows out of holds it.
  std::string body = "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}" + std::string(300000, ' ');
  std::string chunked = "HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 3000) {
    std::string piece = body.substr(at, 3000);
    char size_line[16];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
    chunked += size_line + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  std::string close_delimited = "HTTP/1.1 401 Unauthorized\r\n\r\n" + body;
  FreedMemory freed(canary_of(key));
  for (const std::string* answer : {&chunked, &close_delimited}) {
    ResponseParser parser;
    for (std::size_t at = 0; at < answer->size() && parser.state() == ResponseParser::State::need_more; at += 1000)
      parser.feed(std::string_view(*answer).substr(at, 1000));
    ASSERT_EQ(parser.state(), ResponseParser::State::done) << parser.error();
    EXPECT_TRUE(parser.response().body_truncated);  // past the cap, through every room up to it
  }
  wipe(chunked);
  wipe(close_delimited);
  wipe(body);
  EXPECT_EQ(freed.unwiped(), 0);
}

TEST(SecretHygiene, WipesTheKeyFileItRead) {
  std::string key = canary_key();
  testing::TempDir dir;
  std::string file = dir.write("key", key + "\n");
  std::string entry = "OPENAI_API_KEY_FILE=" + file;
  FreedMemory freed(canary_of(key));
  {
    LoadedKey loaded = load_key(*find_provider("openai"), Environment({entry}));
    ASSERT_FALSE(loaded.failure) << loaded.failure->message;
    CleanedKey cleaned = clean_key(loaded.raw.view(), loaded.var, loaded.from_file);
    EXPECT_EQ(cleaned.key.view(), key);
  }
  EXPECT_EQ(freed.unwiped(), 0);
}

TEST(SecretHygiene, WipesWhatABedrockKeyDecodesTo) {
  // The decoded presigned URL holds the credential's signature: only its region and dates
  // leave the decoding.
  std::string url;
  url.reserve(400);
  url.append("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=ASIAEXAMPLE%2F20251211%2F");
  url.append("eu-north-1%2Fbedrock%2Faws4_request&X-Amz-Date=20251211T101010Z&X-Amz-Signature=");
  url.append(canary_key()).append("&Version=1");
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string key;
  key.reserve(800);
  key.append("bedrock-api-key-");
  for (std::size_t i = 0; i + 2 < url.size(); i += 3) {
    unsigned n = (unsigned char)url[i] << 16 | (unsigned char)url[i + 1] << 8 | (unsigned char)url[i + 2];
    for (int shift : {18, 12, 6, 0}) key.push_back(kAlphabet[(n >> shift) & 63]);
  }
  std::string canary(canary_of(canary_key()));
  wipe(url);
  FreedMemory freed(canary);
  {
    const KeyFamily* family = nullptr;
    for (const KeyFamily& f : find_provider("bedrock")->families)
      if (f.claims == Claims::presigned_url) family = &f;
    ASSERT_NE(family, nullptr);
    KeyClaims claims;
    ASSERT_TRUE(read_claims(*family, key, &claims));
    EXPECT_TRUE(claims.decoded);
    EXPECT_EQ(claims.region, "eu-north-1");
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(key);
}

TEST(SecretHygiene, WipesTheEnvFileContentsAndTheChildsEnvironment) {
  std::string key = canary_key();
  testing::TempDir dir;
  std::string raw = "OPENAI_API_KEY=\"" + key + "\"";
  FreedMemory freed(canary_of(key));
  {
    std::vector<ExportedVar> exports;
    exports.reserve(1);
    exports.push_back({"OPENAI_API_KEY", Secret(key)});
    std::string err;
    ASSERT_TRUE(write_env_file(dir.path() + "/env", exports, &err)) << err;
    std::vector<SecretBuffer> child = child_environment(Environment({raw, "PATH=/bin"}), exports);
    EXPECT_EQ(child.size(), 2u);
    EXPECT_EQ(child[0].view().substr(15), key);
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(raw);
}

TEST(SecretHygiene, WipesTheProxyCredentials) {
  for (std::string scheme : {"http://", ""}) {  // curl reads a value without a scheme as http://
  std::string value = scheme + "user:pw-" + std::string(16, 'P') + "assword" + std::string(10, 'Q') + "@127.0.0.1:3128";
  FreedMemory freed(std::string_view(value).substr(scheme.size() + 8, 30));
  std::string entry = "https_proxy=" + value;
  std::string said = "Credentials refused: " + value;  // what a proxy may say back
  {
    ProxySettings proxy = read_proxy_settings(Environment({entry}));
    ASSERT_EQ(proxy.error, "");
    Url target;
    std::string err;
    ASSERT_TRUE(parse_url("https://api.openai.com/v1", &target, &err));
    SecretBuffer connect = connect_request(proxy.credentials, target);
    EXPECT_NE(connect.view().find("Proxy-Authorization: Basic "), std::string_view::npos);
    EXPECT_EQ(proxy.credentials.redact(said).find(std::string(16, 'P')), std::string::npos);
  }
  EXPECT_EQ(freed.unwiped(), 0) << scheme;
  wipe(value);
  wipe(entry);
  wipe(said);
  }
}

TEST(SecretHygiene, WipesTheRequestWithItsGatewayHeaders) {
  std::string key = canary_key();
  std::string value = "Bearer gw-" + std::string(canary_of(key));
  FreedMemory freed(canary_of(key));
  SecretField fields[] = {{"cf-aig-authorization", value}};
  { SecretBuffer wire = build_http_request("GET", "/v1/models", "api.openai.com", {{"A", "b"}}, nullptr, false, fields); }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(value);
  wipe(key);
}

TEST(SecretHygiene, WipesTheSecretKeyAndTheSessionTokenOfASigV4Signature) {
  // The canary is in both secrets: the canonical request holds the token, and the first key of
  // the derivation "AWS4" and the secret key. (The keys derived from it live on the stack.)
  std::string key = canary_key();
  std::string token_text = "IQoJb3JpZ2luX2VjE" + key;
  FreedMemory freed(canary_of(key));
  {
    Secret secret(key);
    Secret token(token_text);
    const HeaderView headers[] = {{"Content-Type", "application/json"}};
    SigV4Signature signature;
    std::string err;
    ASSERT_TRUE(sign_sigv4({.method = "POST", .host = "bedrock-runtime.us-east-1.amazonaws.com",
                            .path = "/model/m%3A0/count-tokens", .headers = headers, .payload = "{}"},
                           {.access_key_id = "ASIAEXAMPLE", .secret_access_key = &secret, .session_token = &token},
                           {.region = "us-east-1", .service = "bedrock", .time = "20250929T120000Z"}, SigV4Options(),
                           &signature, &err));
    EXPECT_NE(signature.canonical_request.view().find(canary_of(key)), std::string_view::npos);
    std::vector<SigV4Header> added = signature.headers();
    EXPECT_EQ(added.front().value, token_text);
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(token_text);
  wipe(key);
}

TEST(SecretHygiene, WipesAGatewayHeaderAndItsEchoThroughTheWholePipeline) {
  // A gateway header from OPENAI_CUSTOM_HEADERS, echoed by the server: afterwards no freed block
  // holds its value, and no report shows it.
  std::string canary = canary_key();
  std::string secret(canary_of(canary));
  std::string key = "OPENAI_API_KEY=sk-proj-" + std::string(150, 'k');
  std::string headers = "OPENAI_CUSTOM_HEADERS=Helicone-Auth: Bearer " + secret + "\nX-Tag: one";
  std::string base = "OPENAI_BASE_URL=https://127.0.0.1:1/v1";
  FreedMemory freed(secret);
  {
    ProbeRunner echo = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
      std::vector<ProbeResult> results(requests.size());
      for (ProbeResult& result : results) {
        result.answered = true;
        result.response.status = 401;
        EXPECT_EQ(requests[0].secret_headers.size(), 2u);
        if (requests[0].secret_headers.empty()) continue;
        std::string_view sent = requests[0].secret_headers[0].second->view();
        result.response.headers.reserve(1);
        result.response.headers.emplace_back("x-echo", sent);
        std::string& body = result.response.body;
        body.reserve(1000);
        body.append("{\"error\":{\"message\":\"Gateway credential refused: ").append(sent);
        body.append("\",\"code\":\"invalid_api_key\"}}");
      }
      return results;
    };
    CheckResult result = run_checks(Options(), Environment({key, headers, base}), echo);
    EXPECT_EQ(status_of(result.exit_code), 77);
    std::string text = text_report(result), json = json_report(result);
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    EXPECT_EQ(json.find(secret), std::string::npos) << json;
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(headers);
}

TEST(SecretHygiene, WipesEveryCopyOfAKeyAndOfItsEchoThroughTheWholePipeline) {
  // The checks, a server that echoes the key in its body, header and message, the reports:
  // afterwards no freed block holds the key.
  std::string key = canary_key();
  std::string entry = "OPENAI_API_KEY=" + key;
  std::string base = "OPENAI_BASE_URL=https://127.0.0.1:1/v1";
  FreedMemory freed(canary_of(key));
  {
    Options options;
    ProbeRunner echo = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
      std::vector<ProbeResult> results(requests.size());
      for (ProbeResult& result : results) {
        result.answered = true;
        result.response.status = 401;
        std::string_view sent = requests[0].key->view();
        result.response.headers.reserve(1);
        result.response.headers.emplace_back("x-echo", sent);
        std::string& body = result.response.body;
        body.reserve(1000);  // built in place: a temporary here would be the test's own leak
        body.append("{\"error\":{\"message\":\"Incorrect API key provided: ").append(sent);
        body.append("\",\"code\":\"invalid_api_key\"}}");
      }
      return results;
    };
    CheckResult result = run_checks(options, Environment({entry, base}), echo);
    EXPECT_EQ(status_of(result.exit_code), 77);
    std::string text = text_report(result), json = json_report(result);
    EXPECT_EQ(text.find(canary_of(key)), std::string::npos);
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(entry);
}

TEST(SecretHygiene, WipesAKeyThatAModelRouteEchoes) {
  // The probe passes; the model route and the list echo the key in their bodies and headers.
  std::string key = canary_key();
  std::string entry = "OPENAI_API_KEY=" + key;
  FreedMemory freed(canary_of(key));
  {
    Options options;
    options.models = {{"openai", "gpt-4o-mni"}, {"openai", "gpt-4o"}};
    ProbeRunner echo = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
      std::vector<ProbeResult> results(requests.size());
      for (ProbeResult& result : results) {
        std::string_view sent = requests[0].key->view();
        result.answered = true;
        result.response.status = 200;
        std::string& list = result.response.body;
        list.reserve(1000);
        list.append("{\"data\":[{\"id\":\"gpt-4o-mini\"},{\"id\":\"").append(sent).append("\"}]}");
        for (std::size_t i = 0; i < requests[0].follow_targets.size(); ++i) {
          ProbeResult& follow = result.follows.emplace_back();
          follow.answered = true;
          follow.response.status = 404;
          follow.response.headers.reserve(1);
          follow.response.headers.emplace_back("x-echo", sent);
          std::string& body = follow.response.body;
          body.reserve(1000);
          body.append("{\"error\":{\"message\":\"no model for ").append(sent);
          body.append("\",\"code\":\"model_not_found\"}}");
        }
      }
      return results;
    };
    CheckResult result = run_checks(options, Environment({entry}), echo);
    EXPECT_EQ(status_of(result.exit_code), 77);
    std::string text = text_report(result), json = json_report(result);
    EXPECT_EQ(text.find(canary_of(key)), std::string::npos);
    EXPECT_EQ(json.find(canary_of(key)), std::string::npos);
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(entry);
}

TEST(SecretHygiene, WipesAKeyThatAnotherProvidersAnswerEchoes) {
  // OpenAI's answer carries the Anthropic key in its body, its request id and its error code.
  std::string openai = "sk-proj-" + std::string(140, 'O') + "Tail";
  std::string anthropic = canary_key();
  anthropic.replace(0, 8, "sk-ant-a");
  std::string openai_entry = "OPENAI_API_KEY=" + openai, anthropic_entry = "ANTHROPIC_API_KEY=" + anthropic;
  FreedMemory freed(std::string_view(anthropic).substr(8, 30));
  {
    ProbeRunner echo_other = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
      std::vector<ProbeResult> results(requests.size());
      for (ProbeResult& result : results) {
        result.answered = true;
        result.response.status = 401;
        result.response.headers.reserve(1);
        result.response.headers.emplace_back("x-request-id", std::string_view(anthropic));
        std::string& body = result.response.body;
        body.reserve(1000);
        body.append("{\"error\":{\"code\":\"").append(anthropic).append("\",\"message\":\"Incorrect key ");
        body.append(anthropic).append("\"}}");
      }
      return results;
    };
    CheckResult result = run_checks(Options(), Environment({openai_entry, anthropic_entry,
                                                            "OPENAI_BASE_URL=https://127.0.0.1:1/v1",
                                                            "ANTHROPIC_BASE_URL=https://127.0.0.1:1"}),
                                    echo_other);
    std::string text = text_report(result), json = json_report(result);
    EXPECT_EQ(text.find(std::string_view(anthropic).substr(8, 30)), std::string::npos) << text;
  }
  EXPECT_EQ(freed.unwiped(), 0);
  wipe(openai_entry);
  wipe(anthropic_entry);
}

}  // namespace
}  // namespace keyguard
