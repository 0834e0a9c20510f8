// Proxy policy: reading the proxy variables, and NO_PROXY as curl reads it.
#include "route.h"

#include <arpa/inet.h>

#include <algorithm>

#include "crypto.h"
#include "redact.h"
#include "text.h"

namespace keyguard {

namespace {

/// BYTES in base64, in a buffer that wipes itself.
SecretBuffer base64_of(std::string_view bytes) {
  SecretBuffer encoded(base64_size(bytes.size()));  // and its NUL: a SecretBuffer has room for one
  encoded.commit(base64_encode(bytes, encoded.data()));
  return encoded;
}

}  // namespace

ProxyCredentials::ProxyCredentials(std::string_view userinfo) : written_(userinfo) {
  SecretBuffer decoded = percent_decode(userinfo);
  std::size_t colon = decoded.view().find(':');
  if (colon == std::string_view::npos) {
    // Basic is always user ":" password.
    SecretBuffer with_colon(decoded.size() + 1);
    with_colon.append(decoded.view());
    with_colon.append(":");
    decoded = std::move(with_colon);
  } else {
    password_decoded_ = Secret(decoded.view().substr(colon + 1));
  }
  decoded_ = Secret(decoded.view());
  basic_ = Secret(base64_of(decoded.view()).view());
  if (std::size_t written_colon = userinfo.find(':'); written_colon != std::string_view::npos)
    password_written_ = Secret(userinfo.substr(written_colon + 1));
}

std::string ProxyCredentials::redact(std::string_view text) const {
  return redact_each(text, {written_.view(), decoded_.view(), basic_.view(), password_written_.view(), password_decoded_.view()}, 8);
}

ProxySettings read_proxy_settings(const Environment& env) {
  ProxySettings proxy;
  // Lower case wins, as curl reads them.
  for (std::string_view var : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    auto value = env.get_nonempty(var);
    if (!value) continue;
    std::string why;
    proxy.var = std::string(var);
    Secret userinfo;
    if (!parse_proxy_url(*value, &proxy.url, &userinfo, &why))
      proxy.error = proxy.var + " is not a proxy keyguard can use (http://[USER:PASSWORD@]HOST[:PORT]): " + why;
    else if (!userinfo.empty())
      proxy.credentials = ProxyCredentials(userinfo.view());
    break;
  }
  for (std::string_view var : {"no_proxy", "NO_PROXY"}) {
    if (auto value = env.get_nonempty(var)) {
      proxy.no_proxy = std::string(*value);
      break;
    }
  }
  return proxy;
}

bool goes_through_proxy(const ProxySettings& proxy, const Url& url) {
  return !proxy.var.empty() && url.scheme == "https" && !no_proxy_matches(proxy.no_proxy, url.host);
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host) {
  std::string name = ascii_lower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  // An address matches only itself: its tail is not a domain ("0.1" must not exempt 10.0.0.1).
  in_addr v4;
  bool host_is_ip = name.find(':') != std::string::npos || ::inet_pton(AF_INET, name.c_str(), &v4) == 1;
  std::size_t start = 0;
  while (start < no_proxy.size()) {
    std::size_t end = no_proxy.find_first_of(", ", start);
    if (end == std::string_view::npos) end = no_proxy.size();
    std::string entry = ascii_lower(no_proxy.substr(start, end - start));
    start = end + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    // [v6]:port, v4:port, name:port: the port is ignored.
    if (entry.front() == '[') {
      std::size_t close = entry.find(']');
      entry = entry.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      entry = entry.substr(0, entry.find(':'));
    }
    while (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (entry.empty()) continue;
    if (name == entry) return true;
    if (host_is_ip) continue;
    if (name.size() > entry.size() && name.compare(name.size() - entry.size(), entry.size(), entry) == 0 &&
        name[name.size() - entry.size() - 1] == '.')
      return true;
  }
  return false;
}

}  // namespace keyguard
