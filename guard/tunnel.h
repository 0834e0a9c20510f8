// The CONNECT tunnel through an HTTP proxy: the request, and the proxy's answer read with
// the same HTTP parser as every response.
#pragma once

#include <string>

#include "failure.h"
#include "route.h"
#include "secret.h"
#include "socket.h"
#include "url.h"

namespace keyguard {

/// The CONNECT request that opens a tunnel to TARGET, with the proxy's Basic CREDENTIALS
/// when there are any.
SecretBuffer connect_request(const ProxyCredentials& credentials, const Url& target);

/// Opens a tunnel to TARGET over CHANNEL, connected to PROXY (named by its variable in
/// messages). Only the proxy's credentials go to the proxy; the key goes later, inside TLS.
/// Nothing past the proxy's header block is read: those bytes are the tunnel's. What the
/// proxy says in a refusal is shown without its credentials, in any form they were sent.
bool open_tunnel(Channel& channel, const ProxySettings& proxy, const Url& target, Failure* failure);

}  // namespace keyguard
