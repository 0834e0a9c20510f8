// Classification: status, headers and JSON error body to one outcome, per provider.
#include "classify.h"

#include <boost/json.hpp>

#include <span>
#include <vector>

#include "redact.h"
#include "secret.h"
#include "text.h"

namespace keyguard {
namespace json = boost::json;

namespace {

/// JSON bodies beyond the HTTP cap are never parsed; this bounds the parser's memory too.
constexpr std::size_t kMaxParsedBytes = kMaxBodyBytes;
/// A body that is not JSON is searched for a rule's phrase in its first 4 KiB only.
constexpr std::size_t kMaxPhraseBytes = 4096;

/// Memory for parse trees that is wiped when freed: a server may echo the key in its body.
class WipingResource final : public json::memory_resource {
 private:
  // Boost.JSON needs no more than the default new alignment (and does not always pass the
  // same alignment to both calls), so plain new and delete serve.
  void* do_allocate(std::size_t size, std::size_t) override { return ::operator new(size); }
  void do_deallocate(void* pointer, std::size_t size, std::size_t) override {
    wipe(pointer, size);
    ::operator delete(pointer);
  }
  bool do_is_equal(const json::memory_resource& other) const noexcept override { return this == &other; }
};

json::storage_ptr wiping_storage() {
  static WipingResource resource;
  return json::storage_ptr(&resource);
}

/// Parses TEXT into a tree whose memory, the parser's own included, is wiped when it is freed.
json::value parse_wiped(std::string_view text, json::error_code& ec) {
  json::parser parser(wiping_storage());
  parser.reset(wiping_storage());
  parser.write(text.data(), text.size(), ec);
  if (ec) return nullptr;
  return parser.release();
}

/// The values at POINTER (RFC 6901; a `*` segment stands for every element of an array).
void resolve(const json::value& at, std::string_view pointer, std::vector<const json::value*>* out) {
  if (pointer.empty()) {
    out->push_back(&at);
    return;
  }
  if (pointer.front() != '/') return;
  pointer.remove_prefix(1);
  std::size_t end = pointer.find('/');
  std::string_view segment = pointer.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
  if (segment == "*") {
    if (at.is_array())
      for (const json::value& element : at.get_array()) resolve(element, rest, out);
    return;
  }
  std::string name;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '~' && i + 1 < segment.size()) {
      name += segment[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      name += segment[i];
    }
  }
  if (at.is_object()) {
    if (const json::value* next = at.get_object().if_contains(name)) resolve(*next, rest, out);
  } else if (at.is_array() && !name.empty() && name.find_first_not_of("0123456789") == std::string::npos &&
             name.size() < 9) {
    std::size_t index = std::stoul(name);
    if (index < at.get_array().size()) resolve(at.get_array()[index], rest, out);
  }
}

/// Whether any string under VALUE equals NEEDLE.
bool holds_string(const json::value& value, std::string_view needle) {
  if (value.is_string()) return value.get_string() == needle;
  if (value.is_array()) {
    for (const json::value& element : value.get_array())
      if (holds_string(element, needle)) return true;
  }
  if (value.is_object()) {
    for (const auto& member : value.get_object())
      if (holds_string(member.value(), needle)) return true;
  }
  return false;
}

bool value_meets(const json::value& value, const Condition& condition) {
  switch (condition.test) {
    case Holds::present: return true;
    case Holds::array: return value.is_array();
    case Holds::object: return value.is_object();
    case Holds::is_true: return value.is_bool() && value.get_bool();
    case Holds::is_false: return value.is_bool() && !value.get_bool();
    case Holds::at_most_zero:
      return (value.is_int64() && value.get_int64() <= 0) || (value.is_uint64() && value.get_uint64() == 0) ||
             (value.is_double() && value.get_double() <= 0);
    case Holds::equals: return value.is_string() && value.get_string() == condition.value;
    case Holds::contains:
      return value.is_string() &&
             std::string_view(value.get_string()).find(condition.value) != std::string_view::npos;
    case Holds::lacks: return !holds_string(value, condition.value);
  }
  return false;
}

bool tree_meets(const json::value& root, const Condition& condition) {
  std::vector<const json::value*> found;
  resolve(root, condition.at, &found);
  if (condition.test == Holds::lacks) {
    for (const json::value* value : found)
      if (!value_meets(*value, condition)) return false;
    return true;
  }
  for (const json::value* value : found)
    if (value_meets(*value, condition)) return true;
  return false;
}

/// The first string at one of POINTERS; numbers count only when WORDS_FIRST finds no word.
/// Every copy of server text it does not return is wiped: it may echo a key.
std::string first_text(const json::value& root, std::span<const std::string_view> pointers, bool words_first) {
  std::string number;
  for (std::string_view pointer : pointers) {
    std::vector<const json::value*> found;
    resolve(root, pointer, &found);
    for (const json::value* value : found) {
      std::string text;
      if (value->is_string()) text = std::string(value->get_string());
      else if (value->is_int64()) text = std::to_string(value->get_int64());
      else if (value->is_uint64()) text = std::to_string(value->get_uint64());
      if (text.empty()) continue;
      bool numeric = text.find_first_not_of("0123456789") == std::string::npos;
      if (!numeric || !words_first) {
        wipe(number);
        return text;
      }
      if (number.empty()) number = std::move(text);
      else wipe(text);
    }
  }
  return number;
}

/// What a message template names: the key variable, and the variable of the base URL.
struct Names {
  std::string_view env;
  std::string_view base;
};

std::string expand(std::string_view text, const Provider& provider, const Names& names) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view rest = text.substr(i);
    auto take = [&](std::string_view token, std::string_view value) {
      if (rest.substr(0, token.size()) != token) return false;
      out += value;
      i += token.size() - 1;
      return true;
    };
    if (take("{console}", provider.console_url) || take("{env}", names.env) || take("{base}", names.base) ||
        take("{display}", provider.display_name))
      continue;
    out += text[i];
  }
  return out;
}

/// A parsed error body and what the envelope finds in it.
struct ErrorBody {
  ~ErrorBody() { wipe(message); }
  json::value root;  ///< null when the body is not JSON
  std::string message;
  std::string_view text;  ///< what phrases are looked for in: the message, else the raw body
};

bool rule_matches(const ErrorRule& rule, int status, const ErrorBody& body) {
  if (rule.http_status && rule.http_status != status) return false;
  const Condition& when = rule.when;
  if (when.at.empty() && when.value.empty()) return true;  // the status alone
  if (when.at.empty()) return body.text.find(when.value) != std::string_view::npos;  // what the server said
  return tree_meets(body.root, when);
}

bool answer_rule_matches(const AnswerRule& rule, const json::value& root) {
  auto holds = [&](const Condition& c) { return (c.at.empty() && c.test == Holds::present) || tree_meets(root, c); };
  return holds(rule.when) && holds(rule.and_when);
}

/// A 2xx cut at the body cap cannot be parsed whole: accept it when what was read is valid
/// JSON so far and opens the expected array near the start.
bool has_success_prefix(std::string_view body, const Condition& success) {
  if (success.test != Holds::array) return false;
  json::stream_parser parser{wiping_storage()};
  parser.reset(wiping_storage());
  json::error_code ec;
  parser.write(body.data(), body.size(), ec);
  if (ec) return false;
  std::size_t next = body.find_first_not_of(" \t\r\n");
  if (success.at.empty()) return next != std::string_view::npos && body[next] == '[';
  std::string_view name = success.at.substr(1);
  if (name.find('/') != std::string_view::npos) return false;
  std::string needle = "\"" + std::string(name) + "\"";
  std::size_t at = body.find(needle);
  if (at == std::string_view::npos || at > 4096) return false;
  next = body.find_first_not_of(" \t\r\n", at + needle.size());
  if (next == std::string_view::npos || body[next] != ':') return false;
  next = body.find_first_not_of(" \t\r\n", next + 1);
  return next != std::string_view::npos && body[next] == '[';
}

/// BODY parsed, up to the cap; *OK false when it is not JSON.
json::value parse_capped(std::string_view body, bool* ok) {
  if (body.size() > kMaxParsedBytes) body = body.substr(0, kMaxParsedBytes);
  json::error_code ec;
  json::value root = parse_wiped(body, ec);
  *ok = !ec;
  return ec ? json::value(nullptr) : std::move(root);
}

}  // namespace

Classification::~Classification() {
  for (std::string* field : {&error_code, &request_id, &explanation, &server_message}) wipe(*field);
}

bool is_json_object(std::string_view body) {
  bool ok = false;
  return parse_capped(body, &ok).is_object();
}

std::optional<Failure> mutual_tls_refusal(const HttpResponse& response, bool certificate_requested) {
  if (!certificate_requested || response.status != 400 || is_json_object(response.body)) return std::nullopt;
  return Failure{Outcome::tls_error, Phase::tls,
                 "the server requires a client certificate (mutual TLS), which keyguard does not send; check the "
                 "base URL, or what sits in front of the provider"};
}

bool body_meets(std::string_view body, const Condition& condition) {
  bool ok = false;
  json::value root = parse_capped(body, &ok);
  return ok && tree_meets(root, condition);
}

namespace {

/// The reading of a non-2xx answer: the envelope's parts, then RULES, the provider's own and
/// shared rules, 5xx, and what every HTTP service means by a status.
void classify_error(const Provider& provider, const HttpResponse& response, std::string_view body_text,
                    const Names& names, std::span<const ErrorRule> first_rules, std::string_view what,
                    Classification& out) {
  int status = response.status;
  bool ok = false;
  // Built in place: assigning would copy the tree out of the wiping storage.
  ErrorBody body{parse_capped(body_text, &ok), {}, {}};
  const ErrorEnvelope& envelope = provider.envelope ? *provider.envelope : common_envelope();
  if (ok) {
    body.message = first_text(body.root, envelope.message_at, false);
    out.error_code = first_text(body.root, envelope.code_at, true);
    if (out.request_id.empty()) out.request_id = first_text(body.root, envelope.request_id_at, false);
  }
  out.server_message = body.message;
  // A phrase may come in a body that is not JSON (a plain-text 429): look in the text itself.
  body.text = ok ? std::string_view(body.message) : body_text.substr(0, std::min(body_text.size(), kMaxPhraseBytes));

  for (std::span<const ErrorRule> rules : {first_rules, provider.error_rules, provider.shared_rules}) {
    for (const ErrorRule& rule : rules) {
      if (rule_matches(rule, status, body)) {
        out.outcome = rule.outcome;
        out.explanation = expand(rule.explanation, provider, names);
        return;
      }
    }
  }
  if (status >= 500 && status < 600) {
    out.outcome = Outcome::server_error;
    out.explanation = std::string(provider.display_name) + " is having trouble (HTTP " + std::to_string(status) +
                      "), so " + std::string(what) + " could not be checked; retry later";
    return;
  }
  for (const ErrorRule& rule : http_rules()) {
    if (rule_matches(rule, status, body)) {
      out.outcome = rule.outcome;
      out.explanation = expand(rule.explanation, provider, names);
      return;
    }
  }
  out.outcome = Outcome::unexpected;
  out.explanation = "an answer keyguard does not know how to read (HTTP " + std::to_string(status) + ")";
}

}  // namespace

Classification classify_response(const Provider& provider, const HttpResponse& response, std::string_view env,
                                 std::string_view base_var) {
  Classification out;
  const Names names{env, base_var.empty() ? base_url_var(provider) : base_var};
  int status = response.status;
  for (std::string_view name : provider.request_id_headers) {
    if (const std::string* id = response.header(name)) {
      out.request_id = *id;
      break;
    }
  }
  // keyguard asks for no content coding (Accept-Encoding: identity). A server that compresses
  // anyway sent a body keyguard cannot read: its status still speaks, its body does not.
  std::string_view body_text = response.body;
  const std::string* coding = response.header("content-encoding");
  bool unreadable = coding && !coding->empty() && ascii_lower(*coding) != "identity";
  if (unreadable) body_text = {};
  // A 2xx that cannot be read cannot be told from a captive portal's page: indeterminate.
  if (status >= 200 && status < 300 && unreadable) {
    out.outcome = Outcome::unexpected;
    out.explanation = "the answer (HTTP " + std::to_string(status) + ") came compressed (Content-Encoding: " +
                      printable(*coding, 40) + ") although keyguard asked for none, so it cannot tell whether it is " +
                      std::string(provider.display_name) + "'s answer";
    return out;
  }
  if (status >= 200 && status < 300) {
    bool ok = false;
    json::value root = response.body_truncated ? json::value(nullptr) : parse_capped(body_text, &ok);
    bool shaped = response.body_truncated ? has_success_prefix(body_text, provider.success)
                                          : ok && tree_meets(root, provider.success);
    if (!shaped) {
      out.outcome = Outcome::bad_endpoint;
      out.explanation = expand("the answer is not {display}'s JSON (a captive portal, a proxy page or another service?); check {base}",
                               provider, names);
      return out;
    }
    // The key is known; what the answer says about it may still stop the app.
    for (const AnswerRule& rule : provider.answer_rules) {
      if (ok && answer_rule_matches(rule, root)) {
        out.outcome = rule.outcome;
        out.explanation = expand(rule.explanation, provider, names);
        return out;
      }
    }
    out.outcome = Outcome::authenticated;
    out.explanation = std::string(provider.display_name) + " accepted the key";
    return out;
  }
  if (status >= 300 && status < 400) {
    out.outcome = Outcome::bad_endpoint;
    out.explanation = expand(
        "the server redirects elsewhere, and keyguard never follows a redirect with a key; set {base} to the final address",
        provider, names);
    if (const std::string* location = response.header("location")) out.server_message = "redirect to " + *location;
    return out;
  }
  classify_error(provider, response, body_text, names, {}, "the key", out);
  return out;
}

Classification classify_model(const Provider& provider, const HttpResponse& response, std::string_view env,
                              std::string_view base_var) {
  Classification out;
  const Names names{env, base_var.empty() ? base_url_var(provider) : base_var};
  for (std::string_view name : provider.request_id_headers) {
    if (const std::string* id = response.header(name)) {
      out.request_id = *id;
      break;
    }
  }
  const std::string* coding = response.header("content-encoding");
  bool unreadable = coding && !coding->empty() && ascii_lower(*coding) != "identity";
  std::string_view body_text = unreadable ? std::string_view() : std::string_view(response.body);
  int status = response.status;
  if (status >= 200 && status < 300) {
    if (!unreadable && !response.body_truncated && is_json_object(body_text)) {
      out.outcome = Outcome::available;
      out.explanation = expand("{display} lets the key use the model", provider, names);
    } else {
      out.outcome = Outcome::unexpected;
      out.explanation = expand("the model route answered, but not with {display}'s JSON", provider, names);
    }
    return out;
  }
  if (status >= 300 && status < 400) {
    out.outcome = Outcome::unexpected;
    out.explanation = "the model route redirects elsewhere, and keyguard never follows a redirect with a key";
    return out;
  }
  classify_error(provider, response, body_text, names, provider.models.rules, "the model", out);
  return out;
}

std::vector<std::string> listed_models(const Provider& provider, std::string_view body) {
  std::vector<std::string> ids;
  if (provider.models.ids_at.empty()) return ids;
  bool ok = false;
  json::value root = parse_capped(body, &ok);
  if (!ok) return ids;
  std::vector<const json::value*> found;
  resolve(root, provider.models.ids_at, &found);
  std::string_view prefix = provider.models.id_prefix;
  ids.reserve(found.size());  // no reallocation: a moved short string would leave its bytes behind
  for (const json::value* value : found) {
    if (!value->is_string()) continue;
    std::string_view id = value->get_string();
    if (!prefix.empty() && id.substr(0, prefix.size()) == prefix) id.remove_prefix(prefix.size());
    if (!id.empty() && id.size() <= 256) ids.emplace_back(id);
  }
  return ids;
}

}  // namespace keyguard
