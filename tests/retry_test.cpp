// When a probe is asked once more (guard/retry.h): the table of what is retried and when.
#include "retry.h"

#include <gtest/gtest.h>

namespace keyguard {
namespace {

constexpr long long kNow = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

ProbeResult answered(int status, const char* retry_after = nullptr) {
  ProbeResult result;
  result.answered = true;
  result.response.status = status;
  if (retry_after) result.response.headers.emplace_back("retry-after", retry_after);
  return result;
}

ProbeResult failed(Outcome outcome, bool transient) {
  ProbeResult result;
  result.failure = {outcome, Phase::tls, "why"};
  result.failure.transient = transient;
  return result;
}

TEST(Retry, GatewayAnswersAreAskedAgainAtOnceWhenTheDeadlineHoldsAnotherAttempt) {
  for (int status : {502, 503, 504}) {
    EXPECT_EQ(retry_wait_ms(answered(status), 100, 100, kNow), 0) << status;
    EXPECT_EQ(retry_wait_ms(answered(status), 100, 99, kNow), std::nullopt) << status << ": no room";
  }
}

TEST(Retry, DefiniteAnswersAreNeverAskedAgain) {
  for (int status : {200, 400, 401, 402, 403, 404, 500, 529})
    EXPECT_EQ(retry_wait_ms(answered(status), 10, 5000, kNow), std::nullopt) << status;
  EXPECT_EQ(retry_wait_ms(failed(Outcome::tls_error, false), 10, 5000, kNow), std::nullopt)
      << "a certificate problem stays one";
  EXPECT_EQ(retry_wait_ms(failed(Outcome::unreachable, true), 10, 5000, kNow), 0) << "a reset";
}

TEST(Retry, A429IsWaitedForOnlyWhenItsRetryAfterAndAnotherAttemptFit) {
  EXPECT_EQ(retry_wait_ms(answered(429, "1"), 100, 1100, kNow), 1000);
  EXPECT_EQ(retry_wait_ms(answered(429, "1"), 100, 1099, kNow), std::nullopt);
  EXPECT_EQ(retry_wait_ms(answered(429), 100, 60000, kNow), std::nullopt) << "no Retry-After: no wait";
  EXPECT_EQ(retry_wait_ms(answered(429, "soon"), 100, 60000, kNow), std::nullopt);
}

TEST(Retry, RetryAfterIsSecondsOrAnHttpDate) {
  EXPECT_EQ(retry_after_ms("0", kNow), 0);
  EXPECT_EQ(retry_after_ms(" 2 ", kNow), 2000);
  EXPECT_EQ(retry_after_ms("Sun, 06 Nov 1994 08:49:40 GMT", kNow), 3000);
  EXPECT_EQ(retry_after_ms("Sun, 06 Nov 1994 08:49:30 GMT", kNow), 0) << "a date past is now";
  EXPECT_EQ(retry_after_ms("Sun, 06 Nov 1994 08:49:37 UTC", kNow), std::nullopt);
  EXPECT_EQ(retry_after_ms("Sunday, 06-Nov-94 08:49:37 GMT", kNow), std::nullopt) << "obsolete forms are not read";
  EXPECT_EQ(retry_after_ms("-1", kNow), std::nullopt);
  EXPECT_EQ(retry_after_ms("1.5", kNow), std::nullopt);
  EXPECT_EQ(retry_after_ms("99999999999", kNow), std::nullopt) << "too large to be meant";
  EXPECT_EQ(retry_after_ms("", kNow), std::nullopt);
}

}  // namespace
}  // namespace keyguard
