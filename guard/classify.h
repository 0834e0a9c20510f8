// Reading a provider's answer the way that provider writes it (CONTRACT §5).
#pragma once

#include <string>
#include <string_view>

#include "http.h"
#include "outcome.h"
#include "providers.h"

namespace keyguard {

/// The fields of a JSON error body, whichever envelope the provider uses.
/// Wiped when it dies: what a server sent may echo a key.
struct ErrorBody {
  ~ErrorBody();
  bool json = false;        ///< the body parsed as JSON
  std::string code;         ///< error.code (a string, or a number as text)
  std::string type;         ///< error.type
  std::string status;       ///< error.status (google.rpc)
  std::string reasons;      ///< error.details[].reason, space-separated
  std::string message;      ///< error.message, or error when it is a string
  std::string request_id;   ///< request_id in the body
};

/// Reads the error fields of BODY (capped before parsing). Never throws.
ErrorBody read_error_body(std::string_view body);

/// Whether BODY is the provider's success shape: a JSON object holding ARRAY_NAME as an array.
bool has_success_shape(std::string_view body, std::string_view array_name);

/// Wiped when it dies, as the ErrorBody it was read from.
struct Classification {
  ~Classification();
  Outcome outcome = Outcome::unexpected;
  std::string error_code;   ///< the provider's code, type or reason, as most specific
  std::string request_id;
  std::string explanation;  ///< cause and fix, expanded; server text NOT yet scrubbed
  std::string server_message;  ///< what the server said (raw; scrub before showing)
};

/// Classifies one HTTP response from PROVIDER; ENV is the key variable for messages.
Classification classify_response(const Provider& provider, const HttpResponse& response, std::string_view env);

}  // namespace keyguard
