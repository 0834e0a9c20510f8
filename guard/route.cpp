// Proxy policy: reading the proxy variables, and NO_PROXY as curl reads it.
#include "route.h"

#include <arpa/inet.h>

#include <algorithm>

#include "text.h"

namespace keyguard {

ProxySettings read_proxy_settings(const Environment& env) {
  ProxySettings proxy;
  // Lower case wins, as curl reads them.
  for (std::string_view var : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    auto value = env.get_nonempty(var);
    if (!value) continue;
    std::string why;
    proxy.var = std::string(var);
    if (!parse_proxy_url(*value, &proxy.url, &why))
      proxy.error = proxy.var + " is not a proxy keyguard can use (http://[USER:PASSWORD@]HOST[:PORT]): " + why;
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
