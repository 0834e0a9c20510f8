// The transport: DNS, TCP, an optional CONNECT proxy, TLS and one HTTP exchange, all bounded
// by one deadline.
#pragma once

#include <mbedtls/x509_crt.h>

#include <string_view>

#include "deadline.h"
#include "probe.h"
#include "secret.h"
#include "url.h"

namespace keyguard {

/// Initialises the crypto library once per process (PSA, for TLS 1.3); call before any
/// exchange and before the probe threads start. False when it cannot be.
bool prepare_tls();

/// Sends REQUEST and reads the answer. Never blocks past DEADLINE (DNS included); never
/// follows a redirect. TRUST is the loaded CA chain (unused for http://).
ProbeResult exchange(const ProbeRequest& request, const NetworkConfig& network, mbedtls_x509_crt* trust,
                     const Deadline& deadline);

/// The CONNECT request that opens a tunnel to TARGET through PROXY, with the proxy's Basic
/// credentials when its URL has them.
SecretBuffer connect_request(const Url& proxy, const Url& target);

/// Whether NO_PROXY (as curl reads it) exempts HOST from the proxy: `*`, a comma list of
/// host names (matching the name and its subdomains, a leading dot ignored) and exact IPs;
/// ports are ignored.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

}  // namespace keyguard
