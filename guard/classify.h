// Reading a provider's answer the way that provider writes it (docs/report.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "failure.h"
#include "http.h"
#include "outcome.h"
#include "providers.h"

namespace keyguard {

/// Whether BODY (capped before parsing) is a JSON object. Never throws.
bool is_json_object(std::string_view body);

/// What a refusal means when the server asked for a client certificate in the handshake
/// (CERTIFICATE_REQUESTED): a 400 that is not an API's JSON is a mutual-TLS endpoint's
/// (tls_error, phase tls); anything else, nothing.
std::optional<Failure> mutual_tls_refusal(const HttpResponse& response, bool certificate_requested);

/// Whether BODY meets CONDITION (a JSON pointer and a test, docs/providers.md).
/// Never throws; a body that does not parse as JSON meets nothing.
bool body_meets(std::string_view body, const Condition& condition);

/// Wiped when it dies: what a server sent may echo a key.
struct Classification {
  ~Classification();
  Outcome outcome = Outcome::unexpected;
  std::string error_code;   ///< the provider's code, type or reason, as most specific
  std::string request_id;
  std::string explanation;  ///< cause and fix, expanded; server text NOT yet scrubbed
  std::string server_message;  ///< what the server said (raw; scrub before showing)
};

/// The model ids a list answer holds, at the row's models.ids_at, without its id prefix.
/// Empty when BODY is not such a list. Never throws.
std::vector<std::string> listed_models(const Provider& provider, std::string_view body);

/// How PROVIDER's model route answered for one model: `available` for a 2xx JSON object,
/// the route's own rules (`model_unavailable`), then the provider's reading of an error.
Classification classify_model(const Provider& provider, const HttpResponse& response, std::string_view env,
                              std::string_view base_var = {});

/// Classifies one HTTP response from PROVIDER; ENV is the key variable and BASE_VAR the
/// variable the base URL came from (empty: the row's first), for messages.
Classification classify_response(const Provider& provider, const HttpResponse& response, std::string_view env,
                                 std::string_view base_var = {});

}  // namespace keyguard
