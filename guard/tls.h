// TLS 1.3 and 1.2 as a client, over a deadline-bounded channel. This stage alone speaks to
// mbedTLS's TLS API, so whatever depends on its version lives here.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "failure.h"
#include "socket.h"
#include "trust.h"

namespace keyguard {

/// Initialises the crypto library once per process (PSA, for TLS 1.3); call before any
/// handshake and before the probe threads start. False when it cannot be.
bool prepare_tls();

/// One TLS client session on one channel.
class TlsClient {
 public:
  struct Session;  ///< mbedTLS's state, inside tls.cpp
  TlsClient();
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  /// Handshakes with HOST over CHANNEL (SNI, and the certificate checked for HOST, a name or
  /// an IP address), trusting TRUST, which TRUST_SHOWN names in messages. The chain and the
  /// name are always verified. Fails in phase tls with a cause the operator can act on.
  bool handshake(Channel& channel, const TrustStore& trust, const std::string& host, const std::string& trust_shown,
                 Failure* failure);
  /// Writes all of DATA; false with *failure in PHASE.
  bool write_all(std::string_view data, Phase phase, Failure* failure);
  /// Reads some bytes: how many, 0 at the end (see cut_off), or -1 with *failure in PHASE.
  long read_some(void* buffer, std::size_t size, Phase phase, Failure* failure);
  /// Looks, without waiting, at what arrived since the last answer: decrypted data or a record
  /// with data is `pending`, close_notify or the end of the stream `closed`; a session ticket
  /// is read and is no data. Bytes read here are wiped and dropped: call it only to decide
  /// whether to send another request on this session.
  Between between();
  /// After an end: whether the peer closed without close_notify.
  bool cut_off() const;
  /// "TLSv1.3" or "TLSv1.2", once the handshake is done.
  std::string version() const;
  /// Whether the server asked for a client certificate (mutual TLS), which keyguard never sends.
  bool certificate_requested() const;

 private:
  std::unique_ptr<Session> session_;
};

}  // namespace keyguard
