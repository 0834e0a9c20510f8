// Conclusions: an answer, or its absence, turned into an outcome and a message, for a key and
// for each of its models. Every text a server sent is scrubbed here, where it enters.
#include "conclude.h"

#include <algorithm>
#include <optional>

#include "classify.h"
#include "close_names.h"
#include "models.h"
#include "text.h"

namespace keyguard {
namespace {

/// What to do about a request that got no answer, where there is one thing to say (no switch:
/// the other outcomes say nothing here, and need not be listed).
std::string transport_fix(Outcome outcome, const NetworkConfig& network) {
  if (outcome == Outcome::unreachable)
    return network.proxy.var.empty() ? "check DNS, the network path and the base URL"
                                     : "check the proxy in " + network.proxy.var + " and the network path";
  if (outcome == Outcome::timeout) return "raise --timeout or check the network path";
  return "";
}

/// Text a server sent, fit for the report: the provider's own key and gateway headers scrubbed
/// (runs of 8), and every key of the run (runs of 12) too, before anything is built from it. One
/// provider may echo another's key; no copy of it is left in freed memory.
std::string scrub(std::string_view text, const Candidate& own, const KeyRuns& every_key, std::size_t max_length) {
  std::vector<std::string_view> secrets = {own.cleaned.key.view()};
  for (const CustomHeader& header : own.custom_headers) secrets.push_back(header.value.view());
  std::string out = scrub_server_text(text, secrets, max_length);
  redact_in_place(&out, every_key);
  return out;
}

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

/// What the first of two attempts got, for the report; and the words that say so after the
/// second's message: " (asked twice: the first attempt got HTTP 503)".
RetryShown shown_retry(const FirstAttempt& first, const Candidate& candidate, const KeyRuns& keys) {
  RetryShown shown;
  shown.http_status = first.status;
  shown.waited_ms = first.waited_ms;
  if (first.status != 0) {
    shown.outcome = first.status == 429 ? Outcome::rate_limited : Outcome::server_error;
    shown.message = "HTTP " + std::to_string(first.status);
  } else {
    shown.outcome = first.failure.outcome;
    shown.phase = first.failure.phase;
    shown.message = scrub(first.failure.message, candidate, keys, 300);
  }
  return shown;
}

std::string retry_words(const RetryShown& retry) {
  std::string words = " (asked twice: the first attempt got " + retry.message;
  if (retry.waited_ms > 0) words += ", and keyguard waited " + std::to_string(retry.waited_ms) + " ms as its Retry-After asked";
  return words + ")";
}

/// Everything the conclusions about one provider's models share.
struct ModelsContext {
  const Candidate& candidate;
  const NetworkConfig& network;
  int timeout_ms;
  const KeyRuns& keys;
  SuggestionBudget* budget;
  std::vector<std::string> listed;  ///< the ids the provider listed for the key (a server's text)

  const Provider& provider() const { return *candidate.report.provider; }
  std::string display() const { return std::string(provider().display_name); }

  /// "; did you mean a, b or c?" when the listed ids hold ids close to ID; else empty. Empty
  /// too once the budget is spent: the deadline passed, or enough models got suggestions.
  std::string suggestion(std::string_view id) const {
    if (budget->models_left == 0 || budget->deadline.passed()) return "";
    --budget->models_left;
    std::vector<std::string> close = close_ids(id, listed);
    for (std::string& near : close) {
      std::string shown = scrub(near, candidate, keys, 120);
      wipe(near);  // a server's text
      near = std::move(shown);
    }
    return close.empty() ? "" : "; did you mean " + join(close, "or") + "?";
  }
};

/// The ids a list answer holds: the probe's own (in_list, route), or the list request's.
std::vector<std::string> listed_ids(const Provider& provider, const ProbeResult& result) {
  if (provider.models.lookup != ModelLookup::list_route) return listed_models(provider, result.response.body);
  if (result.follows.empty()) return {};
  const ProbeResult& list = result.follows[0];
  if (!list.answered || list.response.status / 100 != 2) return {};
  return listed_models(provider, list.response.body);
}

/// Why a model cannot be asked about at all, when it cannot: --offline, no route that spends
/// nothing, or a key whose own check did not pass.
std::optional<ModelReport> not_asked(const Candidate& candidate, bool key_passed, bool offline) {
  const ProviderReport& report = candidate.report;
  const ModelCheck& check = report.provider->models;
  ModelReport entry;
  if (report.outcome == Outcome::skipped && offline) {
    entry.outcome = Outcome::skipped;
    entry.message = "not checked (--offline)";
  } else if (check.lookup == ModelLookup::none) {
    entry.outcome = Outcome::unchecked;
    entry.message = "the model was not checked: " + std::string(check.unchecked_why);
  } else if (!key_passed) {
    entry.outcome = Outcome::unchecked;
    entry.message = "the model was not checked, since the key's own check ended " + std::string(outcome_name(report.outcome));
    entry.shown = verdict_of(report.outcome, false) != Verdict::fail;
  } else {
    return std::nullopt;
  }
  return entry;
}

/// A model asked about on its own route: ASKED is that request's result, or null when the
/// connection ended before its turn.
void from_route(const ModelsContext& c, const ProbeResult* asked, const std::string& model, ModelReport* entry) {
  const std::string about = "model " + entry->model;
  const ProviderReport& report = c.candidate.report;
  if (!asked) {
    entry->outcome = Outcome::unexpected;
    entry->message = "the model was not asked: the connection ended before its turn";
    return;
  }
  if (!asked->answered) {
    entry->outcome = asked->failure.outcome;
    entry->message = "the check of " + about + " got no answer: " +
                     transport_message(*asked, c.candidate, c.network, c.timeout_ms, c.keys);
    entry->phase = asked->failure.phase;
    return;
  }
  Classification verdict = classify_model(c.provider(), asked->response, report.env, c.candidate.base.var);
  entry->http_status = asked->response.status;
  entry->error_code = scrub(verdict.error_code, c.candidate, c.keys, 80);
  entry->outcome = verdict.outcome;
  std::string said = scrub(verdict.server_message, c.candidate, c.keys, 200);
  entry->message = verdict.outcome == Outcome::model_unavailable
                       ? c.display() + " has no " + about + " that " + report.env + " may use"
                       : about + ": " + scrub(verdict.explanation, c.candidate, c.keys, 400);
  if (!said.empty() && verdict.outcome != Outcome::available) entry->message += " (" + c.display() + " said: \"" + said + "\")";
  if (verdict.outcome == Outcome::model_unavailable) entry->message += c.suggestion(model_id(c.provider(), model));
}

/// A model looked up in the ids the provider listed. LIST is the list request's result
/// (list_route), or null when the probe's own answer is the list (in_list).
void from_list(const ModelsContext& c, const ProbeResult* list, const std::string& model, ModelReport* entry) {
  const std::string about = "model " + entry->model;
  const ProviderReport& report = c.candidate.report;
  if (list && !list->answered) {
    entry->outcome = list->failure.outcome;
    entry->message = "the check of " + about + " got no answer: " +
                     transport_message(*list, c.candidate, c.network, c.timeout_ms, c.keys);
    entry->phase = list->failure.phase;
    return;
  }
  if (list && list->response.status / 100 != 2) {
    Classification verdict = classify_model(c.provider(), list->response, report.env, c.candidate.base.var);
    entry->http_status = list->response.status;
    entry->error_code = scrub(verdict.error_code, c.candidate, c.keys, 80);
    // A list that could not be read says nothing of the model itself.
    entry->outcome = verdict.outcome == Outcome::model_unavailable ? Outcome::unexpected : verdict.outcome;
    entry->message = "the list of models could not be read: " + scrub(verdict.explanation, c.candidate, c.keys, 300);
    return;
  }
  std::string_view id = model_id(c.provider(), model);
  if (c.listed.empty()) {
    entry->outcome = Outcome::unexpected;
    entry->message = "the list of models " + c.display() + " gave was empty or unreadable, so " + about + " could not be checked";
  } else if (std::find(c.listed.begin(), c.listed.end(), id) != c.listed.end()) {
    entry->outcome = Outcome::available;
    entry->message = c.display() + " lists " + about + " for the key";
  } else {
    entry->outcome = Outcome::model_unavailable;
    entry->message = c.display() + " does not list " + about + " among the " + std::to_string(c.listed.size()) +
                     " models " + report.env + " may use" + c.suggestion(id);
  }
}

}  // namespace

void redact_in_place(std::string* text, const KeyRuns& keys) {
  std::string redacted = keys.redact(*text);
  wipe(*text);
  *text = std::move(redacted);
}

void conclude_key(Candidate* candidate, const ProbeResult& result, const NetworkConfig& network, int timeout_ms,
                  const KeyRuns& keys) {
  ProviderReport& report = candidate->report;
  const Provider& provider = *report.provider;
  report.probed = true;
  report.timings = result.timings;
  report.tls_version = result.tls_version;
  if (result.retried) report.retry = shown_retry(*result.retried, *candidate, keys);
  std::string retried = report.retry ? retry_words(*report.retry) : "";
  if (!result.answered) {
    report.outcome = result.failure.outcome;
    report.phase = result.failure.phase;
    report.message = transport_message(result, *candidate, network, timeout_ms, keys) + retried;
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
  report.message += retried;
}

void conclude_models(Candidate* candidate, const ProbeResult* result, const NetworkConfig& network, int timeout_ms,
                     bool offline, const KeyRuns& keys, SuggestionBudget* budget) {
  ProviderReport& report = candidate->report;
  const Provider& provider = *report.provider;
  // Models are asked about only after a key's 2xx: a key that is rejected is not asked.
  bool key_passed = (report.outcome == Outcome::authenticated || report.outcome == Outcome::restricted) && result &&
                    result->answered && result->response.status / 100 == 2;
  ModelsContext context{*candidate, network, timeout_ms, keys, budget,
                        key_passed ? listed_ids(provider, *result) : std::vector<std::string>()};
  for (std::size_t i = 0; i < candidate->models.size(); ++i) {
    const std::string& model = candidate->models[i];
    std::optional<ModelReport> entry = not_asked(*candidate, key_passed, offline);
    if (!entry) {
      entry.emplace();
      entry->model = printable(model, 120);
      const std::vector<ProbeResult>& follows = result->follows;
      switch (provider.models.lookup) {
        case ModelLookup::route:
          from_route(context, i < follows.size() ? &follows[i] : nullptr, model, &*entry);
          break;
        case ModelLookup::list_route:
          if (follows.empty()) {
            entry->outcome = Outcome::unexpected;
            entry->message = "the model was not asked: the connection ended before its turn";
          } else {
            from_list(context, &follows[0], model, &*entry);
          }
          break;
        case ModelLookup::in_list:
          from_list(context, nullptr, model, &*entry);
          break;
        case ModelLookup::none:
          break;  // not_asked() said why
      }
    }
    entry->model = printable(model, 120);
    // The request this model's answer came from, when it was asked twice.
    if (key_passed && provider.models.lookup != ModelLookup::in_list) {
      const std::vector<ProbeResult>& follows = result->follows;
      std::size_t asked = provider.models.lookup == ModelLookup::list_route ? 0 : i;
      if (asked < follows.size() && follows[asked].retried) {
        entry->retry = shown_retry(*follows[asked].retried, *candidate, keys);
        entry->message += retry_words(*entry->retry);
      }
    }
    report.models.push_back(std::move(*entry));
  }
  for (std::string& id : context.listed) wipe(id);  // what a server listed may echo a key
}

}  // namespace keyguard
