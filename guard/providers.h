// The provider table (CONTRACT §3): one row per provider, data only.
#pragma once

#include <array>
#include <initializer_list>
#include <span>
#include <string_view>

#include "outcome.h"

namespace keyguard {

/// A family of keys recognisable by its look: a prefix and, optionally, an exact length
/// or a character set. Used to spot a key in the wrong variable and to doubt a shape.
struct KeyFamily {
  std::string_view prefix;     ///< "sk-ant-"; empty when the charset alone decides
  std::string_view label;      ///< "an Anthropic key"
  std::size_t exact_length = 0;  ///< 0: any length
  bool hex_only = false;       ///< every character after the prefix is a hex digit
  bool admin = false;          ///< an organisation admin key, never an app key
};

/// The length a key of one prefix usually has; shorter looks truncated.
struct KeyShape {
  std::string_view prefix;
  std::size_t min_length;
  std::size_t max_length;
};

/// A header sent with the probe: a fixed value, or the value of an environment variable
/// when that is set.
struct ProbeHeader {
  std::string_view name;
  std::string_view value;     ///< fixed value, used when env_var is empty
  std::string_view env_var;   ///< send only when this variable is set and not empty
};

/// A query parameter of the probe: the value of env_var when set, else the default.
struct ProbeQuery {
  std::string_view name;
  std::string_view env_var;
  std::string_view default_value;
};

/// Which field of a provider's JSON error body a rule looks at.
enum class ErrorField { none, code, type, status, reason, message };

/// One line of a provider's error vocabulary: when the HTTP status matches (0: any) and
/// the field holds the needle (exact match, or substring for `message`), the outcome follows.
struct ErrorRule {
  int http_status;
  ErrorField field;
  std::string_view needle;
  Outcome outcome;
  std::string_view explanation;  ///< cause and fix in plain words; `{console}` and `{env}` expand
};

/// One provider: everything keyguard knows about it.
struct Provider {
  std::string_view name;            ///< the --require name: "openai"
  std::string_view display_name;    ///< "OpenAI"
  std::array<std::string_view, 2> key_vars;  ///< in order of preference; the second may be empty
  std::string_view base_url_var;    ///< "OPENAI_BASE_URL"
  std::string_view default_base_url;  ///< empty: the base URL variable is required
  std::string_view base_url_example;  ///< what to set when it is required
  std::array<std::string_view, 2> official_hosts;  ///< exact host, or ".suffix"
  std::string_view probe_path;      ///< appended to the base URL's path
  std::span<const ProbeQuery> probe_query;
  std::string_view auth_header;     ///< "Authorization"
  std::string_view auth_prefix;     ///< "Bearer " or empty
  std::span<const ProbeHeader> probe_headers;
  std::string_view success_array;   ///< a 2xx body must hold this array: "data", "models"
  std::span<const KeyFamily> families;  ///< what this provider's keys look like
  std::span<const KeyShape> shapes;     ///< usual lengths per prefix (warnings only)
  std::span<const ErrorRule> error_rules;  ///< read in order; the first match wins
  std::string_view console_url;     ///< where to make a new key
};

/// Every provider, in report order.
std::span<const Provider> providers();
/// The provider named NAME, or nullptr.
const Provider* find_provider(std::string_view name);
/// Whether HOST is one of the provider's official hosts (where shape checks apply).
bool is_official_host(const Provider& provider, std::string_view host);
/// The family KEY belongs to, searched over every provider, longest prefix first, with the
/// provider it belongs to. Returns false when no family matches.
bool find_key_family(std::string_view key, const Provider** owner, const KeyFamily** family);

}  // namespace keyguard
