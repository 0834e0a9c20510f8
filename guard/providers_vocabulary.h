// The provider table's vocabulary, private to the providers module: how a key travels, the
// builders of error rules, and the pieces several rows share (envelopes, request-id headers,
// the OpenAI-compatible family's answers, the refusal texts).
#pragma once

#include <string_view>

#include "providers.h"

namespace keyguard::provider_rows {

using O = Outcome;
using T = Holds;
using S = std::string_view;

// ---- How a key travels ----------------------------------------------------------------------

/// A key sent as `Authorization: Bearer KEY`, as most providers take it.
constexpr KeyVar bearer(S name) { return {name, "Authorization", "Bearer "}; }
/// A key sent alone in a header of the provider's own (`x-api-key: KEY`).
constexpr KeyVar in_header(S name, S header) { return {name, header, ""}; }

// ---- Rule builders: one line per answer a provider gives -----------------------------------

/// A status alone.
constexpr ErrorRule status(int http_status, Outcome outcome, S explanation) {
  return {http_status, {}, outcome, explanation};
}
/// A string field (JSON pointer) equal to a value.
constexpr ErrorRule field(int http_status, S at, S value, Outcome outcome, S explanation) {
  return {http_status, {at, T::equals, value}, outcome, explanation};
}
/// What the server said (the envelope's message) holding a phrase.
constexpr ErrorRule said(int http_status, S phrase, Outcome outcome, S explanation) {
  return {http_status, {"", T::contains, phrase}, outcome, explanation};
}

// ---- Shared pieces ------------------------------------------------------------------------

// What a provider's refusal of a key says, in its own name ({display}).
constexpr S kRevokedKey =
    "{display} does not accept this key: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}";
constexpr S kDeletedKey =
    "{display} does not accept this key: it was deleted or mistyped; make a new one at {console} and set {env}";
constexpr S kExpiredKey =
    "{display} does not accept this key: it was deleted, expired or mistyped; make a new one at {console} and set {env}";

constexpr S kMessageAt[] = {"/error/message", "/error", "/message", "/detail", "/Message", "/error/0/message"};
constexpr S kCodeAt[] = {"/error/details/*/reason", "/error/code", "/error/type", "/error/status", "/code", "/type"};
constexpr S kRequestIdAt[] = {"/request_id", "/error/request_id"};
constexpr ErrorEnvelope kCommonEnvelope = {kMessageAt, kCodeAt, kRequestIdAt};

constexpr S kRequestIdHeaders[] = {"x-request-id", "request-id"};
constexpr S kAzureRequestIdHeaders[] = {"apim-request-id", "x-request-id", "x-ms-request-id"};
constexpr S kAwsRequestIdHeaders[] = {"x-amzn-requestid", "x-amz-request-id"};

constexpr Condition kDataArray = {"/data", T::array};

/// What any HTTP service means by a status, read after a provider's own rules, its shared
/// rules and the 5xx reading, when all of them are silent.
constexpr ErrorRule kHttpRules[] = {
    status(401, O::rejected,
           "the key was not accepted: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}"),
    status(402, O::no_credit, "the account is out of credit; add credit, then retry"),
    status(403, O::forbidden, "the key authenticated but is not allowed here: a region, permission or network rule refused it"),
    status(404, O::bad_endpoint, "nothing answers at this address; check {base}"),
    status(429, O::rate_limited, "the key is valid but rate limited right now"),
};

/// The OpenAI-compatible family: what their gateways and clones answer, OpenAI's words.
constexpr ErrorRule kOpenAiCompatible[] = {
    field(0, "/error/code", "invalid_api_key", O::rejected, kRevokedKey),
    field(0, "/error/code", "insufficient_quota", O::no_credit,
          "the key is valid but the account is out of credit or quota; add credit at {console}"),
    field(0, "/error/type", "insufficient_quota", O::no_credit,
          "the key is valid but the account is out of credit or quota; add credit at {console}"),
    field(429, "/error/code", "rate_limit_exceeded", O::rate_limited, "the key is valid but rate limited right now"),
};

// ---- Model routes -----------------------------------------------------------------------------
/// What a model route says of a model the key cannot use, in OpenAI's words and its clones'.
constexpr ErrorRule kOpenAiModelRules[] = {
    field(403, "/error/code", "model_not_found", O::model_unavailable,
          "{display} says the key's project may not use this model"),
    field(403, "/error/code", "model_permission_blocked_org", O::model_unavailable,
          "the model is blocked for the key's organization; an admin can enable it in {display}'s console"),
    status(404, O::model_unavailable, "{display} has no such model for this key"),
};
constexpr ErrorRule kModelNotFound[] = {
    status(404, O::model_unavailable, "{display} has no such model for this key"),
};

}  // namespace keyguard::provider_rows
