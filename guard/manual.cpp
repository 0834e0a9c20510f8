// What --help and the man page say: the option table, the variables keyguard reads, the
// providers' rows, the outcomes and the exit statuses, rendered as text and as roff.
#include "manual.h"

#include <algorithm>
#include <string>
#include <vector>

#include "options_table.h"
#include "outcome.h"
#include "providers.h"
#include "trust.h"

namespace keyguard {
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
    {"OPENAI_API_VERSION", "Azure's api-version, sent as it is (default 2024-10-21)"},
    {"KEYGUARD_<PROVIDER>_HEADERS", "gateway headers for a provider, one Name: value a line, sent with its probe as secrets"},
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
  for (const ProbeHeader& header : provider.probe.headers)
    for (std::string_view var : header.env_vars) read(var, "sent as " + std::string(header.name));
  for (const ProbeQuery& query : provider.probe.query)
    for (std::string_view var : query.env_vars)
      read(var, "the " + std::string(query.name) + " parameter, default " + std::string(query.default_value));
  for (std::string_view var : provider.header_vars) read(var, "gateway headers, sent with the probe");
  for (const EnvNote& note : provider.notes) read(note.var, "warned about");
  for (std::string_view var : provider.other_credentials) read(var, "a credential keyguard does not check yet");
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
  for (const OptionSpec& spec : option_specs()) {
    std::string left = "  " + option_words(spec);
    if (left.size() < 24) left.resize(24, ' ');
    else left += "\n" + std::string(24, ' ');
    text += left + std::string(spec.help) + "\n";
  }
  text += "\nEnvironment variables:\n";
  for (const OptionSpec& spec : option_specs()) {
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
  for (const OptionSpec& spec : option_specs())
    page += ".TP\n.B " + roff(option_words(spec)) + "\n" + roff(spec.help) + "\n";
  page += ".PP\n" + roff(kCommandLine) + "\n.SH ENVIRONMENT\n";
  for (const OptionSpec& spec : option_specs())
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
  page += ".TP\n.B " + roff("--env-file PATH") + "\n" +
          roff("Variables in docker compose's .env syntax, read before any check; the environment wins over "
               "them. A file that cannot be read, is not a regular file or has a line that does not parse is "
               "named with the line (78), never its content; one anyone may write to is warned about.") + "\n";
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
