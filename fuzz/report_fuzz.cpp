// Fuzzes the whole report pipeline: run_checks with fake answers from the network, then
// text_report, json_report and termination_summary.
#include <boost/json.hpp>

#include <algorithm>
#include <exception>

#include "check.h"
#include "fuzz_checks.h"
#include "keys.h"
#include "report.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

namespace {

/// SPEC with "{key}" replaced by the key the probe sent (a server echoing it), and "{key1}",
/// "{key2}" by the raw values of KEY1 and KEY2.
std::string with_keys(std::string_view spec, std::string_view sent, std::string_view key1, std::string_view key2) {
  std::string out;
  for (std::size_t i = 0; i < spec.size();) {
    std::string_view rest = spec.substr(i);
    if (rest.starts_with("{key}")) out += sent, i += 5;
    else if (rest.starts_with("{key1}")) out += key1, i += 6;
    else if (rest.starts_with("{key2}")) out += key2, i += 6;
    else out += spec[i++];
  }
  return out;
}

/// One probe's fake result: a response spec (see read_response_spec), or, for a probe that got
/// no answer, "!", one byte that picks the failure and the phase, and the error text.
ProbeResult fake_result(std::string_view spec) {
  ProbeResult result;
  if (spec.starts_with("!")) {
    static constexpr Outcome kFailures[] = {Outcome::unreachable, Outcome::tls_error, Outcome::timeout,
                                            Outcome::unexpected, Outcome::misconfigured};
    unsigned char pick = spec.size() > 1 ? static_cast<unsigned char>(spec[1]) : 0;
    result.failure = {kFailures[pick % std::size(kFailures)], static_cast<Phase>(pick / std::size(kFailures) % 7),
                      std::string(spec.substr(std::min<std::size_t>(2, spec.size())))};
    return result;
  }
  result.answered = true;
  result.response = fuzz::read_response_spec(spec);
  result.timings = {1, 2, -1, 3, 0, 4};
  return result;
}

/// keyguard's own words of 12 bytes or more (variable names, URLs, outcome names, its
/// explanations), longest first. A key that happens to hold one is not shown by showing it.
const std::vector<std::string>& own_words() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> found;
    auto add = [&](std::string_view text) {
      for (std::string_view word : fuzz::split_fields(text, ' '))
        if (word.size() >= 12) found.emplace_back(word);
    };
    for (const Provider& provider : providers()) {
      for (const KeyVar& var : provider.key_vars) {
        add(var.name);
        add(std::string(var.name) + "_FILE");
      }
      for (const BaseSource& source : provider.base_sources) add(source.var);
      for (std::string_view text : {provider.display_name, provider.default_base_url, provider.base_url_example,
                                    provider.console_url})
        add(text);
      for (std::string_view host : provider.official_hosts) add(host);
      for (const KeyFamily& family : provider.families) add(family.label);
      for (const ErrorRule& rule : provider.error_rules) add(rule.explanation);
      for (const ErrorRule& rule : provider.shared_rules) add(rule.explanation);
      for (const AnswerRule& rule : provider.answer_rules) add(rule.explanation);
    }
    for (int outcome = 0; outcome <= static_cast<int>(Outcome::model_unavailable); ++outcome)
      add(outcome_name(static_cast<Outcome>(outcome)));
    add("SSL_CERT_FILE");  // the fix for a TLS error names it
    std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return found;
  }();
  return words;
}

/// TEXT with keyguard's own words and substitutes cut out (each becomes a byte no accepted
/// key holds), so that what remains of a key's bytes can only have come from the key.
std::string only_foreign_text(std::string_view text, const CheckResult& result) {
  std::string out = fuzz::without_substitutes(text);
  auto cut = [&](std::string_view word) {
    for (std::size_t at = out.find(word); at != std::string::npos; at = out.find(word, at)) out.replace(at, word.size(), "\n");
  };
  // First what keyguard made from this run, last made first: each key's fingerprint and
  // outline, the trust source. Then its own words, which are not copied: this runs for every
  // string of every report.
  for (auto report = result.reports.rbegin(); report != result.reports.rend(); ++report)
    for (const std::string* word : {&report->fingerprint, &report->key_shown})
      if (word->size() >= 12) cut(*word);
  if (result.ca_source.size() >= 12) cut(result.ca_source);
  for (const std::string& word : own_words()) cut(word);
  return out;
}

void check_no_key_in(std::string_view text, const std::vector<std::string>& keys, const CheckResult& result,
                     const std::string& where) {
  // Cutting a word out leaves a '\n', so it cannot make a run of a key without one (no accepted
  // key holds a control byte): text that shows no run before the cutting needs none. Most do not.
  std::string plain = fuzz::without_substitutes(text);
  bool maybe = false;
  for (const std::string& key : keys)
    maybe = maybe || key.find('\n') != std::string::npos || !fuzz::key_run_in(plain, key, 12).empty();
  if (!maybe) return;
  std::string foreign = only_foreign_text(text, result);
  for (const std::string& key : keys) {
    std::string_view run = fuzz::key_run_in(foreign, key, 12);
    check(run.empty(), where + " shows '" + escaped(run) + "' of an accepted key: '" + escaped(text, 400) + "'");
  }
}

void check_strings_of(const boost::json::value& value, const std::vector<std::string>& keys, const CheckResult& result,
                      bool top = false) {
  if (value.is_string()) {
    check_no_key_in(value.get_string(), keys, result, "a string of the JSON report");
  } else if (value.is_array()) {
    for (const boost::json::value& item : value.get_array()) check_strings_of(item, keys, result);
  } else if (value.is_object()) {
    for (const auto& field : value.get_object()) {
      // The report's own clock, from no input: a key that holds the current time (libFuzzer
      // learns the strings this check compares) shows a run there without anything leaking.
      if (top && field.key() == "time") continue;
      check_strings_of(field.value(), keys, result);
    }
  }
}

}  // namespace

// Input: "KEY1\0KEY2\0FLAGS\0ANSWER\0ANSWER...". KEY1 is OPENAI_API_KEY and KEY2 is
// ANTHROPIC_API_KEY (empty: unset); each ANSWER is the fake result of one probe, in order
// (see fake_result and with_keys).
// FLAGS may hold: s (--strict), n (--no-fix), o (--offline), r (--require every provider),
// l (loopback http:// base URLs), g (KEY2 as GOOGLE_API_KEY too), z (KEY1 as Azure's key too).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string_view> fields = fuzz::split_fields({reinterpret_cast<const char*>(data), size});
  fields.resize(std::max<std::size_t>(fields.size(), 3));
  std::string_view flags = fields[2];
  auto flag = [&](char c) { return flags.find(c) != std::string_view::npos; };

  std::vector<std::pair<std::string, std::string_view>> keys = {{"OPENAI_API_KEY", fields[0]},
                                                                {"ANTHROPIC_API_KEY", fields[1]}};
  if (flag('g')) keys.emplace_back("GOOGLE_API_KEY", fields[1]);
  if (flag('z')) keys.emplace_back("AZURE_OPENAI_API_KEY", fields[0]);
  std::vector<std::string> entries;
  for (const auto& [var, raw] : keys)
    if (!raw.empty()) entries.push_back(var + "=" + std::string(raw));
  if (flag('z')) entries.emplace_back("AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com");
  if (flag('l')) {
    entries.emplace_back("OPENAI_BASE_URL=http://127.0.0.1:8080/v1");
    entries.emplace_back("ANTHROPIC_BASE_URL=http://[::1]:8081");
  }
  Environment env(std::vector<std::string_view>(entries.begin(), entries.end()));

  Options options;
  options.strict = flag('s');
  options.no_fix = flag('n');
  options.offline = flag('o');
  if (flag('r'))
    for (const Provider& provider : providers()) options.require.emplace_back(provider.name);

  ProbeRunner probe = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
    std::vector<ProbeResult> results;
    for (std::size_t i = 0; i < requests.size() && 3 + i < fields.size(); ++i) {
      std::string_view sent = requests[i].key ? requests[i].key->view() : "";
      results.push_back(fake_result(with_keys(fields[3 + i], sent, fields[0], fields[1])));
    }
    return results;
  };

  // The keys the checks accept may be probed, and so echoed by whatever answers.
  std::vector<std::string> accepted;
  for (const auto& [var, raw] : keys) {
    CleanedKey cleaned = clean_key(raw, var, false);
    if (cleaned.key.size() >= 12 && !check_key_text(cleaned.key.view()))
      accepted.emplace_back(cleaned.key.view());
  }

  try {
    CheckResult result = run_checks(options, env, probe);
    std::string text = text_report(result), json = json_report(result), summary = termination_summary(result);

    check_no_key_in(text, accepted, result, "the text report");
    check_no_key_in(summary, accepted, result, "the termination summary");
    boost::json::error_code ec;
    boost::json::value root = boost::json::parse(json, ec);
    check(!ec, "the JSON report does not parse (" + ec.message() + "): '" + escaped(json, 400) + "'");
    check_strings_of(root, accepted, result, true);
    check(root.is_object() && root.as_object().contains("time") && root.at("time").is_string() &&
              root.at("time").as_string().size() == 20,
          "the JSON report has no RFC 3339 time of 20 characters");
    check(fuzz::is_valid_utf8(json), "the JSON report is not valid UTF-8: '" + escaped(json, 400) + "'");
    check(json.find('\n') == json.size() - 1, "the JSON report is not one line ending in a newline");

    check(!text.empty() && text.back() == '\n', "the text report does not end in a newline");
    std::string lines = text;
    std::erase(lines, '\n');
    std::string control = fuzz::control_byte_in(lines);
    check(control.empty(), "the text report holds a control byte at " + control + " (newlines removed): '" +
                               escaped(text, 400) + "'");
  } catch (const std::exception& e) {
    fuzz::violated(std::string("the report pipeline threw: ") + e.what());
  }
  return 0;
}
