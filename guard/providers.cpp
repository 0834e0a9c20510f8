// The provider table: what keyguard knows about each provider, as data. The facts, with
// their confidence, are summed up in docs/providers.md; where a fact is
// unconfirmed the row takes the safe reading: an answer it cannot place is indeterminate.
#include "providers.h"

#include "providers_first_party.h"
#include "providers_hosted.h"

namespace keyguard {
namespace {

using namespace provider_rows;

constexpr Provider kProviders[] = {
    kOpenAi,
    kAnthropic,
    kAzure,
    kGemini,
    kGroq,
    kMistral,
    kDeepSeek,
    kOpenRouter,
    kXai,
    kTogether,
    kFireworks,
    kPerplexity,
    kCerebras,
    kCohere,
    kHuggingFace,
    kBedrock,
};

bool in_charset(char c, Charset charset) {
  bool digit = c >= '0' && c <= '9';
  bool lower = c >= 'a' && c <= 'z';
  bool upper = c >= 'A' && c <= 'Z';
  switch (charset) {
    case Charset::any: return true;
    case Charset::hex: return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    case Charset::lower_hex: return digit || (c >= 'a' && c <= 'f');
    case Charset::alnum: return digit || lower || upper;
    case Charset::base64: return digit || lower || upper || c == '+' || c == '/' || c == '=';
    case Charset::token: return digit || lower || upper || c == '-' || c == '_';
  }
  return false;
}

/// How telling a match is: the prefix first, then a fixed length or a charset.
std::size_t strength(const KeyFamily& family) {
  return family.prefix.size() * 4 + (family.exact_length ? 2 : 0) + (family.charset != Charset::any ? 1 : 0) + 1;
}

}  // namespace

const ErrorEnvelope& common_envelope() { return kCommonEnvelope; }

std::span<const ErrorRule> http_rules() { return kHttpRules; }

std::span<const Provider> providers() { return kProviders; }

const Provider* find_provider(std::string_view name) {
  for (const Provider& provider : kProviders)
    if (provider.name == name) return &provider;
  return nullptr;
}

std::string_view base_url_var(const Provider& provider) {
  return provider.base_sources.empty() ? std::string_view() : provider.base_sources.front().var;
}

bool is_official_host(const Provider& provider, std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  for (std::string_view official : provider.official_hosts) {
    if (official.empty()) continue;
    if (official.front() == '.') {
      if (host.size() > official.size() && host.substr(host.size() - official.size()) == official) return true;
    } else if (host == official) {
      return true;
    }
  }
  return false;
}

bool family_matches(const KeyFamily& family, std::string_view key) {
  if (key.size() <= family.prefix.size() || key.substr(0, family.prefix.size()) != family.prefix) return false;
  if (family.exact_length && key.size() != family.exact_length) return false;
  for (char c : key.substr(family.prefix.size()))
    if (!in_charset(c, family.charset)) return false;
  return true;
}

KeyOwner find_key_owner(std::string_view key, bool distinctive_only) {
  KeyOwner best;
  std::size_t best_strength = 0;
  for (const Provider& provider : kProviders) {
    for (const KeyFamily& family : provider.families) {
      if (distinctive_only && !family.distinctive) continue;
      if (!family_matches(family, key)) continue;
      std::size_t s = strength(family);
      if (s > best_strength) {
        best = {&provider, &family, false};
        best_strength = s;
      } else if (s == best_strength && &provider != best.provider) {
        best.tie = true;
      }
    }
  }
  return best;
}

}  // namespace keyguard
