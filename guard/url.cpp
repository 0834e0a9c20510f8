// Parsing the base URLs and proxy URLs that operators write into the environment.
#include "url.h"

#include "text.h"

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace keyguard {

namespace {

constexpr std::size_t kMaxUrlBytes = 8 * 1024;
constexpr std::size_t kMaxHostBytes = 253;  // the longest DNS name

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Letters, digits, '-' and '.' make a DNS name; '_' shows up in internal names. Anything else
// (a stray quote, a backslash, a second '@') is a typo that DNS would only report less clearly.
bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' || c == '_';
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

bool parse_port(std::string_view text, int* port) {
  // An empty port ("http://localhost:$PORT" with PORT unset) is a mistake, not the default.
  if (text.empty() || text.size() > 5) return false;
  int value = 0;
  for (char c : text) {
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return false;
  *port = value;
  return true;
}

bool is_ipv6_literal(std::string_view text) {
  std::string terminated(text);
  in6_addr address;
  return inet_pton(AF_INET6, terminated.c_str(), &address) == 1;
}

}  // namespace

bool parse_url(std::string_view text, Url* url, std::string* err, std::string_view* userinfo) {
  auto failure = [err](const char* reason) {
    if (err) *err = reason;
    return false;
  };

  // Whatever passes here goes into a request line and a Host header verbatim.
  if (text.size() > kMaxUrlBytes) return failure("longer than 8 KiB");
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return failure("contains a space or control character");
    if (byte >= 0x80) return failure("contains non-ASCII characters");
  }

  Url parsed;
  std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return failure("not an http or https URL");
  parsed.scheme = ascii_lower(text.substr(0, scheme_end));
  if (parsed.scheme != "https" && parsed.scheme != "http") return failure("not an http or https URL");
  std::string_view rest = text.substr(scheme_end + 3);

  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view after_authority = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);

  // The last '@' ends the userinfo, so a password with a raw '@' still parses as meant.
  std::string_view credentials;
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    credentials = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }

  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return failure("bad IPv6 address");
    std::string_view literal = authority.substr(1, close - 1);
    if (literal.empty()) return failure("no host");
    if (!is_ipv6_literal(literal)) return failure("bad IPv6 address");
    parsed.host = ascii_lower(literal);
    std::string_view after_close = authority.substr(close + 1);
    if (!after_close.empty()) {
      if (after_close.front() != ':') return failure("bad host");
      port_text = after_close.substr(1);
      has_port = true;
    }
  } else {
    std::size_t colon = authority.find(':');
    std::string_view host = authority.substr(0, colon);
    if (host.empty()) return failure("no host");
    if (host.size() > kMaxHostBytes) return failure("host name longer than 253 characters");
    for (char c : host)
      if (!is_host_char(c)) return failure("bad host");
    parsed.host = ascii_lower(host);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (has_port) {
    if (!parse_port(port_text, &parsed.port)) return failure("bad port");
  } else {
    parsed.port = default_port(parsed.scheme);
  }

  std::string_view path_and_query = after_authority.substr(0, after_authority.find('#'));
  std::size_t question = path_and_query.find('?');
  parsed.path = path_and_query.substr(0, question);
  if (question != std::string_view::npos) parsed.query = path_and_query.substr(question + 1);

  *url = std::move(parsed);
  if (userinfo) *userinfo = credentials;
  return true;
}

std::string join_path(std::string_view base_path, std::string_view suffix) {
  std::string joined(base_path);
  if (suffix.empty()) return joined;
  bool base_has_slash = !joined.empty() && joined.back() == '/';
  bool suffix_has_slash = suffix.front() == '/';
  if (base_has_slash && suffix_has_slash) suffix.remove_prefix(1);
  if (!base_has_slash && !suffix_has_slash) joined += '/';
  joined += suffix;
  return joined;
}

// This decides whether a key may travel in clear text, so only forms that cannot reach another
// machine count. inet_pton takes strict dotted decimal (no octal "0177.1"), and IPv6 in any
// spelling, including the IPv4-mapped ::ffff:127.0.0.1.
bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (iequals(host, "localhost") || iequals(host, "localhost.")) return true;

  std::string terminated(host);
  in_addr v4;
  if (inet_pton(AF_INET, terminated.c_str(), &v4) == 1) {
    auto* bytes = reinterpret_cast<const unsigned char*>(&v4.s_addr);
    return bytes[0] == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, terminated.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

std::string host_header(const Url& url) {
  bool is_ipv6 = url.host.find(':') != std::string::npos;
  std::string value;
  if (is_ipv6) value += '[';
  value += url.host;
  if (is_ipv6) value += ']';
  if (url.port != default_port(url.scheme)) {
    value += ':';
    value += std::to_string(url.port);
  }
  return value;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

SecretBuffer percent_decode(std::string_view text) {
  SecretBuffer decoded(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      c = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    }
    decoded.append(std::string_view(&c, 1));
  }
  return decoded;
}

bool parse_proxy_url(std::string_view text, Url* proxy, Secret* userinfo, std::string* err) {
  // Nothing of the value is ever echoed: it may hold the proxy's password. Only a scheme,
  // which cannot hold one, is named; text before a "://" that is no scheme (a password, a
  // query) means the value has none, as curl reads it.
  std::size_t separator = text.find("://");
  if (separator != std::string_view::npos) {
    std::string_view scheme = text.substr(0, separator);
    bool is_scheme = !scheme.empty() && scheme.size() <= 16 && std::isalpha(static_cast<unsigned char>(scheme[0]));
    for (char c : scheme) is_scheme &= std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    if (!is_scheme) {
      separator = std::string_view::npos;
    } else if (!iequals(scheme, "http")) {
      *err = "only http:// proxies are supported, not " + ascii_lower(scheme) + "://";
      return false;
    }
  }
  // Built in place: a temporary here would free an unwiped copy of the password.
  std::string full;
  full.reserve(7 + text.size());
  if (separator == std::string_view::npos) full.append("http://");
  full.append(text);
  Url parsed;
  std::string_view credentials;
  bool ok = parse_url(full, &parsed, err, &credentials);
  if (ok && parsed.scheme != "http") {
    *err = "only http:// proxies are supported";
    ok = false;
  }
  if (!ok) {
    wipe(full);
    return false;
  }
  std::string_view authority = std::string_view(full).substr(full.find("://") + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') authority.remove_prefix(std::min(authority.find(']'), authority.size()));
  if (authority.find(':') == std::string_view::npos) parsed.port = 1080;
  *proxy = std::move(parsed);
  userinfo->assign(credentials);
  wipe(full);
  return true;
}

}  // namespace keyguard
