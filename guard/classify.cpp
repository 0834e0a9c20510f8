// Classification: status, headers and JSON error body to one outcome, per provider.
#include "classify.h"

#include <boost/json.hpp>

#include "redact.h"
#include "secret.h"
#include "text.h"

namespace keyguard {
namespace json = boost::json;

namespace {

/// JSON bodies beyond the HTTP cap are never parsed; this bounds the parser's memory too.
constexpr std::size_t kMaxParsedBytes = kMaxBodyBytes;

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

std::string text_of(const json::value* value) {
  if (!value) return "";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64()) return std::to_string(value->get_int64());
  if (value->is_uint64()) return std::to_string(value->get_uint64());
  return "";
}

std::string expand(std::string_view text, const Provider& provider, std::string_view env) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 9) == "{console}") {
      out += provider.console_url;
      i += 8;
    } else if (text.substr(i, 5) == "{env}") {
      out += env;
      i += 4;
    } else if (text.substr(i, 6) == "{base}") {
      out += provider.base_url_var;
      i += 5;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool rule_matches(const ErrorRule& rule, int status, const ErrorBody& body) {
  if (rule.http_status && rule.http_status != status) return false;
  switch (rule.field) {
    case ErrorField::none: return true;
    case ErrorField::code: return body.code == rule.needle;
    case ErrorField::type: return body.type == rule.needle;
    case ErrorField::status: return body.status == rule.needle;
    case ErrorField::reason: {
      std::string_view reasons = body.reasons;
      std::size_t at = reasons.find(rule.needle);
      while (at != std::string_view::npos) {
        bool starts = at == 0 || reasons[at - 1] == ' ';
        bool ends = at + rule.needle.size() == reasons.size() || reasons[at + rule.needle.size()] == ' ';
        if (starts && ends) return true;
        at = reasons.find(rule.needle, at + 1);
      }
      return false;
    }
    case ErrorField::message: return body.message.find(rule.needle) != std::string::npos;
  }
  return false;
}

/// What any HTTP service means by a status, when the provider's own vocabulary is silent.
constexpr ErrorRule kCommonRules[] = {
    {401, ErrorField::none, "", Outcome::rejected,
     "the key was not accepted: it was revoked, rotated, deleted or mistyped; make a new one at {console} and set {env}"},
    {402, ErrorField::none, "", Outcome::no_credit, "the account is out of credit; add credit, then retry"},
    {403, ErrorField::none, "", Outcome::forbidden,
     "the key authenticated but is not allowed here: a region, permission or network rule refused it"},
    {404, ErrorField::none, "", Outcome::bad_endpoint, "nothing answers at this address; check {base}"},
    {429, ErrorField::none, "", Outcome::rate_limited, "the key is valid but rate limited right now"},
};

}  // namespace

ErrorBody::~ErrorBody() {
  for (std::string* field : {&code, &type, &status, &reasons, &message, &request_id}) wipe(*field);
}

Classification::~Classification() {
  for (std::string* field : {&error_code, &request_id, &explanation, &server_message}) wipe(*field);
}

ErrorBody read_error_body(std::string_view body) {
  ErrorBody out;
  if (body.size() > kMaxParsedBytes) body = body.substr(0, kMaxParsedBytes);
  json::error_code ec;
  json::value root = parse_wiped(body, ec);
  if (ec || !root.is_object()) return out;
  out.json = true;
  const json::object& top = root.get_object();
  out.request_id = text_of(top.if_contains("request_id"));
  const json::value* error = top.if_contains("error");
  if (error && error->is_string()) {
    out.message = std::string(error->get_string());  // xAI: {"code": "...", "error": "..."}
    out.code = text_of(top.if_contains("code"));
    return out;
  }
  // Mistral and gateways: {"message": "...", "detail": "..."} without an envelope.
  const json::object* fields = error && error->is_object() ? &error->get_object() : &top;
  out.code = text_of(fields->if_contains("code"));
  out.type = text_of(fields->if_contains("type"));
  out.status = text_of(fields->if_contains("status"));
  out.message = text_of(fields->if_contains("message"));
  if (out.message.empty()) out.message = text_of(fields->if_contains("detail"));
  if (const json::value* details = fields->if_contains("details"); details && details->is_array()) {
    for (const json::value& detail : details->get_array()) {
      if (!detail.is_object()) continue;
      std::string reason = text_of(detail.get_object().if_contains("reason"));
      if (reason.empty()) continue;
      if (!out.reasons.empty()) out.reasons += ' ';
      out.reasons += reason;
    }
  }
  return out;
}

bool has_success_shape(std::string_view body, std::string_view array_name) {
  if (body.size() > kMaxParsedBytes) body = body.substr(0, kMaxParsedBytes);
  json::error_code ec;
  json::value root = parse_wiped(body, ec);
  if (ec || !root.is_object()) return false;
  const json::value* array = root.get_object().if_contains(json::string_view(array_name.data(), array_name.size()));
  return array && array->is_array();
}

namespace {

/// A 2xx cut at the body cap cannot be parsed whole: accept it when what was read is valid
/// JSON so far and opens the expected array near the start.
bool has_success_prefix(std::string_view body, std::string_view array_name) {
  json::stream_parser parser{wiping_storage()};
  parser.reset(wiping_storage());
  json::error_code ec;
  parser.write(body.data(), body.size(), ec);
  if (ec) return false;
  std::string needle = "\"" + std::string(array_name) + "\"";
  std::size_t at = body.find(needle);
  if (at == std::string_view::npos || at > 4096) return false;
  std::size_t next = body.find_first_not_of(" \t\r\n", at + needle.size());
  if (next == std::string_view::npos || body[next] != ':') return false;
  next = body.find_first_not_of(" \t\r\n", next + 1);
  return next != std::string_view::npos && body[next] == '[';
}

}  // namespace

Classification classify_response(const Provider& provider, const HttpResponse& response, std::string_view env) {
  Classification out;
  int status = response.status;
  for (std::string_view name : {"x-request-id", "request-id", "apim-request-id"}) {
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
    bool shaped = response.body_truncated ? has_success_prefix(body_text, provider.success_array)
                                          : has_success_shape(body_text, provider.success_array);
    if (shaped) {
      out.outcome = Outcome::authenticated;
      out.explanation = std::string(provider.display_name) + " accepted the key";
    } else {
      out.outcome = Outcome::bad_endpoint;
      out.explanation = expand("the answer is not " + std::string(provider.display_name) +
                                   "'s JSON (a captive portal, a proxy page or another service?); check {base}",
                               provider, env);
    }
    return out;
  }
  if (status >= 300 && status < 400) {
    out.outcome = Outcome::bad_endpoint;
    out.explanation = expand(
        "the server redirects elsewhere, and keyguard never follows a redirect with a key; set {base} to the final address",
        provider, env);
    if (const std::string* location = response.header("location")) out.server_message = "redirect to " + *location;
    return out;
  }
  ErrorBody body = read_error_body(body_text);
  if (out.request_id.empty()) out.request_id = body.request_id;
  out.server_message = body.message;
  // The most specific name the provider gives: a reason, a word code, a type, a status,
  // and a numeric code (Azure's "401") last.
  bool numeric_code = !body.code.empty() && body.code.find_first_not_of("0123456789") == std::string::npos;
  if (!body.reasons.empty()) out.error_code = body.reasons.substr(0, body.reasons.find(' '));
  else if (!body.code.empty() && !numeric_code) out.error_code = body.code;
  else if (!body.type.empty()) out.error_code = body.type;
  else if (!body.status.empty()) out.error_code = body.status;
  else out.error_code = body.code;

  for (const ErrorRule& rule : provider.error_rules) {
    if (rule_matches(rule, status, body)) {
      out.outcome = rule.outcome;
      out.explanation = expand(rule.explanation, provider, env);
      return out;
    }
  }
  if (status >= 500 && status < 600) {
    out.outcome = Outcome::server_error;
    out.explanation = std::string(provider.display_name) + " is having trouble (HTTP " + std::to_string(status) +
                      "), so the key could not be checked; retry later";
    return out;
  }
  for (const ErrorRule& rule : kCommonRules) {
    if (rule_matches(rule, status, body)) {
      out.outcome = rule.outcome;
      out.explanation = expand(rule.explanation, provider, env);
      return out;
    }
  }
  out.outcome = Outcome::unexpected;
  out.explanation = "an answer keyguard does not know how to read (HTTP " + std::to_string(status) + ")";
  return out;
}

}  // namespace keyguard
