// keyguard's mbedTLS 3.6 configuration: a TLS 1.3 and 1.2 client that verifies X.509 chains,
// and nothing else (no server side, no debug output, no self-tests or test certificates).
// The test fixtures add the server side on top of this in tests/mbedtls_fixture_config.h.
#ifndef KEYGUARD_MBEDTLS_CONFIG_H
#define KEYGUARD_MBEDTLS_CONFIG_H

// Platform.
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
/* Certificate dates are checked with keyguard's own UTC arithmetic (guard/tls.cpp): glibc's
   gmtime_r links its time-zone code, sscanf and strtof128 into the static binary. */
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_THREADING_C  // the probe threads share one CA chain
#define MBEDTLS_THREADING_PTHREAD
#define MBEDTLS_FS_IO        // mbedtls_x509_crt_parse_file (build tool and tests)

// Randomness: the kernel's, through CTR_DRBG (keyguard seeds it from getrandom itself).
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

// Symmetric ciphers of TLS 1.3 and the ECDHE suites of TLS 1.2.
#define MBEDTLS_AES_C
#define MBEDTLS_AESNI_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C

// Hashes. SHA-1 stays: about 30 of the Mozilla roots are self-signed with it, and they fail
// to parse without it. SHA-1 inside a chain stays refused by the default profile.
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_HKDF_C

// Public keys: X25519, P-256 and P-384 (P-521 too, for certificates signed with it), ECDSA,
// RSA with PKCS#1 v1.5 and PSS.
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_NIST_OPTIM  // without it EC costs twice as much
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C

// X.509 verification.
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK  // roots parsed only when named as an issuer (trust.cpp)

// PSA crypto: TLS 1.3 computes its key schedule through it.
#define MBEDTLS_PSA_CRYPTO_C

// TLS: the client side of 1.3 and 1.2.
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE  // middleboxes expect TLS 1.2-looking records
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_SESSION_TICKETS  // TLS 1.3 servers send tickets after the handshake
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE  // TLS 1.3 in mbedTLS 3.6 requires it

#endif  // KEYGUARD_MBEDTLS_CONFIG_H
