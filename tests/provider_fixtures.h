// Every provider's dialect as the tests know it: the request it expects and the answers it gives,
// written by hand from the providers' documentation and published answers, never from keyguard's
// own table, so that the two can be held against each other.
//
// The fake provider speaks a fixture's dialect when the request target starts with its name
// (/groq/<scenario>/openai/v1/models), and tests/e2e/providers_test.cpp runs the real binary against
// every fixture. Adding a provider is adding one fixture to provider_fixtures.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyguard::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// One answer of a provider, as it sends it.
struct FixtureAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

/// An answer, the scenario that asks for it, and how keyguard must read it.
struct FixtureCase {
  std::string scenario;  ///< the path segment after the provider's name: "fire_pass"
  FixtureAnswer answer;
  std::string outcome;   ///< the report's outcome: "restricted"
  int exit_code = 0;     ///< keyguard's exit status without --strict
  std::string what;      ///< what the answer stands for, for failure messages
  /// A phrase keyguard's message must hold, where the outcome alone would be the same without
  /// the provider's own rule (a 500 is server_error anyway): "deployed models".
  std::string says = {};
};

/// A variable the key may come from, and how the provider expects the key from there.
struct FixtureKeyVar {
  std::string name;         ///< "ANTHROPIC_AUTH_TOKEN"
  std::string auth_header;  ///< lower case: "authorization"
  std::string auth_prefix;  ///< "Bearer ", or empty
};

/// How a provider can tell, without spending a token, whether its key may use a model
/// (docs/models.md; providers-2.md §3, §4, §6).
enum class FixtureModelCheck {
  unchecked,     ///< no such way: the model's outcome is "unchecked"
  route,         ///< one GET {model_route}{id} per model, after the probe, on its connection
  probe_list,    ///< the id is looked up in the probe's own 2xx list: no request
  list_request,  ///< the id is looked up in one GET {model_list_target} after the probe
};

/// One provider.
struct ProviderFixture {
  std::string name;  ///< the --require name: "groq"
  std::string key;   ///< a test key of the documented shape (repeated letters, never a real key)
  /// In the provider's order of preference: the first set wins. The tests use the first.
  std::vector<FixtureKeyVar> key_vars;
  std::string base_var;     ///< the variable that moves the base URL: "GROQ_BASE_URL"
  /// What the tests append after /<provider>/<scenario> in the base URL, so that the request
  /// lands on the provider's real path: "/openai/v1".
  std::string base_suffix;
  /// The documented, distinctive prefix that plainly names this provider's keys ("gsk_");
  /// empty when there is none (no prefix, an unconfirmed one, or one shared with others).
  std::string distinctive_prefix;

  // The request, as the provider receives it.
  std::string method = "GET";
  std::string target;  ///< path and query after the /<provider>/<scenario> prefix
  /// Sent after the auth header, in this order: {"anthropic-version", "2023-06-01"}.
  HeaderList provider_headers;
  /// What the provider says to a request without one of provider_headers; unset: it does
  /// not check them.
  std::optional<FixtureAnswer> missing_header;

  // The answers.
  HeaderList answer_headers;  ///< sent with every answer of the dialect: the request id header
  std::string request_id;     ///< the request id keyguard should report; empty when none is sent
  FixtureCase success;        ///< scenario "valid"
  FixtureCase bad_key;        ///< scenario "revoked"
  std::optional<FixtureCase> no_credit;  ///< scenario "quota", where the provider has a known one
  std::vector<FixtureCase> quirks;       ///< one scenario each

  /// What an offline run on the official host needs besides the key (Azure's endpoint,
  /// Bedrock's region), as NAME=value.
  std::vector<std::string> official_env;

  // Models. The fake provider answers a fixture's model routes in every scenario of its
  // dialect, after the same checks at the door as the probe (the key, required headers). In
  // bodies, {MODEL} stands for the id asked for, decoded and JSON-escaped.
  FixtureModelCheck model_check = FixtureModelCheck::unchecked;
  /// An id the test key may use, as --model gives it. In the success answer where that is a
  /// list (and in model_list): the id keyguard suggests for model_typo.
  std::string model;
  /// Other ids the key may use; in the lists too, where those are whole (not Anthropic's
  /// limit=1 or Gemini's pageSize=1 page).
  std::vector<std::string> other_models;
  /// An id one typo away from MODEL that does not exist: "gpt-4o-mni".
  std::string model_typo;
  /// route: the target before the percent-encoded id, after /<provider>/<scenario>: "/v1/models/".
  std::string model_route;
  /// list_request: the list's target after /<provider>/<scenario>: "/models".
  std::string model_list_target;
  FixtureAnswer model_found;    ///< route: the 200 model object
  FixtureAnswer model_missing;  ///< route: the answer for an id that does not exist
  std::string profile_route;         ///< route: where inference profiles are asked about ("/inference-profiles/")
  std::vector<std::string> profiles;  ///< the inference profiles the fixture knows
  FixtureAnswer profile_found;       ///< the 200 profile object
  FixtureAnswer profile_missing;     ///< the answer for a profile that does not exist
  /// route: the answer for a model the key may not use (fake_provider.h kBlockedModel), where known.
  std::optional<FixtureAnswer> model_forbidden;
  FixtureAnswer model_list;     ///< list_request: the list
  /// keyguard has a list of the key's model ids to suggest close ones from: the probe's answer
  /// (openai, anthropic, gemini, groq, mistral, cerebras; together, perplexity) or the list
  /// request (deepseek). xAI's probe is no list; Bedrock's is not read as one.
  bool suggests_models = false;

  const FixtureKeyVar& key_var() const { return key_vars.front(); }
  /// Every case: success, bad key, no credit where known, then the quirks.
  std::vector<const FixtureCase*> cases() const;
  /// The case SCENARIO asks for, or nullptr.
  const FixtureCase* find_case(std::string_view scenario) const;
  /// Whether the key may use ID: MODEL or one of OTHER_MODELS.
  bool knows_model(std::string_view id) const;
};

/// Every provider fixture, in the order of docs/providers.md.
const std::vector<ProviderFixture>& provider_fixtures();
/// The fixture named NAME, or nullptr.
const ProviderFixture* find_fixture(std::string_view name);

/// Standard base64 with padding (RFC 4648 §4), for the keys that are base64 of something.
std::string base64_encode(std::string_view bytes);

}  // namespace keyguard::testing
