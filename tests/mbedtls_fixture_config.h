// mbedTLS for the test fixtures: keyguard's client configuration plus what a test server and
// a test PKI need (the server side, key generation, certificate writing). Never in the binary.
#ifndef KEYGUARD_MBEDTLS_FIXTURE_CONFIG_H
#define KEYGUARD_MBEDTLS_FIXTURE_CONFIG_H

#include "../guard/mbedtls_config.h"

/* The fixtures have no keyguard clock of their own: glibc's gmtime_r serves them. */
#undef MBEDTLS_PLATFORM_GMTIME_R_ALT

#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_TICKET_C
#define MBEDTLS_GENPRIME
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_PEM_WRITE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CRT_WRITE_C
#define MBEDTLS_X509_CSR_WRITE_C
#define MBEDTLS_CIPHER_MODE_CTR
#define MBEDTLS_ERROR_C  // mbedtls_strerror, for the fixtures' own messages

#endif  // KEYGUARD_MBEDTLS_FIXTURE_CONFIG_H
