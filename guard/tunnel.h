// The CONNECT tunnel through an HTTP proxy: the request, and the proxy's answer read with
// the same HTTP parser as every response.
#pragma once

#include <string>

#include "failure.h"
#include "secret.h"
#include "socket.h"
#include "url.h"

namespace keyguard {

/// The CONNECT request that opens a tunnel to TARGET through PROXY, with the proxy's Basic
/// credentials when its URL has them.
SecretBuffer connect_request(const Url& proxy, const Url& target);

/// Opens a tunnel to TARGET over CHANNEL, connected to PROXY (named by PROXY_VAR in
/// messages). Only the proxy's credentials go to the proxy; the key goes later, inside TLS.
/// Nothing past the proxy's header block is read: those bytes are the tunnel's.
bool open_tunnel(Channel& channel, const Url& proxy, const std::string& proxy_var, const Url& target, Failure* failure);

}  // namespace keyguard
