// Fuzzes classification: classify_response and classify_model for every provider, listed_models,
// is_json_object, body_meets.
#include <exception>

#include "classify.h"
#include "fuzz_checks.h"

using namespace keyguard;
using fuzz::check;

namespace {

constexpr std::string_view kOutcomeNames[] = {
    "authenticated", "restricted",  "rate_limited", "skipped", "rejected",     "forbidden",    "no_credit",
    "misconfigured", "bad_endpoint", "unreachable", "tls_error", "timeout",    "server_error", "unexpected",
    "available",     "unchecked",    "model_unavailable",
};

bool is_known_outcome(Outcome outcome) {
  if (static_cast<int>(outcome) < 0 || static_cast<int>(outcome) > static_cast<int>(Outcome::model_unavailable)) return false;
  std::string_view name = outcome_name(outcome);
  for (std::string_view known : kOutcomeNames)
    if (name == known) return true;
  return false;
}

}  // namespace

// Input: a response as "STATUS[+][ REASON]\nname: value\n...\n\nBODY" (see read_response_spec);
// the reason doubles as a JSON pointer asked of body_meets, with every test.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  HttpResponse response = fuzz::read_response_spec({reinterpret_cast<const char*>(data), size});
  try {
    is_json_object(response.body);
    for (int test = 0; test <= static_cast<int>(Holds::lacks); ++test)
      body_meets(response.body, {response.reason, static_cast<Holds>(test), "x"});
    for (const Provider& provider : providers()) {
      body_meets(response.body, provider.success);
      Classification verdict = classify_response(provider, response, provider.key_vars.front().name);
      check(is_known_outcome(verdict.outcome), std::string(provider.name) + ": classify_response gave outcome " +
                                                   std::to_string(static_cast<int>(verdict.outcome)));
      Classification model = classify_model(provider, response, provider.key_vars.front().name);
      check(is_known_outcome(model.outcome), std::string(provider.name) + ": classify_model gave outcome " +
                                                 std::to_string(static_cast<int>(model.outcome)));
      for (const std::string& id : listed_models(provider, response.body))
        check(!id.empty() && id.size() <= 256, std::string(provider.name) + ": listed_models gave an empty or huge id");
    }
  } catch (const std::exception& e) {
    fuzz::violated(std::string("classification threw: ") + e.what());
  } catch (...) {
    fuzz::violated("classification threw something that is not a std::exception");
  }
  return 0;
}
