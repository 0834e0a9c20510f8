// The pipeline, stage by stage: select providers, prepare keys (and their endpoints and requests),
// plan the requests, probe, read the answers, decide. run_checks is the checklist of those stages.
#include "check.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>

#include "classify.h"
#include "key_claims.h"
#include "keys.h"
#include "models.h"
#include "redact.h"
#include "text.h"
#include "route.h"
#include "trust.h"
#include "url.h"

namespace keyguard {
namespace {

/// Where the base URL came from: the variable, and the value a template was filled with.
struct BaseChoice {
  std::string url;
  std::string_view var;       ///< the source variable; empty for the default
  std::string_view filled;    ///< the value put into the template; empty for a plain URL
};

/// One provider on its way through the pipeline.
struct Candidate {
  ProviderReport report;
  LoadedKey loaded;
  CleanedKey cleaned;
  bool probe = false;
  BaseChoice base;
  std::vector<std::string> models;  ///< the --model ids of this provider, in order
  ProbeRequest request;
  ExitCode exit = ExitCode::ok;     ///< a failure's own exit code (Failure::exit)
};

/// Ends the candidate's check before any answer: the failure is its report's outcome, phase
/// and message.
void settle(Candidate* candidate, Failure failure) {
  ProviderReport& report = candidate->report;
  report.outcome = failure.outcome;
  report.phase = failure.phase;
  report.message = std::move(failure.message);
  candidate->exit = failure.exit;
  candidate->probe = false;
}

std::string key_source_hint(const Provider& provider) {
  return "a key from " + std::string(provider.console_url);
}

/// Loads, cleans and checks the key (README "Keys").
std::optional<Failure> prepare_key(const Options& options, const Environment& env, Candidate* candidate) {
  const Provider& provider = *candidate->report.provider;
  ProviderReport& report = candidate->report;
  LoadedKey& loaded = candidate->loaded;
  loaded = load_key(provider, env);
  report.env = loaded.var;
  if (!loaded.configured) {
    std::string names;
    for (const KeyVar& var : provider.key_vars)
      names += (names.empty() ? "" : &var == &provider.key_vars.back() ? " or " : ", ") + std::string(var.name);
    return misconfigured(names + " is not set (or empty); set it (or " + std::string(provider.key_vars.front().name) +
                         "_FILE) to " + key_source_hint(provider));
  }
  if (loaded.failure) return std::move(loaded.failure);
  for (const KeyVar* later = loaded.from + 1; later < provider.key_vars.data() + provider.key_vars.size(); ++later) {
    if (!key_is_set(*later, env)) continue;
    report.warnings.push_back("both " + loaded.var + " and " + std::string(later->name) + " are set; " + loaded.var +
                              " is checked, as the provider's SDK reads it first; an app that reads " +
                              std::string(later->name) + " gets that one unchecked");
    break;
  }
  // getenv reads the first of two entries, Python's os.environ the last: the child gets
  // only the first, the one checked here.
  std::size_t copies = 0;
  for (std::string_view entry : env.entries())
    copies += entry.size() > loaded.var.size() && entry[loaded.var.size()] == '=' &&
              entry.substr(0, loaded.var.size()) == loaded.var;
  if (copies > 1)
    report.warnings.push_back(loaded.var + " is set " + std::to_string(copies) +
                              " times; the first is checked and is the only one the command gets");

  candidate->cleaned = clean_key(loaded.raw.view(), loaded.var, loaded.from_file);
  loaded.raw.clear();
  std::string_view key = candidate->cleaned.key.view();
  report.fixes = candidate->cleaned.fixes;
  std::string subject = loaded.source;
  if (options.no_fix && !report.fixes.empty()) {
    std::string list;
    for (const std::string& fix : report.fixes) list += (list.empty() ? "" : ", ") + fix;
    report.fixes.clear();  // refused, not fixed: the message lists what it would have taken
    return misconfigured(subject + " needs cleaning (" + list + ") and --no-fix is set; store the key without it");
  }
  if (auto problem = check_key_text(key))
    return in_context(subject + " ", std::move(*problem), "; set it to " + key_source_hint(provider));
  // Only a value that passed the text checks is outlined: anything else may be any bytes
  // (a control character, /proc/self/environ), and its outline could say too much.
  report.key_shown = redact_key(key);
  report.fingerprint = fingerprint(key);
  return std::nullopt;
}

/// The first base source that is set, else the default, in *CHOICE.
std::optional<Failure> choose_base(const Provider& provider, const Environment& env, BaseChoice* choice) {
  for (const BaseSource& source : provider.base_sources) {
    auto value = env.get_nonempty(source.var);
    if (!value) continue;
    choice->var = source.var;
    if (source.url_template.empty()) {
      choice->url = std::string(*value);
      return std::nullopt;
    }
    // The value names a host label: a region or a resource, nothing a URL could hide in.
    if (value->size() > 63 || value->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string_view::npos) {
      return misconfigured(std::string(source.var) + " " + shown_value(*value) +
                           " is not a name that fits in a host name (lower-case letters, digits and -)");
    }
    std::string_view pattern = source.url_template;
    std::size_t open = pattern.find('{'), close = pattern.find('}', open);
    choice->url = std::string(pattern.substr(0, open)) + std::string(*value) + std::string(pattern.substr(close + 1));
    choice->filled = *value;
    return std::nullopt;
  }
  if (provider.default_base_url.empty()) {
    std::string names;
    for (const BaseSource& source : provider.base_sources)
      names += (names.empty() ? "" : &source == &provider.base_sources.back() ? " nor " : ", ") + std::string(source.var);
    return misconfigured((provider.base_sources.size() > 1 ? "neither " + names + " is set; set one: "
                                                          : names + " is not set; set it to the endpoint, ") +
                         std::string(provider.base_url_example));
  }
  choice->url = std::string(provider.default_base_url);
  return std::nullopt;
}

constexpr std::int64_t kClockSkewSeconds = 5 * 60;

/// What the key says about itself, where its family makes claims (README "Keys": Bedrock),
/// phrased as check_key_text's failures.
std::optional<Failure> check_claims(const Candidate& candidate, const Url& url, const BaseChoice& base,
                                    std::vector<std::string>* warnings) {
  const Provider& provider = *candidate.report.provider;
  std::string_view key = candidate.cleaned.key.view();
  for (const KeyFamily& family : provider.families) {
    KeyClaims claims;
    if (!family_matches(family, key) || !read_claims(family, key, &claims)) continue;
    if (!claims.decoded) {
      warnings->push_back("the key does not decode as " + std::string(family.label) + " does; it may be truncated");
      return std::nullopt;
    }
    if (!claims.region.empty() && is_official_host(provider, url.host) &&
        url.host.find("." + claims.region + ".") == std::string::npos) {
      std::string where = base.filled.empty() ? std::string(base.var.empty() ? "the default endpoint" : base.var) +
                                                    " points at " + url.host
                                              : std::string(base.var) + " is " + std::string(base.filled);
      return misconfigured("is " + std::string(family.label) + " made for region " + claims.region + ", but " + where +
                           "; such keys work only in their own region: make one there, or point the endpoint at " +
                           claims.region);
    }
    // Five minutes of grace, as SigV4 allows for clocks that run ahead.
    if (claims.expires_at && claims.expires_at + kClockSkewSeconds <= static_cast<std::int64_t>(std::time(nullptr))) {
      return Failure{Outcome::rejected, Phase::none,
                     "is " + std::string(family.label) + " that expired at " + utc_minute(claims.expires_at) +
                         " (made " + utc_minute(claims.signed_at) + "); make a new one at " +
                         std::string(provider.console_url)};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

/// Finds where the key will be sent, and checks the key's shape and claims there (README "Keys").
std::optional<Failure> resolve_base_url(const Environment& env, Candidate* candidate, Url* url) {
  const Provider& provider = *candidate->report.provider;
  std::string_view key = candidate->cleaned.key.view();
  BaseChoice& base = candidate->base;
  if (auto failure = choose_base(provider, env, &base)) return failure;
  std::string named = base.var.empty() ? "the default base URL" : std::string(base.var);
  std::string why;
  std::string_view userinfo;
  if (!parse_url(base.url, url, &why, &userinfo)) return misconfigured(named + " is not a usable URL: " + why);
  if (!userinfo.empty())
    return misconfigured(named + " holds credentials (user:password@); keyguard does not send them, so remove them");
  if (url->scheme == "http" && !is_loopback_host(url->host))
    return misconfigured(named + " uses http:// to " + url->host +
                         ", which is not loopback: the key would travel in clear text; use https://");
  // As the provider's SDK reads it: a base URL that is a host alone gets the API's path.
  if (!provider.bare_path.empty() && (url->path.empty() || url->path == "/")) url->path = std::string(provider.bare_path);
  std::string subject = candidate->loaded.source + " ";
  if (url->scheme == "https" && is_official_host(provider, url->host))
    if (auto problem = check_key_shape(provider, key, &candidate->report.warnings))
      return in_context(subject, std::move(*problem));
  if (auto problem = check_claims(*candidate, *url, base, &candidate->report.warnings))
    return in_context(subject, std::move(*problem));
  return std::nullopt;
}

/// The surface to probe: the first of the row's other surfaces whose condition holds, else the
/// main one. *PATH loses a suffix the surface owns.
const Probe& choose_probe(const Provider& provider, const Environment& env, const BaseChoice& base, std::string* path) {
  for (const Surface& surface : provider.surfaces) {
    auto selected = surface.select_var.empty() ? std::nullopt : env.get_nonempty(surface.select_var);
    std::string_view trimmed = *path;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
    bool owns = !surface.own_suffix.empty() && trimmed.size() >= surface.own_suffix.size() &&
                trimmed.substr(trimmed.size() - surface.own_suffix.size()) == surface.own_suffix;
    bool listed = false;
    for (std::string_view value : surface.select_values) listed |= selected && *selected == value;
    bool chosen = listed || owns || (!surface.default_for.empty() && base.var == surface.default_for && !selected);
    if (!chosen) continue;
    if (owns) *path = std::string(trimmed.substr(0, trimmed.size() - surface.own_suffix.size()));
    return surface.probe;
  }
  return provider.probe;
}

/// Builds the probe: method, target, query and headers from the provider's row.
std::optional<Failure> build_request(const Environment& env, const Url& url, Candidate* candidate) {
  const Provider& provider = *candidate->report.provider;
  ProbeRequest& request = candidate->request;
  std::string base_path = url.path;
  // Another client's version path ("/beta") is not part of the probe's route.
  for (std::string_view version : provider.version_paths) {
    std::string_view trimmed = base_path;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
    if (trimmed.size() >= version.size() && trimmed.substr(trimmed.size() - version.size()) == version) {
      base_path = std::string(trimmed.substr(0, trimmed.size() - version.size()));
      break;
    }
  }
  const Probe& probe = choose_probe(provider, env, candidate->base, &base_path);
  std::string target = join_path(base_path, probe.path);
  std::string query = url.query;
  for (const ProbeQuery& parameter : probe.query) {
    std::string value(parameter.default_value);
    if (!parameter.env_var.empty()) {
      if (auto from_env = env.get_nonempty(parameter.env_var)) value = std::string(*from_env);
    }
    query += (query.empty() ? "" : "&") + std::string(parameter.name) + "=" + percent_encode(value);
  }
  if (!query.empty()) target += "?" + query;
  request.url = url;
  request.method = std::string(probe.method);
  request.target = target;
  request.headers.emplace_back("User-Agent", "keyguard/" KEYGUARD_VERSION);
  request.headers.emplace_back("Accept", "application/json");
  // Without it any coding is acceptable (RFC 9110 §12.5.3), and keyguard decodes none.
  request.headers.emplace_back("Accept-Encoding", "identity");
  request.auth_position = request.headers.size();  // after these, where the SDKs put it
  for (const ProbeHeader& header : probe.headers) {
    if (header.env_var.empty()) {
      request.headers.emplace_back(std::string(header.name), std::string(header.value));
      continue;
    }
    auto value = env.get_nonempty(header.env_var);
    if (!value) continue;
    if (has_control(*value))
      return misconfigured(std::string(header.env_var) + " contains a newline or control character; remove it");
    request.headers.emplace_back(std::string(header.name), std::string(*value));
  }
  // The model checks that ask the provider go on the probe's connection, after it.
  const ModelCheck& check = provider.models;
  if (check.lookup == ModelLookup::route)
    for (const std::string& model : candidate->models) request.follow_targets.push_back(model_target(provider, base_path, model));
  if (check.lookup == ModelLookup::list_route && !candidate->models.empty())
    request.follow_targets.push_back(model_target(provider, base_path, ""));
  // The key travels as its variable's row says: ANTHROPIC_AUTH_TOKEN as a bearer token.
  request.auth_header = std::string(candidate->loaded.from->auth_header);
  request.auth_prefix = std::string(candidate->loaded.from->auth_prefix);
  request.key = &candidate->cleaned.key;
  return std::nullopt;
}

/// The static half: key, base URL and request.
std::optional<Failure> prepare(const Options& options, const Environment& env, Candidate* candidate) {
  if (auto failure = prepare_key(options, env, candidate)) return failure;
  Url url;
  if (auto failure = resolve_base_url(env, candidate, &url)) return failure;
  return build_request(env, url, candidate);
}

/// What to do about a request that got no answer, where there is one thing to say (no switch:
/// the other outcomes say nothing here, and need not be listed).
std::string transport_fix(Outcome outcome, const NetworkConfig& network) {
  if (outcome == Outcome::unreachable)
    return network.proxy.var.empty() ? "check DNS, the network path and the base URL"
                                     : "check the proxy in " + network.proxy.var + " and the network path";
  if (outcome == Outcome::timeout) return "raise --timeout or check the network path";
  return "";
}

/// Replaces TEXT by a copy without any run of KEYS, wiping what it replaces.
void redact_in_place(std::string* text, const KeyRuns& keys) {
  std::string redacted = keys.redact(*text);
  wipe(*text);
  *text = std::move(redacted);
}

/// Text a server sent, fit for the report: the provider's own key scrubbed (runs of 8), and
/// every key of the run (runs of 12) too, before anything is built from it. One provider may
/// echo another's key; no copy of it is left in freed memory.
std::string scrub(std::string_view text, const Candidate& own, const KeyRuns& every_key, std::size_t max_length) {
  std::string out = scrub_server_text(text, own.cleaned.key.view(), max_length);
  redact_in_place(&out, every_key);
  return out;
}

/// Turns one probe result into the provider's outcome and message.
/// What a request that got no answer says, for a message: the phase and the reason.
std::string transport_message(const ProbeResult& result, const Candidate& candidate, const NetworkConfig& network,
                              int timeout_ms, const KeyRuns& keys) {
  const std::string& host = candidate.request.url.host;
  const Failure& failure = result.failure;
  if (failure.outcome == Outcome::timeout && failure.phase == Phase::none) return failure.message;  // never started
  if (failure.outcome == Outcome::timeout)
    return "no answer from " + (failure.phase == Phase::proxy ? "the proxy in " + network.proxy.var : host) + " within " +
           std::to_string(timeout_ms) + " ms (stalled in " + std::string(phase_name(failure.phase)) + ")";
  std::string what = scrub(failure.message, candidate, keys, 300);
  std::string message =
      failure.phase == Phase::none ? what : std::string(phase_name(failure.phase)) + " to " + host + " failed: " + what;
  std::string fix = transport_fix(failure.outcome, network);
  return fix.empty() ? message : message + "; " + fix;
}

/// Turns one probe result into the provider's outcome and message.
void conclude(Candidate* candidate, const ProbeResult& result, const NetworkConfig& network, int timeout_ms,
              const KeyRuns& keys) {
  ProviderReport& report = candidate->report;
  const Provider& provider = *report.provider;
  report.probed = true;
  report.timings = result.timings;
  report.tls_version = result.tls_version;
  if (!result.answered) {
    report.outcome = result.failure.outcome;
    report.phase = result.failure.phase;
    report.message = transport_message(result, *candidate, network, timeout_ms, keys);
    return;
  }
  const HttpResponse& response = result.response;
  report.http_status = response.status;
  Classification verdict = classify_response(provider, response, report.env, candidate->base.var);
  report.outcome = verdict.outcome;
  report.error_code = scrub(verdict.error_code, *candidate, keys, 80);
  report.request_id = scrub(verdict.request_id, *candidate, keys, 120);
  report.message = scrub(verdict.explanation, *candidate, keys, 600);
  std::string said = scrub(verdict.server_message, *candidate, keys, 200);
  if (!said.empty() && verdict.outcome != Outcome::authenticated)
    report.message += " (" + std::string(provider.display_name) + " said: \"" + said + "\")";
}

/// " ; did you mean a, b or c?" when IDS holds ids close to MODEL; else empty.
std::string suggestion(std::string_view model, const std::vector<std::string>& ids, const Candidate& candidate,
                       const KeyRuns& keys) {
  std::vector<std::string> close = close_ids(model, ids);
  std::string text;
  for (std::size_t i = 0; i < close.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == close.size() ? " or " : ", ") + scrub(close[i], candidate, keys, 120);
    wipe(close[i]);  // a server's text
  }
  return text.empty() ? "" : "; did you mean " + text + "?";
}

/// The models of one provider, after its key's outcome is known (README "Model checks").
void conclude_models(Candidate* candidate, const ProbeResult* result, const NetworkConfig& network, int timeout_ms,
                     bool offline, const KeyRuns& keys) {
  ProviderReport& report = candidate->report;
  const Provider& provider = *report.provider;
  const ModelCheck& check = provider.models;
  // Models are asked about only after a key's 2xx: a key that is rejected is not asked.
  bool key_passed = (report.outcome == Outcome::authenticated || report.outcome == Outcome::restricted) && result &&
                    result->answered && result->response.status / 100 == 2;
  // The ids the provider listed: the probe's own answer, or the list request's.
  std::vector<std::string> listed;
  if (key_passed) {
    if (check.lookup == ModelLookup::list_route) {
      if (!result->follows.empty() && result->follows[0].answered && result->follows[0].response.status / 100 == 2)
        listed = listed_models(provider, result->follows[0].response.body);
    } else {
      listed = listed_models(provider, result->response.body);
    }
  }
  for (std::size_t i = 0; i < candidate->models.size(); ++i) {
    const std::string& model = candidate->models[i];
    ModelReport entry;
    entry.model = printable(model, 120);
    std::string about = "model " + entry.model;
    auto set = [&](Outcome outcome, std::string message) {
      entry.outcome = outcome;
      entry.message = std::move(message);
    };
    if (report.outcome == Outcome::skipped && offline) {
      set(Outcome::skipped, "not checked (--offline)");
    } else if (check.lookup == ModelLookup::none) {
      set(Outcome::unchecked, "the model was not checked: " + std::string(check.unchecked_why));
    } else if (!key_passed) {
      set(Outcome::unchecked, "the model was not checked, since the key's own check ended " +
                                  std::string(outcome_name(report.outcome)));
      entry.shown = verdict_of(report.outcome, false) != Verdict::fail;
    } else if (check.lookup == ModelLookup::route || check.lookup == ModelLookup::list_route) {
      std::size_t at = check.lookup == ModelLookup::route ? i : 0;
      const ProbeResult* asked = at < result->follows.size() ? &result->follows[at] : nullptr;
      if (!asked) {
        set(Outcome::unexpected, "the model was not asked: the connection ended before its turn");
      } else if (!asked->answered) {
        set(asked->failure.outcome, "the check of " + about + " got no answer: " +
                                        transport_message(*asked, *candidate, network, timeout_ms, keys));
        entry.phase = asked->failure.phase;
      } else if (check.lookup == ModelLookup::list_route && asked->response.status / 100 != 2) {
        Classification verdict = classify_model(provider, asked->response, report.env, candidate->base.var);
        entry.http_status = asked->response.status;
        entry.error_code = scrub(verdict.error_code, *candidate, keys, 80);
        set(verdict.outcome == Outcome::model_unavailable ? Outcome::unexpected : verdict.outcome,
            "the list of models could not be read: " + scrub(verdict.explanation, *candidate, keys, 300));
      } else if (check.lookup == ModelLookup::route) {
        Classification verdict = classify_model(provider, asked->response, report.env, candidate->base.var);
        entry.http_status = asked->response.status;
        entry.error_code = scrub(verdict.error_code, *candidate, keys, 80);
        std::string said = scrub(verdict.server_message, *candidate, keys, 200);
        std::string message = about + ": " + scrub(verdict.explanation, *candidate, keys, 400);
        if (verdict.outcome == Outcome::model_unavailable)
          message = std::string(provider.display_name) + " has no " + about + " that " + report.env + " may use";
        if (!said.empty() && verdict.outcome != Outcome::available)
          message += " (" + std::string(provider.display_name) + " said: \"" + said + "\")";
        if (verdict.outcome == Outcome::model_unavailable) message += suggestion(model_id(provider, model), listed, *candidate, keys);
        set(verdict.outcome, message);
      }
    }
    if (entry.message.empty() && (check.lookup == ModelLookup::in_list || check.lookup == ModelLookup::list_route)) {
      std::string_view id = model_id(provider, model);
      if (listed.empty()) {
        set(Outcome::unexpected, "the list of models " + std::string(provider.display_name) + " gave was empty or unreadable, so " +
                                     about + " could not be checked");
      } else if (std::find(listed.begin(), listed.end(), id) != listed.end()) {
        set(Outcome::available, std::string(provider.display_name) + " lists " + about + " for the key");
      } else {
        set(Outcome::model_unavailable, std::string(provider.display_name) + " does not list " + about + " among the " +
                                            std::to_string(listed.size()) + " models " + report.env + " may use" +
                                            suggestion(id, listed, *candidate, keys));
      }
    }
    report.models.push_back(std::move(entry));
  }
  for (std::string& id : listed) wipe(id);  // what a server listed may echo a key
}

/// Finds the trust source and proxy of README "Networks". A named CA file that cannot be read
/// fails every probe.
std::optional<Failure> resolve_network(const Options& options, const Environment& env, NetworkConfig* network) {
  std::string why;
  if (!resolve_trust(options.ca_file, env, &network->trust, &why)) return misconfigured(why);
  network->proxy = read_proxy_settings(env);
  return std::nullopt;
}

/// Stage 1: which providers. Those --require names, else every one whose key variable is
/// set; and every provider named in --model, as if required (it does not narrow the set).
std::vector<Candidate> select_providers(const Options& options, const Environment& env) {
  std::vector<Candidate> candidates;
  auto add = [&](const Provider* provider) {
    candidates.emplace_back();
    candidates.back().report.provider = provider;
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

/// What is said when no provider is configured at all.
CheckResult no_key_found() {
  CheckResult result;
  std::string looked;
  for (const Provider& provider : providers())
    for (const KeyVar& var : provider.key_vars) looked += (looked.empty() ? "" : ", ") + std::string(var.name);
  result.error = "no API key found; looked for " + looked +
                 " (and their _FILE twins); set one, or name the providers with --require";
  result.exit_code = ExitCode::config;
  return result;
}

/// Stage 2: keys, endpoints and the requests, without the network. A candidate left with
/// probe set is ready to be asked.
void prepare_keys(const Options& options, const Environment& env, std::vector<Candidate>& candidates) {
  for (Candidate& candidate : candidates) {
    if (auto failure = prepare(options, env, &candidate)) {
      settle(&candidate, std::move(*failure));
      continue;
    }
    if (options.offline) {
      candidate.report.outcome = Outcome::skipped;
      candidate.report.message = "not probed (--offline)";
      continue;
    }
    candidate.probe = true;
  }
}

/// Every key of the run, for the scrubbing of anything shown: the candidates' clean keys, and
/// the raw value of every key variable, checked or not. A value shorter than 12 cannot leave
/// a 12-character run, and would only blank out words.
std::unique_ptr<const KeyRuns> runs_of_every_key(const std::vector<Candidate>& candidates, const Environment& env) {
  std::vector<std::string_view> keys;
  for (const Candidate& candidate : candidates) keys.push_back(candidate.cleaned.key.view());
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
                  std::vector<Candidate>& candidates, const KeyRuns& every_key) {
  for (std::size_t i = 0; i < plan.asked.size() && i < answers.size(); ++i) {
    conclude(plan.asked[i], answers[i], plan.network, options.timeout_ms, every_key);
    conclude_models(plan.asked[i], &answers[i], plan.network, options.timeout_ms, options.offline, every_key);
  }
  for (ProbeResult& answer : answers) {
    answer.response.wipe_all();
    for (ProbeResult& follow : answer.follows) follow.response.wipe_all();
  }
  for (Candidate& candidate : candidates)
    if (candidate.report.models.empty() && !candidate.models.empty())
      conclude_models(&candidate, nullptr, plan.network, options.timeout_ms, options.offline, every_key);
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
    Verdict key_verdict = verdict_of(report.outcome, options.strict);
    ExitCode code = candidate.exit != ExitCode::ok ? candidate.exit : exit_code_of(report.outcome, options.strict);
    // The provider's verdict is the worst of its key's and its models'; so is its exit code.
    report.verdict = report.key_verdict = key_verdict;
    for (ModelReport& model : report.models) {
      redact_in_place(&model.message, every_key);
      redact_in_place(&model.error_code, every_key);
      model.verdict = verdict_of(model.outcome, options.strict);
      if (static_cast<int>(model.verdict) > static_cast<int>(report.verdict)) report.verdict = model.verdict;
      code = more_severe(code, exit_code_of(model.outcome, options.strict));
    }
    report.exit_code = code;
    result.exit_code = more_severe(result.exit_code, code);
    if (candidate.loaded.configured) result.checked_vars.push_back(candidate.loaded.var);
    bool changed = candidate.loaded.from_file || !candidate.cleaned.fixes.empty();
    if (changed && !candidate.cleaned.key.empty() && key_verdict != Verdict::fail)
      result.exports.push_back({candidate.loaded.var, Secret(candidate.cleaned.key.view())});
    result.reports.push_back(std::move(report));
  }
  return result;
}

}  // namespace

CheckResult run_checks(const Options& options, const Environment& env, const ProbeRunner& probe) {
  Clock::time_point started = Clock::now();
  std::vector<Candidate> candidates = select_providers(options, env);
  if (candidates.empty()) return no_key_found();
  prepare_keys(options, env, candidates);
  std::unique_ptr<const KeyRuns> every_key = runs_of_every_key(candidates, env);
  Plan plan = plan_requests(options, env, candidates);
  // Stage 4: every probe at once, under one deadline.
  std::vector<ProbeResult> answers;
  if (!plan.requests.empty()) answers = probe(plan.requests, plan.network, Deadline::after_ms(options.timeout_ms));
  read_answers(options, plan, answers, candidates, *every_key);
  CheckResult result = decide(options, candidates, plan, *every_key);
  result.every_key = std::move(every_key);
  result.elapsed_ms = elapsed_ms(started);
  return result;
}

std::string CheckResult::without_keys(std::string_view text) const {
  return every_key ? every_key->redact(text) : std::string(text);
}

}  // namespace keyguard
