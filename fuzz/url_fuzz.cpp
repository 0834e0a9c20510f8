// Fuzzes URL parsing: parse_url, parse_proxy_url, join_path, is_loopback_host, host_header,
// percent_encode and percent_decode.
#include "fuzz_checks.h"
#include "url.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

namespace {

bool has_space_or_control(std::string_view text) {
  for (unsigned char c : text)
    if (c <= 0x20 || c == 0x7f) return true;
  return false;
}

/// What any URL that parsed must be: it goes into a request line and a Host header.
void check_parsed(const Url& url, std::string_view userinfo, std::string_view text, const char* parser) {
  std::string where = std::string(parser) + "('" + escaped(text) + "')";
  check(!url.host.empty(), where + " gave an empty host");
  check(url.port >= 1 && url.port <= 65535, where + " gave port " + std::to_string(url.port));
  check(url.scheme == "http" || url.scheme == "https", where + " gave scheme '" + escaped(url.scheme) + "'");
  for (std::string_view part : {std::string_view(url.scheme), userinfo, std::string_view(url.host),
                                std::string_view(url.path), std::string_view(url.query)})
    check(!has_space_or_control(part), where + " kept a space or control byte in '" + escaped(part) + "'");
  std::string host = host_header(url);
  check(!host.empty() && !has_space_or_control(host), where + " gave the Host header '" + escaped(host) + "'");
}

/// Where the passwords of a proxy value may be: in the userinfo after its scheme, or, read as
/// a value without a scheme, from its start. Each is an offset and a length into TEXT.
std::vector<std::pair<std::size_t, std::size_t>> passwords_in(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> passwords;
  std::size_t scheme_end = text.find("://");
  for (std::size_t start : {scheme_end == std::string_view::npos ? 0 : scheme_end + 3, std::size_t{0}}) {
    std::string_view rest = text.substr(start);
    rest = rest.substr(0, rest.find('/'));
    std::size_t at = rest.rfind('@');
    if (at == std::string_view::npos) continue;
    std::size_t colon = rest.substr(0, at).find(':');
    if (colon != std::string_view::npos && at - colon - 1 >= 4) passwords.emplace_back(start + colon + 1, at - colon - 1);
  }
  return passwords;
}

/// TEXT with the letters and digits of [OFFSET, OFFSET + LENGTH) changed to others of their
/// kind: a password that parses exactly as the first, but with other bytes.
std::string with_other_password(std::string_view text, std::size_t offset, std::size_t length) {
  std::string changed(text);
  for (std::size_t i = offset; i < offset + length; ++i) {
    char& c = changed[i];
    if (c >= 'a' && c <= 'z') c = c == 'z' ? 'a' : c + 1;
    else if (c >= 'A' && c <= 'Z') c = c == 'Z' ? 'A' : c + 1;
    else if (c >= '0' && c <= '9') c = c == '9' ? '0' : c + 1;
  }
  return changed;
}

}  // namespace

// Input: the text, read as a URL, a proxy URL, a host name and a query value; its two
// halves are joined as paths.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  Url url;
  std::string err;
  std::string_view userinfo;
  if (parse_url(text, &url, &err, &userinfo)) check_parsed(url, userinfo, text, "parse_url");

  Url proxy;
  Secret credentials;
  std::string proxy_err;
  if (parse_proxy_url(text, &proxy, &credentials, &proxy_err)) {
    check_parsed(proxy, credentials.view(), text, "parse_proxy_url");
    check(proxy.scheme == "http", "parse_proxy_url accepted the scheme '" + proxy.scheme + "'");
  } else {
    // The message is shown, and the value may hold the proxy's password. The password may
    // happen to spell keyguard's own words ("a space"): it is shown only if another password
    // in its place would not be there as well.
    for (auto [offset, length] : passwords_in(text)) {
      std::string_view password = text.substr(offset, length);
      if (proxy_err.find(password) == std::string::npos) continue;
      Url ignored;
      Secret ignored_credentials;
      std::string other_err;
      parse_proxy_url(with_other_password(text, offset, length), &ignored, &ignored_credentials, &other_err);
      check(other_err.find(password) != std::string::npos,
            "parse_proxy_url's error shows the password '" + escaped(password) + "': " + escaped(proxy_err));
    }
  }

  is_loopback_host(text);

  std::string_view base = text.substr(0, size / 2), suffix = text.substr(size / 2);
  std::string joined = join_path(base, suffix);
  std::string_view kept_suffix = suffix.substr(!suffix.empty() && suffix.front() == '/' ? 1 : 0);
  check(std::string_view(joined).starts_with(base) && std::string_view(joined).ends_with(kept_suffix),
        "join_path('" + escaped(base) + "', '" + escaped(suffix) + "') lost a part: '" + escaped(joined) + "'");

  std::string encoded = percent_encode(text);
  check(percent_decode(encoded).view() == text, "percent_decode(percent_encode(x)) != x for '" + escaped(text) + "'");
  percent_decode(text);
  return 0;
}
