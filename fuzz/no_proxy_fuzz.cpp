// Fuzzes NO_PROXY matching: no_proxy_matches(list, host) (guard/route.h).
#include <arpa/inet.h>

#include "fuzz_checks.h"
#include "route.h"

using namespace keyguard;
using fuzz::check;
using fuzz::escaped;

namespace {

/// Whether NAME is a host as a URL names one, lower case, without port or brackets: an IP
/// address, or dot-separated labels of letters, digits, '-' and '_' with an optional final dot.
bool is_plain_host(const std::string& name) {
  if (name.find('\0') != std::string::npos) return false;
  in_addr v4;
  in6_addr v6;
  if (::inet_pton(AF_INET, name.c_str(), &v4) == 1 || ::inet_pton(AF_INET6, name.c_str(), &v6) == 1) return true;
  std::string_view rest = name;
  if (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
  if (rest.empty()) return false;
  for (std::string_view label : fuzz::split_fields(rest, '.')) {
    if (label.empty()) return false;
    for (char c : label)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

}  // namespace

// Input: "LIST\0HOST"; without a NUL byte the whole input is both the list and the host.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t separator = input.find('\0');
  std::string_view list = input.substr(0, separator);
  std::string_view host = separator == std::string_view::npos ? input : input.substr(separator + 1);

  no_proxy_matches(list, host);
  check(no_proxy_matches("*", host), "'*' does not match the host '" + escaped(host) + "'");
  std::string name = ascii_lower(host);
  if (is_plain_host(name))
    check(no_proxy_matches(name, name), "the list '" + escaped(name) + "' does not match that very host");
  return 0;
}
