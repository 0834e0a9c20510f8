// Stage 2 of the pipeline: each provider's key loaded, cleaned and checked, then where it will
// be sent (the base URL, the surface, the host) and the request, all without the network
// (docs/keys.md, docs/providers.md).
#include "prepare.h"

#include <algorithm>
#include <ctime>
#include <optional>

#include "key_claims.h"
#include "key_sources.h"
#include "keys.h"
#include "models.h"
#include "providers.h"
#include "readings.h"
#include "text.h"
#include "url.h"

namespace keyguard {
namespace {

std::string key_source_hint(const Provider& provider) {
  return "a key from " + std::string(provider.console_url);
}

/// Loads, cleans and checks the key (docs/keys.md).
std::optional<Failure> prepare_key(const Options& options, const Environment& env, Candidate* candidate) {
  const Provider& provider = *candidate->report.provider;
  ProviderReport& report = candidate->report;
  LoadedKey& loaded = candidate->loaded;
  loaded = load_key(provider, env);
  report.env = loaded.var;
  if (!loaded.configured) {
    // An SDK that finds a cloud's credentials instead of a key uses them: not a failure.
    std::vector<std::string> others = other_credentials_set(provider, env);
    if (!others.empty()) {
      report.warnings.push_back("no key is set, but " + join(others) + (others.size() > 1 ? " are" : " is") +
                                ": the app's SDK may authenticate with that, which keyguard does not check yet");
      return Failure{Outcome::skipped, Phase::none, "not checked: no key"};
    }
    std::vector<std::string> names;
    for (const KeyVar& var : provider.key_vars) names.emplace_back(var.name);
    return misconfigured(join(names, "or") + " is not set (or empty); set it (or " + std::string(provider.key_vars.front().name) +
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
  candidate->cleaned = clean_key(loaded.raw.view(), loaded.var, loaded.from_file);
  loaded.raw.clear();
  std::string_view key = candidate->cleaned.key.view();
  report.fixes = candidate->cleaned.fixes;
  std::string subject = loaded.source;
  if (options.no_fix && !report.fixes.empty()) {
    std::string list = join(report.fixes);
    report.fixes.clear();  // refused, not fixed: the message lists what it would have taken
    return misconfigured(subject + " needs cleaning (" + list + ") and --no-fix is set; store the key without it");
  }
  if (auto problem = check_key_text(key))
    return in_context(subject + " ", std::move(*problem), "; set it to " + key_source_hint(provider));
  // Only a value that passed the text checks is outlined: anything else may be any bytes
  // (a control character, /proc/self/environ), and its outline could say too much.
  report.key_shown = redact_key(key);
  report.fingerprint = fingerprint(key);
  note_key_family(provider, key, &report.warnings);
  return std::nullopt;
}

constexpr std::string_view kLabelChars = "abcdefghijklmnopqrstuvwxyz0123456789-";

/// Whether KEY looks like what a host name holds (a resource name, a region) rather than a key.
bool looks_like_label(std::string_view key) {
  return !key.empty() && key.size() <= 63 && key.find_first_not_of(kLabelChars) == std::string_view::npos &&
         key_shape_in_host(key).empty();
}

/// Refuses a host name that holds a key, before any DNS query would carry it in clear text:
/// HOST (a host name, or the value VAR fills into one) holds one of KEYS, or, when
/// TEST_SHAPE, looks like any provider's key. The message never shows HOST. When HOST looks
/// like a key and the candidate's own key like a name, the two variables may be swapped.
std::optional<Failure> refuse_key_in_host(std::string_view subject, std::string_view host, bool test_shape,
                                          const std::vector<NamedKey>& keys, const Candidate& candidate) {
  std::string held = key_held_in_host(host, keys);
  std::string_view shape = held.empty() && test_shape ? key_shape_in_host(host) : std::string_view();
  if (held.empty() && shape.empty()) return std::nullopt;
  std::string message = std::string(subject) + " holds " + (held.empty() ? "what looks like " + std::string(shape) : held) +
                        "; a host name goes to DNS in clear text, so keyguard sent no query for it and shows the value nowhere";
  if (!shape.empty() && looks_like_label(candidate.cleaned.key.view()))
    message += "; " + candidate.loaded.source + " looks like a name rather than a key: were the two swapped?";
  return misconfigured(message);
}

/// As the provider's SDK reads a base URL from a variable: with its APPENDED_PATH added to
/// whatever the variable says. A path that ends in it already is not doubled, since an app
/// may give its base URL in code, but the SDK would double it: said as a warning.
void append_sdk_path(const Provider& provider, std::string_view var, Url* url, std::vector<std::string>* warnings) {
  std::string_view suffix = provider.appended_path;
  if (suffix.empty()) return;
  std::string_view path = url->path;
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (!path.ends_with(suffix)) {
    url->path = std::string(path) + std::string(suffix);
    return;
  }
  warnings->push_back(std::string(var) + " ends in " + std::string(suffix) + ", and " + std::string(provider.display_name) +
                      "'s SDK adds " + std::string(suffix) + " to it: an app that reads " + std::string(var) +
                      " calls " + std::string(suffix) + std::string(suffix) + "/… and fails; set " + std::string(var) +
                      " to what comes before " + std::string(suffix) + " (keyguard checked " + std::string(suffix) +
                      " once)");
}

/// The first base source that is set, else the default, in *CHOICE. A value filled into a
/// host name must not be or hold a key (KEYS: every key of the run).
std::optional<Failure> choose_base(const Environment& env, const std::vector<NamedKey>& keys, const Candidate& candidate,
                                   BaseChoice* choice) {
  const Provider& provider = *candidate.report.provider;
  for (const BaseSource& source : provider.base_sources) {
    auto value = env.get_nonempty(source.var);
    if (!value) continue;
    choice->var = source.var;
    if (source.url_template.empty()) {
      choice->url = std::string(*value);
      return std::nullopt;
    }
    if (auto refusal = refuse_key_in_host(source.var, *value, true, keys, candidate)) return refusal;
    // The value names a host label: a region or a resource, nothing a URL could hide in. DNS
    // ignores case, and so do the SDKs' URLs (`MyResource.openai.azure.com`).
    std::string label = ascii_lower(*value);
    if (label.size() > 63 || label.find_first_not_of(kLabelChars) != std::string::npos) {
      return misconfigured(std::string(source.var) + " " + shown_value(*value) +
                           " is not a name that fits in a host name (letters, digits and -)");
    }
    std::string_view pattern = source.url_template;
    std::size_t open = pattern.find('{'), close = pattern.find('}', open);
    choice->url = std::string(pattern.substr(0, open)) + label + std::string(pattern.substr(close + 1));
    choice->filled = label;
    return std::nullopt;
  }
  if (provider.default_base_url.empty()) {
    std::vector<std::string> names;
    for (const BaseSource& source : provider.base_sources) names.emplace_back(source.var);
    return misconfigured((names.size() > 1 ? "neither " + join(names, "nor") + " is set; set one: "
                                           : join(names) + " is not set; set it to the endpoint, ") +
                         std::string(provider.base_url_example));
  }
  choice->url = std::string(provider.default_base_url);
  return std::nullopt;
}

constexpr std::int64_t kClockSkewSeconds = 5 * 60;

/// What the key says about itself, where its family makes claims (docs/keys.md, Bedrock),
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

/// Finds where the key will be sent, and checks the key's shape and claims there (docs/keys.md).
/// No host that holds a key is kept (KEYS: every key of the run).
std::optional<Failure> resolve_base_url(const Environment& env, const std::vector<NamedKey>& keys, Candidate* candidate,
                                        Url* url) {
  const Provider& provider = *candidate->report.provider;
  std::string_view key = candidate->cleaned.key.view();
  BaseChoice& base = candidate->base;
  if (auto failure = choose_base(env, keys, *candidate, &base)) return failure;
  note_base_sources(provider, env, base.var, &candidate->report.warnings);
  std::string named = base.var.empty() ? "the default base URL" : std::string(base.var);
  std::string why;
  std::string_view userinfo;
  if (!parse_url(base.url, url, &why, &userinfo)) return misconfigured(named + " is not a usable URL: " + why);
  // An official host's labels are names and regions, as a template's value is; another host
  // (a gateway's) may be named anyhow, but holds no key of the run either.
  if (base.filled.empty())
    if (auto refusal = refuse_key_in_host(named + "'s host", url->host, is_official_host(provider, url->host), keys,
                                          *candidate))
      return refusal;
  if (!userinfo.empty())
    return misconfigured(named + " holds credentials (user:password@); keyguard does not send them, so remove them");
  if (url->scheme == "http" && !is_loopback_host(url->host))
    return misconfigured(named + " uses http:// to " + url->host +
                         ", which is not loopback: the key would travel in clear text; use https://");
  if (!base.var.empty()) append_sdk_path(provider, base.var, url, &candidate->report.warnings);
  std::string subject = candidate->loaded.source + " ";
  if (url->scheme == "https" && is_official_host(provider, url->host))
    if (auto problem = check_key_shape(provider, key, &candidate->report.warnings))
      return in_context(subject, std::move(*problem));
  if (auto problem = check_claims(*candidate, *url, base, &candidate->report.warnings))
    return in_context(subject, std::move(*problem));
  return std::nullopt;
}

/// Whether PATH, trailing slashes aside, ends with SUFFIX (not empty); *BEFORE is then what
/// comes before it.
bool path_ends_with(std::string_view path, std::string_view suffix, std::string_view* before) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (suffix.empty() || !path.ends_with(suffix)) return false;
  *before = path.substr(0, path.size() - suffix.size());
  return true;
}

/// TEXT with every `{var}` replaced by VAR.
std::string expand_var(std::string_view text, std::string_view var) {
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t hole = text.find("{var}", at);
    out += text.substr(at, hole == std::string_view::npos ? std::string_view::npos : hole - at);
    if (hole == std::string_view::npos) break;
    out += var;
    at = hole + 5;
  }
  return out;
}

/// The surface to probe: the first of the row's other surfaces whose condition holds, else the
/// main one. *PATH loses a suffix the surface owns.
const Probe& choose_probe(const Provider& provider, const BaseChoice& base, std::string* path,
                          std::vector<std::string>* warnings) {
  for (const Surface& surface : provider.surfaces) {
    std::string_view before;
    bool owns = path_ends_with(*path, surface.own_suffix, &before);
    bool chosen = owns || (!surface.default_for.empty() && base.var == surface.default_for);
    if (!chosen) continue;
    if (owns) *path = std::string(before);
    if (owns && !surface.own_suffix_warning.empty() && !base.var.empty())
      warnings->push_back(expand_var(surface.own_suffix_warning, base.var));
    return surface.probe;
  }
  return provider.probe;
}

/// The value of the first of VARS that is set and not empty, and in *NAME its variable.
std::optional<std::string_view> first_set(const Environment& env, VarList vars, std::string_view* name = nullptr) {
  for (std::string_view var : vars) {
    auto value = env.get_nonempty(var);
    if (!value) continue;
    if (name) *name = var;
    return value;
  }
  return std::nullopt;
}

/// Whether a path segment or query value may be a secret: a key's shape, or a long token of
/// letters and digits (a proxy that keeps its credential in the path).
bool may_be_secret(std::string_view text) {
  bool letter = false, digit = false;
  for (char c : text) {
    letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    digit |= c >= '0' && c <= '9';
  }
  return !key_shape_in_host(text).empty() || (text.size() >= 24 && letter && digit);
}

/// TARGET as the report shows it: a path segment that may be a secret becomes "…", and so does
/// the value of every query parameter but the probe's own.
std::string shown_target(std::string_view target, const Probe& probe) {
  std::size_t mark = target.find('?');
  std::string_view path = target.substr(0, mark);
  std::string out;
  for (std::size_t at = 0; at < path.size();) {
    std::size_t slash = path.find('/', at + 1);
    std::string_view segment = path.substr(at + 1, slash == std::string_view::npos ? std::string_view::npos : slash - at - 1);
    out += "/" + (may_be_secret(segment) ? std::string("…") : std::string(segment));
    if (slash == std::string_view::npos) break;
    at = slash;
  }
  if (mark == std::string_view::npos) return out;
  out += "?";
  std::string_view query = target.substr(mark + 1);
  for (std::size_t at = 0; at <= query.size();) {
    std::size_t amp = query.find('&', at);
    std::string_view pair = query.substr(at, amp == std::string_view::npos ? std::string_view::npos : amp - at);
    std::string_view name = pair.substr(0, pair.find('='));
    bool own = std::any_of(probe.query.begin(), probe.query.end(), [&](const ProbeQuery& q) { return q.name == name; });
    out += (at ? "&" : "") + (own || name.size() == pair.size() ? std::string(pair) : std::string(name) + "=…");
    if (amp == std::string_view::npos) break;
    at = amp + 1;
  }
  return out;
}

/// What the report says keyguard will send (docs/report.md): no value of any header, and of the
/// URL nothing that may be a secret.
RequestShown shown_request(const ProbeRequest& request, std::string_view base_var, const Probe& probe) {
  RequestShown shown;
  shown.method = request.method;
  const Url& url = request.url;
  bool v6 = url.host.find(':') != std::string::npos;
  bool default_port = (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
  shown.url = url.scheme + "://" + (v6 ? "[" + url.host + "]" : url.host) +
              (default_port ? "" : ":" + std::to_string(url.port)) + shown_target(request.target, probe);
  shown.base_from = std::string(base_var);
  if (request.key) {
    shown.key_header = request.auth_header;
    shown.key_scheme = std::string(trim_blanks(request.auth_prefix));
  }
  for (std::size_t i = request.auth_position; i < request.headers.size(); ++i) shown.headers.push_back(request.headers[i].first);
  for (const auto& [name, value] : request.secret_headers) shown.headers.push_back(name);
  return shown;
}

/// Builds the probe: method, target, query and headers from the provider's row.
std::optional<Failure> build_request(const Environment& env, const Url& url, Candidate* candidate) {
  const Provider& provider = *candidate->report.provider;
  ProbeRequest& request = candidate->request;
  std::string base_path = url.path;
  // Another client's version path ("/beta") is not part of the probe's route.
  bool versioned = false;
  for (std::string_view version : provider.version_paths) {
    std::string_view before;
    if (path_ends_with(base_path, version, &before)) {
      base_path = std::string(before);
      versioned = true;
      break;
    }
  }
  std::string_view said = versioned ? provider.version_path_warning : provider.version_path_missing_warning;
  // The warnings are about the provider's first base variable, the one the SDKs they name read.
  if (!said.empty() && !candidate->base.var.empty() && candidate->base.var == provider.base_sources.front().var)
    candidate->report.warnings.push_back(expand_var(said, candidate->base.var));
  const Probe& probe = choose_probe(provider, candidate->base, &base_path, &candidate->report.warnings);
  std::string target = join_path(base_path, probe.path);
  std::string query = url.query;
  for (const ProbeQuery& parameter : probe.query) {
    std::string value(parameter.default_value);
    std::string_view var;
    if (auto from_env = first_set(env, parameter.env_vars, &var)) {
      value = std::string(*from_env);
      if (var != parameter.env_vars.front())
        candidate->report.warnings.push_back(std::string(var) + " is not what " + std::string(provider.display_name) +
                                             "'s own SDKs read (" + std::string(parameter.env_vars.front()) +
                                             "): an app on them does not send this " + std::string(parameter.name));
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
    if (header.env_vars.empty()) {
      request.headers.emplace_back(std::string(header.name), std::string(header.value));
      continue;
    }
    // The first variable is the provider's own SDKs'; another SDK's name for it (LangChain's
    // OPENAI_ORGANIZATION) is said, not sent: a stale value would fail apps that never send it.
    std::string_view var;
    auto value = first_set(env, header.env_vars, &var);
    if (!value) continue;
    if (var != header.env_vars.front()) {
      candidate->report.warnings.push_back(std::string(var) + " is not what " + std::string(provider.display_name) +
                                           "'s own SDKs read (" + std::string(header.env_vars.front()) +
                                           "), so keyguard did not send it as " + std::string(header.name) +
                                           "; an app on an SDK that reads it sends it unchecked");
      continue;
    }
    if (has_control(*value)) return misconfigured(std::string(var) + " contains a newline or control character; remove it");
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
  if (auto failure = add_custom_headers(env, candidate)) return failure;
  note_environment(provider, env, &candidate->report.warnings);
  candidate->report.request = shown_request(request, candidate->base.var, probe);
  return std::nullopt;
}

/// The static half after the key: base URL and request.
std::optional<Failure> prepare_endpoint(const Environment& env, const std::vector<NamedKey>& keys, Candidate* candidate) {
  Url url;
  if (auto failure = resolve_base_url(env, keys, candidate, &url)) return failure;
  return build_request(env, url, candidate);
}

/// Every key a host name must not hold: each candidate's key as cleaned (or read from its
/// file: named as the variable it is exported as), and every copy of every key variable as
/// set, checked or not.
std::vector<NamedKey> keys_of_the_run(const std::vector<Candidate>& candidates, const Environment& env) {
  std::vector<NamedKey> keys;
  for (const Candidate& candidate : candidates)
    if (!candidate.cleaned.key.empty()) keys.push_back({candidate.loaded.var, candidate.cleaned.key.view()});
  for (std::string_view entry : env.entries())
    for (const Provider& provider : providers())
      for (const KeyVar& var : provider.key_vars)
        if (entry.size() > var.name.size() && entry[var.name.size()] == '=' && entry.substr(0, var.name.size()) == var.name)
          keys.push_back({var.name, entry.substr(var.name.size() + 1)});
  return keys;
}

}  // namespace

void prepare_keys(const Options& options, const Environment& env, std::vector<Candidate>& candidates) {
  std::vector<bool> keyed(candidates.size(), false);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].skipped) continue;
    if (auto failure = prepare_key(options, env, &candidates[i])) settle(&candidates[i], std::move(*failure));
    else keyed[i] = true;
  }
  std::vector<NamedKey> keys = keys_of_the_run(candidates, env);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Candidate& candidate = candidates[i];
    if (!keyed[i]) continue;
    if (auto failure = prepare_endpoint(env, keys, &candidate)) {
      settle(&candidate, std::move(*failure));
      continue;
    }
    if (options.offline) {
      const RequestShown& shown = *candidate.report.request;
      candidate.report.outcome = Outcome::skipped;
      candidate.report.message = "not probed (--offline); would send " + shown.method + " " + shown.url +
                                 " with the key in " + shown.key_header +
                                 (shown.key_scheme.empty() ? "" : " (" + shown.key_scheme + ")");
      continue;
    }
    candidate.probe = true;
  }
}


}  // namespace keyguard
