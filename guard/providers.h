// The provider table (docs/providers.md): one row per provider, data only.
// Adding a provider is adding a row; no stage names a provider.
#pragma once

#include <span>
#include <string_view>

#include "outcome.h"

namespace keyguard {

/// Variables read in order, the first set and not empty winning.
using VarList = std::span<const std::string_view>;

/// A variable that may hold the key, and how the key travels when it came from there.
struct KeyVar {
  std::string_view name = {};         ///< "ANTHROPIC_AUTH_TOKEN"
  std::string_view auth_header = {};  ///< "Authorization"
  std::string_view auth_prefix = {};  ///< "Bearer ", or empty
  std::string_view read_by = {};      ///< which SDKs read it, when not every one: "the Vercel AI SDK"
};

/// The characters a key may have after its prefix.
enum class Charset {
  any,
  hex,        ///< 0-9 a-f A-F
  lower_hex,  ///< 0-9 a-f
  alnum,      ///< 0-9 A-Z a-z
  base64,     ///< alnum and + / =
  token,      ///< alnum and - _
};

/// What a key of a family says about itself once decoded (docs/keys.md, Bedrock).
enum class Claims {
  none,
  presigned_url,  ///< base64 of a SigV4 presigned URL: a region, a signing time, a lifetime
  service_credential,  ///< base64 of "NAME-at-ACCOUNT:SECRET"
};

/// A family of keys recognisable by its look: a prefix and, optionally, a length and a
/// character set. Used to spot a key in the wrong variable and to doubt a shape.
struct KeyFamily {
  std::string_view prefix;     ///< "sk-ant-"; empty when the length and charset alone decide
  std::string_view label;      ///< "an Anthropic key"
  std::size_t exact_length = 0;  ///< 0: any length
  Charset charset = Charset::any;
  bool admin = false;          ///< an organisation admin key, never an app key
  /// Documented and distinctive: a key of this family in another provider's variable is
  /// an error naming the variable it belongs in. Unconfirmed prefixes only doubt a shape.
  bool distinctive = true;
  Claims claims = Claims::none;
  /// The longest a key of the family lives when its claims do not say (seconds; 0: no limit).
  long long longest_life = 0;
  /// A warning whenever a key of the family is checked: what an app's SDK will do with it.
  std::string_view caveat = {};
};

/// The length a key of one prefix usually has; shorter looks truncated.
struct KeyShape {
  std::string_view prefix = {};
  std::size_t min_length = {};
  std::size_t max_length = {};
};

/// A header sent with the probe: a fixed value, or the value of the first of ENV_VARS that
/// is set.
struct ProbeHeader {
  std::string_view name = {};
  std::string_view value = {};  ///< fixed value, used when ENV_VARS is empty
  VarList env_vars = {};        ///< send only when one of these is set and not empty
};

/// A query parameter of the probe: the value of the first of ENV_VARS that is set, else the
/// default.
struct ProbeQuery {
  std::string_view name = {};
  VarList env_vars = {};
  std::string_view default_value = {};
};

/// The one unbilled request that proves a key.
struct Probe {
  std::string_view method = {};  ///< "GET" or "POST" (a POST sends no body)
  std::string_view path = {};    ///< appended to the base URL's path
  std::span<const ProbeQuery> query = {};
  std::span<const ProbeHeader> headers = {};
};

/// Where the base URL comes from: a variable holding a URL, or a variable whose value fills
/// a template (`https://bedrock.{region}.amazonaws.com`). The first one set wins.
struct BaseSource {
  std::string_view var = {};
  std::string_view url_template = {};  ///< empty: the value is the URL; else `{…}` becomes the value
  std::string_view read_by = {};       ///< which SDKs read it: "LangChain"
};

/// Something the environment says that keyguard does not check but an SDK acts on: when VAR
/// holds one of VALUES (compared without case; empty: any value) and UNLESS_VAR is not set,
/// WARNING is said.
struct EnvNote {
  std::string_view var = {};
  std::span<const std::string_view> values = {};
  std::string_view warning = {};
  std::string_view unless_var = {};
};

/// Another API surface of the same provider, with its own probe. It is chosen when the base
/// URL's path already ends in OWN_SUFFIX (which is then not repeated), or when the base came
/// from DEFAULT_FOR (whose SDK calls this surface whatever else the environment says).
struct Surface {
  Probe probe = {};
  std::string_view own_suffix = {};
  std::string_view default_for = {};
  std::string_view own_suffix_warning = {};  ///< said when the base ended in OWN_SUFFIX; `{var}` expands
};

/// A test of one value of a JSON answer. AT is a JSON pointer (RFC 6901) in which a `*`
/// segment stands for every element of an array; empty: the whole document.
enum class Holds {
  present,       ///< the value exists (null included)
  array,
  object,
  is_true,
  is_false,
  at_most_zero,  ///< a number <= 0 (null is no number: "no limit")
  equals,        ///< a string equal to VALUE (or, under `*`, one of them)
  contains,      ///< a string holding VALUE
  lacks,         ///< no string equal to VALUE anywhere under AT (absent counts as lacking)
};

struct Condition {
  std::string_view at = {};
  Holds test = Holds::present;
  std::string_view value = {};
};

/// A 2xx in the success shape may still say the key cannot work: every condition that is
/// set (AT or TEST beyond `present` with a pointer) must hold.
struct AnswerRule {
  Condition when = {};
  Condition and_when = {};  ///< unused when its pointer is empty and its test is `present`
  Outcome outcome = {};
  std::string_view explanation = {};  ///< `{display}`, `{console}`, `{env}`, `{base}` expand
};

/// One line of a provider's error vocabulary: the HTTP status (0: any) and, when WHEN.AT or
/// WHEN.VALUE is set, a test of the body. An empty pointer with a value tests what the
/// server said (the envelope's message), so text can be matched whatever the envelope.
struct ErrorRule {
  int http_status = {};
  Condition when = {};
  Outcome outcome = {};
  std::string_view explanation = {};  ///< `{display}`, `{console}`, `{env}`, `{base}` expand
};

/// Where a provider's JSON error body keeps its parts. Each list is read in order; the first
/// string found wins (for codes, a word beats a number: Azure's "401" says less than a type).
struct ErrorEnvelope {
  std::span<const std::string_view> message_at = {};
  std::span<const std::string_view> code_at = {};
  std::span<const std::string_view> request_id_at = {};
};

/// How a model id is checked without spending a token (docs/models.md).
enum class ModelLookup {
  none,        ///< no way that spends nothing: the model is `unchecked`, and UNCHECKED_WHY says why
  route,       ///< METHOD-less GET of {base path}{PATH with {id}}, after the probe, on its connection
  in_list,     ///< the id is looked up in the probe's own 2xx answer, at IDS_AT
  list_route,  ///< the id is looked up in one list request, GET {base path}{PATH}, at IDS_AT
};

struct ModelCheck {
  ModelLookup lookup = ModelLookup::none;
  std::string_view path = {};        ///< "/models/{id}"; for list_route the list: "/models"
  std::string_view ids_at = {};      ///< the ids of a list answer (the probe's, or list_route's): "/data/*/id"
  std::string_view id_prefix = {};   ///< dropped from the id given and from listed ids: Gemini's "models/"
  std::span<const ErrorRule> rules = {};  ///< the model route's own answers, before the provider's
  std::string_view unchecked_why = {};    ///< lookup none: why nothing that spends no token can tell
  /// route: where an id that names an inference profile is looked up (Bedrock's
  /// "/inference-profiles/{id}"): an ARN of one, or an id led by one of PROFILE_PREFIXES and a
  /// dot ("us.anthropic.claude-…"). Empty: every id goes to PATH.
  std::string_view profile_path = {};
  std::span<const std::string_view> profile_prefixes = {};
};

/// One provider: everything keyguard knows about it.
struct Provider {
  std::string_view name = {};            ///< the --require name: "openai"
  std::string_view display_name = {};    ///< "OpenAI"
  std::span<const KeyVar> key_vars = {};  ///< in order of preference; the first set wins
  std::span<const BaseSource> base_sources = {};  ///< in order of preference
  std::string_view default_base_url = {};  ///< empty: a base source is required
  /// What the SDKs append to any base URL a variable gives ("/openai/v1"); a base that already
  /// ends in it is warned about (the SDKs will call it twice) and not doubled.
  std::string_view appended_path = {};
  /// Version paths other clients put in the base URL ("/beta"), dropped before the probe's path.
  std::span<const std::string_view> version_paths = {};
  /// Said when a version path was dropped: which SDKs would call it twice. Empty: none would.
  std::string_view version_path_warning = {};
  /// Said when a base URL from a variable has none of the version paths: which SDKs would
  /// miss it. Empty: none would.
  std::string_view version_path_missing_warning = {};
  std::string_view base_url_example = {};  ///< what to set when a base source is required
  std::span<const std::string_view> official_hosts = {};  ///< exact host, or ".suffix"
  Probe probe = {};
  std::span<const Surface> surfaces = {};
  Condition success = {};                ///< what a 2xx body must be: {"/data", Holds::array}
  std::span<const AnswerRule> answer_rules = {};  ///< a 2xx that still fails; first match wins
  std::span<const KeyFamily> families = {};  ///< what this provider's keys look like
  std::span<const KeyShape> shapes = {};     ///< usual lengths per prefix (warnings only)
  const ErrorEnvelope* envelope = {};
  /// The provider's own rules, then a shared rule set (the OpenAI-compatible family's); read
  /// in order, the first match wins; the rules every HTTP service shares come after.
  std::span<const ErrorRule> error_rules = {};
  std::span<const ErrorRule> shared_rules = {};
  std::span<const std::string_view> request_id_headers = {};  ///< lower-case names, in preference
  ModelCheck models = {};           ///< how --model entries of this provider are checked
  std::string_view console_url = {};     ///< where to make a new key
  std::span<const EnvNote> notes = {};   ///< what the environment says that keyguard does not check
  /// Variables of `Name: value` lines that the provider's SDKs send as extra headers
  /// (OPENAI_CUSTOM_HEADERS); KEYGUARD_<NAME>_HEADERS is read after them for every provider.
  VarList header_vars = {};
  std::string_view header_vars_unread_by = {};  ///< the SDKs that ignore HEADER_VARS: "the Vercel AI SDK"
  /// Credentials of the app's SDK that are not a key (a cloud's chain: AWS_ROLE_ARN, ...),
  /// which keyguard does not check yet: with one of them set and no key, nothing fails.
  VarList other_credentials = {};
};

/// Where most providers keep the parts of an error (OpenAI's envelope, Google's, bare
/// `message`/`detail`, AWS's `Message`).
const ErrorEnvelope& common_envelope();

/// What any HTTP service means by a status (401 rejected, 404 bad_endpoint, ...): the rules
/// read last, when the provider's own vocabulary is silent.
std::span<const ErrorRule> http_rules();

/// Every provider, in report order.
std::span<const Provider> providers();
/// The provider named NAME, or nullptr.
const Provider* find_provider(std::string_view name);
/// The variable named in messages about the base URL: the first base source.
std::string_view base_url_var(const Provider& provider);
/// Whether HOST is one of the provider's official hosts (where shape checks apply).
bool is_official_host(const Provider& provider, std::string_view host);
/// Whether KEY has the look of FAMILY: its prefix, length and charset.
bool family_matches(const KeyFamily& family, std::string_view key);

/// The family a key belongs to, over every provider, and the provider that owns it.
struct KeyOwner {
  const Provider* provider = nullptr;
  const KeyFamily* family = nullptr;
  bool tie = false;  ///< another provider's family matches as strongly: nobody plainly owns it
};
/// The strongest matching family (a longer prefix beats a shorter one; a length or charset
/// beats none). Distinctive families only when DISTINCTIVE_ONLY. provider is null when none.
KeyOwner find_key_owner(std::string_view key, bool distinctive_only = false);

}  // namespace keyguard
