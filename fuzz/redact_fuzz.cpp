// Fuzzes redaction: redact_runs, scrub_server_text, redact_key and fingerprint.
#include "fuzz_checks.h"
#include "redact.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

namespace {

void check_scrubbed(std::string_view text, std::string_view key, std::size_t max_length) {
  std::string scrubbed = scrub_server_text(text, key, max_length);
  std::string where = "scrub_server_text(max " + std::to_string(max_length) + ") gave '" + escaped(scrubbed) + "'";
  check(scrubbed.size() <= max_length, where + ": longer than the limit");
  std::string control = fuzz::control_byte_in(scrubbed);
  check(control.empty(), where + ": a control byte at " + control);
  check(fuzz::is_valid_utf8(scrubbed), where + ": not valid UTF-8");
  std::string_view run = fuzz::key_run_in(fuzz::without_substitutes(scrubbed), key, 8);
  check(run.empty(), where + ": it shows '" + escaped(run) + "' of the key");
}

}  // namespace

// Input: one byte for scrub_server_text's limit, then "KEY\0TEXT"; without a NUL byte the
// rest is both the key and the text (a server echoing the key whole).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t max_length = data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t separator = input.find('\0');
  std::string_view key = input.substr(0, separator);
  std::string_view text = separator == std::string_view::npos ? input : input.substr(separator + 1);

  std::string redacted = redact_runs(text, key, 12);
  std::string_view run = fuzz::key_run_in(fuzz::without_markers(redacted), key, 12);
  check(run.empty(), "redact_runs gave '" + escaped(redacted) + "', which shows '" + escaped(run) + "' of the key");

  check_scrubbed(text, key, max_length);
  check_scrubbed(text, key, 300);

  // The shown key is its first and last bytes around an ellipsis, a third of it at most.
  std::string shown = redact_key(key);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  check(shown.size() >= kEllipsis.size() && (shown.size() - kEllipsis.size()) * 3 <= key.size(),
        "redact_key shows '" + escaped(shown) + "' of a key of " + std::to_string(key.size()) + " bytes");
  std::size_t visible = shown.size() - kEllipsis.size();
  bool is_outline = false;
  for (std::size_t head = 0; head <= visible && !is_outline; ++head)
    is_outline = shown == std::string(key.substr(0, head)) + std::string(kEllipsis) +
                              std::string(key.substr(key.size() - (visible - head)));
  check(is_outline, "redact_key shows what is not the key's ends: '" + escaped(shown) + "'");

  std::string print = fingerprint(key);
  check(print.size() == 15 && print.starts_with("sha256:") &&
            print.find_first_not_of("0123456789abcdef", 7) == std::string::npos,
        "fingerprint gave '" + escaped(print) + "'");
  return 0;
}
