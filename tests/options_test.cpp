// Option parsing: every option, every twin, the flag beats its twin, bad values are 64.
#include "manual.h"
#include "options.h"

#include <gtest/gtest.h>

#include <sstream>

#include "outcome.h"
#include "providers.h"
#include "trust.h"

namespace keyguard {
namespace {

struct Parsed {
  bool ok;
  Options options;
  std::string err;
};

Parsed parse(std::vector<std::string_view> args, std::vector<std::string_view> env = {}) {
  Parsed parsed;
  parsed.ok = parse_options(args, Environment(std::move(env)), &parsed.options, &parsed.err);
  return parsed;
}

TEST(Options, DefaultsMatchTheContract) {
  Parsed p = parse({});
  ASSERT_TRUE(p.ok);
  EXPECT_TRUE(p.options.require.empty());
  EXPECT_EQ(p.options.timeout_ms, 5000);
  EXPECT_FALSE(p.options.offline);
  EXPECT_FALSE(p.options.strict);
  EXPECT_FALSE(p.options.no_fix);
  EXPECT_EQ(p.options.format, ReportFormat::text);
  EXPECT_FALSE(p.options.quiet);
  EXPECT_TRUE(p.options.ca_file.empty());
  EXPECT_TRUE(p.options.env_out.empty());
  EXPECT_TRUE(p.options.command.empty());
}

TEST(Options, ReadsEveryFlag) {
  Parsed p = parse({"--require", "openai,gemini", "--timeout", "250ms", "--offline", "--strict", "--no-fix", "--format",
                    "json", "--quiet", "--ca-file", "/ca.pem", "--env-out", "/run/env"});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_EQ(p.options.require, (std::vector<std::string>{"openai", "gemini"}));
  EXPECT_EQ(p.options.timeout_ms, 250);
  EXPECT_TRUE(p.options.offline);
  EXPECT_TRUE(p.options.strict);
  EXPECT_TRUE(p.options.no_fix);
  EXPECT_EQ(p.options.format, ReportFormat::json);
  EXPECT_TRUE(p.options.quiet);
  EXPECT_EQ(p.options.ca_file, "/ca.pem");
  EXPECT_EQ(p.options.env_out, "/run/env");
}

TEST(Options, AcceptsInlineValues) {
  Parsed p = parse({"--require=anthropic", "--timeout=2s", "--format=json", "--strict=false"});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_EQ(p.options.require, (std::vector<std::string>{"anthropic"}));
  EXPECT_EQ(p.options.timeout_ms, 2000);
  EXPECT_EQ(p.options.format, ReportFormat::json);
  EXPECT_FALSE(p.options.strict);
}

TEST(Options, ReadsEveryTwin) {
  Parsed p = parse({}, {"KEYGUARD_REQUIRE=azure", "KEYGUARD_TIMEOUT=1.5s", "KEYGUARD_OFFLINE=1", "KEYGUARD_STRICT=yes",
                        "KEYGUARD_NO_FIX=on", "KEYGUARD_FORMAT=json", "KEYGUARD_QUIET=TRUE",
                        "KEYGUARD_CA_FILE=/ca.pem", "KEYGUARD_ENV_OUT=/run/env"});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_EQ(p.options.require, (std::vector<std::string>{"azure"}));
  EXPECT_EQ(p.options.timeout_ms, 1500);
  EXPECT_TRUE(p.options.offline);
  EXPECT_TRUE(p.options.strict);
  EXPECT_TRUE(p.options.no_fix);
  EXPECT_EQ(p.options.format, ReportFormat::json);
  EXPECT_TRUE(p.options.quiet);
  EXPECT_EQ(p.options.ca_file, "/ca.pem");
  EXPECT_EQ(p.options.env_out, "/run/env");
}

TEST(Options, FlagBeatsItsTwin) {
  Parsed p = parse({"--timeout", "3s", "--format", "text", "--require", "openai", "--ca-file", "/flag.pem",
                    "--strict=0", "--env-out", "/flag.env"},
                   {"KEYGUARD_TIMEOUT=9s", "KEYGUARD_FORMAT=json", "KEYGUARD_REQUIRE=gemini", "KEYGUARD_CA_FILE=/twin.pem",
                    "KEYGUARD_STRICT=1", "KEYGUARD_ENV_OUT=/twin.env"});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_EQ(p.options.timeout_ms, 3000);
  EXPECT_EQ(p.options.format, ReportFormat::text);
  EXPECT_EQ(p.options.require, (std::vector<std::string>{"openai"}));
  EXPECT_EQ(p.options.ca_file, "/flag.pem");
  EXPECT_FALSE(p.options.strict);
  EXPECT_EQ(p.options.env_out, "/flag.env");
}

TEST(Options, FlagOverridesABadTwinWithoutComplaint) {
  Parsed p = parse({"--timeout", "3s"}, {"KEYGUARD_TIMEOUT=forever"});
  EXPECT_TRUE(p.ok) << p.err;
}

TEST(Options, TreatsAnEmptyTwinAsUnset) {
  Parsed p = parse({}, {"KEYGUARD_TIMEOUT=", "KEYGUARD_STRICT=", "KEYGUARD_REQUIRE="});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_EQ(p.options.timeout_ms, 5000);
}

TEST(Options, AcceptsEveryBooleanSpelling) {
  for (std::string_view yes : {"1", "true", "TRUE", "yes", "Yes", "on", "ON"}) {
    bool value = false;
    EXPECT_TRUE(parse_bool(yes, &value)) << yes;
    EXPECT_TRUE(value) << yes;
  }
  for (std::string_view no : {"0", "false", "False", "no", "NO", "off", "Off"}) {
    bool value = true;
    EXPECT_TRUE(parse_bool(no, &value)) << no;
    EXPECT_FALSE(value) << no;
  }
  for (std::string_view bad : {"2", "y", "enabled", " 1", "truee"}) {
    bool value;
    EXPECT_FALSE(parse_bool(bad, &value)) << bad;
  }
}

TEST(Options, StopsAtTheFirstNonOption) {
  Parsed p = parse({"--offline", "python", "app.py", "--port", "80", "--strict"});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_TRUE(p.options.offline);
  EXPECT_FALSE(p.options.strict);
  EXPECT_EQ(p.options.command, (std::vector<std::string>{"python", "app.py", "--port", "80", "--strict"}));
}

TEST(Options, StopsAtDoubleDash) {
  Parsed p = parse({"--offline", "--", "--strict", "--", "x"});
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_FALSE(p.options.strict);
  EXPECT_EQ(p.options.command, (std::vector<std::string>{"--strict", "--", "x"}));
}

TEST(Options, TakesALoneDashAsTheCommand) {
  Parsed p = parse({"-", "x"});
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.options.command, (std::vector<std::string>{"-", "x"}));
}

TEST(Options, ReadsHelpAndVersion) {
  EXPECT_TRUE(parse({"--help"}).options.help);
  EXPECT_TRUE(parse({"-h"}).options.help);
  EXPECT_TRUE(parse({"--version"}).options.version);
}

TEST(Options, RefusesBadInputWithAOneLineReason) {
  struct Case {
    std::vector<std::string_view> args;
    std::vector<std::string_view> env;
    std::string err;
  } cases[] = {
      {{"--bogus"}, {}, "unknown option '--bogus'"},
      {{"-x"}, {}, "unknown option '-x'"},
      {{"--timeout"}, {}, "--timeout needs a value (DUR)"},
      {{"--timeout", "soon"}, {}, "bad --timeout 'soon': expected a number with an optional unit (ms, s, m, h)"},
      {{"--timeout", "0"}, {}, "bad --timeout '0': must be at least 1ms"},
      {{"--timeout", "5h"}, {}, "bad --timeout '5h': longer than an hour"},
      {{"--format", "xml"}, {}, "bad --format 'xml': use text or json"},
      {{"--require", "openai,llama"}, {}, "unknown provider 'llama' in --require (known: openai, anthropic, azure, gemini, groq, mistral, deepseek, openrouter, xai, together, fireworks, perplexity, cerebras, cohere, huggingface, bedrock)"},
      {{"--require", ","}, {}, "--require names no provider"},
      {{"--strict=maybe"}, {}, "bad --strict 'maybe': use 1/true/yes/on or 0/false/no/off"},
      {{"--ca-file="}, {}, "--ca-file needs a path"},
      {{}, {"KEYGUARD_TIMEOUT=fast"}, "bad KEYGUARD_TIMEOUT 'fast': expected a number with an optional unit (ms, s, m, h)"},
      {{}, {"KEYGUARD_OFFLINE=perhaps"}, "bad KEYGUARD_OFFLINE 'perhaps': use 1/true/yes/on or 0/false/no/off"},
      {{}, {"KEYGUARD_FORMAT=yaml"}, "bad KEYGUARD_FORMAT 'yaml': use text or json"},
      {{}, {"KEYGUARD_REQUIRE=bard"}, "unknown provider 'bard' in KEYGUARD_REQUIRE (known: openai, anthropic, azure, gemini, groq, mistral, deepseek, openrouter, xai, together, fireworks, perplexity, cerebras, cohere, huggingface, bedrock)"},
  };
  for (const Case& c : cases) {
    Parsed p = parse(c.args, c.env);
    EXPECT_FALSE(p.ok);
    EXPECT_EQ(p.err, c.err);
    EXPECT_EQ(p.err.find('\n'), std::string::npos);
  }
}

TEST(Options, ParsesDurations) {
  struct Case {
    std::string_view text;
    int ms;
  } cases[] = {{"250ms", 250}, {"3s", 3000}, {"1.5s", 1500}, {"1m", 60000}, {"2", 2000},
               {"0.5", 500},   {"1.", 1000}, {".25s", 250}, {"0.0015s", 2}, {"60m", 3600000},
               {"1h", 3600000}, {"1m30s", 90000}, {"2m500ms", 120500}, {"0h1s", 1000}, {"300", 300000}, {"3000s", 3000000}};
  for (const Case& c : cases) {
    int ms = 0;
    std::string err;
    EXPECT_TRUE(parse_duration(c.text, &ms, &err)) << c.text << ": " << err;
    EXPECT_EQ(ms, c.ms) << c.text;
  }
  for (std::string_view bad : {"", "s", "-1s", "1.2.3", "1 s", "0ms", "0.0001s", "61m", "1e3", "ms", "2h", "1m30",
                               "1h1s", "301", "3000"}) {
    int ms = 0;
    std::string err;
    EXPECT_FALSE(parse_duration(bad, &ms, &err)) << bad;
  }
}

TEST(Options, SuggestsTheOptionOrProviderMeant) {
  struct Case {
    std::vector<std::string_view> args;
    std::string err;
  } cases[] = {
      {{"--requre", "openai"}, "unknown option '--requre'; did you mean --require?"},
      {{"--timout=3s"}, "unknown option '--timout'; did you mean --timeout?"},
      {{"--frobnicate"}, "unknown option '--frobnicate'"},
      {{"--require", "OpenAI"}, "unknown provider 'OpenAI' in --require; did you mean openai?"},
  };
  for (const Case& c : cases) {
    Options options;
    std::string err;
    EXPECT_FALSE(parse_options(c.args, Environment(std::vector<std::string_view>{}), &options, &err));
    EXPECT_EQ(err, c.err);
  }
}

TEST(Options, HelpListsShortHelpExitCode70AndTheOtherVariables) {
  std::string help = usage_text();
  EXPECT_NE(help.find("--help, -h"), std::string::npos);
  EXPECT_NE(help.find("\n  70   an internal error in keyguard"), std::string::npos);
  std::size_t section = help.find("\nEnvironment variables:\n");
  ASSERT_NE(section, std::string::npos);
  for (std::string_view var : {"https_proxy, HTTPS_PROXY", "no_proxy, NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
                               "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_API_VERSION"})
    EXPECT_NE(help.find(var, section), std::string::npos) << var;
  EXPECT_NE(manual_page().find("OPENAI_API_VERSION"), std::string::npos);
}

TEST(Options, SaysABareNumberOfMoreThan300SecondsNeedsAUnit) {
  int ms = 0;
  std::string err;
  EXPECT_FALSE(parse_duration("3000", &ms, &err));
  EXPECT_EQ(err, "a bare number is seconds, at most 300; for 3000 seconds write 3000s, or add the unit meant (3000ms)");
  EXPECT_FALSE(parse_duration("90m", &ms, &err));
  EXPECT_EQ(err, "longer than an hour");
}

TEST(Options, HelpListsEveryTwinUnderEnvironmentVariables) {
  std::string help = usage_text();
  std::size_t section = help.find("\nEnvironment variables:\n");
  ASSERT_NE(section, std::string::npos);
  for (std::string_view twin : {"KEYGUARD_REQUIRE", "KEYGUARD_TIMEOUT", "KEYGUARD_OFFLINE", "KEYGUARD_STRICT",
                                "KEYGUARD_NO_FIX", "KEYGUARD_FORMAT", "KEYGUARD_QUIET", "KEYGUARD_CA_FILE",
                                "KEYGUARD_ENV_OUT"})
    EXPECT_NE(help.find(twin, section), std::string::npos) << twin;
}

TEST(Options, WritesAManPageWithEveryOptionTwinAndExitCodeOfTheHelp) {
  std::string help = usage_text(), page = manual_page();
  auto roff = [](std::string word) {
    std::string out;
    for (char c : word) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
  };
  std::size_t checked = 0;
  for (std::size_t at = 0; (at = help.find("  ", at)) != std::string::npos; ++at) {
    std::size_t start = help.find_first_not_of(' ', at);
    std::size_t end = help.find_first_of(" \n", start);
    if (start == std::string::npos || end == std::string::npos) break;
    std::string word = help.substr(start, end - start);
    bool option = word.rfind("--", 0) == 0, twin = word.rfind("KEYGUARD_", 0) == 0;
    bool code = !word.empty() && word.find_first_not_of("0123456789") == std::string::npos && help[start - 1] == ' ' &&
                help[start - 2] == ' ' && help[start - 3] == '\n';
    if (!option && !twin && !code) continue;
    EXPECT_NE(page.find(roff(word)), std::string::npos) << word;
    ++checked;
    at = end;
  }
  EXPECT_GT(checked, 25u);
  EXPECT_EQ(page.rfind(".TH KEYGUARD 1 ", 0), 0u);
}

/// TEXT as the man page writes it: every hyphen a minus sign.
std::string roffed(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

/// The text of the man page's section NAME (".SH NAME" up to the next .SH).
std::string man_section(const std::string& page, const std::string& name) {
  std::size_t start = page.find("\n.SH " + name + "\n");
  if (start == std::string::npos) return "";
  start += 5 + name.size() + 1;
  std::size_t end = page.find("\n.SH ", start);
  return page.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST(Options, WritesTheSectionsOfAManPageInTheirOrder) {
  std::string page = manual_page();
  std::size_t at = 0;
  for (std::string_view section : {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "OUTCOMES", "EXIT STATUS",
                                   "FILES", "EXAMPLES", "SEE ALSO"}) {
    std::size_t found = page.find("\n.SH " + std::string(section) + "\n");
    ASSERT_NE(found, std::string::npos) << section;
    EXPECT_GT(found, at) << section << " is out of order";
    at = found;
  }
}

TEST(Options, ManPageNamesEveryVariableKeyguardReads) {
  std::string environment = man_section(manual_page(), "ENVIRONMENT");
  std::vector<std::string> names = {"https_proxy, HTTPS_PROXY", "all_proxy, ALL_PROXY", "no_proxy, NO_PROXY",
                                    "SSL_CERT_FILE", "SSL_CERT_DIR", "CREDENTIALS_DIRECTORY", "PATH", "KEY_FILE"};
  for (const Provider& provider : providers()) {
    for (const KeyVar& var : provider.key_vars) names.emplace_back(var.name);
    for (const BaseSource& source : provider.base_sources) names.emplace_back(source.var);
    for (const ProbeHeader& header : provider.probe.headers)
      for (std::string_view var : header.env_vars) names.emplace_back(var);
    for (const ProbeQuery& query : provider.probe.query)
      for (std::string_view var : query.env_vars) names.emplace_back(var);
    for (const EnvNote& note : provider.notes) names.emplace_back(note.var);
    for (std::string_view var : provider.header_vars) names.emplace_back(var);
    for (std::string_view var : provider.other_credentials) names.emplace_back(var);
  }
  for (const std::string& name : names) EXPECT_NE(environment.find(name), std::string::npos) << name;
  // Each provider's own variables are under its name, with the header its key travels in.
  EXPECT_NE(environment.find(".B anthropic (Anthropic)\nkey: ANTHROPIC_API_KEY (sent as x\\-api\\-key), else "
                             "ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer KEY)\n"),
            std::string::npos)
      << environment;
  EXPECT_NE(environment.find("also read: OPENAI_API_VERSION (the api\\-version parameter, default 2024\\-10\\-21)"),
            std::string::npos);
}

TEST(Options, ManPageGivesEveryOutcomeItsVerdictAndExitCode) {
  std::string outcomes = man_section(manual_page(), "OUTCOMES");
  for (int i = 0; i <= static_cast<int>(Outcome::model_unavailable); ++i) {
    std::string_view name = outcome_name(static_cast<Outcome>(i));
    EXPECT_NE(outcomes.find(".B " + roffed(name) + "\n"), std::string::npos) << name;
  }
  EXPECT_NE(outcomes.find("mistyped. Verdict: fail, exit 77.\n"), std::string::npos) << outcomes;
  EXPECT_NE(outcomes.find("Verdict: warn; under \\-\\-strict fail, exit 69.\n"), std::string::npos) << outcomes;
  EXPECT_NE(outcomes.find("says why. Verdict: warn.\n"), std::string::npos) << outcomes;
}

TEST(Options, ManPageGivesTheOrderOfSeverityOfTheExitCodes) {
  EXPECT_NE(man_section(manual_page(), "EXIT STATUS").find("the most severe code wins, in the order 64, 66, 78, 77, 69, 0."),
            std::string::npos);
}

TEST(Options, ManPageNamesTheFilesKeyguardReadsAndWrites) {
  std::string files = man_section(manual_page(), "FILES");
  EXPECT_NE(files.find(".B /dev/termination\\-log\n"), std::string::npos) << files;
  EXPECT_NE(files.find("$CREDENTIALS_DIRECTORY/"), std::string::npos) << files;
  std::size_t at = 0;
  for (const char* bundle : system_bundles()) {
    std::size_t found = files.find("\n" + roffed(bundle) + "\n");
    ASSERT_NE(found, std::string::npos) << bundle;
    EXPECT_GT(found, at) << bundle << " is out of the order keyguard tries them in";
    at = found;
  }
  EXPECT_NE(files.find(roffed(embedded_roots_origin())), std::string::npos) << files;
}

TEST(Options, ManPageExamplesAreCommandLinesKeyguardAccepts) {
  std::string examples = man_section(manual_page(), "EXAMPLES");
  std::stringstream lines(examples);
  std::string line;
  int checked = 0;
  bool command = false;
  while (std::getline(lines, line)) {
    if (line == ".nf" || line == ".fi") {
      command = line == ".nf";
      continue;
    }
    if (!command) continue;
    std::string plain;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line.compare(i, 2, "\\-") == 0) ++i;
      plain += line[i];
    }
    std::vector<std::string> words;
    std::stringstream in(plain);
    for (std::string word; in >> word;) words.push_back(word);
    std::size_t first = 0;
    while (first < words.size() && words[first].find('=') != std::string::npos) ++first;  // VAR=value
    ASSERT_LT(first, words.size()) << line;
    EXPECT_EQ(words[first], "keyguard") << line;
    std::vector<std::string_view> args(words.begin() + static_cast<std::ptrdiff_t>(first) + 1, words.end());
    Options options;
    std::string err;
    EXPECT_TRUE(parse_options(args, Environment(std::vector<std::string_view>{}), &options, &err)) << line << ": " << err;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

}  // namespace
}  // namespace keyguard
