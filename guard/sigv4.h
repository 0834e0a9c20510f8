// AWS Signature Version 4: one HTTP request signed with an AWS secret key, as a pure function
// (no clock, no environment, no I/O), proved against the AWS SigV4 test suite
// (docs/contributing.md, "AWS Signature Version 4").
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "secret.h"

namespace keyguard {

/// An AWS credential. The secrets are views of Secret values their owner keeps and wipes; the
/// signer copies them nowhere but into buffers it wipes.
struct AwsCredentials {
  std::string_view access_key_id{};            ///< AKIA… or ASIA…: named in the Authorization header
  const Secret* secret_access_key = nullptr;
  const Secret* session_token = nullptr;     ///< temporary credentials only; null or empty for none
};

/// How the path is made canonical (the SigV4 spec's "canonical URI").
enum class SigV4Path {
  /// Every service but S3, and the test suite: the path as sent is percent-encoded once more,
  /// so a model id's ":", sent as "%3A", is signed as "%253A".
  encode_again,
  /// S3: the path is signed as it is sent, already encoded once.
  as_sent,
};

/// The signing choices that differ between services; the defaults are those of every service
/// but S3, Bedrock and STS among them.
struct SigV4Options {
  SigV4Path path = SigV4Path::encode_again;
  /// Drops empty, "." and ".." segments before encoding, as the AWS SDKs do for every service
  /// but S3 (the suite's `normalize`).
  bool normalize_path = true;
  /// Signs X-Amz-Security-Token; false sends it unsigned, added after signing (the suite's
  /// `omit_session_token`, which a few services such as IoT's WebSocket gateway want).
  bool sign_session_token = true;
  /// Sends and signs x-amz-content-sha256, the payload's hash (the suite's `sign_body`). S3
  /// requires it; the SDKs do not send it to other services, Bedrock included.
  bool add_content_sha256 = false;
};

/// One header as the request sends it.
struct HeaderView {
  std::string_view name{};
  std::string_view value{};
};

/// The request to sign, as it goes on the wire.
struct SigV4Request {
  std::string_view method{};   ///< "GET", "POST"
  std::string_view host{};     ///< the Host header's value, with ":port" when not the default
  std::string_view path{};     ///< percent-encoded as sent, "/…"; empty means "/"
  std::string_view query{};    ///< as sent, without "?"
  /// Every other header the request sends, in order; all are signed. Host and the headers the
  /// signer adds (X-Amz-Date, X-Amz-Security-Token, x-amz-content-sha256, Authorization) are
  /// refused here.
  std::span<const HeaderView> headers{};
  std::string_view payload{};  ///< the body; not read when PAYLOAD_SHA256 is given
  std::string_view payload_sha256{};  ///< the body's SHA-256 in hex, for a body not at hand
};

/// The credential scope and time: what the signature is valid for.
struct SigV4Scope {
  std::string_view region{};   ///< "us-east-1"
  std::string_view service{};  ///< the signing name: "bedrock", "sts"
  std::string_view time{};     ///< UTC as "YYYYMMDDTHHMMSSZ"
};

/// One header the signer adds. SECRET marks the session token, a view of the credentials'
/// Secret that is written the way the HTTP layer writes secret headers.
struct SigV4Header {
  std::string_view name{};
  std::string_view value{};
  bool secret = false;
};

/// A signed request: the headers to add and the steps on the way, for the tests.
struct SigV4Signature {
  /// The canonical request (the spec's first task). It holds the session token when that is
  /// signed, hence a buffer that wipes itself.
  SecretBuffer canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  ///< "host;x-amz-date"
  std::string signature;       ///< 64 lower-case hex digits
  std::string authorization;   ///< the Authorization header's value
  std::string amz_date;        ///< X-Amz-Date's value: the time given
  std::string content_sha256;  ///< x-amz-content-sha256's value when asked for, else empty
  std::string_view session_token{};  ///< X-Amz-Security-Token's value (a view of the Secret), or empty

  /// The headers to add, in the order the suite's signed requests list them:
  /// X-Amz-Security-Token, X-Amz-Date, x-amz-content-sha256, Authorization (those that apply).
  /// The values are views into this signature and the credentials' token.
  std::vector<SigV4Header> headers() const;
};

/// Signs REQUEST with CREDENTIALS for SCOPE. Returns false with a reason, naming no secret, for
/// input that cannot be signed or sent safely: a malformed time, a region, service or key id
/// outside [A-Za-z0-9._-], a missing secret key, a method or header name that is not an HTTP
/// token, a header the signer owns, or a CR, LF or NUL in a header value, the host, the token or
/// the payload hash. Any other bytes are signed as given.
bool sign_sigv4(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                const SigV4Options& options, SigV4Signature* out, std::string* err);

/// The canonical URI of PATH (percent-encoded as sent) under OPTIONS.
std::string sigv4_canonical_path(std::string_view path, const SigV4Options& options);

/// The canonical query string of QUERY (as sent): each name and value decoded and encoded again
/// with only RFC 3986's unreserved characters left bare, sorted by name, then value.
std::string sigv4_canonical_query(std::string_view query);

}  // namespace keyguard
