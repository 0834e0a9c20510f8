// Fuzzes certificate loading: TrustStore::add with a PEM bundle or one DER certificate.
#include "trust.h"

#include <cstdint>

using namespace keyguard;

// Input: the bytes of a CA file. Added twice, so that the second lands in a store that may
// already hold certificates, then read back. The sanitizers are the invariants: no crash, no leak.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  TrustStore store;
  store.add(text);
  store.add(text);
  store.ders();  // walks the chain
  return 0;
}
