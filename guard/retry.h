// One bounded retry for an answer that says nothing about the key: when a probe is asked once
// more, and how long keyguard waits first (docs/report.md#retries).
#pragma once

#include <optional>
#include <string_view>

#include "request.h"

namespace keyguard {

/// How long to wait before asking once more on a new connection, or nothing. Asked again: a
/// 502, 503 or 504, and a failure another connection may not meet (Failure::transient), when
/// what is left of the deadline (LEFT_MS) holds at least what the first attempt took (TOOK_MS);
/// a 429 whose Retry-After, plus that much, fits in what is left. Never a definite answer (a
/// 401, 403 or 404, a certificate the chain does not verify). NOW is the UNIX time, for a
/// Retry-After given as a date.
std::optional<int> retry_wait_ms(const ProbeResult& first, int took_ms, int left_ms, long long now);

/// A Retry-After value in milliseconds from NOW: delay-seconds, or an HTTP date (IMF-fixdate,
/// RFC 9110) in the past (0) or future; nothing when it is neither.
std::optional<long long> retry_after_ms(std::string_view value, long long now);

}  // namespace keyguard
