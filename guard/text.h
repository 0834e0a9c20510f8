// Small ASCII text helpers shared by the stages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace keyguard {

std::string ascii_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);
bool icontains(std::string_view text, std::string_view needle);

/// C0 controls and DEL.
inline bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }
bool has_control(std::string_view text);

/// TEXT without leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view text);

/// The non-empty items of TEXT between any of SEPARATORS, trimmed of spaces and tabs.
std::vector<std::string_view> split_list(std::string_view text, std::string_view separators);

/// ITEMS as one phrase: "a, b, c", or with LAST_WORD "a, b or c" ("a or b", "a").
std::string join(const std::vector<std::string>& items, std::string_view last_word = "");

/// UNIX_SECONDS as UTC: "2026-12-01T23:45:12Z" (RFC 3339) with SECONDS, else
/// "2026-12-01 23:45 UTC". The year has four digits. No time-zone code is linked.
std::string utc_time(long long unix_seconds, bool seconds);

/// UNIX_SECONDS as UTC calendar fields: year, month 1-12, day 1-31, hour, minute, second.
struct CivilTime {
  long long year;
  unsigned month, day, hour, minute, second;
};
CivilTime civil_utc(long long unix_seconds);
/// CIVIL (UTC) as UNIX seconds: the inverse of civil_utc.
long long unix_seconds(const CivilTime& civil);

}  // namespace keyguard
