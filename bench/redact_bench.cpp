// Benchmarks of redaction: the key's outline, its fingerprint, and scrubbing server text.
#include <benchmark/benchmark.h>

#include <string>

#include "redact.h"

namespace {

const std::string kKey = "sk-proj-" + std::string(152, 'A') + "Wxyz";  // 164 characters, not a real key

/// A 300-byte OpenAI-style error message that echoes the whole key, as some gateways do.
std::string echoed_message() {
  std::string text = "Incorrect API key provided: " + kKey + ". You can find your API key at https://platform.openai.com/account/api-keys.";
  text.resize(300, ' ');
  return text;
}

/// The same length of server text without the key: the common case.
std::string clean_message() {
  std::string text =
      "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the "
      "correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a "
      "restricted API key, that it has the necessary scopes.";
  text.resize(300, ' ');
  return text;
}

void BM_RedactKey(benchmark::State& state) {
  for (auto _ : state) {
    std::string shown = keyguard::redact_key(kKey);
    benchmark::DoNotOptimize(shown.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RedactKey);

void BM_Fingerprint(benchmark::State& state) {
  for (auto _ : state) {
    std::string print = keyguard::fingerprint(kKey);
    benchmark::DoNotOptimize(print.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kKey.size()));
}
BENCHMARK(BM_Fingerprint);

void BM_ScrubServerText(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    std::string scrubbed = keyguard::scrub_server_text(text, kKey);
    benchmark::DoNotOptimize(scrubbed.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK_CAPTURE(BM_ScrubServerText, echoed_key_300B, echoed_message());
BENCHMARK_CAPTURE(BM_ScrubServerText, no_key_300B, clean_message());

}  // namespace
