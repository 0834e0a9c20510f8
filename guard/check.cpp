// The pipeline, stage by stage: select providers, prepare keys (and their endpoints and requests),
// plan the requests, probe, read the answers, decide. run_checks is the checklist of those stages.
#include "check.h"

#include <algorithm>
#include <optional>

#include "candidate.h"
#include "conclude.h"
#include "key_sources.h"
#include "keys.h"
#include "models.h"
#include "prepare.h"
#include "readings.h"
#include "redact.h"
#include "route.h"
#include "text.h"
#include "trust.h"

namespace keyguard {
namespace {

/// Finds the trust source and proxy of docs/networks.md. A named CA file that cannot be read
/// fails every probe.
std::optional<Failure> resolve_network(const Options& options, const Environment& env, NetworkConfig* network) {
  std::string why;
  if (!resolve_trust(options.ca_file, env, &network->trust, &why)) return misconfigured(why);
  network->proxy = read_proxy_settings(env);
  return std::nullopt;
}

/// Stage 1: which providers. Those --require names, else every one whose key variable is
/// set; and every provider named in --model, as if required (it does not narrow the set). One
/// the operator skips (--skip) whose key is set is there only to be reported as skipped: its key
/// is not read, cleaned or checked, and reaches the command as it is.
std::vector<Candidate> select_providers(const Options& options, const Environment& env) {
  std::vector<Candidate> candidates;
  auto add = [&](const Provider* provider) {
    candidates.emplace_back();
    candidates.back().report.provider = provider;
    if (std::find(options.skip.begin(), options.skip.end(), provider->name) != options.skip.end()) {
      std::string_view var = provider->key_vars.front().name;
      for (const KeyVar& each : provider->key_vars)
        if (key_is_set(each, env)) {
          var = each.name;
          break;
        }
      candidates.back().report.env = std::string(var);
      settle(&candidates.back(), {Outcome::skipped, Phase::none,
                                  "not checked (--skip): the operator skipped it; its key was not read, and the command "
                                  "gets it as it is"});
      candidates.back().skipped = true;
    }
  };
  if (!options.require.empty()) {
    for (const std::string& name : options.require) add(find_provider(name));
  } else {
    for (const Provider& provider : providers()) {
      bool configured = false;
      for (const KeyVar& var : provider.key_vars)
        configured |= key_is_set(var, env);
      if (configured) add(&provider);
    }
  }
  for (const auto& [name, model] : options.models) {
    const Provider* provider = find_provider(name);
    auto same = [&](const Candidate& c) { return c.report.provider == provider; };
    if (std::find_if(candidates.begin(), candidates.end(), same) == candidates.end()) add(provider);
    std::find_if(candidates.begin(), candidates.end(), same)->models.push_back(model);
  }
  return candidates;
}

/// What is said when no provider is configured at all: a configuration error, unless an SDK
/// would find a cloud's credentials instead of a key (a warning: nothing is checked).
CheckResult no_key_found(const Environment& env) {
  CheckResult result;
  std::vector<std::string> others;
  for (const Provider& provider : providers())
    for (const std::string& var : other_credentials_set(provider, env))
      others.push_back(var + " (" + std::string(provider.display_name) + ")");
  if (!others.empty()) {
    result.warnings.push_back("no API key found, but " + join(others) + (others.size() > 1 ? " are" : " is") +
                              " set: credentials an app's SDK may use instead of a key, which keyguard does not "
                              "check yet; nothing was checked");
    return result;
  }
  std::vector<std::string> looked;
  for (const Provider& provider : providers())
    for (const KeyVar& var : provider.key_vars) looked.emplace_back(var.name);
  result.error = "no API key found; looked for " + join(looked) +
                 " (and their _FILE twins); set one, or name the providers with --require";
  result.exit_code = ExitCode::config;
  return result;
}

/// Every key of the run, for the scrubbing of anything shown: the candidates' clean keys, and
/// the raw value of every key variable, checked or not. A value shorter than 12 cannot leave
/// a 12-character run, and would only blank out words.
std::unique_ptr<const KeyRuns> runs_of_every_key(const std::vector<Candidate>& candidates, const Environment& env) {
  std::vector<std::string_view> keys;
  for (const Candidate& candidate : candidates) {
    keys.push_back(candidate.cleaned.key.view());
    for (const CustomHeader& header : candidate.custom_headers) keys.push_back(header.value.view());
  }
  for (const Provider& provider : providers())
    for (const KeyVar& var : provider.key_vars)
      if (auto value = env.get_nonempty(var.name)) keys.push_back(*value);
  return std::make_unique<const KeyRuns>(keys, 12);
}

/// What goes to the network: one request per candidate still to be asked, and the trust and
/// proxy they share.
struct Plan {
  NetworkConfig network;
  std::vector<ProbeRequest> requests;
  std::vector<Candidate*> asked;  ///< index-matched with REQUESTS
  bool resolved = false;          ///< the trust source and proxy were read (the report names the CA source)
};

/// Stage 3: trust and routes. A CA source that cannot be read fails every probe; a proxy
/// variable that cannot be used fails only the probes that would go through it.
Plan plan_requests(const Options& options, const Environment& env, std::vector<Candidate>& candidates) {
  Plan plan;
  bool any = std::any_of(candidates.begin(), candidates.end(), [](const Candidate& c) { return c.probe; });
  if (!any) return plan;
  std::optional<Failure> unusable = resolve_network(options, env, &plan.network);
  plan.resolved = !unusable;
  for (Candidate& candidate : candidates) {
    if (!candidate.probe) continue;
    if (unusable) {
      settle(&candidate, *unusable);
      continue;
    }
    if (!plan.network.proxy.error.empty() && goes_through_proxy(plan.network.proxy, candidate.request.url)) {
      settle(&candidate, misconfigured(plan.network.proxy.error));
      continue;
    }
    plan.requests.push_back(candidate.request);
    plan.asked.push_back(&candidate);
  }
  return plan;
}

/// Stage 5: what each answer means, for the key and for its models; then what the servers
/// sent is wiped, since it may echo a key.
void read_answers(const Options& options, const Plan& plan, std::vector<ProbeResult>& answers,
                  std::vector<Candidate>& candidates, const KeyRuns& every_key, const Deadline& deadline) {
  SuggestionBudget budget{deadline, kMostSuggestedModels};
  for (std::size_t i = 0; i < plan.asked.size() && i < answers.size(); ++i) {
    conclude_key(plan.asked[i], answers[i], plan.network, options.timeout_ms, every_key);
    conclude_models(plan.asked[i], &answers[i], plan.network, options.timeout_ms, options.offline, every_key, &budget);
  }
  for (ProbeResult& answer : answers) {
    answer.response.wipe_all();
    for (ProbeResult& follow : answer.follows) follow.response.wipe_all();
  }
  for (Candidate& candidate : candidates)
    if (candidate.report.models.empty() && !candidate.models.empty())
      conclude_models(&candidate, nullptr, plan.network, options.timeout_ms, options.offline, every_key, &budget);
}

/// Stage 6: verdicts, the exit code, and what the child gets. Every text is scrubbed once more
/// against every key, whatever put text into it.
CheckResult decide(const Options& options, std::vector<Candidate>& candidates, const Plan& plan,
                   const KeyRuns& every_key) {
  CheckResult result;
  if (plan.resolved) result.ca_source = plan.network.trust.shown;
  for (Candidate& candidate : candidates) {
    ProviderReport& report = candidate.report;
    // Every field a server filled, not only the message: one provider may echo another's key.
    for (std::string* field : {&report.message, &report.error_code, &report.request_id}) redact_in_place(field, every_key);
    for (std::string& warning : report.warnings) redact_in_place(&warning, every_key);
    if (report.retry) redact_in_place(&report.retry->message, every_key);
    if (report.request) {
      RequestShown& request = *report.request;
      for (std::string* field : {&request.method, &request.url, &request.base_from, &request.key_header, &request.key_scheme})
        redact_in_place(field, every_key);
      for (std::string& name : request.headers) redact_in_place(&name, every_key);
    }
    Verdict key_verdict = verdict_of(report.outcome, options.strict);
    ExitCode code = candidate.exit != ExitCode::ok ? candidate.exit : exit_code_of(report.outcome, options.strict);
    // The provider's verdict is the worst of its key's and its models'; so is its exit code.
    report.verdict = report.key_verdict = key_verdict;
    for (ModelReport& model : report.models) {
      // The model's name too: an id someone pasted a key into (one from a _FILE) is no name.
      redact_in_place(&model.model, every_key);
      redact_in_place(&model.message, every_key);
      redact_in_place(&model.error_code, every_key);
      if (model.retry) redact_in_place(&model.retry->message, every_key);
      model.verdict = verdict_of(model.outcome, options.strict);
      if (static_cast<int>(model.verdict) > static_cast<int>(report.verdict)) report.verdict = model.verdict;
      code = more_severe(code, exit_code_of(model.outcome, options.strict));
    }
    report.exit_code = code;
    result.exit_code = more_severe(result.exit_code, code);
    // A key from an --env-file is not in keyguard's environment: --env-out carries it too.
    bool changed = candidate.loaded.from_file || candidate.loaded.from_env_file || !candidate.cleaned.fixes.empty();
    if (changed && !candidate.cleaned.key.empty() && key_verdict != Verdict::fail)
      result.exports.push_back({candidate.loaded.var, Secret(candidate.cleaned.key.view())});
    result.reports.push_back(std::move(report));
  }
  return result;
}

/// One warning per name the environment sets more than once: keyguard reads the first, as
/// getenv (and CPython's os.environ) does, and the command gets only that one (docs/keys.md).
/// Names only, never a value; scrubbed like every other text.
std::vector<std::string> duplicate_warnings(const Environment& env, const std::vector<Candidate>& candidates,
                                            const CheckResult& result, bool runs_command) {
  std::vector<std::string> warnings;
  for (const DuplicateName& duplicate : env.duplicates()) {
    std::string name = printable(duplicate.name, 80);
    std::string text = name + " is set " + std::to_string(duplicate.copies) + " times";
    bool checked = std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) {
      return c.loaded.configured && !c.loaded.from_file && c.loaded.var == duplicate.name;
    });
    bool exported = std::any_of(result.exports.begin(), result.exports.end(),
                                [&](const ExportedVar& var) { return var.name == duplicate.name; });
    if (checked) {
      text += runs_command ? "; the first is checked and is the only one the command gets" : "; the first is checked, as getenv reads it";
    } else if (duplicate.first_empty && duplicate.later_set && !exported) {
      // Selection reads the first copy, and an empty variable counts as unset: say so, or the
      // value set later would look ignored for no reason.
      text += " and its first copy, the one getenv reads, is empty: it counts as unset";
      if (runs_command) text += ", and the command gets only that empty copy";
    } else {
      text += runs_command ? "; the first counts, as getenv reads it, and is the only one the command gets"
                           : "; the first counts, as getenv reads it";
    }
    if (runs_command) text += " (keyguard dropped the later copies)";
    warnings.push_back(result.without_keys(text));
  }
  return warnings;
}

/// Under --report-only the checks fail nothing: the exit code they ask for is kept as what keyguard
/// would exit with, and the run exits 0 (docs/report.md).
void enforce(const Options& options, CheckResult* result) {
  result->would_exit = result->exit_code;
  result->report_only = options.report_only;
  if (options.report_only) result->exit_code = ExitCode::ok;
}

/// The warnings about the environment as a whole: names set twice, variables set but empty.
void add_environment_warnings(const Environment& env, const std::vector<Candidate>& candidates, bool runs_command,
                              CheckResult* result) {
  std::vector<std::string> warnings = duplicate_warnings(env, candidates, *result, runs_command);
  for (std::string& warning : empty_variable_warnings(env, candidates)) warnings.push_back(result->without_keys(warning));
  result->warnings.insert(result->warnings.end(), warnings.begin(), warnings.end());
}

}  // namespace

CheckResult run_checks(const Options& options, const Environment& env, const ProbeRunner& probe,
                       const AfterChecks& after) {
  Clock::time_point started = Clock::now();
  std::vector<Candidate> candidates = select_providers(options, env);
  CheckResult result;
  if (candidates.empty()) {
    result = no_key_found(env);
    result.every_key = runs_of_every_key(candidates, env);
  } else {
    prepare_keys(options, env, candidates);
    std::unique_ptr<const KeyRuns> every_key = runs_of_every_key(candidates, env);
    Plan plan = plan_requests(options, env, candidates);
    // Stage 4: every probe at once, under one deadline; what reads their answers keeps to it too.
    Deadline deadline = Deadline::after_ms(options.timeout_ms);
    std::vector<ProbeResult> answers;
    if (!plan.requests.empty()) answers = probe(plan.requests, plan.network, deadline);
    read_answers(options, plan, answers, candidates, *every_key, deadline);
    result = decide(options, candidates, plan, *every_key);
    result.every_key = std::move(every_key);
  }
  add_environment_warnings(env, candidates, !options.command.empty(), &result);
  enforce(options, &result);
  // Stage 7: what follows checks that passed, while the report is still to be written (the
  // command, --env-out): its failure stops the start, even under --report-only.
  if (after && result.exit_code == ExitCode::ok) {
    if (std::optional<Failure> failure = after(result)) {
      result.error = result.without_keys(failure->message);
      result.exit_code = failure->exit;
    }
  }
  result.elapsed_ms = elapsed_ms(started);
  return result;
}

std::string CheckResult::without_keys(std::string_view text) const {
  return every_key ? every_key->redact(text) : std::string(text);
}

}  // namespace keyguard
