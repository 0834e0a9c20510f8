// Proxy policy (docs/networks.md): which proxy the environment names, and which probes go
// through it. A value, decided once, that the connection follows.
#pragma once

#include <string>
#include <string_view>

#include "environment.h"
#include "url.h"

namespace keyguard {

/// The proxy the environment asks for, as curl reads it.
struct ProxySettings {
  std::string var;       ///< the variable it came from (https_proxy, ...); empty: no proxy
  Url url;               ///< the proxy, when var is set and error is empty
  std::string error;     ///< why the value cannot be used (fails only the probes that need it)
  std::string no_proxy;  ///< NO_PROXY as read
};

/// Reads https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY (first set wins) and NO_PROXY.
/// The proxy's value is never put in a message: it may hold a password.
ProxySettings read_proxy_settings(const Environment& env);

/// Whether NO_PROXY (as curl reads it) exempts HOST from the proxy: `*`, a comma list of
/// host names (matching the name and its subdomains, a leading dot ignored) and exact IPs;
/// ports are ignored.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

/// Whether a probe of URL goes through the proxy: https (plain http is loopback only), a
/// proxy set (usable or not), and the host not exempted by NO_PROXY.
bool goes_through_proxy(const ProxySettings& proxy, const Url& url);

}  // namespace keyguard
