// When a probe is asked once more (docs/report.md#retries).
#include "retry.h"

#include <cstdint>

#include "http.h"
#include "text.h"

namespace keyguard {
namespace {

/// The digits of TEXT as a number below LIMIT; nothing when TEXT is not all digits.
std::optional<long long> whole_number(std::string_view text, long long limit) {
  std::uint64_t value = 0;
  if (!parse_decimal(text, &value) || value >= static_cast<std::uint64_t>(limit)) return std::nullopt;
  return static_cast<long long>(value);
}

/// "Sun, 06 Nov 1994 08:49:37 GMT" as UNIX seconds.
std::optional<long long> imf_fixdate(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT")
    return std::nullopt;
  auto day = whole_number(text.substr(5, 2), 32), year = whole_number(text.substr(12, 4), 10000);
  auto hour = whole_number(text.substr(17, 2), 24), minute = whole_number(text.substr(20, 2), 60),
       second = whole_number(text.substr(23, 2), 61);
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i)
    if (text.substr(8, 3) == kMonths[i]) month = i + 1;
  if (!day || !year || !hour || !minute || !second || month == 0 || *day == 0) return std::nullopt;
  CivilTime civil{*year, month, static_cast<unsigned>(*day), static_cast<unsigned>(*hour),
                  static_cast<unsigned>(*minute), static_cast<unsigned>(*second)};
  return unix_seconds(civil);
}

}  // namespace

std::optional<long long> retry_after_ms(std::string_view value, long long now) {
  value = trim_blanks(value);
  if (auto seconds = whole_number(value, 1000000000)) return *seconds * 1000;
  if (auto at = imf_fixdate(value)) return *at > now ? (*at - now) * 1000 : 0;
  return std::nullopt;
}

std::optional<int> retry_wait_ms(const ProbeResult& first, int took_ms, int left_ms, long long now) {
  if (!first.answered) {
    if (first.failure.transient && left_ms >= took_ms) return 0;
    return std::nullopt;
  }
  int status = first.response.status;
  if ((status == 502 || status == 503 || status == 504) && left_ms >= took_ms) return 0;
  if (status == 429) {
    const std::string* header = first.response.header("retry-after");
    std::optional<long long> wait = header ? retry_after_ms(*header, now) : std::nullopt;
    if (wait && *wait + took_ms <= left_ms) return static_cast<int>(*wait);
  }
  return std::nullopt;
}

}  // namespace keyguard
