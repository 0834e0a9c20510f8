// Rolling keyguard out (docs/deploying.md, "Rolling out"): --report-only through the real binary,
// against the fake provider: every check runs, nothing fails, the report says what would have.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.h"
#include "provider_world.h"

namespace keyguard::testing {
namespace {

using fixture_world::env_for;

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

}  // namespace
}  // namespace keyguard::testing
