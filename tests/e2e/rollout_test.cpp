// Rolling keyguard out (docs/deploying.md, "Rolling out") through the real binary, against the
// fake provider: --report-only (every check runs, nothing fails, the report says what would have),
// --skip (a provider left alone), and the one bounded retry (docs/report.md#retries).
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.h"
#include "provider_world.h"

namespace keyguard::testing {
namespace {

using fixture_world::env_for;
using fixture_world::World;

/// The requests the fake provider has had since the test began.
std::size_t requests_seen() { return World::get().server->requests().size(); }

boost::json::object report_of(const Ran& ran) {
  boost::json::error_code ec;
  boost::json::value root = boost::json::parse(ran.err, ec);
  if (ec || !root.is_object()) {
    ADD_FAILURE() << "no JSON report: " << ran.err;
    return {};
  }
  return root.as_object();
}

TEST(Rollout, ReportOnlyStartsTheCommandWhenAKeyIsRefusedAndSaysWhatWouldHaveFailed) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran ran = keyguard({"--report-only", "--", "/bin/sh", "-c", "echo app ran; exit 7"}, env_for(f, "revoked"));
  EXPECT_EQ(ran.exit_code, 7) << "the app ran and its status came through: " << ran.err;
  EXPECT_NE(ran.out.find("app ran"), std::string::npos);
  EXPECT_NE(ran.err.find("keyguard: error (report-only): openai: OPENAI_API_KEY"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("keyguard: warning: report-only: would have exited 77"), std::string::npos) << ran.err;
  EXPECT_FALSE(holds_run_of(ran.err, f.key));
}

TEST(Rollout, ReportOnlyJsonCarriesTheExitStatusItWouldHaveReturned) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran ran = keyguard({"--report-only", "--format", "json"}, env_for(f, "revoked"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  boost::json::object top = report_of(ran);
  EXPECT_EQ(boost::json::serialize(top["report_only"]), "true");
  EXPECT_EQ(boost::json::serialize(top["would_exit_code"]), "77");
  EXPECT_EQ(boost::json::serialize(top["exit_code"]), "0");
  EXPECT_EQ(boost::json::serialize(top["level"]), "\"error\"") << "a check failed, enforced or not";
  // The twin does the same.
  std::vector<std::string> env = env_for(f, "revoked");
  env.push_back("KEYGUARD_REPORT_ONLY=yes");
  Ran twin = keyguard({"--format", "json"}, env);
  EXPECT_EQ(twin.exit_code, 0) << twin.err;
  EXPECT_EQ(boost::json::serialize(report_of(twin)["would_exit_code"]), "77");
}

TEST(Rollout, EnforcingReportsTheSameExitStatusAsItReturns) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran ran = keyguard({"--format", "json"}, env_for(f, "revoked"));
  EXPECT_EQ(ran.exit_code, 77) << ran.err;
  boost::json::object top = report_of(ran);
  EXPECT_EQ(boost::json::serialize(top["report_only"]), "false");
  EXPECT_EQ(boost::json::serialize(top["would_exit_code"]), "77");
  Ran valid = keyguard({"--report-only"}, env_for(f, "valid"));
  EXPECT_EQ(valid.exit_code, 0);
  EXPECT_EQ(valid.err.find("report-only"), std::string::npos) << "nothing would have failed: " << valid.err;
}

TEST(Rollout, ReportOnlyStillStopsOnWhatNoCheckCouldPass) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran usage = keyguard({"--report-only", "--timeout", "soon"}, env_for(f, "valid"));
  EXPECT_EQ(usage.exit_code, 64) << usage.err;
  Ran missing = keyguard({"--report-only", "--", "/nonexistent/app"}, env_for(f, "revoked"));
  EXPECT_EQ(missing.exit_code, 127) << missing.err;
}

// A deadline test: report-only waits for no more than --timeout either, then starts the app.
TEST(Rollout, ReportOnlyStartsTheCommandByTheDeadlineWhenAProviderHangs) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran ran = keyguard({"--report-only", "--strict", "--timeout", "1s", "--", "/bin/echo", "app ran"}, env_for(f, "hang"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "app ran\n");
  EXPECT_NE(ran.err.find("would have exited 69"), std::string::npos) << ran.err;
  EXPECT_LT(ran.elapsed_ms, 1000 + 500) << "the deadline holds under report-only";
  EXPECT_GE(ran.elapsed_ms, 1000 - 50) << "the hanging provider was waited for until the deadline";
}

// ---- --skip ----------------------------------------------------------------------------------

TEST(Rollout, ASkippedProviderIsReportedAsSkippedAndItsKeyReachesTheCommandUntouched) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  std::vector<std::string> env = env_for(f, "revoked");
  for (std::string& entry : env)
    if (entry.rfind("OPENAI_API_KEY=", 0) == 0) entry += "\n";  // a pasted newline: not cleaned when skipped
  Ran ran = keyguard({"--skip", "openai", "--format", "json", "--", "/bin/sh", "-c", "printf '[%s]' \"$OPENAI_API_KEY\""},
                     env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "[" + f.key + "\n]") << "the command got the key as it was set";
  EXPECT_EQ(requests_seen(), 0u) << "nothing was sent for a skipped provider";
  boost::json::object top = report_of(ran);
  const boost::json::object& openai = top["providers"].as_array().at(0).as_object();
  EXPECT_EQ(boost::json::serialize(openai.at("outcome")), "\"skipped\"");
  EXPECT_NE(boost::json::serialize(openai.at("message")).find("not checked (--skip): the operator skipped it"), std::string::npos);
  EXPECT_FALSE(holds_run_of(ran.err, f.key));
}

TEST(Rollout, SkippingOneProviderStillChecksTheOthers) {
  const ProviderFixture& openai = *find_fixture("openai");
  const ProviderFixture& anthropic = *find_fixture("anthropic");
  std::vector<std::string> env = env_for(openai, "valid");
  for (const std::string& entry : env_for(anthropic, "revoked"))
    if (entry.rfind("PATH=", 0) != 0 && entry.rfind("KEYGUARD_CA_FILE=", 0) != 0) env.push_back(entry);
  Ran checked = keyguard({}, env);
  EXPECT_EQ(checked.exit_code, 77) << checked.err;
  env.push_back("KEYGUARD_SKIP=anthropic");
  Ran skipped = keyguard({}, env);
  EXPECT_EQ(skipped.exit_code, 0) << "the twin skips it: " << skipped.err;
  EXPECT_NE(skipped.err.find("anthropic: ANTHROPIC_API_KEY: skipped: not checked (--skip)"), std::string::npos) << skipped.err;
}

TEST(Rollout, SkippingAProviderAlsoToBeCheckedIsAUsageError) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran required = keyguard({"--skip", "openai", "--require", "openai"}, env_for(f, "valid"));
  EXPECT_EQ(required.exit_code, 64) << required.err;
  EXPECT_NE(required.err.find("openai is both skipped (--skip) and to be checked (--require)"), std::string::npos)
      << required.err;
  Ran modelled = keyguard({"--model", "openai=gpt-4o-mini"}, [&] {
    std::vector<std::string> env = env_for(f, "valid");
    env.push_back("KEYGUARD_SKIP=openai");
    return env;
  }());
  EXPECT_EQ(modelled.exit_code, 64) << modelled.err;
  EXPECT_NE(modelled.err.find("(--model)"), std::string::npos) << modelled.err;
  Ran unknown = keyguard({"--skip", "OpenAI"}, env_for(f, "valid"));
  EXPECT_EQ(unknown.exit_code, 64) << unknown.err;
  EXPECT_NE(unknown.err.find("did you mean openai?"), std::string::npos) << unknown.err;
}

// ---- the retry --------------------------------------------------------------------------------

/// The provider object of RAN's JSON report.
boost::json::object provider_of(const Ran& ran) {
  boost::json::object top = report_of(ran);
  if (!top.contains("providers") || top["providers"].as_array().empty()) return {};
  return top["providers"].as_array().at(0).as_object();
}

TEST(Rollout, AProbeThatGetsA503IsAskedOnceMoreOnANewConnectionAndPassesOnTheSecondAnswer) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran ran = keyguard({"--strict", "--format", "json"}, env_for(f, "unavailable_once"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  boost::json::object openai = provider_of(ran);
  EXPECT_EQ(boost::json::serialize(openai["outcome"]), "\"authenticated\"");
  ASSERT_TRUE(openai["retry"].is_object()) << ran.err;
  EXPECT_EQ(boost::json::serialize(openai["retry"].as_object()["http_status"]), "503");
  EXPECT_EQ(boost::json::serialize(openai["retry"].as_object()["outcome"]), "\"server_error\"");
  std::vector<RecordedRequest> requests = World::get().server->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].connection, requests[1].connection) << "the retry went on a new connection";
}

TEST(Rollout, AProbeThatGetsA503TwiceIsAServerErrorAfterOneRetryOnly) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran ran = keyguard({"--strict"}, env_for(f, "unavailable"));
  EXPECT_EQ(ran.exit_code, 69) << ran.err;
  EXPECT_NE(ran.err.find("asked twice: the first attempt got HTTP 503"), std::string::npos) << ran.err;
  EXPECT_EQ(requests_seen(), 2u) << "one retry, never more";
}

TEST(Rollout, AConnectionClosedBeforeAnyAnswerIsAskedOnceMore) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran ran = keyguard({"--strict", "--format", "json"}, env_for(f, "dropped_once"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  boost::json::object openai = provider_of(ran);
  EXPECT_EQ(boost::json::serialize(openai["outcome"]), "\"authenticated\"");
  ASSERT_TRUE(openai["retry"].is_object()) << ran.err;
  EXPECT_EQ(boost::json::serialize(openai["retry"].as_object()["http_status"]), "null");
  EXPECT_EQ(boost::json::serialize(openai["retry"].as_object()["phase"]), "\"response\"");
}

TEST(Rollout, ADefiniteAnswerIsNeverAskedAgain) {
  const ProviderFixture& f = *find_fixture("openai");
  for (std::string scenario : {"revoked", "forbidden", "not_found", "server_error"}) {
    World::get().server->clear_requests();
    Ran ran = keyguard({"--format", "json"}, env_for(f, scenario));
    EXPECT_EQ(requests_seen(), 1u) << scenario << ": " << ran.err;
    EXPECT_TRUE(provider_of(ran)["retry"].is_null()) << scenario;
  }
}

TEST(Rollout, A429WhoseRetryAfterFitsInTheDeadlineIsWaitedForOnce) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran ran = keyguard({"--timeout", "5s", "--format", "json"}, env_for(f, "rate_limited_once"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  boost::json::object openai = provider_of(ran);
  EXPECT_EQ(boost::json::serialize(openai["outcome"]), "\"authenticated\"") << ran.err;
  ASSERT_TRUE(openai["retry"].is_object()) << ran.err;
  EXPECT_EQ(boost::json::serialize(openai["retry"].as_object()["waited_ms"]), "1000");
  EXPECT_GE(ran.elapsed_ms, 1000) << "the Retry-After was waited for";
}

TEST(Rollout, A429WhoseRetryAfterDoesNotFitIsNotWaitedFor) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran ran = keyguard({"--timeout", "800ms", "--format", "json"}, env_for(f, "rate_limited_once"));
  EXPECT_EQ(boost::json::serialize(provider_of(ran)["outcome"]), "\"rate_limited\"") << ran.err;
  EXPECT_EQ(requests_seen(), 1u);
  EXPECT_LT(ran.elapsed_ms, 800) << "no wait that the deadline could not hold";
}

// A deadline test: the retry is made only when what is left holds at least what the first
// attempt took, so it never pushes the run past --timeout.
TEST(Rollout, ARetryIsMadeOnlyWhenTheDeadlineLeavesAsMuchAsTheFirstAttemptTook) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran tight = keyguard({"--strict", "--timeout", "1s"}, env_for(f, "slow_unavailable_once"));
  EXPECT_EQ(tight.exit_code, 69) << "600 ms taken, 400 left: no retry: " << tight.err;
  EXPECT_EQ(requests_seen(), 1u);
  EXPECT_LT(tight.elapsed_ms, 1000 + 300) << "within the deadline";
  World::get().server->clear_requests();
  Ran roomy = keyguard({"--strict", "--timeout", "2s"}, env_for(f, "slow_unavailable_once"));
  EXPECT_EQ(roomy.exit_code, 0) << "600 ms taken, 1400 left: asked again: " << roomy.err;
  EXPECT_EQ(requests_seen(), 2u);
  EXPECT_LT(roomy.elapsed_ms, 2000 + 300);
}

TEST(Rollout, AModelCheckThatGetsA503IsAskedOnceMore) {
  const ProviderFixture& f = *find_fixture("openai");
  World::get().server->clear_requests();
  Ran ran = keyguard({"--strict", "--model", "openai=gpt-4o-mini", "--format", "json"}, env_for(f, "unavailable_second"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  boost::json::object openai = provider_of(ran);
  ASSERT_FALSE(openai["models"].as_array().empty()) << ran.err;
  boost::json::object model = openai["models"].as_array().at(0).as_object();
  EXPECT_EQ(boost::json::serialize(model["outcome"]), "\"available\"") << ran.err;
  ASSERT_TRUE(model["retry"].is_object()) << ran.err;
  EXPECT_EQ(boost::json::serialize(model["retry"].as_object()["http_status"]), "503");
  EXPECT_TRUE(openai["retry"].is_null()) << "the probe itself was answered at once";
}

}  // namespace
}  // namespace keyguard::testing
