// AWS Signature Version 4, after AWS's "Create a signed AWS API request" (the canonical
// request, the string to sign, the signing key, the signature), with the AWS SDKs' choices where
// the spec leaves one open.
#include "sigv4.h"

#include <array>
#include <initializer_list>
#include <utility>

#include "crypto.h"

namespace keyguard {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// RFC 9110's tchar: what a method or a header name may hold.
bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text)
    if (!(is_unreserved(c) || std::string_view("!#$%&'*+^`|").find(static_cast<char>(c)) != std::string_view::npos))
      return false;
  return true;
}

// The region, the service and the key id go into the credential scope and the Authorization
// header unencoded: a "/", "," or space there would change what the server reads.
bool is_scope_part(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
      return false;
  return true;
}

// A header value must not end its line early.
bool is_header_safe(std::string_view text) { return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos; }

bool fail(std::string* err, std::string reason) {
  *err = std::move(reason);
  return false;
}

bool is_time(std::string_view time) {
  if (time.size() != 16 || time[8] != 'T' || time[15] != 'Z') return false;
  for (std::size_t i = 0; i < 15; ++i)
    if (i != 8 && (time[i] < '0' || time[i] > '9')) return false;
  return true;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

void append_all(std::string& out, std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) out.append(part);
}

// Stable, and a few dozen bytes where std::stable_sort's merges cost kilobytes: a request has a
// handful of headers and query parameters.
template <typename T, typename Less>
void insertion_sort(std::vector<T>& items, Less less) {
  for (std::size_t i = 1; i < items.size(); ++i)
    for (std::size_t j = i; j > 0 && less(items[j], items[j - 1]); --j) std::swap(items[j], items[j - 1]);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Everything but the unreserved characters (and "/" in a path) as %XX, upper case as the spec
// requires.
void append_encoded(std::string_view text, bool keep_slash, std::string& out) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
}

// %XX decoded; a "%" not followed by two hex digits stays itself (and is encoded as %25 again),
// where a browser's decoder would throw: any bytes must sign without failing.
std::string percent_decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    int high = 0, low = 0;
    if (text[i] == '%' && i + 2 < text.size() && (high = hex_value(text[i + 1])) >= 0 &&
        (low = hex_value(text[i + 2])) >= 0) {
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// The AWS SDK for JavaScript's normalization: empty and "." segments dropped, ".." drops the
// segment before it, a leading and a trailing "/" kept ("//a//" is "/a/", "/a/.." is "/").
std::string normalized_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.starts_with('/') ? "/" : "";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i) out.push_back('/');
    out.append(segments[i]);
  }
  if (!segments.empty() && path.ends_with('/')) out.push_back('/');
  return out;
}

// The headers as the canonical request lists them: lower-case names, sorted, each value
// trimmed with its inner runs of white space made one space (the spec's Trimall), the values
// of a repeated name joined with "," in the order sent.
struct CanonicalHeader {
  std::string name;
  std::string_view value;  // may be the session token: never copied out of the Secret
};

void append_trimmed(std::string_view value, SecretBuffer& out) {
  std::size_t at = 0;
  while (at < value.size() && is_space(value[at])) ++at;
  bool space = false;
  for (; at < value.size(); ++at) {
    if (is_space(value[at])) {
      space = true;
      continue;
    }
    if (space) out.append(" ");
    space = false;
    out.append(value.substr(at, 1));
  }
}

// Derives the signing key (kDate, kRegion, kService, kSigning: the spec's "derive a signing
// key") and signs STRING_TO_SIGN with it. Every derived key is a secret and is wiped.
bool sign_string(std::string_view secret_key, const SigV4Scope& scope, std::string_view string_to_sign,
                 std::string* signature) {
  SecretBuffer first_key(4 + secret_key.size());
  first_key.append("AWS4");
  first_key.append(secret_key);
  std::array<unsigned char, 32> key{}, next{};
  auto view = [](const std::array<unsigned char, 32>& bytes) {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  };
  bool ok = hmac_sha256(first_key.view(), scope.time.substr(0, 8), key) &&
            hmac_sha256(view(key), scope.region, next) &&
            hmac_sha256(view(next), scope.service, key) &&
            hmac_sha256(view(key), "aws4_request", next) &&
            hmac_sha256(view(next), string_to_sign, key);
  if (ok) append_hex(key.data(), key.size(), *signature);
  zeroize(key.data(), key.size());
  zeroize(next.data(), next.size());
  return ok;
}

}  // namespace

std::string sigv4_canonical_path(std::string_view path, const SigV4Options& options) {
  if (path.empty()) return "/";
  std::string normalized;
  if (options.normalize_path) {
    normalized = normalized_path(path);
    path = normalized;
  }
  if (options.path == SigV4Path::as_sent) return std::string(path);
  std::string out;
  out.reserve(path.size() * 3);
  append_encoded(path, true, out);
  return out;
}

std::string sigv4_canonical_query(std::string_view query) {
  struct Parameter {
    std::string name, value;
  };
  std::vector<Parameter> parameters;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    std::size_t equals = pair.find('=');
    Parameter parameter;
    append_encoded(percent_decoded(pair.substr(0, equals)), false, parameter.name);
    if (equals != std::string_view::npos) append_encoded(percent_decoded(pair.substr(equals + 1)), false, parameter.value);
    parameters.push_back(std::move(parameter));
  }
  insertion_sort(parameters, [](const Parameter& a, const Parameter& b) {
    return a.name != b.name ? a.name < b.name : a.value < b.value;
  });
  std::string out;
  for (const Parameter& parameter : parameters) {
    if (!out.empty()) out.push_back('&');
    out.append(parameter.name).append("=").append(parameter.value);
  }
  return out;
}

std::vector<SigV4Header> SigV4Signature::headers() const {
  std::vector<SigV4Header> added;
  if (!session_token.empty()) added.push_back({"X-Amz-Security-Token", session_token, true});
  added.push_back({"X-Amz-Date", amz_date});
  if (!content_sha256.empty()) added.push_back({"x-amz-content-sha256", content_sha256});
  added.push_back({"Authorization", authorization});
  return added;
}

bool sign_sigv4(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                const SigV4Options& options, SigV4Signature* out, std::string* err) {
  *out = SigV4Signature();
  std::string_view token = credentials.session_token ? credentials.session_token->view() : std::string_view();
  if (!is_time(scope.time)) return fail(err, "the signing time is not YYYYMMDDTHHMMSSZ");
  if (!is_scope_part(scope.region)) return fail(err, "the region is empty or holds a character other than A-Z a-z 0-9 . _ -");
  if (!is_scope_part(scope.service)) return fail(err, "the service is empty or holds a character other than A-Z a-z 0-9 . _ -");
  if (!is_scope_part(credentials.access_key_id))
    return fail(err, "the access key id is empty or holds a character other than A-Z a-z 0-9 . _ -");
  if (!credentials.secret_access_key || credentials.secret_access_key->empty()) return fail(err, "the secret access key is empty");
  if (!is_header_safe(token)) return fail(err, "the session token holds a line break or NUL");
  if (!is_token(request.method)) return fail(err, "the method is not an HTTP token");
  if (request.host.empty() || !is_header_safe(request.host)) return fail(err, "the host is empty or holds a line break or NUL");
  if (!is_header_safe(request.payload_sha256)) return fail(err, "the payload hash holds a line break or NUL");

  std::vector<CanonicalHeader> headers;
  headers.reserve(request.headers.size() + 4);
  std::size_t header_bytes = 0;
  for (const HeaderView& header : request.headers) {
    if (!is_token(header.name)) return fail(err, "a header name is not an HTTP token");
    CanonicalHeader canonical{std::string(header.name), header.value};
    for (char& c : canonical.name) c = lower(c);
    for (std::string_view owned : {"host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization"})
      if (canonical.name == owned) return fail(err, "the header " + std::string(header.name) + " is the signer's to write");
    if (!is_header_safe(header.value)) return fail(err, "the header " + std::string(header.name) + " holds a line break or NUL");
    header_bytes += header.name.size() * 2 + header.value.size() + 3;
    headers.push_back(std::move(canonical));
  }

  out->amz_date = std::string(scope.time);
  std::string payload_hash(request.payload_sha256);
  if (payload_hash.empty()) payload_hash = sha256_hex(request.payload);
  if (options.add_content_sha256) out->content_sha256 = payload_hash;
  out->session_token = token;
  headers.push_back({"host", request.host});
  headers.push_back({"x-amz-date", out->amz_date});
  if (!token.empty() && options.sign_session_token) headers.push_back({"x-amz-security-token", token});
  if (options.add_content_sha256) headers.push_back({"x-amz-content-sha256", out->content_sha256});
  insertion_sort(headers, [](const CanonicalHeader& a, const CanonicalHeader& b) { return a.name < b.name; });
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (i == 0 || headers[i].name != headers[i - 1].name) {
      if (!out->signed_headers.empty()) out->signed_headers.push_back(';');
      out->signed_headers.append(headers[i].name);
    }

  std::string path = sigv4_canonical_path(request.path, options);
  std::string query = sigv4_canonical_query(request.query);
  // The canonical request, in a buffer sized once: every part is known but the trimmed values,
  // which only shrink.
  SecretBuffer& canonical = out->canonical_request;
  canonical = SecretBuffer(request.method.size() + path.size() + query.size() + header_bytes + request.host.size() +
                           token.size() + out->signed_headers.size() + payload_hash.size() + 256);
  canonical.append(request.method);
  canonical.append("\n");
  canonical.append(path);
  canonical.append("\n");
  canonical.append(query);
  canonical.append("\n");
  for (std::size_t i = 0; i < headers.size(); ++i) {
    bool first = i == 0 || headers[i].name != headers[i - 1].name;
    if (first) {
      if (i) canonical.append("\n");
      canonical.append(headers[i].name);
      canonical.append(":");
    } else {
      canonical.append(",");
    }
    append_trimmed(headers[i].value, canonical);
  }
  canonical.append("\n\n");
  canonical.append(out->signed_headers);
  canonical.append("\n");
  canonical.append(payload_hash);

  std::string scope_text;
  append_all(scope_text, {scope.time.substr(0, 8), "/", scope.region, "/", scope.service, "/aws4_request"});
  append_all(out->string_to_sign, {kAlgorithm, "\n", out->amz_date, "\n", scope_text, "\n", sha256_hex(canonical.view())});
  if (!sign_string(credentials.secret_access_key->view(), scope, out->string_to_sign, &out->signature))
    return fail(err, "mbedTLS could not compute HMAC-SHA256");
  append_all(out->authorization, {kAlgorithm, " Credential=", credentials.access_key_id, "/", scope_text,
                                  ", SignedHeaders=", out->signed_headers, ", Signature=", out->signature});
  return true;
}

}  // namespace keyguard
