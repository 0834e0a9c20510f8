// Decoding what a key claims: base64, then a presigned URL's query or "NAME-at-ACCOUNT:SECRET".
#include "key_claims.h"

#include "crypto.h"

#include "secret.h"
#include "text.h"
#include "url.h"

namespace keyguard {
namespace {

/// TEXT decoded from base64 into *OUT, in a buffer that wipes itself; false on a byte that
/// is not base64.
bool base64_decode(std::string_view text, SecretBuffer* out) {
  *out = SecretBuffer(base64_decoded_room(text.size()));
  long size = keyguard::base64_decode(text, reinterpret_cast<unsigned char*>(out->data()));
  if (size < 0) return false;
  out->commit(static_cast<std::size_t>(size));
  return true;
}

/// The value of query parameter NAME in URL (not decoded), or empty.
std::string_view query_value(std::string_view url, std::string_view name) {
  std::size_t start = url.find('?');
  while (start != std::string_view::npos) {
    std::string_view rest = url.substr(start + 1);
    if (rest.substr(0, name.size()) == name && rest.size() > name.size() && rest[name.size()] == '=') {
      rest.remove_prefix(name.size() + 1);
      return rest.substr(0, rest.find('&'));
    }
    start = url.find('&', start + 1);
  }
  return {};
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), so that
/// no time-zone code comes into the static binary.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// "20251211T101010Z" as Unix seconds; false when it is not that shape.
bool parse_amz_date(std::string_view text, std::int64_t* out) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !all_digits(text.substr(0, 8)) ||
      !all_digits(text.substr(9, 6)))
    return false;
  auto number = [&](std::size_t at, std::size_t length) {
    unsigned value = 0;
    for (char c : text.substr(at, length)) value = value * 10 + static_cast<unsigned>(c - '0');
    return value;
  };
  unsigned month = number(4, 2), day = number(6, 2), hour = number(9, 2), minute = number(11, 2), second = number(13, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  *out = days_from_civil(number(0, 4), month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

bool read_presigned(std::string_view url, std::int64_t longest_life, KeyClaims* claims) {
  // X-Amz-Credential=AKID%2F20251211%2Feu-north-1%2Fbedrock%2Faws4_request
  SecretBuffer credential = percent_decode(query_value(url, "X-Amz-Credential"));
  std::string_view scope = credential.view();
  std::size_t first = scope.find('/');
  std::size_t second = first == std::string_view::npos ? first : scope.find('/', first + 1);
  std::size_t third = second == std::string_view::npos ? second : scope.find('/', second + 1);
  if (third == std::string_view::npos) return false;
  std::string_view region = scope.substr(second + 1, third - second - 1);
  if (region.empty() || region.size() > 32 || region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
                                                   std::string_view::npos)
    return false;
  std::int64_t signed_at = 0;
  if (!parse_amz_date(query_value(url, "X-Amz-Date"), &signed_at)) return false;
  std::int64_t lifetime = longest_life;  // 0: no limit known
  std::string_view expires = query_value(url, "X-Amz-Expires");
  if (all_digits(expires) && expires.size() <= 6) {
    lifetime = 0;
    for (char c : expires) lifetime = lifetime * 10 + (c - '0');
    if (longest_life && lifetime > longest_life) lifetime = longest_life;
  } else if (!longest_life) {
    lifetime = -1;
  }
  claims->region = std::string(region);
  claims->signed_at = signed_at;
  claims->expires_at = lifetime < 0 ? 0 : signed_at + lifetime;
  return true;
}

bool read_service_credential(std::string_view text, KeyClaims* claims) {
  // BedrockAPIKey-abcd-at-123456789012:SECRET
  std::size_t at = text.find("-at-");
  std::size_t colon = text.find(':');
  if (at == std::string_view::npos || colon == std::string_view::npos || colon < at + 4) return false;
  std::string_view account = text.substr(at + 4, colon - at - 4);
  if (account.size() != 12 || !all_digits(account) || colon + 1 >= text.size()) return false;
  claims->account = std::string(account);
  return true;
}

}  // namespace

bool read_claims(const KeyFamily& family, std::string_view key, KeyClaims* claims) {
  if (family.claims == Claims::none) return false;
  *claims = {};
  if (key.substr(0, family.prefix.size()) != family.prefix) return true;
  SecretBuffer decoded;
  if (!base64_decode(key.substr(family.prefix.size()), &decoded)) return true;
  switch (family.claims) {
    case Claims::none: break;
    case Claims::presigned_url: claims->decoded = read_presigned(decoded.view(), family.longest_life, claims); break;
    case Claims::service_credential: claims->decoded = read_service_credential(decoded.view(), claims); break;
  }
  return true;
}

std::string utc_minute(std::int64_t unix_seconds) { return utc_time(unix_seconds, false); }

}  // namespace keyguard
