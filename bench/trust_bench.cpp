// Benchmarks of loading the trusted roots: the system PEM bundle, and the DER roots built
// into the binary (what a scratch image uses).
#include <benchmark/benchmark.h>
#include <sys/stat.h>

#include <string>

#include "trust.h"

namespace {

constexpr const char kSystemBundle[] = "/etc/ssl/certs/ca-certificates.crt";

void BM_LoadTrust(benchmark::State& state, const keyguard::TrustSource& source, int64_t source_bytes) {
  int certificates = 0;
  {
    keyguard::TrustStore store;
    std::string err;
    if (!keyguard::load_trust(source, &store, &err)) {
      state.SkipWithError(err.c_str());
      return;
    }
    certificates = static_cast<int>(store.size());
  }
  for (auto _ : state) {
    keyguard::TrustStore store;
    std::string err;
    bool ok = keyguard::load_trust(source, &store, &err);
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
  keyguard::TrustSource source;
  source.file = kSystemBundle;
  source.shown = kSystemBundle;
  BM_LoadTrust(state, source, info.st_size);
}
BENCHMARK(BM_LoadTrust_SystemBundle)->Unit(benchmark::kMillisecond)->MinTime(0.5);

void BM_LoadTrust_Embedded(benchmark::State& state) {
  keyguard::TrustSource source;
  source.embedded = true;
  source.shown = "embedded";
  int64_t bytes = 0;
  for (const keyguard::EmbeddedRoot& root : keyguard::embedded_roots()) bytes += static_cast<int64_t>(root.size);
  BM_LoadTrust(state, source, bytes);
}
BENCHMARK(BM_LoadTrust_Embedded)->Unit(benchmark::kMillisecond)->MinTime(0.5);

}  // namespace
