// Benchmarks of the static stages: cleaning and checking keys.
#include <benchmark/benchmark.h>

#include "keys.h"

namespace {

void BM_CleanAndCheckKey(benchmark::State& state) {
  const std::string raw = "\"sk-proj-" + std::string(156, 'A') + "\"\r\n";
  const keyguard::Provider& openai = *keyguard::find_provider("openai");
  for (auto _ : state) {
    keyguard::CleanedKey cleaned = keyguard::clean_key(raw, "OPENAI_API_KEY", false);
    keyguard::KeyProblem problem;
    std::vector<std::string> warnings;
    bool ok = keyguard::check_key_text(cleaned.key.view(), &problem) &&
              keyguard::check_key_shape(openai, cleaned.key.view(), &problem, &warnings);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CleanAndCheckKey);

}  // namespace
