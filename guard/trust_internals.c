/* Part of the trust stage (trust.cpp): what keyguard reads with mbedTLS 3.6's internal X.509
 * parser, in C, with the library's own internal headers. Version-dependent by nature. */
#define MBEDTLS_ALLOW_PRIVATE_ACCESS
#include "x509_internal.h"

#include <string.h>

#include "trust_internals.h"

/* The subject name of the DER certificate DER (SIZE bytes) into *NAME, as mbedTLS parses it, without
 * parsing the rest (its key, its extensions): how the trust store indexes its roots (trust.cpp).
 * 0 on success; *NAME's further entries are then the caller's to free
 * (mbedtls_asn1_free_named_data_list_shallow). */
int keyguard_x509_subject_of(const unsigned char *der, size_t size, mbedtls_x509_name *name)
{
    unsigned char *p = (unsigned char *) der;
    const unsigned char *end = der + size;
    const unsigned char *tbs_end;
    size_t len;
    int skip;
    memset(name, 0, sizeof *name);
    if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) {
        return -1;
    }
    end = p + len;
    if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) {
        return -1;
    }
    tbs_end = p + len;
    /* [0] version (optional), serialNumber, signature, issuer, validity: skipped, whatever their tags. */
    for (skip = 0; skip < 5; skip++) {
        if (skip == 0 && (p >= tbs_end || *p != (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 0))) {
            continue;
        }
        if (p >= tbs_end) {
            return -1;
        }
        p++;
        if (mbedtls_asn1_get_len(&p, tbs_end, &len) != 0) {
            return -1;
        }
        p += len;
    }
    if (mbedtls_asn1_get_tag(&p, tbs_end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) {
        return -1;
    }
    if (len > 0 && mbedtls_x509_get_name(&p, p + len, name) != 0) {
        mbedtls_asn1_free_named_data_list_shallow(name->next);
        memset(name, 0, sizeof *name);
        return -1;
    }
    return 0;
}
