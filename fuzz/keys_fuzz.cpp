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

  std::optional<Failure> problem = check_key_text(key);
  check(!problem || problem->outcome == Outcome::misconfigured, "check_key_text's failure is not misconfigured");
  std::string message = problem ? problem->message : "";
  std::string control = fuzz::control_byte_in(message);
  check(control.empty(), "check_key_text's message holds a control byte at " + control + ": " + escaped(message));

  for (const Provider& provider : providers()) {
    std::vector<std::string> warnings;
    std::optional<Failure> shape_problem = check_key_shape(provider, key, &warnings);
    message = shape_problem ? shape_problem->message : "";
    control = fuzz::control_byte_in(message);
    check(control.empty(), std::string(provider.name) + ": check_key_shape's message holds a control byte at " + control +
                               ": " + escaped(message));
    for (const std::string& warning : warnings)
      check(fuzz::control_byte_in(warning).empty(),
            std::string(provider.name) + ": a shape warning holds a control byte: " + escaped(warning));
  }
  return 0;
}
