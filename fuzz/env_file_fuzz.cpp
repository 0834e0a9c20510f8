// Fuzzes the .env parser: parse_env_file on any text, against a small fixed environment.
#include <algorithm>

#include "env_file.h"
#include "fuzz_checks.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

namespace {

bool in_name(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-' || c == '[' || c == ']';
}

/// Whether TEXT holds a run of RUN bytes of INPUT without a space: an error that quotes the
/// file (a key, a token). A run with spaces may be the parser's own words, which the fuzzer
/// finds and writes into the file.
bool quotes_input(std::string_view text, std::string_view input, std::size_t run = 24) {
  for (std::size_t at = 0; at + run <= input.size(); ++at) {
    std::string_view piece = input.substr(at, run);
    if (piece.find(' ') == std::string_view::npos && text.find(piece) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

// Input: the text of one .env file.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Environment env({"SET=value", "EMPTY=", "DOLLAR=$A"});
  std::vector<EnvFileVar> vars;
  EnvFileError err;
  std::size_t lines = 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  if (parse_env_file(text, env, &vars, &err)) {
    for (std::size_t i = 0; i < vars.size(); ++i) {
      const EnvFileVar& var = vars[i];
      check(!var.name.empty() && std::all_of(var.name.begin(), var.name.end(), in_name),
            "a variable name that is none: " + escaped(var.name));
      check(var.value.view().find('\0') == std::string_view::npos, "a value with a NUL byte for " + escaped(var.name));
      for (std::size_t j = 0; j < i; ++j) check(vars[j].name != var.name, "a name set twice: " + escaped(var.name));
    }
    // The same text parses to the same variables again.
    std::vector<EnvFileVar> again;
    EnvFileError again_err;
    check(parse_env_file(text, env, &again, &again_err) && again.size() == vars.size(), "a second parse differs");
    for (std::size_t i = 0; i < vars.size(); ++i)
      check(again[i].name == vars[i].name && again[i].value.view() == vars[i].value.view(),
            "a second parse differs at " + escaped(vars[i].name));
  } else {
    check(err.line >= 1 && err.line <= lines,
          "an error on line " + std::to_string(err.line) + " of " + std::to_string(lines));
    check(!err.reason.empty(), "an error without a reason");
    std::string control = fuzz::control_byte_in(err.reason);
    check(control.empty(), "the error holds a control byte at " + control + ": " + escaped(err.reason));
    check(!quotes_input(err.reason, text), "the error quotes the file: " + escaped(err.reason));
  }
  return 0;
}
