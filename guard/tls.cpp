// The TLS stage: mbedTLS 3.6 as a TLS 1.3 and 1.2 client, shaped after its ssl_client1 with
// the verification left required, and its failures turned into causes an operator can act on.
#include "tls.h"

#include "text.h"

#include <sys/random.h>
#include <fcntl.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/oid.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>
#include <psa/crypto.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <ctime>
#include <vector>

#include "owned.h"
#include "secret.h"
#include "tls_internals.h"
#include "trust_chain.h"

// The CA chain is shared by the probe threads; mbedTLS guards its caches only with threading.
#if !defined(MBEDTLS_THREADING_C)
#error "keyguard needs an mbedTLS built with MBEDTLS_THREADING_C"
#endif
#if MBEDTLS_VERSION_MAJOR != 3 || MBEDTLS_VERSION_MINOR != 6
#error "the TLS stage is written for mbedTLS 3.6"
#endif


namespace keyguard {

bool prepare_tls() {
  // TLS 1.3's key schedule runs on PSA crypto, which is initialised once per process.
  static const bool ready = psa_crypto_init() == PSA_SUCCESS;
  return ready;
}

/// The client state of one connection, with one cleanup path. Members are destroyed in
/// reverse: the context before the configuration it points to.
struct TlsClient::Session {
  Owned<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free> random;
  Owned<mbedtls_ssl_config, mbedtls_ssl_config_init, mbedtls_ssl_config_free> config;
  Owned<mbedtls_ssl_context, mbedtls_ssl_init, mbedtls_ssl_free> ssl;
  Channel* channel = nullptr;
  bool cut_off = false;
  bool certificate_requested = false;
  /// What each certificate of the chain with a problem says, noted while it is verified
  /// (depth 0 is the server's own): a failed TLS 1.2 handshake frees them before keyguard
  /// could ask.
  struct Noted {
    int depth = 0;
    uint32_t flags = 0;  ///< this certificate's own problems
    std::string subject, names, issuer, valid_from, valid_to;
    bool sent_alone = false;  ///< depth 0: no other certificate came with it
    bool self_issued = false;
  };
  std::vector<Noted> chain;
};

namespace {

/// Seeds the random generator straight from the kernel's CSPRNG. mbedTLS's entropy pool
/// would poll the same source and more, for nothing but time.
extern "C" int kernel_entropy(void*, unsigned char* output, std::size_t size) noexcept {
  while (size > 0) {
    ssize_t got = ::getrandom(output, size, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == ENOSYS || errno == EPERM)) break;  // old kernel, or a seccomp filter
    if (got <= 0) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    output += got;
    size -= static_cast<std::size_t>(got);
  }
  if (size == 0) return 0;
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
  while (size > 0) {
    ssize_t got = ::read(fd, output, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output += got;
    size -= static_cast<std::size_t>(got);
  }
  ::close(fd);
  return size == 0 ? 0 : MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}

// mbedTLS's view of the channel: the deadline becomes a timeout, a reset a reset.
extern "C" int bio_send(void* context, const unsigned char* data, std::size_t size) noexcept {
  Channel& channel = *static_cast<Channel*>(context);
  long sent = channel_send(channel, data, size);
  if (sent >= 0) return static_cast<int>(sent);
  if (channel.timed_out) return MBEDTLS_ERR_SSL_TIMEOUT;
  return channel.error == EPIPE || channel.error == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_SEND_FAILED;
}

extern "C" int bio_recv(void* context, unsigned char* data, std::size_t size) noexcept {
  Channel& channel = *static_cast<Channel*>(context);
  long got = channel_recv(channel, data, size);
  if (got >= 0) return static_cast<int>(got);
  if (channel.timed_out) return MBEDTLS_ERR_SSL_TIMEOUT;
  if (channel.no_wait && channel.error == EAGAIN) return MBEDTLS_ERR_SSL_WANT_READ;
  return channel.error == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
}

// The key-exchange groups, cheapest first: TLS 1.3 sends one key share, for the first, and a
// server that picks by the client's order should not make us pay for a larger curve. P-384
// and P-521 stay, last, for servers that want them (they answer with a HelloRetryRequest).
constexpr std::uint16_t kGroups[] = {MBEDTLS_SSL_IANA_TLS_GROUP_X25519, MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                     MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1, MBEDTLS_SSL_IANA_TLS_GROUP_SECP521R1,
                                     MBEDTLS_SSL_IANA_TLS_GROUP_NONE};

/// What an mbedTLS error code that keyguard has no sentence of its own for means, in a few
/// words, with the code itself for a search. mbedTLS's own table of every code (MBEDTLS_ERROR_C)
/// is 16 KB of the binary for messages that the handshake's common failures never show.
std::string mbedtls_text(int code) {
  const char* what = "an error";
  switch (code) {
    case MBEDTLS_ERR_SSL_INVALID_RECORD: what = "an invalid TLS record"; break;
    case MBEDTLS_ERR_SSL_UNEXPECTED_RECORD: what = "an unexpected TLS record"; break;
    case MBEDTLS_ERR_SSL_DECODE_ERROR: what = "a TLS message that does not decode"; break;
    case MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE: what = "an unexpected TLS message"; break;
    case MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER: what = "an illegal parameter in a TLS message"; break;
    case MBEDTLS_ERR_SSL_INVALID_MAC: what = "a TLS record that fails its integrity check"; break;
    case MBEDTLS_ERR_SSL_BAD_CERTIFICATE: what = "a certificate message keyguard cannot read"; break;
    case MBEDTLS_ERR_SSL_UNSUPPORTED_EXTENSION: what = "a TLS extension keyguard did not offer"; break;
    case MBEDTLS_ERR_SSL_ALLOC_FAILED: what = "no memory for the TLS session"; break;
    case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY: what = "the server closed the TLS session"; break;
    default:
      // A high-level code may carry a low-level one (an X.509 parse error and its ASN.1 cause).
      if ((-code & 0xFF80) >= 0x2000 && (-code & 0xFF80) < 0x3000) what = "a certificate keyguard cannot parse";
      break;
  }
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%s (mbedTLS -0x%04X)", what, static_cast<unsigned>(-code));
  return buffer;
}

std::string format_time(const mbedtls_x509_time& time) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d UTC", time.year, time.mon, time.day, time.hour, time.min);
  return buffer;
}

std::string clock_now() { return utc_time(static_cast<long long>(std::time(nullptr)), false); }

/// The names a certificate is for: its DNS and IP subjectAltNames (up to three), else its CN.
std::string names_of(const mbedtls_x509_crt& crt) {
  std::string names;
  int count = 0;
  for (const mbedtls_x509_sequence* entry = &crt.subject_alt_names; entry && entry->buf.p; entry = entry->next) {
    mbedtls_x509_subject_alternative_name san;
    if (mbedtls_x509_parse_subject_alt_name(&entry->buf, &san) != 0) continue;
    std::string name;
    if (san.type == MBEDTLS_X509_SAN_DNS_NAME) {
      name.assign(reinterpret_cast<const char*>(san.san.unstructured_name.p), san.san.unstructured_name.len);
    } else if (san.type == MBEDTLS_X509_SAN_IP_ADDRESS && san.san.unstructured_name.len == 4) {
      const unsigned char* ip = san.san.unstructured_name.p;
      name = std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." + std::to_string(ip[3]);
    }
    mbedtls_x509_free_subject_alt_name(&san);
    if (name.empty()) continue;
    if (++count > 3) {
      names += ", ...";
      break;
    }
    names += (names.empty() ? "" : ", ") + name;
  }
  if (!names.empty()) return names;
  char subject[256];
  return mbedtls_x509_dn_gets(subject, sizeof subject, &crt.subject) > 0 ? subject : "another name";
}

std::string issuer_of(const mbedtls_x509_crt& crt) {
  char issuer[256];
  return mbedtls_x509_dn_gets(issuer, sizeof issuer, &crt.issuer) > 0 ? issuer : "unknown";
}

/// The noted certificate at DEPTH, or nullptr.
const TlsClient::Session::Noted* noted_at(const std::vector<TlsClient::Session::Noted>& chain, int depth) {
  for (const auto& noted : chain)
    if (noted.depth == depth) return &noted;
  return nullptr;
}

/// Why the server's chain was refused, naming the certificate at fault, with what the
/// operator needs to fix it. The caller adds the host.
std::string verify_failure(uint32_t flags, const std::vector<TlsClient::Session::Noted>& chain, const std::string& host,
                           const std::string& trust_shown) {
  // The certificate whose own flags hold BIT, the server's first.
  auto at_fault = [&](uint32_t bit) -> const TlsClient::Session::Noted* {
    const TlsClient::Session::Noted* found = nullptr;
    for (const auto& noted : chain)
      if ((noted.flags & bit) && (!found || noted.depth < found->depth)) found = &noted;
    return found;
  };
  auto whose = [](const TlsClient::Session::Noted& noted) {
    return noted.depth == 0 ? std::string("the server's certificate")
                            : "the certificate of " + noted.subject + (noted.self_issued ? " (a root)" : " (in its chain)");
  };
  std::string clock = "this machine's clock says " + clock_now();
  if (const auto* noted = at_fault(MBEDTLS_X509_BADCERT_EXPIRED))
    return whose(*noted) + " expired on " + noted->valid_to + " (" + clock + ")";
  if (const auto* noted = at_fault(MBEDTLS_X509_BADCERT_FUTURE))
    return whose(*noted) + " is not valid before " + noted->valid_from + " (" + clock + "; is it right?)";
  const TlsClient::Session::Noted* leaf = noted_at(chain, 0);
  if (leaf && (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH))
    return "the certificate is for " + leaf->names + ", not " + host + " (wrong host name)";
  if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) {
    // The last certificate verification reached is the one whose issuer is not trusted.
    const TlsClient::Session::Noted* top = leaf;
    for (const auto& noted : chain)
      if (!top || noted.depth > top->depth) top = &noted;
    std::string issuer = top ? top->issuer : "unknown";
    // On the wire, a leaf without its intermediate and a leaf of an untrusted CA look alike.
    if (leaf && leaf->sent_alone && !leaf->self_issued)
      return "the server's certificate is not signed by a trusted CA (issuer: " + issuer + "; trust: " + trust_shown +
             "), and the server sends no intermediate with it: if that issuer is an intermediate CA, the server does "
             "not send its intermediate certificate";
    return "the server's chain does not lead to a trusted CA (issuer: " + issuer + "; trust: " + trust_shown + ")";
  }
  if (flags & MBEDTLS_X509_BADCERT_REVOKED) return "the server's certificate is revoked";
  char buffer[256];
  int length = mbedtls_x509_crt_verify_info(buffer, sizeof buffer, "", flags);
  std::string text = length > 0 ? std::string(buffer, static_cast<std::size_t>(length)) : "verification failed";
  for (char& c : text)
    if (c == '\n') c = ';';
  while (!text.empty() && text.back() == ';') text.pop_back();
  return "the server's certificate is not acceptable: " + text;
}

/// Notes each certificate that has problems of its own as it is verified; a chain that
/// verifies costs nothing here. (The name mismatch is among the server's certificate's flags,
/// and "not trusted" among those of the last certificate the chain reached.)
extern "C" int note_certificate(void* context, mbedtls_x509_crt* crt, int depth, uint32_t* flags) noexcept {
  if (*flags == 0) return 0;
  TlsClient::Session::Noted noted;
  noted.depth = depth;
  noted.flags = *flags;
  char subject[256];
  noted.subject = mbedtls_x509_dn_gets(subject, sizeof subject, &crt->subject) > 0 ? subject : "unknown";
  noted.names = depth == 0 ? names_of(*crt) : "";
  noted.issuer = issuer_of(*crt);
  noted.valid_from = format_time(crt->valid_from);
  noted.valid_to = format_time(crt->valid_to);
  noted.sent_alone = depth == 0 && (!crt->next || crt->next->version == 0);
  noted.self_issued = crt->issuer_raw.len == crt->subject_raw.len &&
                      std::equal(crt->issuer_raw.p, crt->issuer_raw.p + crt->issuer_raw.len, crt->subject_raw.p);
  static_cast<TlsClient::Session*>(context)->chain.push_back(std::move(noted));
  return 0;
}

/// What an alert from the server means, when it ends the handshake or arrives right after it
/// (TLS 1.3 servers refuse a missing client certificate after the client's Finished).
Failure alert_failure(int alert, bool certificate_requested) {
  if (alert == MBEDTLS_SSL_ALERT_MSG_CERT_REQUIRED ||
      (certificate_requested && (alert == MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE || alert == MBEDTLS_SSL_ALERT_MSG_BAD_CERT)))
    return {Outcome::tls_error, Phase::tls,
            "the server requires a client certificate (mutual TLS), which keyguard does not send; check the base URL, "
            "or what sits in front of the provider"};
  if (alert == MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION)
    return {Outcome::tls_error, Phase::tls, "the server refused every TLS version keyguard speaks (1.3 and 1.2)"};
  if (alert == MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE || alert == MBEDTLS_SSL_ALERT_MSG_INSUFFICIENT_SECURITY)
    return {Outcome::tls_error, Phase::tls,
            "the server found no cipher suite, key-exchange group or signature algorithm in common with keyguard "
            "(AES-GCM, ChaCha20-Poly1305; X25519, P-256, P-384, P-521)"};
  if (alert == MBEDTLS_SSL_ALERT_MSG_UNRECOGNIZED_NAME)
    return {Outcome::tls_error, Phase::tls, "the server does not serve this host name (SNI); check the base URL"};
  Failure failure{Outcome::tls_error, Phase::tls, "the server ended the TLS session with alert " + std::to_string(alert)};
  // An internal error or a broken record may not happen on the next connection; the alerts
  // about certificates and access (42 to 49) would.
  failure.transient = alert < 42 || alert > 49;
  return failure;
}

}  // namespace

TlsClient::TlsClient() : session_(std::make_unique<Session>()) {}
TlsClient::~TlsClient() = default;

bool TlsClient::handshake(Channel& channel, const TrustStore& trust, const std::string& host,
                          const std::string& trust_shown, Failure* failure) {
  Session& tls = *session_;
  tls.channel = &channel;
  auto fail = [&](Outcome outcome, std::string message, bool transient = false) {
    *failure = {outcome, Phase::tls, std::move(message)};
    failure->transient = transient;
    return false;
  };
  // 1. Configure: a client that verifies the chain and the name, always.
  static constexpr unsigned char kPersonal[] = "keyguard";
  if (!prepare_tls()) return fail(Outcome::tls_error, "cannot set up TLS: the crypto library does not start");
  int code = mbedtls_ctr_drbg_seed(tls.random.get(), kernel_entropy, nullptr, kPersonal, sizeof kPersonal - 1);
  if (code == 0)
    code = mbedtls_ssl_config_defaults(tls.config.get(), MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                       MBEDTLS_SSL_PRESET_DEFAULT);
  if (code != 0) return fail(Outcome::tls_error, "cannot set up TLS: " + mbedtls_text(code));
  mbedtls_ssl_conf_authmode(tls.config.get(), MBEDTLS_SSL_VERIFY_REQUIRED);
  // The trusted roots are looked up by the name a certificate gives as its issuer, and only those
  // are parsed (docs/networks.md#trust): not the whole bundle on every start.
  mbedtls_ssl_conf_ca_cb(tls.config.get(), trusted_issuers, &trust.index());
  mbedtls_ssl_conf_verify(tls.config.get(), note_certificate, &tls);
  mbedtls_ssl_conf_rng(tls.config.get(), mbedtls_ctr_drbg_random, tls.random.get());
  mbedtls_ssl_conf_min_tls_version(tls.config.get(), MBEDTLS_SSL_VERSION_TLS1_2);
  mbedtls_ssl_conf_max_tls_version(tls.config.get(), MBEDTLS_SSL_VERSION_TLS1_3);
  mbedtls_ssl_conf_groups(tls.config.get(), kGroups);
  code = mbedtls_ssl_setup(tls.ssl.get(), tls.config.get());
  // SNI and the name the certificate must carry; an IP address is checked against its
  // iPAddress subjectAltNames and sent without SNI.
  if (code == 0) code = mbedtls_ssl_set_hostname(tls.ssl.get(), host.c_str());
  if (code != 0) return fail(Outcome::tls_error, "cannot set up TLS: " + mbedtls_text(code));
  mbedtls_ssl_set_bio(tls.ssl.get(), &channel, bio_send, bio_recv, nullptr);

  // 2. Handshake, a step at a time, so that a CertificateRequest is noticed.
  while (mbedtls_ssl_is_handshake_over(tls.ssl.get()) == 0) {
    code = mbedtls_ssl_handshake_step(tls.ssl.get());
    tls.certificate_requested |= keyguard_tls_certificate_requested(tls.ssl.get()) != 0;
    if (code == 0 || code == MBEDTLS_ERR_SSL_WANT_READ || code == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
    // TLS 1.3 servers may send a ticket right after the handshake.
    if (code == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) continue;
    break;
  }
  if (mbedtls_ssl_is_handshake_over(tls.ssl.get()) == 1) return true;

  // 3. Say why, as precisely as mbedTLS lets us know.
  if (channel.timed_out) {
    *failure = timed_out(Phase::tls);
    return false;
  }
  switch (code) {
    case MBEDTLS_ERR_X509_CERT_VERIFY_FAILED:
      return fail(Outcome::tls_error,
                  verify_failure(mbedtls_ssl_get_verify_result(tls.ssl.get()), tls.chain, host, trust_shown));
    // A connection that broke, or a server that closed or stopped the handshake for a reason of
    // its own, may fare better on the next connection (transient: one retry, docs/report.md).
    case MBEDTLS_ERR_NET_CONN_RESET:
      return fail(Outcome::unreachable, "the server reset the connection during the TLS handshake", true);
    case MBEDTLS_ERR_NET_SEND_FAILED:
    case MBEDTLS_ERR_NET_RECV_FAILED:
      return fail(Outcome::unreachable, "the connection broke during the TLS handshake: " + errno_text(channel.error),
                  true);
    case MBEDTLS_ERR_SSL_CONN_EOF:
      return fail(Outcome::tls_error, "the server closed the connection during the TLS handshake", true);
    case MBEDTLS_ERR_SSL_INVALID_RECORD:
    case MBEDTLS_ERR_SSL_UNEXPECTED_RECORD:
    case MBEDTLS_ERR_SSL_DECODE_ERROR:
      if (keyguard_tls_peer_spoke_http(tls.ssl.get()))
        return fail(Outcome::misconfigured, "the server answers in plain HTTP on this port, not TLS: use http:// "
                                            "(loopback only) or the port that speaks TLS");
      return fail(Outcome::tls_error, "the server does not speak TLS on this port (" + mbedtls_text(code) + ")");
    case MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION:
      return fail(Outcome::tls_error, "the server speaks only TLS versions keyguard does not (it speaks 1.3 and 1.2)");
    case MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE:
      return fail(Outcome::tls_error, "the server and keyguard have no cipher suite or key-exchange group in common "
                                      "(keyguard offers AES-GCM and ChaCha20-Poly1305 with X25519, P-256, P-384 and P-521)");
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
      *failure = alert_failure(keyguard_tls_received_alert(tls.ssl.get()), tls.certificate_requested);
      return false;
    default:
      return fail(Outcome::tls_error, "the TLS handshake failed: " + mbedtls_text(code), true);
  }
}

bool TlsClient::write_all(std::string_view data, Phase phase, Failure* failure) {
  Session& tls = *session_;
  while (!data.empty()) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    int written = mbedtls_ssl_write(tls.ssl.get(), bytes, data.size());
    if (written == MBEDTLS_ERR_SSL_WANT_WRITE || written == MBEDTLS_ERR_SSL_WANT_READ) continue;
    if (written == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) continue;
    if (written == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
      *failure = alert_failure(keyguard_tls_received_alert(tls.ssl.get()), tls.certificate_requested);
      return false;
    }
    if (written <= 0) {
      *failure = tls.channel->timed_out ? timed_out(phase)
                 : written == MBEDTLS_ERR_NET_CONN_RESET || written == MBEDTLS_ERR_NET_SEND_FAILED
                     ? channel_failure(*tls.channel, phase, "the server")
                     : Failure{Outcome::unexpected, phase, mbedtls_text(written)};
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

long TlsClient::read_some(void* buffer, std::size_t size, Phase phase, Failure* failure) {
  Session& tls = *session_;
  for (;;) {
    int got = mbedtls_ssl_read(tls.ssl.get(), static_cast<unsigned char*>(buffer), size);
    if (got > 0) return got;
    if (got == MBEDTLS_ERR_SSL_WANT_READ || got == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
    // TLS 1.3 servers send session tickets after the handshake: not data, read on.
    if (got == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) continue;
    if (got == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) return 0;
    // mbedtls_ssl_read gives 0 when the transport ended without close_notify. Servers often
    // close that way after `Connection: close`; the HTTP framing decides what that means.
    if (got == 0 || got == MBEDTLS_ERR_SSL_CONN_EOF) {
      tls.cut_off = true;
      return 0;
    }
    if (tls.channel->timed_out) *failure = timed_out(phase);
    else if (got == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE)
      *failure = alert_failure(keyguard_tls_received_alert(tls.ssl.get()), tls.certificate_requested);
    else if (got == MBEDTLS_ERR_NET_CONN_RESET || got == MBEDTLS_ERR_NET_RECV_FAILED)
      *failure = channel_failure(*tls.channel, phase, "the server");
    else *failure = {Outcome::unexpected, phase, mbedtls_text(got)};
    return -1;
  }
}

Between TlsClient::between() {
  Session& tls = *session_;
  if (mbedtls_ssl_get_bytes_avail(tls.ssl.get()) > 0) return Between::pending;
  tls.channel->no_wait = true;
  Between found;
  for (;;) {
    unsigned char byte = 0;
    int got = mbedtls_ssl_read(tls.ssl.get(), &byte, 1);
    wipe(&byte, 1);
    if (got > 0) {
      found = Between::pending;
    } else if (got == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
      continue;
    } else if (got == MBEDTLS_ERR_SSL_WANT_READ || got == MBEDTLS_ERR_SSL_WANT_WRITE) {
      // Nothing more on the socket; part of a record already read means the server is
      // sending something.
      found = mbedtls_ssl_check_pending(tls.ssl.get()) ? Between::pending : Between::idle;
    } else {
      found = Between::closed;  // close_notify, the end of the stream, an alert, a reset
    }
    break;
  }
  tls.channel->no_wait = false;
  tls.channel->error = 0;
  return found;
}

bool TlsClient::cut_off() const { return session_->cut_off; }

std::string TlsClient::version() const { return mbedtls_ssl_get_version(session_->ssl.get()); }

bool TlsClient::certificate_requested() const { return session_->certificate_requested; }

}  // namespace keyguard
