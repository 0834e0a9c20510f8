// Benchmarks of loading the trusted roots: the system PEM bundle, and the DER roots built
// into the binary (what a scratch image uses).
#include <benchmark/benchmark.h>
#include <sys/stat.h>

#include <string>

#include "probe.h"
#include "trust.h"

namespace {

constexpr const char kSystemBundle[] = "/etc/ssl/certs/ca-certificates.crt";

int count_certificates(keyguard::CertificateChain& chain) {
  int count = 0;
  for (const mbedtls_x509_crt* crt = chain.get(); crt && crt->version != 0; crt = crt->next) ++count;
  return count;
}

void BM_LoadTrust(benchmark::State& state, const keyguard::NetworkConfig& network, int64_t source_bytes) {
  int certificates = 0;
  {
    keyguard::CertificateChain chain;
    std::string err;
    if (!keyguard::load_trust(network, &chain, &err)) {
      state.SkipWithError(err.c_str());
      return;
    }
    certificates = count_certificates(chain);
  }
  for (auto _ : state) {
    keyguard::CertificateChain chain;
    std::string err;
    bool ok = keyguard::load_trust(network, &chain, &err);
    benchmark::DoNotOptimize(ok);
  }
  state.counters["certificates"] = certificates;
  state.SetItemsProcessed(state.iterations() * certificates);  // certificates per second
  state.SetBytesProcessed(state.iterations() * source_bytes);
}

void BM_LoadTrust_SystemBundle(benchmark::State& state) {
  struct stat info;
  if (::stat(kSystemBundle, &info) != 0) {
    state.SkipWithError("no system bundle at /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  keyguard::NetworkConfig network;
  network.ca_file = kSystemBundle;
  network.ca_source = kSystemBundle;
  BM_LoadTrust(state, network, info.st_size);
}
BENCHMARK(BM_LoadTrust_SystemBundle)->Unit(benchmark::kMillisecond)->MinTime(0.5);

void BM_LoadTrust_Embedded(benchmark::State& state) {
  keyguard::NetworkConfig network;
  network.ca_embedded = true;
  network.ca_source = "embedded";
  int64_t bytes = 0;
  for (const keyguard::EmbeddedRoot& root : keyguard::embedded_roots()) bytes += static_cast<int64_t>(root.size);
  BM_LoadTrust(state, network, bytes);
}
BENCHMARK(BM_LoadTrust_Embedded)->Unit(benchmark::kMillisecond)->MinTime(0.5);

}  // namespace
