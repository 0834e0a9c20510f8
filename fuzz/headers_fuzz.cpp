// Fuzzes the gateway-header variables: parse_custom_headers(var, text) (guard/custom_headers.h),
// as OPENAI_CUSTOM_HEADERS and KEYGUARD_<PROVIDER>_HEADERS are read.
#include <algorithm>

#include "custom_headers.h"
#include "fuzz_checks.h"
#include "text.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte chooses: keyguard's own variable (strict) or an SDK's.
  bool strict = size > 0 && (data[0] & 1);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size > 0) text.remove_prefix(1);
  std::vector<CustomHeader> headers;
  std::vector<std::string> warnings;
  std::optional<Failure> failure = parse_custom_headers("FUZZ_CUSTOM_HEADERS", text, strict, &headers, &warnings);
  check(strict || !failure, "an SDK's variable failed the start");
  check(headers.size() <= kMostCustomHeaders, "more headers than the limit: " + std::to_string(headers.size()));
  if (failure) {
    check(failure->outcome == Outcome::misconfigured, "a failure that is not misconfigured");
    // A message names the variable and a line, never a value or a name from the text.
    check(failure->message.rfind("FUZZ_CUSTOM_HEADERS", 0) == 0, "a message that does not lead with the variable: " +
                                                                     escaped(failure->message));
  }
  for (const CustomHeader& header : headers) {
    check(!header.name.empty(), "an empty header name");
    for (char c : header.name)
      check(c > 0x20 && c < 0x7f && c != ':', "a name that is no token: " + escaped(header.name));
    for (char c : header.value.view())
      check(c == '\t' || !is_control(static_cast<unsigned char>(c)), "a value with a control character: " + escaped(header.value.view()));
    constexpr std::string_view kBlanks = " \t\r\v\f";
    check(header.value.view().empty() || (kBlanks.find(header.value.view().front()) == std::string_view::npos &&
                                          kBlanks.find(header.value.view().back()) == std::string_view::npos),
          "a value not trimmed: " + escaped(header.value.view()));
    check(std::count_if(headers.begin(), headers.end(), [&](const CustomHeader& h) { return iequals(h.name, header.name); }) == 1,
          "a name given twice: " + escaped(header.name));
    // What the text holds, the headers hold: every name and value was in it.
    check(text.find(header.name) != std::string_view::npos, "a name not in the text: " + escaped(header.name));
    check(text.find(header.value.view()) != std::string_view::npos, "a value not in the text");
  }
  for (const std::string& warning : warnings)
    check(warning.rfind("FUZZ_CUSTOM_HEADERS", 0) == 0, "a warning that does not lead with the variable: " + escaped(warning));
  return 0;
}
