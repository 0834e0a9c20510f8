// Benchmarks of the static stages: cleaning keys (every rule) and checking them (text and shape).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "keys.h"

namespace {

using keyguard::CleanedKey;
using keyguard::Provider;

// Test keys with the lengths real ones have; none is a real key.
const std::string kProj = "sk-proj-" + std::string(156, 'A');     // 164 characters
const std::string kAnt = "sk-ant-api03-" + std::string(95, 'b');  // 108
const std::string kGoogle = "AIza" + std::string(35, 'C');        // 39
const std::string kAzure = "0123456789abcdef0123456789abcdef";   // 32 hex

const Provider& provider(const char* name) { return *keyguard::find_provider(name); }

/// One cleaning rule at work: the raw value a user pasted.
struct CleanCase {
  const char* name;
  std::string raw;
  bool from_file;
};

/// Every rule of clean_key, one row each, plus a clean key (nothing to do) and all at once.
std::vector<CleanCase> clean_cases() {
  const std::string& k = kProj;
  return {
      {"already_clean", k, false},
      {"trailing_newline", k + "\n", false},
      {"trailing_crlf", k + "\r\n", false},
      {"trailing_carriage_return", k + "\r", false},
      {"spaces_and_tabs", "  " + k + "\t", false},
      {"no_break_space", k + "\xC2\xA0", false},
      {"zero_width_space", "\xE2\x80\x8B" + k, false},
      {"byte_order_mark", "\xEF\xBB\xBF" + k, false},
      {"double_quotes", "\"" + k + "\"", false},
      {"single_quotes", "'" + k + "'", false},
      {"backquotes", "`" + k + "`", false},
      {"curly_double_quotes", "\xE2\x80\x9C" + k + "\xE2\x80\x9D", false},
      {"curly_single_quotes", "\xE2\x80\x98" + k + "\xE2\x80\x99", false},
      {"bearer_prefix", "Bearer " + k, false},
      {"env_line", "OPENAI_API_KEY=" + k, false},
      {"export_env_line", "export OPENAI_API_KEY=" + k, false},
      {"quoted_env_line_crlf", "export OPENAI_API_KEY=\"Bearer " + k + "\"\r\n", false},
      {"file_trailing_newline", k + "\n", true},
  };
}

void BM_CleanKey(benchmark::State& state, const CleanCase& c) {
  for (auto _ : state) {
    CleanedKey cleaned = keyguard::clean_key(c.raw, "OPENAI_API_KEY", c.from_file);
    benchmark::DoNotOptimize(cleaned.key.view().data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c.raw.size()));
}

/// check_key_text: good keys walk every rule; each bad one stops at its own rule.
struct TextCase {
  const char* name;
  std::string key;
};

std::vector<TextCase> text_cases() {
  return {
      {"good_openai", kProj},
      {"good_anthropic", kAnt},
      {"good_gemini", kGoogle},
      {"good_azure", kAzure},
      {"empty", ""},
      {"control_character", "sk-abc\x01" "def"},
      {"inner_space", "sk-abc def"},
      {"non_ascii", "sk-abc\xC3\xA9" "def"},
      {"placeholder_word", "changeme"},
      {"placeholder_variable", "${OPENAI_API_KEY}"},
      {"placeholder_template", "{{openai_key}}"},
      {"placeholder_angle", "<your-api-key>"},
      {"placeholder_ellipsis", "sk-..."},
      {"placeholder_xxxx", "sk-proj-xxxxxxxxxxxxxxxxxxxx"},
      {"placeholder_your_key", "YOUR_OPENAI_API_KEY_HERE"},
      {"url", "https://api.openai.com/v1"},
  };
}

void BM_CheckKeyText(benchmark::State& state, const TextCase& c) {
  for (auto _ : state) {
    bool ok = !keyguard::check_key_text(c.key);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}

/// check_key_shape on each provider's official host: a good key, a key of another
/// provider, an admin key, and a doubtful length.
struct ShapeCase {
  const char* name;
  const char* provider;
  std::string key;
};

std::vector<ShapeCase> shape_cases() {
  return {
      {"openai_good", "openai", kProj},
      {"openai_truncated", "openai", "sk-proj-" + std::string(40, 'a')},
      {"openai_admin", "openai", "sk-admin-" + std::string(150, 'a')},
      {"openai_holds_anthropic_key", "openai", kAnt},
      {"anthropic_good", "anthropic", kAnt},
      {"anthropic_holds_openai_key", "anthropic", kProj},
      {"gemini_good", "gemini", kGoogle},
      {"gemini_holds_azure_key", "gemini", kAzure},
      {"azure_good", "azure", kAzure},
      {"azure_odd_length", "azure", std::string(40, 'Z')},
  };
}

void BM_CheckKeyShape(benchmark::State& state, const ShapeCase& c) {
  const Provider& p = provider(c.provider);
  for (auto _ : state) {
    std::vector<std::string> warnings;
    bool ok = !keyguard::check_key_shape(p, c.key, &warnings);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}

/// The whole static path for one pasted OpenAI key, as check.cpp runs it.
void BM_CleanAndCheckKey(benchmark::State& state) {
  const std::string raw = "\"" + kProj + "\"\r\n";
  const Provider& openai = provider("openai");
  for (auto _ : state) {
    CleanedKey cleaned = keyguard::clean_key(raw, "OPENAI_API_KEY", false);
    std::vector<std::string> warnings;
    bool ok = !keyguard::check_key_text(cleaned.key.view()) && !keyguard::check_key_shape(openai, cleaned.key.view(), &warnings);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CleanAndCheckKey);

const bool kRegistered = [] {
  for (const CleanCase& c : clean_cases())
    benchmark::RegisterBenchmark((std::string("BM_CleanKey/") + c.name).c_str(), BM_CleanKey, c);
  for (const TextCase& c : text_cases())
    benchmark::RegisterBenchmark((std::string("BM_CheckKeyText/") + c.name).c_str(), BM_CheckKeyText, c);
  for (const ShapeCase& c : shape_cases())
    benchmark::RegisterBenchmark((std::string("BM_CheckKeyShape/") + c.name).c_str(), BM_CheckKeyShape, c);
  return true;
}();

}  // namespace
