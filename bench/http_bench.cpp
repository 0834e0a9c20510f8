// Benchmarks of HTTP on the wire: building the probe request, and parsing responses framed by
// Content-Length or chunked, fed whole or in 1 KiB pieces as TLS records arrive.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "http.h"

namespace {

constexpr std::size_t kFeedBytes = 1024;  // a small TLS read; mbedTLS hands out at most one record
constexpr std::size_t kChunkBytes = 4096;  // what web servers typically write per chunk

const char kHead[] =
    "HTTP/1.1 200 OK\r\n"
    "Date: Sat, 01 Nov 2025 12:00:00 GMT\r\n"
    "Content-Type: application/json\r\n"
    "Connection: close\r\n"
    "x-request-id: req_0123456789abcdef0123456789abcdef\r\n"
    "openai-processing-ms: 42\r\n"
    "strict-transport-security: max-age=31536000; includeSubDomains; preload\r\n"
    "cf-cache-status: DYNAMIC\r\n"
    "Server: cloudflare\r\n";

/// A JSON-looking body of SIZE bytes.
std::string body_of(std::size_t size) {
  std::string body = R"({"object":"list","data":[)";
  while (body.size() < size) body += R"({"id":"model","object":"model"},)";
  body.resize(size - 2);
  body += "]}";
  return body;
}

std::string content_length_response(std::size_t body_size) {
  std::string body = body_of(body_size);
  return kHead + ("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n") + body;
}

std::string chunked_response(std::size_t body_size) {
  std::string body = body_of(body_size);
  std::string wire = std::string(kHead) + "Transfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += kChunkBytes) {
    std::string chunk = body.substr(at, kChunkBytes);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    wire += size_line + chunk + "\r\n";
  }
  return wire + "0\r\n\r\n";
}

/// One response on the wire and how it is fed to the parser.
struct ParseCase {
  std::string name;
  std::string wire;
  std::size_t body_size;
  std::size_t feed;  ///< bytes per feed() call; 0: all at once
};

void BM_ParseResponse(benchmark::State& state, const ParseCase& c) {
  const std::size_t feed = c.feed ? c.feed : c.wire.size();
  auto parse = [&] {
    keyguard::ResponseParser parser;
    std::string_view rest = c.wire;
    while (!rest.empty() && parser.state() == keyguard::ResponseParser::State::need_more) {
      std::string_view piece = rest.substr(0, feed);
      rest.remove_prefix(piece.size());
      parser.feed(piece);
    }
    return parser;
  };
  keyguard::ResponseParser check = parse();
  if (check.state() != keyguard::ResponseParser::State::done || check.response().body.size() != c.body_size) {
    state.SkipWithError(("the response did not parse: " + check.error()).c_str());
    return;
  }
  for (auto _ : state) {
    keyguard::ResponseParser parser = parse();
    benchmark::DoNotOptimize(parser.response().body.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c.wire.size()));
}

void BM_BuildGetRequest(benchmark::State& state) {
  const std::string key = "sk-proj-" + std::string(156, 'A');
  const keyguard::AuthHeader auth{"Authorization", "Bearer ", key};
  const std::vector<std::pair<std::string, std::string>> headers = {{"User-Agent", "keyguard/1.0.0"},
                                                                    {"Accept", "application/json"}};
  for (auto _ : state) {
    keyguard::SecretBuffer wire = keyguard::build_http_request("GET", "/v1/models", "api.openai.com", headers, &auth);
    benchmark::DoNotOptimize(wire.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildGetRequest);

const bool kRegistered = [] {
  struct Size {
    const char* name;
    std::size_t bytes;
  };
  const Size sizes[] = {{"4KiB", 4 * 1024}, {"256KiB", keyguard::kMaxBodyBytes}};
  for (const Size& size : sizes) {
    for (bool chunked : {false, true}) {
      std::string wire = chunked ? chunked_response(size.bytes) : content_length_response(size.bytes);
      for (std::size_t feed : {std::size_t{0}, kFeedBytes}) {
        ParseCase c{std::string("BM_ParseResponse/") + (chunked ? "chunked/" : "content_length/") + size.name +
                        (feed ? "/1KiB_feeds" : "/whole"),
                    wire, size.bytes, feed};
        benchmark::RegisterBenchmark(c.name.c_str(), BM_ParseResponse, c);
      }
    }
  }
  return true;
}();

}  // namespace
