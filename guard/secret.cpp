// Wiping secrets so that no copy of a key outlives its use.
#include "secret.h"

#include <mbedtls/platform_util.h>

namespace keyguard {

void wipe(void* bytes, std::size_t size) {
  if (bytes && size) mbedtls_platform_zeroize(bytes, size);
}

// Wipes the whole capacity: shrinking a string leaves old bytes behind its end.
void wipe(std::string& text) { wipe(text.data(), text.capacity()); }

}  // namespace keyguard
