// Parsing base URLs and proxy URLs.
#pragma once

#include <string>
#include <string_view>

#include "secret.h"

namespace keyguard {

/// Where to connect and what to ask for. Credentials are never part of it: a proxy's are a
/// Secret of their own (parse_proxy_url), and a base URL may not hold any.
struct Url {
  std::string scheme;    ///< "https" or "http", lower case
  std::string host;      ///< lower case; IPv6 literals without brackets
  int port = 0;          ///< explicit or the scheme's default
  std::string path;      ///< "" or starting with "/"
  std::string query;     ///< without the "?"
};

/// Parses an absolute http(s) URL. Fragments are dropped. Returns false with a reason.
/// USERINFO, when given, is set to the "user:pass" before the host as written (a view into
/// TEXT, percent-encoded; empty when there is none); the Url never holds it.
bool parse_url(std::string_view text, Url* url, std::string* err, std::string_view* userinfo = nullptr);

/// Parses a proxy URL as curl reads one: `http://` when no scheme is given, port 1080 when
/// none is given. Only http:// proxies are supported. *USERINFO gets the proxy's "user:pass"
/// as written (percent-encoded), empty when there is none.
bool parse_proxy_url(std::string_view text, Url* proxy, Secret* userinfo, std::string* err);

/// BASE_PATH + SUFFIX without doubling or losing the slash between them.
std::string join_path(std::string_view base_path, std::string_view suffix);

/// 127.0.0.0/8, ::1 or localhost.
bool is_loopback_host(std::string_view host);

/// The Host header value: host, with brackets for IPv6, and :port unless the default.
std::string host_header(const Url& url);

/// Encodes everything but RFC 3986's unreserved characters as %XX (for query values).
std::string percent_encode(std::string_view text);

/// Decodes %XX escapes (for proxy credentials, hence into a buffer that wipes itself).
SecretBuffer percent_decode(std::string_view text);

}  // namespace keyguard
