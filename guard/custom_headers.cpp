// Extra headers from the environment, read as the SDKs read OPENAI_CUSTOM_HEADERS
// (docs/providers.md, "Gateway headers").
#include "custom_headers.h"

#include <algorithm>

#include "text.h"

namespace keyguard {
namespace {

/// RFC 9110's tchar.
bool is_token_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// String.prototype.trim's blanks that can appear in an environment value.
std::string_view trim_line(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\v\f";
  std::size_t first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

}  // namespace

bool is_managed_header(std::string_view name) {
  for (std::string_view managed : {"host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade",
                                   "content-length", "accept-encoding", "trailer"})
    if (iequals(name, managed)) return true;
  return name.size() >= 6 && iequals(name.substr(0, 6), "proxy-");
}

std::optional<Failure> parse_custom_headers(std::string_view var, std::string_view text, bool strict,
                                            std::vector<CustomHeader>* headers, std::vector<std::string>* warnings) {
  // What cannot be sent: a failure for keyguard's own variable; for an SDK's, a warning, since
  // an SDK that does not read the variable works whatever it holds.
  auto refuse = [&](std::string what) -> std::optional<Failure> {
    if (strict) return misconfigured(std::move(what) + "; correct it");
    warnings->push_back(std::move(what) + ": the SDKs that read " + std::string(var) +
                        " would fail on it, the others ignore the variable; keyguard skipped it");
    return std::nullopt;
  };
  if (text.size() > kMaxCustomHeaderBytes)
    return refuse(std::string(var) + " holds more than " + std::to_string(kMaxCustomHeaderBytes) +
                  " bytes, far more than any gateway's headers");
  std::vector<CustomHeader> read;
  std::size_t line_number = 0;
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++line_number;
    std::string where = std::string(var) + " line " + std::to_string(line_number);
    if (trim_line(line).empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      warnings->push_back(where + " has no colon, so the SDKs skip it; so did keyguard");
      continue;
    }
    std::string_view name = trim_line(line.substr(0, colon));
    std::string_view value = trim_line(line.substr(colon + 1));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
      if (auto failure = refuse(where + " names no valid header (a name is letters, digits and !#$%&'*+-.^_`|~)"))
        return failure;
      continue;
    }
    if (std::any_of(value.begin(), value.end(), [](char c) { return c != '\t' && is_control(static_cast<unsigned char>(c)); })) {
      if (auto failure = refuse(where + "'s value holds a control character")) return failure;
      continue;
    }
    auto same = [&](const CustomHeader& h) { return iequals(h.name, name); };
    read.erase(std::remove_if(read.begin(), read.end(), same), read.end());
    if (read.size() >= kMostCustomHeaders)
      return refuse(std::string(var) + " names more than " + std::to_string(kMostCustomHeaders) + " headers");
    read.push_back({std::string(name), Secret(value), std::string(var)});
  }
  for (CustomHeader& header : read) headers->push_back(std::move(header));
  return std::nullopt;
}

}  // namespace keyguard
