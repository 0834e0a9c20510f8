/* What keyguard reads inside mbedTLS 3.6 with the library's own internal headers (tls_internals.c). */
#ifndef KEYGUARD_TLS_INTERNALS_H
#define KEYGUARD_TLS_INTERNALS_H

#include <mbedtls/ssl.h>

#ifdef __cplusplus
extern "C" {
#endif

int keyguard_tls_certificate_requested(const mbedtls_ssl_context *ssl);
int keyguard_tls_received_alert(const mbedtls_ssl_context *ssl);
int keyguard_tls_peer_spoke_http(const mbedtls_ssl_context *ssl);

#ifdef __cplusplus
}
#endif

#endif /* KEYGUARD_TLS_INTERNALS_H */
