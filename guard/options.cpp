// The command line and its KEYGUARD_* twins, as one table (docs/command-line.md).
#include "options.h"

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
    {"CREDENTIALS_DIRECTORY", "systemd credentials: a file named after a key variable holds its key"},
    {"PATH", "where COMMAND is looked up, as execvp does"},
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

// What only the man page says: the policy, how the command line reads, what each outcome means,
// the files keyguard touches, and examples. Verdicts, exit codes and paths come from their tables.
constexpr std::string_view kPolicy =
    "The default policy: keyguard fails closed on a key a provider refuses (revoked, out of credit, "
    "forbidden, a model it may not use: exit 77) and on a configuration that cannot work (exit 78), "
    "and starts COMMAND with a warning when a provider cannot be reached or does not answer clearly "
    "(a timeout, a 5xx), unless --strict, which fails those too (exit 69).";
constexpr std::string_view kCommandLine =
    "Options stop at -- or at the first argument that is not an option, as env(1) does: "
    "keyguard python app.py --port 80 runs python app.py --port 80. COMMAND is found on PATH as "
    "execvp(3) does and keeps keyguard's PID, signals and exit status. The flag beats its twin; an "
    "empty twin counts as unset; boolean options also take =BOOL (--strict=false) to override a "
    "twin. DUR is 250ms, 3s, 1.5s, 1m, 1m30s or 1h (1 ms to 1 hour), or a bare number of seconds up "
    "to 300.";

/// "fail, exit 77", or "warn; under --strict fail, exit 69": from the outcome table.
std::string verdict_words(Outcome outcome) {
  auto words = [&](bool strict) {
    Verdict verdict = verdict_of(outcome, strict);
    return std::string(verdict_name(verdict)) +
           (verdict == Verdict::fail ? ", exit " + std::to_string(status_of(exit_code_of(outcome, strict))) : "");
  };
  std::string plain = words(false), strict = words(true);
  return plain == strict ? plain : plain + "; under --strict " + strict;
}

/// "64, 66, 78, 77, 69, 0": the codes of the exit-status table that checks produce, most
/// severe first.
std::string severity_order() {
  std::vector<ExitCode> codes;
  for (const ExitStatusRow& status : exit_status_rows())
    if (status.code == ExitCode::ok || status.severity > 0) codes.push_back(status.code);
  std::stable_sort(codes.begin(), codes.end(), [](ExitCode a, ExitCode b) { return a != b && more_severe(b, a) == a; });
  std::string text;
  for (ExitCode code : codes) text += (text.empty() ? "" : ", ") + std::to_string(status_of(code));
  return text;
}

struct Example {
  std::string_view command;
  std::string_view what;
};
constexpr Example kExamples[] = {
    {"keyguard -- python app.py",
     "Check every provider whose key variable is set, then run python app.py with the cleaned keys."},
    {"keyguard --require openai,anthropic --strict",
     "Check exactly OpenAI and Anthropic and run nothing; a provider that cannot be asked fails too (69): a CI step."},
    {"keyguard --offline --no-fix", "Check the keys without the network; a key that needs cleaning is an error."},
    {"OPENAI_API_KEY_FILE=/run/secrets/openai keyguard -- node server.js",
     "Read the key from a file (a Docker or Kubernetes secret); the app gets OPENAI_API_KEY."},
    {"keyguard --model openai=gpt-4o-mini --timeout 3s -- python app.py",
     "Check the key, and that it may use gpt-4o-mini, within one 3-second deadline."},
    {"keyguard --require openai --env-out /run/myapp/keys.env",
     "Check, then write the cleaned keys for systemd's EnvironmentFile= (in ExecStartPre=)."},
    {"keyguard --format json", "Print the report as one JSON object on stderr, for a log collector."},
};

/// The man page's lines for one provider, from its row: the key variables with the header each
/// sends the key in, the base URL's sources and default, and the variables the probe reads.
std::string provider_manual(const Provider& provider) {
  std::string text = "key: ";
  for (const KeyVar& var : provider.key_vars)
    text += std::string(&var == &provider.key_vars.front() ? "" : ", else ") + std::string(var.name) + " (sent as " +
            std::string(var.auth_header) + (var.auth_prefix.empty() ? "" : ": " + std::string(var.auth_prefix) + "KEY") +
            ")";
  text += "\n.br\nbase URL: ";
  for (const BaseSource& source : provider.base_sources)
    text += std::string(&source == &provider.base_sources.front() ? "" : ", else ") + std::string(source.var) +
            (source.url_template.empty() ? "" : " (into " + std::string(source.url_template) + ")");
  text += provider.default_base_url.empty() ? "; one is required" : "; default " + std::string(provider.default_base_url);
  std::string also;
  auto read = [&](std::string_view var, const std::string& what) {
    if (!var.empty() && also.find(var) == std::string::npos)
      also += (also.empty() ? "" : ", ") + std::string(var) + (what.empty() ? "" : " (" + what + ")");
  };
  for (const ProbeHeader& header : provider.probe.headers) read(header.env_var, "sent as " + std::string(header.name));
  for (const ProbeQuery& query : provider.probe.query)
    read(query.env_var, "the " + std::string(query.name) + " parameter, default " + std::string(query.default_value));
  for (const Surface& surface : provider.surfaces) read(surface.select_var, "");
  return also.empty() ? text : text + "\n.br\nalso read: " + also;
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
  for (const ExitStatusRow& status : exit_status_rows()) {
    std::string left = "  " + std::string(status.shown);
    left.resize(7, ' ');
    text += left + std::string(status.meaning) + "\n";
  }
  return text;
}

std::string manual_page() {
  // No hyphenation, ragged right: variable names and URLs are read, and copied, whole.
  std::string page = ".TH KEYGUARD 1 \"\" \"keyguard " KEYGUARD_VERSION "\" \"User Commands\"\n.nh\n.ad l\n";
  page += ".SH NAME\nkeyguard \\- check the LLM API keys in the environment, then run the app\n";
  page += ".SH SYNOPSIS\n.B keyguard\n" + roff(kSynopsis.substr(std::string_view("keyguard ").size())) + "\n";
  page += ".SH DESCRIPTION\n" + roff(kDescription) + "\n.PP\n" + roff(kPolicy) + "\n.SH OPTIONS\n";
  for (const OptionSpec& spec : kOptions)
    page += ".TP\n.B " + roff(option_words(spec)) + "\n" + roff(spec.help) + "\n";
  page += ".PP\n" + roff(kCommandLine) + "\n.SH ENVIRONMENT\n";
  for (const OptionSpec& spec : kOptions)
    if (!spec.twin.empty()) page += ".TP\n.B " + roff(spec.twin) + "\n" + roff(twin_help(spec)) + "\n";
  for (const OtherVar& var : kOtherVars) page += ".TP\n.B " + roff(var.name) + "\n" + roff(var.meaning) + "\n";
  page += ".SS Providers and the variables they read\n";
  for (const Provider& provider : providers())
    page += ".TP\n.B " + roff(provider.name) + " (" + roff(provider.display_name) + ")\n" +
            roff(provider_manual(provider)) + "\n";
  page += ".PP\n" + roff(kFileTwins) + "\n.SH OUTCOMES\n";
  page += roff("Each provider's check ends in one outcome, and each model of --model in one of its own:") + "\n";
  for (const OutcomeRow& row : outcome_rows())
    page += ".TP\n.B " + roff(row.name) + "\n" + roff(row.meaning) + ". Verdict: " + roff(verdict_words(row.outcome)) +
            ".\n";
  page += ".SH EXIT STATUS\n";
  for (const ExitStatusRow& status : exit_status_rows())
    page += ".TP\n.B " + roff(status.shown) + "\n" + roff(status.meaning) + "\n";
  page += ".PP\n" + roff("With several providers the most severe code wins, in the order " + severity_order() +
                          ". Usage errors are one line of text, even with --format json.") + "\n";
  page += ".SH FILES\n.TP\n.B /dev/termination\\-log\n" +
          roff("On failure, the failing lines of the report (at most 4 KiB) also go here when it is a writable "
               "regular file, where kubectl describe pod shows them.") + "\n";
  page += ".TP\n.BI $CREDENTIALS_DIRECTORY/ VAR\n" +
          roff("A systemd credential named after a key variable (OPENAI_API_KEY): read as VAR_FILE would be "
               "when the environment names neither VAR nor VAR_FILE; COMMAND gets it as VAR.") + "\n";
  page += ".PP\n" + roff("The roots to trust, when neither --ca-file, SSL_CERT_FILE nor SSL_CERT_DIR names them: "
                          "the first of these files that exists,") + "\n.RS\n.nf\n";
  for (const char* bundle : system_bundles()) page += roff(bundle) + "\n";
  page += ".fi\n.RE\n" + roff("and without any of them the roots built into keyguard: " +
                                std::string(embedded_roots_origin()) + ".") + "\n";
  page += ".SH EXAMPLES\n";
  for (const Example& example : kExamples)
    page += ".PP\n.RS 4\n.nf\n" + roff(example.command) + "\n.fi\n.RE\n" + roff(example.what) + "\n";
  page += ".SH SEE ALSO\n.BR env (1),\n.BR execvp (3),\n.BR systemd.exec (5)\n.PP\n" +
          roff("The reference, a page a subject, is in docs/ of keyguard's source (docs/README.md is its "
               "index); how to deploy keyguard with Docker, systemd, AWS Lambda and Kubernetes is in "
               "docs/deploying.md.") + "\n";
  return page;
}

}  // namespace keyguard
