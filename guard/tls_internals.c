/* Part of the TLS stage (tls.cpp): what keyguard reads inside mbedTLS 3.6's private state,
 * in C, with the library's own internal headers. Version-dependent by nature. */
#define MBEDTLS_ALLOW_PRIVATE_ACCESS
#include "ssl_misc.h"
#include "tls_internals.h"

/* Whether the server sent a CertificateRequest during the handshake in progress. */
int keyguard_tls_certificate_requested(const mbedtls_ssl_context *ssl)
{
    return ssl->handshake != NULL && ssl->handshake->client_auth;
}

/* The description byte of the alert just received, or -1. */
int keyguard_tls_received_alert(const mbedtls_ssl_context *ssl)
{
    if (ssl->in_msg == NULL || ssl->in_msgtype != MBEDTLS_SSL_MSG_ALERT || ssl->in_msglen < 2) {
        return -1;
    }
    return ssl->in_msg[1];
}

/* Whether the bytes that failed to parse as a TLS record begin like an HTTP response. */
int keyguard_tls_peer_spoke_http(const mbedtls_ssl_context *ssl)
{
    return ssl->in_hdr != NULL && memcmp(ssl->in_hdr, "HTTP/", 5) == 0;
}
