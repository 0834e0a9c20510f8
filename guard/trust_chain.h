// Inside a TrustStore: an mbedTLS certificate chain. For trust.cpp and tls.cpp only.
#pragma once

#include <mbedtls/x509_crt.h>

#include "owned.h"
#include "trust.h"

namespace keyguard {

struct TrustStore::Chain : Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free> {};

}  // namespace keyguard
