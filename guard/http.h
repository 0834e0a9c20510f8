// HTTP/1.1 on the wire: the probe request and an incremental response parser.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "secret.h"

namespace keyguard {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxBodyBytes = 256 * 1024;

/// One response. Its text may echo the key, so it is wiped when it dies.
struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(HttpResponse&&) = default;
  HttpResponse(const HttpResponse&) = default;
  /// Assignment wipes what it replaces.
  HttpResponse& operator=(HttpResponse&& other) noexcept;
  HttpResponse& operator=(const HttpResponse& other);
  ~HttpResponse() { wipe_all(); }
  void wipe_all();

  int status = 0;
  int minor_version = 1;  ///< HTTP/1.x: 0 for an HTTP/1.0 answer
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case, values trimmed
  std::string body;           ///< decoded (chunked framing removed), at most kMaxBodyBytes
  bool body_truncated = false;  ///< the body was longer than kMaxBodyBytes; the rest was not read
  bool close_delimited = false;  ///< the body ended with the connection (no length, not chunked)

  /// Whether the connection can carry another request after this answer: its end was known
  /// without closing, all of it was read, and the server means to keep it open (HTTP/1.1 unless
  /// it says `Connection: close`; HTTP/1.0 only when it says `Connection: keep-alive`).
  bool reusable() const;

  /// The first header named LOWER_NAME, or nullptr.
  const std::string* header(std::string_view lower_name) const;
};

/// Reads one response, fed in pieces as they arrive. Understands Content-Length, chunked
/// and close-delimited bodies; stops at the limits above.
class ResponseParser {
 public:
  enum class State { need_more, done, error };

  /// HEAD_ONLY: the answer ends with its header block (a proxy's answer to CONNECT, after
  /// which the bytes are the tunnel's); the body, if any, is not read.
  explicit ResponseParser(bool head_only = false);

  /// Consumes bytes. Once done or error, further bytes are ignored.
  State feed(std::string_view bytes);
  /// The peer closed the connection: completes a close-delimited body, else an error.
  /// CUT_OFF says the close was not announced (TLS without close_notify): then a
  /// close-delimited body may be incomplete, and is an error too.
  State finish(bool cut_off = false);
  State state() const { return state_; }
  /// Whether bytes came after the end of the response (a second answer nobody asked for, or a
  /// tunnel's first bytes): the connection is then no longer known to be in step.
  bool leftover() const { return leftover_; }
  const HttpResponse& response() const { return response_; }
  HttpResponse& response() { return response_; }
  /// Why parsing failed, for the report: "malformed status line", "truncated body", ...
  const std::string& error() const { return error_; }

 private:
  enum class Stage { head, body_length, body_close, chunk_size, chunk_data, chunk_data_end, trailers, complete };
  enum class LineRead { complete, incomplete, too_long };
  State fail(std::string reason);
  State parse_head();
  State parse_body();
  State start_body();
  State complete();
  bool append_body(std::string_view bytes);
  bool body_full() const { return response_.body.size() >= kMaxBodyBytes; }
  LineRead read_line(std::size_t max_bytes, std::string_view* line);
  void discard_consumed();

  bool head_only_ = false;
  bool leftover_ = false;
  State state_ = State::need_more;
  Stage stage_ = Stage::head;
  SecretBuffer buffer_;        // bytes received and not yet discarded: a line, or one read
  std::size_t cursor_ = 0;     // buffer_ before this offset is consumed; discard_consumed() drops it
  std::size_t line_scan_ = 0;  // where the search for the next '\n' resumes, so no byte is scanned twice
  std::size_t head_bytes_ = 0;     // status lines and headers read so far, interim responses included
  std::size_t trailer_bytes_ = 0;  // trailer lines read so far
  std::size_t remaining_ = 0;  // body or chunk bytes still expected
  HttpResponse response_;
  std::string error_;
};

/// The header that carries the key: NAME: PREFIX KEY.
struct AuthHeader {
  std::string_view name;    ///< "Authorization"
  std::string_view prefix;  ///< "Bearer "
  std::string_view key;
  std::size_t position = 0;  ///< how many of the other headers come before it
};

/// A header whose value is a secret (a gateway's key): it exists in the request only while it
/// is written, as the key does.
struct SecretField {
  std::string_view name;
  std::string_view value;
};

/// TEXT as a decimal number of at most 18 digits (a Content-Length, a chunk's count, a
/// Retry-After); false for anything else.
bool parse_decimal(std::string_view text, std::uint64_t* value);

/// Builds a request (METHOD "GET" or "POST", without a body) with Host, the headers with the
/// auth header among them when given, then SECRET_FIELDS, and `Connection: close` unless
/// KEEP_ALIVE (then no Connection header: HTTP/1.1 keeps the connection open), in a buffer of
/// exactly its size.
SecretBuffer build_http_request(std::string_view method, std::string_view target, std::string_view host,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                const AuthHeader* auth = nullptr, bool keep_alive = false,
                                std::span<const SecretField> secret_fields = {});

}  // namespace keyguard
