// ASCII helpers: case folding, control characters, lists.
#include "text.h"

namespace keyguard {
namespace {
char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = fold(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i)
    if (iequals(text.substr(i, needle.size()), needle)) return true;
  return false;
}

bool has_control(std::string_view text) {
  for (char c : text)
    if (is_control(static_cast<unsigned char>(c))) return true;
  return false;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string join(const std::vector<std::string>& items, std::string_view last_word) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += !last_word.empty() && i + 1 == items.size() ? " " + std::string(last_word) + " " : ", ";
    text += items[i];
  }
  return text;
}

std::vector<std::string_view> split_list(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = trim_blanks(text.substr(start, end - start));
    if (!item.empty()) items.push_back(item);
    start = end + 1;
  }
  return items;
}

CivilTime civil_utc(long long unix_seconds) {
  // H. Hinnant's civil_from_days.
  long long days = unix_seconds / 86400 - (unix_seconds % 86400 < 0);
  long long in_day = unix_seconds - days * 86400;
  days += 719468;
  long long era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  unsigned mp = (5 * day_of_year + 2) / 153;
  unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<long long>(year_of_era) + era * 400 + (month <= 2), month, day_of_year - (153 * mp + 2) / 5 + 1,
          static_cast<unsigned>(in_day / 3600), static_cast<unsigned>(in_day / 60 % 60), static_cast<unsigned>(in_day % 60)};
}

long long unix_seconds(const CivilTime& civil) {
  // H. Hinnant's days_from_civil.
  long long year = civil.year - (civil.month <= 2);
  long long era = (year >= 0 ? year : year - 399) / 400;
  unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  unsigned day_of_year = (153 * (civil.month > 2 ? civil.month - 3 : civil.month + 9) + 2) / 5 + civil.day - 1;
  unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  long long days = era * 146097 + static_cast<long long>(day_of_era) - 719468;
  return days * 86400 + civil.hour * 3600 + civil.minute * 60 + civil.second;
}

std::string utc_time(long long unix_seconds, bool seconds) {
  CivilTime t = civil_utc(unix_seconds);
  auto two = [](unsigned n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  std::string year = std::to_string(t.year);
  if (t.year >= 0 && year.size() < 4) year.insert(0, 4 - year.size(), '0');  // 0025, not 25
  std::string date = year + "-" + two(t.month) + "-" + two(t.day);
  std::string clock = two(t.hour) + ":" + two(t.minute);
  return seconds ? date + "T" + clock + ":" + two(t.second) + "Z" : date + " " + clock + " UTC";
}

}  // namespace keyguard
