// The command line and its environment twins (docs/command-line.md).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "environment.h"

namespace keyguard {

enum class ReportFormat { text, json };

/// Everything the user asked for. One field per option; the comment names its twin.
struct Options {
  std::vector<std::string> require;  ///< --require / KEYGUARD_REQUIRE; empty: every configured provider
  std::vector<std::string> skip;     ///< --skip / KEYGUARD_SKIP: providers left alone, their keys as they are
  /// --model / KEYGUARD_MODELS: PROVIDER=MODEL entries, in order; each provider named is checked.
  std::vector<std::pair<std::string, std::string>> models;
  int timeout_ms = 5000;             ///< --timeout / KEYGUARD_TIMEOUT: one deadline for all probes
  bool offline = false;              ///< --offline / KEYGUARD_OFFLINE: static checks only
  bool strict = false;               ///< --strict / KEYGUARD_STRICT: indeterminate outcomes fail
  bool report_only = false;          ///< --report-only / KEYGUARD_REPORT_ONLY: report what would fail, fail nothing
  bool no_fix = false;               ///< --no-fix / KEYGUARD_NO_FIX: a key needing cleaning is an error
  ReportFormat format = ReportFormat::text;  ///< --format / KEYGUARD_FORMAT
  bool quiet = false;                ///< --quiet / KEYGUARD_QUIET: silent when all pass cleanly
  std::string ca_file;               ///< --ca-file / KEYGUARD_CA_FILE: trust exactly this PEM bundle
  std::vector<std::string> env_files;  ///< --env-file, repeatable / KEYGUARD_ENV_FILE, comma-separated: read in order
  std::string env_out;               ///< --env-out / KEYGUARD_ENV_OUT: write cleaned variables here
  bool help = false;                 ///< --help: usage on stdout
  bool version = false;              ///< --version
  std::vector<std::string> command;  ///< COMMAND [ARG...]; empty: check-only mode
};

/// Parses argv (without argv[0]) and the KEYGUARD_* twins. The flag beats its twin.
/// Returns false with a one-line reason in *err on a usage error (exit 64).
bool parse_options(const std::vector<std::string_view>& args, const Environment& env,
                   Options* options, std::string* err);

/// Parses `250ms`, `3s`, `1.5s`, `1m` or a bare number of seconds into milliseconds.
bool parse_duration(std::string_view text, int* milliseconds, std::string* err);

/// Parses `1/true/yes/on` and `0/false/no/off`, any case.
bool parse_bool(std::string_view text, bool* value);

}  // namespace keyguard
