/* What the trust stage reads with mbedTLS 3.6's internal X.509 parser (trust_internals.c). */
#ifndef KEYGUARD_TRUST_INTERNALS_H
#define KEYGUARD_TRUST_INTERNALS_H

#include <mbedtls/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The subject name of the DER certificate DER (SIZE bytes) into *NAME, without parsing the rest;
 * 0 on success, and *NAME's further entries are then the caller's to free
 * (mbedtls_asn1_free_named_data_list_shallow). */
int keyguard_x509_subject_of(const unsigned char *der, size_t size, mbedtls_x509_name *name);

#ifdef __cplusplus
}
#endif

#endif /* KEYGUARD_TRUST_INTERNALS_H */
