// Rendering a CheckResult as text lines or one JSON object.
#include "report.h"

#include <boost/json.hpp>

#include <ctime>

#include "redact.h"
#include "text.h"

namespace keyguard {
namespace json = boost::json;

namespace {

/// Every string a report holds passes here last, whatever stage made it: a text line then
/// never holds a control byte, and the JSON is always valid UTF-8.
std::string safe(std::string_view text) { return printable(text, 4096); }

bool has_attention(const ProviderReport& report) {
  return report.verdict != Verdict::pass || !report.fixes.empty() || !report.warnings.empty();
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + safe(item);
  return out;
}

/// The level a line starts with: "error: ", "warning: " or none.
std::string_view level(Verdict verdict, bool attention) {
  return verdict == Verdict::fail ? "error: " : attention || verdict == Verdict::warn ? "warning: " : "";
}

std::string provider_line(const ProviderReport& report) {
  // The provider's line speaks for its key; a model that fails has a line of its own.
  Verdict verdict = report.models.empty() ? report.verdict : report.key_verdict;
  bool attention = verdict != Verdict::pass || !report.fixes.empty() || !report.warnings.empty();
  std::string line = "keyguard: " + std::string(level(verdict, attention));
  line += std::string(report.provider->name) + ": " + report.env;
  if (!report.key_shown.empty()) line += " " + safe(report.key_shown) + " (" + report.fingerprint + ")";
  line += ": " + std::string(outcome_name(report.outcome));

  std::vector<std::string> details;
  if (report.http_status) details.push_back("HTTP " + std::to_string(report.http_status));
  if (!report.error_code.empty()) details.push_back(report.error_code);
  if (!report.request_id.empty()) details.push_back("request " + report.request_id);  // joined safely below
  if (report.probed) {
    int total = 0;
    for (int ms : {report.timings.dns, report.timings.connect, report.timings.proxy, report.timings.tls,
                   report.timings.request, report.timings.response})
      if (ms > 0) total += ms;
    details.push_back(std::to_string(total) + " ms");
  }
  if (!details.empty()) line += " (" + join(details, ", ") + ")";
  if (!report.message.empty() && report.outcome != Outcome::authenticated) line += ": " + safe(report.message);
  for (const std::string& warning : report.warnings) line += "; " + safe(warning);
  if (!report.fixes.empty())
    line += "; fixed the value: " + join(report.fixes, ", ") + " (store it clean, or use --no-fix to refuse such values)";
  return line + "\n";
}

/// One line per model that did not pass, unless the key's own failure says it all.
std::string model_lines(const ProviderReport& report) {
  std::string out;
  for (const ModelReport& model : report.models) {
    if (model.verdict == Verdict::pass || !model.shown) continue;
    out += "keyguard: " + std::string(level(model.verdict, false)) + std::string(report.provider->name) + ": model " +
           safe(model.model) + ": " + std::string(outcome_name(model.outcome));
    std::vector<std::string> details;
    if (model.http_status) details.push_back("HTTP " + std::to_string(model.http_status));
    if (!model.error_code.empty()) details.push_back(model.error_code);
    if (!details.empty()) out += " (" + join(details, ", ") + ")";
    out += ": " + safe(model.message) + "\n";
  }
  return out;
}

json::value phase_or_null(Phase phase) {
  return phase == Phase::none ? json::value(nullptr) : json::value(phase_name(phase));
}

json::value string_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(safe(text));
}

json::array string_array(const std::vector<std::string>& items) {
  json::array out;
  for (const std::string& item : items) out.emplace_back(safe(item));
  return out;
}

/// What the first of two attempts got (docs/report.md#retries); null when there was one.
json::value retry_json(const std::optional<RetryShown>& retry) {
  if (!retry) return nullptr;
  json::object first;
  first["http_status"] = retry->http_status ? json::value(retry->http_status) : json::value(nullptr);
  first["outcome"] = outcome_name(retry->outcome);
  first["phase"] = phase_or_null(retry->phase);
  first["message"] = safe(retry->message);
  first["waited_ms"] = retry->waited_ms;
  return first;
}

/// TEXT as a JSON string onto *OUT: quotes, backslashes and control characters escaped.
void write_json_string(std::string_view text, std::string* out) {
  *out += '"';
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (byte >= 8 && byte <= 13 && byte != 11) {
      *out += '\\';
      *out += "btn_fr"[byte - 8];  // \b \t \n, \f \r
    } else if (byte < 0x20) {
      *out += "\\u00";
      *out += "0123456789abcdef"[byte >> 4];
      *out += "0123456789abcdef"[byte & 15];
    } else {
      *out += c;
    }
  }
  *out += '"';
}

/// VALUE as compact JSON onto *OUT. keyguard's own writer, not Boost.JSON's serializer: the
/// report holds no floating-point number, and the serializer's shortest-double code (Ryu and its
/// tables) was 14 KB of the binary. Strings are valid UTF-8 already (safe()); control characters,
/// quotes and backslashes are escaped as JSON requires.
void write_json(const json::value& value, std::string* out) {
  switch (value.kind()) {
    case json::kind::null: *out += "null"; break;
    case json::kind::bool_: *out += value.get_bool() ? "true" : "false"; break;
    case json::kind::int64: *out += std::to_string(value.get_int64()); break;
    case json::kind::uint64: *out += std::to_string(value.get_uint64()); break;
    case json::kind::double_: *out += "null"; break;  // never written: see above
    case json::kind::string: write_json_string(value.get_string(), out); break;
    case json::kind::array: {
      *out += '[';
      bool first = true;
      for (const json::value& item : value.get_array()) {
        if (!first) *out += ',';
        first = false;
        write_json(item, out);
      }
      *out += ']';
      break;
    }
    case json::kind::object: {
      *out += '{';
      bool first = true;
      for (const json::key_value_pair& field : value.get_object()) {
        if (!first) *out += ',';
        first = false;
        write_json_string(field.key(), out);
        *out += ':';
        write_json(field.value(), out);
      }
      *out += '}';
      break;
    }
  }
}

}  // namespace

bool needs_attention(const CheckResult& result) {
  if (!result.error.empty() || result.exit_code != ExitCode::ok || result.would_exit != ExitCode::ok ||
      !result.warnings.empty())
    return true;
  for (const ProviderReport& report : result.reports)
    if (has_attention(report)) return true;
  return false;
}

std::string text_report(const CheckResult& result) {
  std::string out;
  if (!result.error.empty()) out += "keyguard: error: " + safe(result.error) + "\n";
  for (const std::string& warning : result.warnings) out += "keyguard: warning: " + safe(warning) + "\n";
  for (const ProviderReport& report : result.reports) out += provider_line(report) + model_lines(report);
  if (!result.report_only) return out;
  // Each line that would have failed says so, and the last says what keyguard would have done.
  constexpr std::string_view kError = "keyguard: error: ";
  std::string marked;
  for (std::size_t at = 0; at < out.size();) {
    std::size_t end = out.find('\n', at);
    std::string_view line = std::string_view(out).substr(at, end - at + 1);
    if (line.starts_with(kError)) marked += "keyguard: error (report-only): " + std::string(line.substr(kError.size()));
    else marked += line;
    at = end + 1;
  }
  if (result.would_exit != ExitCode::ok && result.exit_code == ExitCode::ok)
    marked += "keyguard: warning: report-only: would have exited " + std::to_string(status_of(result.would_exit)) +
              " were it enforcing; nothing was (--report-only)\n";
  return marked;
}

std::string json_report(const CheckResult& result) {
  json::object top;
  top["schema"] = kReportSchema;  // first, so a collector can pin it before reading on
  top["keyguard"] = KEYGUARD_VERSION;
  // For log collectors: when, and how bad, without a parser rule.
  top["time"] = utc_time(static_cast<long long>(std::time(nullptr)), true);
  top["level"] = result.exit_code != ExitCode::ok || result.would_exit != ExitCode::ok ? "error"
                 : needs_attention(result)                                             ? "warning"
                                                                                       : "info";
  top["ok"] = result.exit_code == ExitCode::ok;
  top["exit_code"] = status_of(result.exit_code);
  top["report_only"] = result.report_only;
  top["would_exit_code"] = status_of(result.report_only ? more_severe(result.would_exit, result.exit_code) : result.exit_code);
  top["elapsed_ms"] = result.elapsed_ms;
  top["ca_source"] = string_or_null(result.ca_source);
  if (!result.error.empty()) top["error"] = safe(result.error);
  top["warnings"] = string_array(result.warnings);
  json::array providers;
  for (const ProviderReport& report : result.reports) {
    json::object entry;
    entry["provider"] = report.provider->name;
    entry["env"] = report.env;
    entry["key"] = string_or_null(report.key_shown);
    entry["fingerprint"] = string_or_null(report.fingerprint);
    entry["fixes"] = string_array(report.fixes);
    entry["warnings"] = string_array(report.warnings);
    entry["outcome"] = outcome_name(report.outcome);
    entry["verdict"] = verdict_name(report.verdict);
    entry["http_status"] = report.http_status ? json::value(report.http_status) : json::value(nullptr);
    entry["error_code"] = string_or_null(report.error_code);
    entry["request_id"] = string_or_null(report.request_id);
    entry["phase"] = phase_or_null(report.phase);
    entry["tls_version"] = string_or_null(report.tls_version);
    if (report.probed) {
      json::object timings;
      const std::pair<const char*, int> phases[] = {
          {"dns", report.timings.dns},         {"connect", report.timings.connect},
          {"proxy", report.timings.proxy},     {"tls", report.timings.tls},
          {"request", report.timings.request}, {"response", report.timings.response},
      };
      for (const auto& [name, ms] : phases)
        if (ms >= 0) timings[name] = ms;
      entry["timings_ms"] = std::move(timings);
    } else {
      entry["timings_ms"] = nullptr;
    }
    entry["message"] = safe(report.message);
    entry["retry"] = retry_json(report.retry);
    json::array models;
    for (const ModelReport& model : report.models) {
      json::object item;
      item["model"] = safe(model.model);
      item["outcome"] = outcome_name(model.outcome);
      item["verdict"] = verdict_name(model.verdict);
      item["http_status"] = model.http_status ? json::value(model.http_status) : json::value(nullptr);
      item["error_code"] = string_or_null(model.error_code);
      item["phase"] = phase_or_null(model.phase);
      item["message"] = safe(model.message);
      item["retry"] = retry_json(model.retry);
      models.emplace_back(std::move(item));
    }
    entry["models"] = std::move(models);
    if (report.request) {
      const RequestShown& shown = *report.request;
      json::object request;
      request["method"] = shown.method;
      request["url"] = safe(shown.url);
      request["base_from"] = string_or_null(shown.base_from);
      request["key_header"] = string_or_null(shown.key_header);
      request["key_scheme"] = string_or_null(shown.key_scheme);
      request["headers"] = string_array(shown.headers);
      entry["request"] = std::move(request);
    } else {
      entry["request"] = nullptr;
    }
    providers.emplace_back(std::move(entry));
  }
  top["providers"] = std::move(providers);
  std::string out;
  write_json(top, &out);
  return out + "\n";
}

std::string termination_summary(const CheckResult& result) {
  std::string out;
  if (!result.error.empty()) out += "keyguard: error: " + safe(result.error) + "\n";
  for (const ProviderReport& report : result.reports)
    if (report.verdict == Verdict::fail) out += provider_line(report) + model_lines(report);
  constexpr std::size_t kLimit = 4096;
  if (out.size() > kLimit) {
    out.resize(utf8_cut(out, kLimit - 4));
    out += "...\n";
  }
  return out;
}

}  // namespace keyguard
