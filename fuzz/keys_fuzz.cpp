// Fuzzes key cleaning and the key checks: clean_key, check_key_text, check_key_shape.
#include <array>

#include "fuzz_checks.h"
#include "keys.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

// Input: one mode byte, then the raw value. Bit 0 of the mode: read from a file; the rest
// picks the variable the value was read from.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::string_view, 5> kVars = {"OPENAI_API_KEY", "ANTHROPIC_API_KEY",
                                                            "AZURE_OPENAI_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY"};
  bool from_file = data[0] & 1;
  std::string_view var = kVars[(data[0] >> 1) % kVars.size()];
  std::string_view raw(reinterpret_cast<const char*>(data) + 1, size - 1);

  CleanedKey cleaned = clean_key(raw, var, from_file);
  std::string_view key = cleaned.key.view();
  check(raw.find(key) != std::string_view::npos, "clean_key made a key that is not part of the raw value");
  CleanedKey again = clean_key(key, var, false);
  check(again.key.view() == key, "cleaning a clean key changed it to '" + escaped(again.key.view()) + "'");
  check(again.fixes.empty(), "cleaning a clean key recorded a fix: " + (again.fixes.empty() ? "" : again.fixes[0]));
  for (const std::string& fix : cleaned.fixes)
    check(fuzz::control_byte_in(fix).empty(), "a fix holds a control byte: " + escaped(fix));

  KeyProblem problem;
  bool text_ok = check_key_text(key, &problem);
  check(text_ok != problem.error, "check_key_text's answer and KeyProblem::error disagree");
  std::string control = fuzz::control_byte_in(problem.message);
  check(control.empty(), "check_key_text's message holds a control byte at " + control + ": " + escaped(problem.message));

  for (const Provider& provider : providers()) {
    KeyProblem shape_problem;
    std::vector<std::string> warnings;
    check_key_shape(provider, key, &shape_problem, &warnings);
    control = fuzz::control_byte_in(shape_problem.message);
    check(control.empty(), std::string(provider.name) + ": check_key_shape's message holds a control byte at " + control +
                               ": " + escaped(shape_problem.message));
    for (const std::string& warning : warnings)
      check(fuzz::control_byte_in(warning).empty(),
            std::string(provider.name) + ": a shape warning holds a control byte: " + escaped(warning));
  }
  return 0;
}
