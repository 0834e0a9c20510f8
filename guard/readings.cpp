// How the SDKs read the environment beyond what keyguard checks (docs/providers.md, "When SDKs
// read differently").
#include "readings.h"

#include <algorithm>

#include "custom_headers.h"

#include "text.h"

namespace keyguard {
namespace {

/// The value without trailing slashes: `https://gw/v1/` and `https://gw/v1` are one URL to
/// every SDK.
std::string_view without_trailing_slashes(std::string_view value) {
  while (!value.empty() && value.back() == '/') value.remove_suffix(1);
  return value;
}

}  // namespace

void note_base_sources(const Provider& provider, const Environment& env, std::string_view chosen,
                       std::vector<std::string>* warnings) {
  const BaseSource* used = nullptr;
  for (const BaseSource& source : provider.base_sources)
    if (source.var == chosen) used = &source;
  for (const BaseSource& source : provider.base_sources) {
    if (&source == used || source.read_by.empty() || !source.url_template.empty()) continue;
    auto value = env.get_nonempty(source.var);
    if (!value) continue;
    auto checked = used ? env.get_nonempty(used->var) : std::nullopt;
    if (checked && without_trailing_slashes(*checked) == without_trailing_slashes(*value)) continue;
    std::string what = used ? std::string(used->var) + " is checked" : "the default endpoint is checked";
    warnings->push_back(std::string(source.var) + " names another endpoint; " + what + ", but " +
                        std::string(source.read_by) + " reads " + std::string(source.var) +
                        ": an app that uses it calls an endpoint keyguard did not check");
  }
  if (used && !used->read_by.empty() && !provider.default_base_url.empty()) {
    warnings->push_back(std::string(used->var) + " is read only by " + std::string(used->read_by) +
                        "; an app on another SDK ignores it and calls " + std::string(provider.default_base_url));
  }
}

void note_environment(const Provider& provider, const Environment& env, std::vector<std::string>* warnings) {
  for (const EnvNote& note : provider.notes) {
    auto value = env.get_nonempty(note.var);
    if (!value || (!note.unless_var.empty() && env.get_nonempty(note.unless_var))) continue;
    std::string_view trimmed = trim_blanks(*value);
    bool holds = note.values.empty() || std::any_of(note.values.begin(), note.values.end(), [&](std::string_view v) {
                   return iequals(trimmed, v);
                 });
    if (holds) warnings->push_back(std::string(note.warning));
  }
}

void note_key_family(const Provider& provider, std::string_view key, std::vector<std::string>* warnings) {
  for (const KeyFamily& family : provider.families) {
    if (!family_matches(family, key)) continue;
    if (!family.caveat.empty()) warnings->push_back(std::string(family.caveat));
    return;
  }
}

std::vector<std::string> empty_variable_warnings(const Environment& env, const std::vector<Candidate>& candidates) {
  std::vector<std::string> warnings;
  std::vector<DuplicateName> duplicates = env.duplicates();
  auto is_empty = [&](std::string_view var) {
    auto value = env.get(var);
    if (!value || !value->empty()) return false;
    return std::none_of(duplicates.begin(), duplicates.end(), [&](const DuplicateName& d) { return d.name == var; });
  };
  for (const Provider& provider : providers()) {
    for (const KeyVar& var : provider.key_vars) {
      if (!is_empty(var.name)) continue;
      // Read from its _FILE twin or a credential: the child gets the key in VAR from keyguard.
      bool exported = std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) {
        return c.loaded.from_file && c.loaded.var == var.name;
      });
      if (exported) continue;
      warnings.push_back(std::string(var.name) +
                         " is set but empty: keyguard counts it as unset, but an app that uses it fails (the official "
                         "SDKs and LangChain refuse to start without a key, the Vercel AI SDK sends it empty); unset it "
                         "or set the key");
    }
    for (const BaseSource& source : provider.base_sources) {
      if (!source.url_template.empty() || provider.default_base_url.empty() || !is_empty(source.var)) continue;
      warnings.push_back(std::string(source.var) +
                         " is set but empty: keyguard and most SDKs use the default endpoint, but some fail on it "
                         "(the Vercel AI SDK before sending, openai-python and the Python SDKs built like it on every "
                         "call); unset it or give it a URL");
    }
  }
  return warnings;
}

/// The gateway headers of the provider's header variables, then of KEYGUARD_<NAME>_HEADERS
/// (docs/providers.md, "Gateway headers"), as the SDKs send them: one replaces a header of the
/// same name, but for the key's own header, where the SDKs disagree and the key is kept; Host
/// and the connection's own headers are left out, as the SDKs' fetch leaves them.
std::optional<Failure> add_custom_headers(const Environment& env, Candidate* candidate) {
  const Provider& provider = *candidate->report.provider;
  ProbeRequest& request = candidate->request;
  std::vector<std::string> vars(provider.header_vars.begin(), provider.header_vars.end());
  std::string own = "KEYGUARD_";
  for (char c : provider.name) own += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  vars.push_back(own + "_HEADERS");
  std::vector<CustomHeader>& headers = candidate->custom_headers;
  std::vector<std::string>& warnings = candidate->report.warnings;
  for (const std::string& var : vars) {
    auto text = env.get_nonempty(var);
    if (!text) continue;
    std::vector<CustomHeader> read;
    bool own = var.starts_with("KEYGUARD_");
    if (auto failure = parse_custom_headers(var, *text, own, &read, &warnings)) return failure;
    if (!own && !provider.header_vars_unread_by.empty())
      warnings.push_back(var + " is not read by " + std::string(provider.header_vars_unread_by) +
                         ": an app on one of them sends none of its headers");
    for (CustomHeader& header : read) {
      auto same = [&](const CustomHeader& h) { return iequals(h.name, header.name); };
      headers.erase(std::remove_if(headers.begin(), headers.end(), same), headers.end());
      headers.push_back(std::move(header));
    }
  }
  std::erase_if(headers, [&](const CustomHeader& header) {
    if (!is_managed_header(header.name)) return false;
    warnings.push_back(header.var + " sets " + header.name +
                       ", which belongs to the connection: the SDKs' fetch does not send it from there, nor did keyguard");
    return true;
  });
  // The key's own header: the SDKs disagree (openai's Node SDK sends the variable's value instead
  // of the key, Anthropic's TypeScript SDK both, the SDKs that ignore the variable the key), so
  // keyguard checks the key, which most send, and says so.
  std::erase_if(headers, [&](const CustomHeader& header) {
    if (!iequals(header.name, request.auth_header)) return false;
    warnings.push_back(header.var + " sets " + header.name + ", the header " + candidate->loaded.var +
                       " travels in: some SDKs that read " + header.var +
                       " send its value instead of the key; keyguard checked the key, which the others send");
    return true;
  });
  for (const CustomHeader& header : headers) {
    for (std::size_t i = request.headers.size(); i-- > 0;) {
      if (!iequals(request.headers[i].first, header.name)) continue;
      request.headers.erase(request.headers.begin() + static_cast<std::ptrdiff_t>(i));
      if (i < request.auth_position) --request.auth_position;
    }
    request.secret_headers.emplace_back(header.name, &header.value);
  }
  return std::nullopt;
}

std::vector<std::string> other_credentials_set(const Provider& provider, const Environment& env) {
  std::vector<std::string> found;
  for (std::string_view var : provider.other_credentials)
    if (env.get_nonempty(var)) found.emplace_back(var);
  return found;
}

}  // namespace keyguard
