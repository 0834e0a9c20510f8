// The command line and its KEYGUARD_* twins, as one table (README "Command line").
#include "options.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "models.h"
#include "providers.h"
#include "redact.h"
#include "text.h"

namespace keyguard {
namespace {

enum class Id { require, model, timeout, offline, strict, no_fix, format, quiet, ca_file, env_out, help, version };

struct OptionSpec {
  Id id;
  std::string_view flag;    ///< "--timeout"
  std::string_view twin;    ///< "KEYGUARD_TIMEOUT"; empty: none
  bool boolean;             ///< takes no value (an optional =BOOL)
  std::string_view value;   ///< what the value is, for --help
  std::string_view help;
};

constexpr OptionSpec kOptions[] = {
    {Id::require, "--require", "KEYGUARD_REQUIRE", false, "LIST",
     "check exactly these providers (comma-separated); each must be configured"},
    {Id::model, "--model", "KEYGUARD_MODELS", false, "LIST",
     "also check that the key may use these models: PROVIDER=MODEL, comma-separated"},
    {Id::timeout, "--timeout", "KEYGUARD_TIMEOUT", false, "DUR",
     "one deadline for all probes: 250ms, 3s, 1m30s, 1h (default 5s)"},
    {Id::offline, "--offline", "KEYGUARD_OFFLINE", true, "", "no network: static checks only"},
    {Id::strict, "--strict", "KEYGUARD_STRICT", true, "", "fail (exit 69) when a provider cannot say yes or no"},
    {Id::no_fix, "--no-fix", "KEYGUARD_NO_FIX", true, "", "a key that needs cleaning is an error, not fixed"},
    {Id::format, "--format", "KEYGUARD_FORMAT", false, "text|json", "the report on stderr (default text)"},
    {Id::quiet, "--quiet", "KEYGUARD_QUIET", true, "", "print nothing when every check passes cleanly"},
    {Id::ca_file, "--ca-file", "KEYGUARD_CA_FILE", false, "PATH", "trust exactly this PEM bundle"},
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

bool set_option(const OptionSpec& spec, std::string_view value, bool from_twin, Options* options, std::string* err) {
  std::string where = describe(spec, from_twin);
  switch (spec.id) {
    case Id::require: {
      options->require.clear();
      for (std::string_view name : split_list(value, ",")) {
        if (!find_provider(name)) {
          *err = unknown_provider(name, where);
          return false;
        }
        if (std::find(options->require.begin(), options->require.end(), name) == options->require.end())
          options->require.emplace_back(name);
      }
      if (options->require.empty()) {
        *err = where + " names no provider";
        return false;
      }
      return true;
    }
    case Id::model: {
      options->models.clear();
      for (std::string_view entry : split_list(value, ",")) {
        std::size_t equals = entry.find('=');
        std::string_view name = entry.substr(0, equals), model = equals == std::string_view::npos ? "" : entry.substr(equals + 1);
        if (equals == std::string_view::npos) {
          *err = "bad entry " + shown_value(entry) + " in " + where + ": write PROVIDER=MODEL (openai=gpt-4o-mini)";
          return false;
        }
        if (!find_provider(name)) {
          *err = unknown_provider(name, where + " entry " + shown_value(entry));
          return false;
        }
        if (model.empty()) {
          *err = "bad entry " + shown_value(entry) + " in " + where + ": the model is empty";
          return false;
        }
        if (model.size() > 256) {
          *err = "bad entry for " + std::string(name) + " in " + where + ": a model id of " + std::to_string(model.size()) +
                 " bytes is not one";
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
    if (!set_option(*spec, value, false, options, err)) return false;
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
    if (value && !set_option(spec, *value, true, options, err)) return false;
  }
  return true;
}

namespace {

// What --help and the man page say besides the options: one text, two renderings.
constexpr std::string_view kSynopsis = "keyguard [OPTIONS] [--] [COMMAND [ARG...]]";
constexpr std::string_view kDescription =
    "Checks the LLM API keys in the environment, cleans them, asks each provider whether it\n"
    "accepts its key, then runs COMMAND with the cleaned keys (execve: keyguard is gone).\n"
    "Without COMMAND it only checks. Keys are never shown and never taken as arguments.";
constexpr std::string_view kFileTwins = "Each KEY variable may instead be given as KEY_FILE, the path of a file holding it.";

struct ExitStatus {
  std::string_view code, meaning;
};
constexpr ExitStatus kExitStatus[] = {
    {"0", "every check passed or only warned (with COMMAND: COMMAND's own status)"},
    {"64", "usage error"},
    {"66", "a *_FILE could not be read"},
    {"69", "a provider could not be asked or did not answer clearly, under --strict"},
    {"70", "an internal error in keyguard (please report it)"},
    {"77", "a provider refused the key (rejected, forbidden, no credit), or a model is unavailable"},
    {"78", "configuration error (missing, malformed or misplaced key, bad base URL)"},
    {"126", "COMMAND is not executable; 127 COMMAND was not found"},
    {"130", "interrupted (SIGINT); 143 terminated (SIGTERM), before COMMAND ran (a death by the signal)"},
};

std::string option_words(const OptionSpec& spec) {
  std::string words = std::string(spec.flag) + (spec.value.empty() ? "" : " " + std::string(spec.value));
  return spec.id == Id::help ? words + ", -h" : words;
}

/// The other variables keyguard reads, beyond the twins and the providers' own.
struct OtherVar {
  std::string_view name;
  std::string_view meaning;
};
constexpr OtherVar kOtherVars[] = {
    {"https_proxy, HTTPS_PROXY", "the http:// proxy for https:// probes (lower case first, as curl reads them)"},
    {"all_proxy, ALL_PROXY", "the proxy when https_proxy is unset"},
    {"no_proxy, NO_PROXY", "hosts (and their subdomains), IP addresses or * reached without the proxy"},
    {"SSL_CERT_FILE", "a PEM bundle of roots to trust, when --ca-file is not given"},
    {"SSL_CERT_DIR", "directories of PEM roots to trust, when neither of those is given"},
    {"OPENAI_ORG_ID", "sent as OpenAI-Organization with the OpenAI probe"},
    {"OPENAI_PROJECT_ID", "sent as OpenAI-Project with the OpenAI probe"},
    {"OPENAI_API_VERSION", "Azure's api-version (default 2024-10-21; v1 or preview: the v1 surface)"},
};

std::string twin_help(const OptionSpec& spec) {
  return "same as " + std::string(spec.flag) + (spec.boolean ? " (1/true/yes/on, 0/false/no/off)" : "");
}

/// "GROQ_API_KEY, GROQ_BASE_URL": the key variables in order of preference, then the base
/// URL's sources.
std::string provider_vars(const Provider& provider) {
  auto listed = [](auto items, auto name_of) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
      text += (i == 0 ? "" : i == 1 ? " (else " : ", ") + std::string(name_of(items[i]));
    return text + (items.size() > 1 ? ")" : "");
  };
  return listed(provider.key_vars, [](const KeyVar& var) { return var.name; }) + ", " +
         listed(provider.base_sources, [](const BaseSource& source) { return source.var; });
}

/// Escapes TEXT for roff: backslashes, and a leading dot or quote.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

}  // namespace

std::string usage_text() {
  std::string text = "Usage: " + std::string(kSynopsis) + "\n\n" + std::string(kDescription) + "\n\nOptions:\n";
  for (const OptionSpec& spec : kOptions) {
    std::string left = "  " + option_words(spec);
    if (left.size() < 24) left.resize(24, ' ');
    else left += "\n" + std::string(24, ' ');
    text += left + std::string(spec.help) + "\n";
  }
  text += "\nEnvironment variables:\n";
  for (const OptionSpec& spec : kOptions) {
    if (spec.twin.empty()) continue;
    std::string left = "  " + std::string(spec.twin);
    if (left.size() < 24) left.resize(24, ' ');
    else left += " ";
    text += left + twin_help(spec) + "\n";
  }
  for (const OtherVar& var : kOtherVars) {
    std::string left = "  " + std::string(var.name);
    if (left.size() < 24) left.resize(24, ' ');
    else left += "\n" + std::string(24, ' ');
    text += left + std::string(var.meaning) + "\n";
  }
  text += "\nProviders and the variables they read:\n";
  for (const Provider& provider : providers()) {
    std::string left = "  " + std::string(provider.name);
    left.resize(24, ' ');
    text += left + provider_vars(provider) + "\n";
  }
  text += "  " + std::string(kFileTwins) + "\n\nExit status:\n";
  for (const ExitStatus& status : kExitStatus) {
    std::string left = "  " + std::string(status.code);
    left.resize(7, ' ');
    text += left + std::string(status.meaning) + "\n";
  }
  return text;
}

std::string manual_page() {
  std::string page = ".TH KEYGUARD 1 \"\" \"keyguard " KEYGUARD_VERSION "\" \"User Commands\"\n";
  page += ".SH NAME\nkeyguard \\- check the LLM API keys in the environment, then run the app\n";
  page += ".SH SYNOPSIS\n.B keyguard\n" + roff(kSynopsis.substr(std::string_view("keyguard ").size())) + "\n";
  page += ".SH DESCRIPTION\n" + roff(kDescription) + "\n.SH OPTIONS\n";
  for (const OptionSpec& spec : kOptions)
    page += ".TP\n.B " + roff(option_words(spec)) + "\n" + roff(spec.help) + "\n";
  page += ".SH ENVIRONMENT\n";
  for (const OptionSpec& spec : kOptions)
    if (!spec.twin.empty()) page += ".TP\n.B " + roff(spec.twin) + "\n" + roff(twin_help(spec)) + "\n";
  for (const OtherVar& var : kOtherVars) page += ".TP\n.B " + roff(var.name) + "\n" + roff(var.meaning) + "\n";
  page += ".SS Providers and the variables they read\n";
  for (const Provider& provider : providers())
    page += ".TP\n.B " + roff(provider.name) + "\n" + roff(provider_vars(provider)) + "\n";
  page += ".PP\n" + roff(kFileTwins) + "\n.SH EXIT STATUS\n";
  for (const ExitStatus& status : kExitStatus) page += ".TP\n.B " + roff(status.code) + "\n" + roff(status.meaning) + "\n";
  page += ".SH SEE ALSO\nThe README of keyguard, which states what it checks and how.\n";
  return page;
}

}  // namespace keyguard
