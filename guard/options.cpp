// The command line and its KEYGUARD_* twins, as one table (docs/command-line.md).
#include "options.h"
#include "options_table.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "close_names.h"
#include "models.h"
#include "outcome.h"
#include "providers.h"
#include "redact.h"
#include "text.h"
#include "trust.h"

namespace keyguard {
namespace {

constexpr OptionSpec kOptions[] = {
    {Id::require, "--require", "KEYGUARD_REQUIRE", false, "LIST",
     "check exactly these providers (comma-separated); each must be configured"},
    {Id::skip, "--skip", "KEYGUARD_SKIP", false, "LIST",
     "leave these providers alone (comma-separated): not checked, their keys passed on as they are"},
    {Id::model, "--model", "KEYGUARD_MODELS", false, "LIST",
     "also check that the key may use these models: PROVIDER=MODEL, comma-separated"},
    {Id::timeout, "--timeout", "KEYGUARD_TIMEOUT", false, "DUR",
     "one deadline for all probes: 250ms, 3s, 1m30s, 1h (default 5s)"},
    {Id::offline, "--offline", "KEYGUARD_OFFLINE", true, "", "no network: static checks only"},
    {Id::strict, "--strict", "KEYGUARD_STRICT", true, "", "fail (exit 69) when a provider cannot say yes or no"},
    {Id::report_only, "--report-only", "KEYGUARD_REPORT_ONLY", true, "",
     "check and report, but fail nothing: the command always starts; the report says what would fail"},
    {Id::no_fix, "--no-fix", "KEYGUARD_NO_FIX", true, "", "a key that needs cleaning is an error, not fixed"},
    {Id::format, "--format", "KEYGUARD_FORMAT", false, "text|json", "the report on stderr (default text)"},
    {Id::quiet, "--quiet", "KEYGUARD_QUIET", true, "", "print nothing when every check passes cleanly"},
    {Id::ca_file, "--ca-file", "KEYGUARD_CA_FILE", false, "PATH", "trust exactly this PEM bundle"},
    {Id::env_file, "--env-file", "KEYGUARD_ENV_FILE", false, "PATH",
     "read variables from a .env file in compose's syntax (repeatable; the twin: a comma-separated list); "
     "the environment wins"},
    {Id::env_out, "--env-out", "KEYGUARD_ENV_OUT", false, "PATH",
     "write the cleaned or loaded keys as NAME=value lines (mode 0600)"},
    {Id::help, "--help", "", true, "", "show this help and exit"},
    {Id::version, "--version", "", true, "", "show the version and exit"},
};

const OptionSpec* find_option(std::string_view flag) {
  if (flag == "-h") flag = "--help";
  for (const OptionSpec& spec : kOptions)
    if (spec.flag == flag) return &spec;
  return nullptr;
}

/// "; did you mean --require?" for an option one or two edits from a known one.
std::string closest_option(std::string_view name) {
  std::vector<std::string> flags;
  for (const OptionSpec& spec : kOptions) flags.emplace_back(spec.flag);
  std::vector<std::string> close = close_ids(name, flags, 1);
  return close.empty() ? "" : "; did you mean " + close[0] + "?";
}

/// Why NAME is no provider: a name in the wrong case says which it is; any other lists them.
std::string unknown_provider(std::string_view name, const std::string& where) {
  std::string lower = ascii_lower(name);
  if (find_provider(lower)) return "unknown provider " + shown_value(name) + " in " + where + "; did you mean " + lower + "?";
  std::string known;
  for (const Provider& provider : providers()) known += (known.empty() ? "" : ", ") + std::string(provider.name);
  return "unknown provider " + shown_value(name) + " in " + where + " (known: " + known + ")";
}

std::string describe(const OptionSpec& spec, bool from_twin) {
  return from_twin ? std::string(spec.twin) : std::string(spec.flag);
}

/// Whether TEXT holds a run of one of KEYS.
bool holds_key(std::string_view text, const KeyRuns& keys) {
  std::vector<bool> runs = keys.runs_in(text);
  return std::find(runs.begin(), runs.end(), true) != runs.end();
}

/// Whether MODEL has the look of any provider's keys (docs/keys.md), as given or as the id
/// PROVIDER's routes would read (Gemini's without "models/").
bool looks_like_key(const Provider* provider, std::string_view model) {
  if (find_key_owner(model).provider) return true;
  return provider && find_key_owner(model_id(*provider, model)).provider;
}

/// Reads --model (or its twin, WHERE) into OPTIONS->models (docs/models.md). ENV holds
/// the key variables an id must not hold.
bool set_models(std::string_view value, const std::string& where, const Environment& env, Options* options,
                std::string* err) {
  options->models.clear();
  std::vector<std::string_view> entries = split_list(value, ",");
  if (entries.size() > kMostModelEntries) {
    *err = where + " lists " + std::to_string(entries.size()) + " models; at most " +
           std::to_string(kMostModelEntries) + " are checked in one run";
    return false;
  }
  // An id that holds a key would be sent in a path and shown in the report: every key
  // variable's value, as the report is scrubbed against them (runs of 12).
  std::vector<std::string_view> values;
  for (const Provider& provider : providers())
    for (const KeyVar& var : provider.key_vars)
      if (auto key = env.get_nonempty(var.name)) values.push_back(*key);
  const KeyRuns keys(values, 12);
  for (std::size_t at = 0; at < entries.size(); ++at) {
    std::string_view entry = entries[at];
    std::size_t equals = entry.find('=');
    std::string_view name = entry.substr(0, equals), model = equals == std::string_view::npos ? "" : entry.substr(equals + 1);
    const Provider* provider = find_provider(name);
    if (holds_key(entry, keys) || (equals != std::string_view::npos && looks_like_key(provider, model))) {
      // Named by place and provider only: the text is a key, or may be one.
      *err = "entry " + std::to_string(at + 1) + " of " + where + " (" +
             (provider ? std::string(provider->name) + ", " : "") + std::to_string(entry.size()) +
             " bytes, not shown) holds an API key or has the shape of one, not a model id; name the model there "
             "(openai=gpt-4o-mini) and keep keys in their variables";
      return false;
    }
    if (equals == std::string_view::npos) {
      *err = "bad entry " + shown_value(entry) + " in " + where + ": write PROVIDER=MODEL (openai=gpt-4o-mini)";
      return false;
    }
    if (!provider) {
      *err = unknown_provider(name, where + " entry " + shown_value(entry));
      return false;
    }
    if (model.empty()) {
      *err = "bad entry " + shown_value(entry) + " in " + where + ": the model is empty";
      return false;
    }
    if (model.size() > kLongestModelId) {
      *err = "bad entry for " + std::string(name) + " in " + where + ": a model id of " + std::to_string(model.size()) +
             " bytes is not one (at most " + std::to_string(kLongestModelId) + ")";
      return false;
    }
    if (is_dot_segment(model_id(*provider, model))) {
      *err = "bad entry " + shown_value(entry) + " in " + where + ": the model id is a path step ('.' or '..' once " +
             "decoded), not a name; keyguard would be asking about another path";
      return false;
    }
    std::pair<std::string, std::string> wanted{std::string(name), std::string(model)};
    if (std::find(options->models.begin(), options->models.end(), wanted) == options->models.end())
      options->models.push_back(std::move(wanted));
  }
  if (options->models.empty()) {
    *err = where + " names no model";
    return false;
  }
  return true;
}

/// Sets the option SPEC from VALUE; ENV holds the key variables an id must not hold.
bool set_option(const OptionSpec& spec, std::string_view value, bool from_twin, const Environment& env,
                Options* options, std::string* err) {
  std::string where = describe(spec, from_twin);
  switch (spec.id) {
    case Id::require:
    case Id::skip: {
      std::vector<std::string>& names = spec.id == Id::require ? options->require : options->skip;
      names.clear();
      for (std::string_view name : split_list(value, ",")) {
        if (!find_provider(name)) {
          *err = unknown_provider(name, where);
          return false;
        }
        if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
      }
      if (names.empty()) {
        *err = where + " names no provider";
        return false;
      }
      return true;
    }
    case Id::model:
      return set_models(value, where, env, options, err);
    case Id::timeout: {
      std::string why;
      if (!parse_duration(value, &options->timeout_ms, &why)) {
        *err = "bad " + where + " " + shown_value(value) + ": " + why;
        return false;
      }
      return true;
    }
    case Id::format:
      if (value == "text") options->format = ReportFormat::text;
      else if (value == "json") options->format = ReportFormat::json;
      else {
        *err = "bad " + where + " " + shown_value(value) + ": use text or json";
        return false;
      }
      return true;
    case Id::env_file:
      // Repeatable: each flag adds a file; the twin lists them, comma-separated, as compose's
      // COMPOSE_ENV_FILES does.
      if (!from_twin && value.empty()) {
        *err = where + " needs a path";
        return false;
      }
      if (from_twin)
        for (std::string_view path : split_list(value, ",")) options->env_files.emplace_back(path);
      else
        options->env_files.emplace_back(value);
      if (options->env_files.empty()) {
        *err = where + " names no file";
        return false;
      }
      return true;
    case Id::ca_file:
    case Id::env_out:
      if (value.empty()) {
        *err = where + " needs a path";
        return false;
      }
      (spec.id == Id::ca_file ? options->ca_file : options->env_out) = std::string(value);
      return true;
    default: {
      bool flag = true;
      if (!parse_bool(value, &flag)) {
        *err = "bad " + where + " " + shown_value(value) + ": use 1/true/yes/on or 0/false/no/off";
        return false;
      }
      switch (spec.id) {
        case Id::offline: options->offline = flag; break;
        case Id::strict: options->strict = flag; break;
        case Id::report_only: options->report_only = flag; break;
        case Id::no_fix: options->no_fix = flag; break;
        case Id::quiet: options->quiet = flag; break;
        case Id::help: options->help = flag; break;
        case Id::version: options->version = flag; break;
        default: break;
      }
      return true;
    }
  }
}

/// A provider the operator skips cannot also be one to check: the two would contradict.
bool skip_is_consistent(const Options& options, std::string* err) {
  for (const std::string& name : options.skip) {
    bool required = std::find(options.require.begin(), options.require.end(), name) != options.require.end();
    bool modelled = std::any_of(options.models.begin(), options.models.end(),
                                [&](const auto& entry) { return entry.first == name; });
    if (required || modelled) {
      *err = name + " is both skipped (--skip) and to be checked (" + (required ? "--require" : "--model") +
             "); leave it in one of them";
      return false;
    }
  }
  return true;
}

}  // namespace

bool parse_bool(std::string_view text, bool* value) {
  for (std::string_view yes : {"1", "true", "yes", "on"}) {
    if (iequals(text, yes)) {
      *value = true;
      return true;
    }
  }
  for (std::string_view no : {"0", "false", "no", "off"}) {
    if (iequals(text, no)) {
      *value = false;
      return true;
    }
  }
  return false;
}

bool parse_duration(std::string_view text, int* milliseconds, std::string* err) {
  // One or more pieces, each a number and a unit (1m30s); a bare number alone is seconds.
  constexpr std::uint64_t kMostMs = 3600 * 1000;
  constexpr std::uint64_t kMostBareSeconds = 300;
  std::uint64_t total = 0;
  std::size_t i = 0;
  bool bare = false;
  int pieces = 0;
  while (i < text.size()) {
    std::uint64_t whole = 0, fraction = 0, scale = 1;
    bool digits = false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      whole = whole * 10 + static_cast<unsigned>(text[i++] - '0');
      digits = true;
      if (whole > 1000000000) {
        *err = "too long";
        return false;
      }
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        if (scale < 1000000000) {
          fraction = fraction * 10 + static_cast<unsigned>(text[i] - '0');
          scale *= 10;
        }
        ++i;
        digits = true;
      }
    }
    if (!digits) {
      *err = "expected a number with an optional unit (ms, s, m, h)";
      return false;
    }
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    std::uint64_t unit_ms;
    if (unit.empty()) unit_ms = 1000, bare = true;
    else if (unit == "ms") unit_ms = 1;
    else if (unit == "s") unit_ms = 1000;
    else if (unit == "m") unit_ms = 60000;
    else if (unit == "h") unit_ms = 3600000;
    else {
      *err = "unknown unit " + shown_value(text.substr(unit_start)) + " (use ms, s, m or h)";
      return false;
    }
    ++pieces;
    if (bare && (pieces > 1 || i < text.size())) {
      *err = "every part of a compound duration needs its unit (1m30s)";
      return false;
    }
    total += whole * unit_ms + (fraction * unit_ms + scale / 2) / scale;
    if (total > 1000 * kMostMs) {
      *err = "too long";
      return false;
    }
  }
  if (pieces == 0) {
    *err = "expected a number with an optional unit (ms, s, m, h)";
    return false;
  }
  if (total == 0) {
    *err = "must be at least 1ms";
    return false;
  }
  if (bare && total > kMostBareSeconds * 1000) {
    // 3000 alone would be 50 minutes: almost always 3000ms was meant.
    *err = "a bare number is seconds, at most " + std::to_string(kMostBareSeconds) + "; for " + std::string(text) +
           " seconds write " + std::string(text) + "s, or add the unit meant (" + std::string(text) + "ms)";
    return false;
  }
  if (total > kMostMs) {
    *err = "longer than an hour";
    return false;
  }
  *milliseconds = static_cast<int>(total);
  return true;
}

bool parse_options(const std::vector<std::string_view>& args, const Environment& env, Options* options,
                   std::string* err) {
  std::vector<Id> given;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    // POSIX '+': the first argument that is not an option starts the command.
    if (arg.size() < 2 || arg[0] != '-') break;
    std::string_view name = arg, value;
    bool inline_value = false;
    if (std::size_t equals = arg.find('='); arg.substr(0, 2) == "--" && equals != std::string_view::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      inline_value = true;
    }
    const OptionSpec* spec = find_option(name);
    if (!spec) {
      *err = "unknown option " + shown_value(name) + closest_option(name);
      return false;
    }
    if (spec->boolean) {
      if (!inline_value) value = "1";
    } else if (!inline_value) {
      if (i + 1 >= args.size()) {
        *err = std::string(spec->flag) + " needs a value (" + std::string(spec->value) + ")";
        return false;
      }
      value = args[++i];
    }
    if (!set_option(*spec, value, false, env, options, err)) return false;
    given.push_back(spec->id);
  }
  options->command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (options->help || options->version) return true;  // a bad twin must not hide the help

  // The twins fill in what the command line left alone. An empty twin counts as unset.
  for (const OptionSpec& spec : kOptions) {
    if (spec.twin.empty()) continue;
    bool overridden = false;
    for (Id id : given) overridden |= id == spec.id;
    if (overridden) continue;
    auto value = env.get_nonempty(spec.twin);
    if (value && !set_option(spec, *value, true, env, options, err)) return false;
  }
  return skip_is_consistent(*options, err);
}

std::span<const OptionSpec> option_specs() { return kOptions; }

}  // namespace keyguard
