// How the SDKs read the environment beyond what keyguard checks (docs/providers.md, "When SDKs
// read differently").
#include "readings.h"

#include <algorithm>

#include "text.h"

namespace keyguard {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_without_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

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
                   return equal_without_case(trimmed, v);
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

std::vector<std::string> other_credentials_set(const Provider& provider, const Environment& env) {
  std::vector<std::string> found;
  for (std::string_view var : provider.other_credentials)
    if (env.get_nonempty(var)) found.emplace_back(var);
  return found;
}

}  // namespace keyguard
