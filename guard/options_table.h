// The option table, private to the options module: parsing (options.cpp) and the help and
// manual page (manual.cpp) are written from the same rows.
#pragma once

#include <span>
#include <string_view>

namespace keyguard {

enum class Id { require, skip, model, timeout, offline, strict, report_only, no_fix, format, quiet, ca_file, env_file,
                env_out, help, version };

/// One option: its flag, its environment twin, and the words --help and the man page give it.
struct OptionSpec {
  Id id;
  std::string_view flag;    ///< "--timeout"
  std::string_view twin;    ///< "KEYGUARD_TIMEOUT"; empty: none
  bool boolean;             ///< takes no value (an optional =BOOL)
  std::string_view value;   ///< what the value is, for --help
  std::string_view help;
};

/// Every option, in the order --help lists them.
std::span<const OptionSpec> option_specs();

}  // namespace keyguard
