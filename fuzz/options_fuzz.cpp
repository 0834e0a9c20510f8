// Fuzzes the command line and its twins: parse_options, parse_duration, parse_bool.
#include "fuzz_checks.h"
#include "options.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

// Input: fields between NUL bytes. A field that starts with '=' is an environment entry
// ("=KEYGUARD_TIMEOUT=3s"); every other field is an argument, in order.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string_view> args, entries;
  for (std::string_view field : fuzz::split_fields({reinterpret_cast<const char*>(data), size})) {
    if (field.starts_with("=")) entries.push_back(field.substr(1));
    else args.push_back(field);
  }

  Options options;
  std::string err;
  if (parse_options(args, Environment(entries), &options, &err)) {
    check(options.timeout_ms >= 1 && options.timeout_ms <= 3600000,
          "parse_options accepted a timeout of " + std::to_string(options.timeout_ms) + " ms");
  } else {
    std::string control = fuzz::control_byte_in(err);
    check(control.empty(), "parse_options's error holds a control byte at " + control + ": " + escaped(err));
  }

  for (std::string_view arg : args) {
    int milliseconds = 0;
    std::string why;
    if (parse_duration(arg, &milliseconds, &why)) {
      check(milliseconds >= 1 && milliseconds <= 3600000,
            "parse_duration('" + escaped(arg) + "') gave " + std::to_string(milliseconds) + " ms");
    } else {
      std::string control = fuzz::control_byte_in(why);
      check(control.empty(), "parse_duration's error holds a control byte at " + control + ": " + escaped(why));
    }
    bool value;
    parse_bool(arg, &value);
  }
  return 0;
}
