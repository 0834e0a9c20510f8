// CONNECT through an HTTP proxy (RFC 9110 §9.3.6), its answer read by the response parser.
#include "tunnel.h"

#include "http.h"
#include "redact.h"

namespace keyguard {
namespace {

/// "host:443", "[v6]:443": CONNECT names the port even when it is the default.
std::string authority_of(const Url& target) {
  bool v6 = target.host.find(':') != std::string::npos;
  return (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

}  // namespace

SecretBuffer connect_request(const ProxyCredentials& credentials, const Url& target) {
  std::string authority = authority_of(target);
  std::string_view basic = credentials.basic();
  constexpr std::string_view kAuthorization = "Proxy-Authorization: Basic ";
  constexpr std::string_view kAgent = "User-Agent: keyguard/" KEYGUARD_VERSION "\r\n\r\n";
  SecretBuffer request(2 * authority.size() + basic.size() + kAuthorization.size() + kAgent.size() + 64);
  for (std::string_view piece : {std::string_view("CONNECT "), std::string_view(authority),
                                 std::string_view(" HTTP/1.1\r\nHost: "), std::string_view(authority), std::string_view("\r\n")})
    request.append(piece);
  if (!basic.empty())
    for (std::string_view piece : {kAuthorization, basic, std::string_view("\r\n")}) request.append(piece);
  request.append(kAgent);
  return request;
}

bool open_tunnel(Channel& channel, const ProxySettings& proxy, const Url& target, Failure* failure) {
  const std::string& proxy_var = proxy.var;
  std::string peer = "the proxy in " + proxy_var;
  if (!channel_send_all(channel, connect_request(proxy.credentials, target).view(), Phase::proxy, peer, failure))
    return false;

  // One byte at a time: whatever follows the proxy's header block belongs to TLS.
  ResponseParser parser(/*head_only=*/true);
  while (parser.state() == ResponseParser::State::need_more) {
    char byte;
    long got = channel_recv(channel, &byte, 1);
    if (got < 0) {
      *failure = channel_failure(channel, Phase::proxy, peer);
      return false;
    }
    if (got == 0) {
      *failure = {Outcome::unreachable, Phase::proxy, peer + " closed the connection"};
      return false;
    }
    parser.feed(std::string_view(&byte, 1));
  }
  if (parser.state() == ResponseParser::State::error) {
    *failure = {Outcome::unreachable, Phase::proxy, peer + " sent an answer that is not HTTP (" + parser.error() + ")"};
    return false;
  }
  const HttpResponse& answer = parser.response();
  if (answer.status >= 200 && answer.status < 300) return true;
  // A proxy may quote the credentials it refused, decoded or as sent.
  std::string line = "HTTP " + std::to_string(answer.status) +
                     (answer.reason.empty() ? "" : " " + printable(proxy.credentials.redact(answer.reason), 80));
  bool sent_credentials = !proxy.credentials.empty();
  std::string why;
  // Proxies ask for credentials with 407; some answer 401 instead.
  if (answer.status == 407 || answer.status == 401)
    why = sent_credentials ? " (the proxy refused the credentials in " + proxy_var + "; check USER and PASSWORD)"
                           : " (the proxy wants credentials: http://USER:PASSWORD@HOST:PORT in " + proxy_var + ")";
  *failure = {Outcome::unreachable, Phase::proxy,
              peer + " refused the tunnel to " + authority_of(target) + ": " + line + why};
  return false;
}

}  // namespace keyguard
