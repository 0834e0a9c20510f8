// Proxy policy (docs/networks.md): which proxy the environment names, and which probes go
// through it. A value, decided once, that the connection follows.
#pragma once

#include <string>
#include <string_view>

#include "environment.h"
#include "secret.h"
#include "url.h"

namespace keyguard {

/// A proxy's credentials, secrets like keys: in buffers that wipe themselves, in every form
/// keyguard sends or a proxy may send back (docs/networks.md).
class ProxyCredentials {
 public:
  ProxyCredentials() = default;
  /// From USERINFO, "user:password" as written in the proxy URL (percent-encoded).
  explicit ProxyCredentials(std::string_view userinfo);

  bool empty() const { return written_.empty(); }
  /// What `Proxy-Authorization: Basic` carries: user:password percent-decoded, in base64
  /// ("user" alone is sent as "user:").
  std::string_view basic() const { return basic_.view(); }
  /// TEXT, something the proxy sent, with every run of 8 characters of each form replaced by
  /// "[redacted]" (a form shorter than that wherever it appears whole): user:password as
  /// written and percent-decoded, its base64, and the password alone, written and decoded.
  std::string redact(std::string_view text) const;

 private:
  Secret written_, decoded_, basic_, password_written_, password_decoded_;
};

/// The proxy the environment asks for, as curl reads it.
struct ProxySettings {
  std::string var;               ///< the variable it came from (https_proxy, ...); empty: no proxy
  Url url;                       ///< the proxy, when var is set and error is empty
  ProxyCredentials credentials;  ///< from the proxy URL; empty when it has none
  std::string error;             ///< why the value cannot be used (fails only the probes that need it)
  std::string no_proxy;          ///< NO_PROXY as read
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
