// The report: one line per provider, or one JSON object with the contract's fields.
#include "report.h"

#include <ctime>
#include <regex>
#include <set>

#include "harness.h"
#include "text.h"

#include "check.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace keyguard {
namespace {

CheckResult sample() {
  CheckResult result;
  ProviderReport ok;
  ok.provider = find_provider("openai");
  ok.env = "OPENAI_API_KEY";
  ok.key_shown = "sk-proj-\xE2\x80\xA6Wxyz";
  ok.fingerprint = "sha256:1a2b3c4d";
  ok.fixes = {"removed a trailing newline"};
  ok.outcome = Outcome::authenticated;
  ok.verdict = Verdict::pass;
  ok.http_status = 200;
  ok.request_id = "req_1";
  ok.probed = true;
  ok.timings = {1, 2, -1, 9, 0, 20};
  ok.message = "OpenAI accepted the key";
  ProviderReport bad;
  bad.provider = find_provider("anthropic");
  bad.env = "ANTHROPIC_API_KEY";
  bad.key_shown = "sk-ant-a\xE2\x80\xA6" "abcd";
  bad.fingerprint = "sha256:00000000";
  bad.outcome = Outcome::rejected;
  bad.verdict = Verdict::fail;
  bad.exit_code = ExitCode::no_permission;
  bad.http_status = 401;
  bad.error_code = "authentication_error";
  bad.message = "Anthropic does not accept this key";
  result.reports = {ok, bad};
  result.exit_code = ExitCode::no_permission;
  result.elapsed_ms = 143;
  result.ca_source = "/etc/ssl/certs/ca-certificates.crt";
  return result;
}

TEST(Report, WritesOneTextLinePerProviderWithALevel) {
  std::string text = text_report(sample());
  EXPECT_EQ(text,
            "keyguard: warning: openai: OPENAI_API_KEY sk-proj-\xE2\x80\xA6Wxyz (sha256:1a2b3c4d): authenticated "
            "(HTTP 200, request req_1, 32 ms); fixed the value: removed a trailing newline (store it clean, or use "
            "--no-fix to refuse such values)\n"
            "keyguard: error: anthropic: ANTHROPIC_API_KEY sk-ant-a\xE2\x80\xA6" "abcd (sha256:00000000): rejected "
            "(HTTP 401, authentication_error): Anthropic does not accept this key\n");
}

TEST(Report, WritesExactlyOneJsonObjectOnOneLine) {
  std::string text = json_report(sample());
  testing::keep_report(text);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);
  boost::json::error_code ec;
  boost::json::value root = boost::json::parse(text, ec);
  ASSERT_FALSE(ec);
  const auto& top = root.as_object();
  EXPECT_EQ(top.at("keyguard").as_string(), KEYGUARD_VERSION);
  EXPECT_EQ(top.at("ok").as_bool(), false);
  EXPECT_EQ(top.at("exit_code").as_int64(), 77);
  EXPECT_EQ(top.at("elapsed_ms").as_int64(), 143);
  EXPECT_EQ(top.at("ca_source").as_string(), "/etc/ssl/certs/ca-certificates.crt");
  const auto& providers = top.at("providers").as_array();
  ASSERT_EQ(providers.size(), 2u);
  const auto& first = providers[0].as_object();
  for (const char* field : {"provider", "env", "key", "fingerprint", "fixes", "warnings", "outcome", "verdict",
                            "http_status", "error_code", "request_id", "phase", "timings_ms", "message"})
    EXPECT_TRUE(first.contains(field)) << field;
  EXPECT_EQ(first.at("provider").as_string(), "openai");
  EXPECT_EQ(first.at("outcome").as_string(), "authenticated");
  EXPECT_EQ(first.at("verdict").as_string(), "pass");
  EXPECT_EQ(first.at("http_status").as_int64(), 200);
  EXPECT_TRUE(first.at("phase").is_null());
  EXPECT_TRUE(first.at("error_code").is_null());
  const auto& timings = first.at("timings_ms").as_object();
  EXPECT_EQ(timings.at("tls").as_int64(), 9);
  EXPECT_FALSE(timings.contains("proxy"));
  EXPECT_EQ(first.at("fixes").as_array().size(), 1u);
  const auto& second = providers[1].as_object();
  EXPECT_EQ(second.at("verdict").as_string(), "fail");
  EXPECT_EQ(second.at("error_code").as_string(), "authentication_error");
  EXPECT_TRUE(second.at("timings_ms").is_null());
}

TEST(Report, StampsTheJsonWithTheTimeAndALevelForLogCollectors) {
  std::time_t before = std::time(nullptr);
  boost::json::value failing = boost::json::parse(json_report(sample()));
  std::time_t after = std::time(nullptr);
  std::string stamp(failing.at("time").as_string());
  EXPECT_TRUE(std::regex_match(stamp, std::regex("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))) << stamp;
  EXPECT_TRUE(stamp == utc_time(before, true) || stamp == utc_time(after, true)) << stamp;
  EXPECT_EQ(failing.at("level").as_string(), "error");
  CheckResult warned = sample();
  warned.exit_code = ExitCode::ok;
  warned.reports.pop_back();  // the openai line needed attention: a fix
  EXPECT_EQ(boost::json::parse(json_report(warned)).at("level").as_string(), "warning");
  warned.reports[0].fixes.clear();
  EXPECT_EQ(boost::json::parse(json_report(warned)).at("level").as_string(), "info");
}

TEST(Report, WritesUtcTimesWithAFourDigitYear) {
  EXPECT_EQ(utc_time(0, true), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_time(1765447810, true), "2025-12-11T10:10:10Z");
  EXPECT_EQ(utc_time(1765447810, false), "2025-12-11 10:10 UTC");
  EXPECT_EQ(utc_time(951868799, true), "2000-02-29T23:59:59Z");
  EXPECT_EQ(utc_time(-1, true), "1969-12-31T23:59:59Z");
}

TEST(Report, PutsAGlobalErrorInBothFormats) {
  CheckResult result;
  result.exit_code = ExitCode::config;
  result.error = "no API key found";
  EXPECT_EQ(text_report(result), "keyguard: error: no API key found\n");
  auto root = boost::json::parse(json_report(result));
  EXPECT_EQ(root.as_object().at("error").as_string(), "no API key found");
  EXPECT_EQ(root.as_object().at("providers").as_array().size(), 0u);
}

TEST(Report, PutsWarningsAboutTheEnvironmentInBothFormats) {
  CheckResult result = sample();
  result.warnings = {"PATH is set 2 times; the first counts"};
  std::string text = text_report(result);
  EXPECT_EQ(text.substr(0, text.find('\n') + 1), "keyguard: warning: PATH is set 2 times; the first counts\n");
  auto root = boost::json::parse(json_report(result));
  ASSERT_EQ(root.as_object().at("warnings").as_array().size(), 1u);
  EXPECT_EQ(root.as_object().at("warnings").as_array()[0].as_string(), "PATH is set 2 times; the first counts");
  EXPECT_TRUE(boost::json::parse(json_report(CheckResult())).as_object().at("warnings").as_array().empty());
}

TEST(Report, NeedsAttentionOnlyForWarningsFixesOrFailures) {
  CheckResult clean;
  ProviderReport pass;
  pass.provider = find_provider("openai");
  pass.outcome = Outcome::authenticated;
  pass.verdict = Verdict::pass;
  clean.reports = {pass};
  EXPECT_FALSE(needs_attention(clean));
  clean.reports[0].warnings = {"the key looks truncated"};
  EXPECT_TRUE(needs_attention(clean));
  clean.reports[0].warnings.clear();
  clean.warnings = {"PATH is set 2 times; the first counts"};
  EXPECT_TRUE(needs_attention(clean));
  EXPECT_TRUE(needs_attention(sample()));
}

TEST(Report, SummarisesFailuresForTheTerminationLogWithin4KiB) {
  std::string summary = termination_summary(sample());
  EXPECT_EQ(summary.find("openai"), std::string::npos);
  EXPECT_NE(summary.find("anthropic"), std::string::npos);
  CheckResult many = sample();
  many.reports[1].message = std::string(10000, 'm');
  EXPECT_LE(termination_summary(many).size(), 4096u);
}

TEST(Report, OrdersExitCodesBySeverity) {
  using E = ExitCode;
  EXPECT_EQ(more_severe(E::ok, E::unavailable), E::unavailable);
  EXPECT_EQ(more_severe(E::unavailable, E::no_permission), E::no_permission);
  EXPECT_EQ(more_severe(E::config, E::no_permission), E::config);
  EXPECT_EQ(more_severe(E::config, E::no_input), E::no_input);
  EXPECT_EQ(more_severe(E::usage, E::no_input), E::usage);
  EXPECT_EQ(more_severe(E::unavailable, E::ok), E::unavailable);
  // The codes are sysexits' and the shell's, as docs/report.md lists them.
  EXPECT_EQ(status_of(E::usage), 64);
  EXPECT_EQ(status_of(E::no_input), 66);
  EXPECT_EQ(status_of(E::unavailable), 69);
  EXPECT_EQ(status_of(E::internal), 70);
  EXPECT_EQ(status_of(E::no_permission), 77);
  EXPECT_EQ(status_of(E::config), 78);
  EXPECT_EQ(status_of(E::terminated), 143);
}

TEST(Report, NeverShowsOneProvidersKeyInAnotherProvidersAnswer) {
  // OpenAI's answer carries the Anthropic key in its request id and error code (found by
  // fuzz/report_fuzz): every field a server fills is scrubbed against every key.
  const std::string openai = "sk-proj-" + std::string(148, 'A') + "Tail";
  const std::string anthropic = "sk-ant-api03-" + std::string(91, 'B') + "abcd";
  std::string openai_entry = "OPENAI_API_KEY=" + openai, anthropic_entry = "ANTHROPIC_API_KEY=" + anthropic;
  Environment env({openai_entry, anthropic_entry, "OPENAI_BASE_URL=https://127.0.0.1:1/v1",
                   "ANTHROPIC_BASE_URL=https://127.0.0.1:1"});
  ProbeRunner echo_other = [&](const std::vector<ProbeRequest>& requests, const NetworkConfig&, const Deadline&) {
    std::vector<ProbeResult> results(requests.size());
    for (ProbeResult& result : results) {
      result.answered = true;
      result.response.status = 401;
      result.response.headers.emplace_back("x-request-id", anthropic);
      result.response.body = "{\"error\":{\"code\":\"" + anthropic + "\",\"message\":\"no\"}}";
    }
    return results;
  };
  CheckResult result = run_checks(Options(), env, echo_other);
  for (const std::string& out : {text_report(result), json_report(result), termination_summary(result)})
    for (std::size_t i = 0; i + 12 <= anthropic.size(); ++i)
      ASSERT_EQ(out.find(anthropic.substr(i, 12)), std::string::npos) << out;
}

/// A report with every field keyguard writes only sometimes: a global error, warnings, models
/// (one stopped in a phase), a request, proxy timings, --report-only.
CheckResult with_every_optional_field() {
  CheckResult result = sample();
  result.error = "cannot run 'app': not found";
  result.exit_code = ExitCode::ok;
  result.would_exit = ExitCode::no_permission;
  result.report_only = true;
  result.warnings = {"OPENAI_API_KEY is set 2 times; the first counts"};
  ProviderReport& ok = result.reports[0];
  ok.tls_version = "TLSv1.3";
  ok.warnings = {"OPENAI_ORG_ID is not a valid organization id"};
  ok.timings = {0, 1, 2, 3, 4, 5};
  ok.request = RequestShown{"GET", "https://api.openai.com/v1/models", "OPENAI_BASE_URL", "Authorization", "Bearer",
                            {"OpenAI-Organization"}};
  ModelReport available{"gpt-4o", Outcome::available, Verdict::pass, 200, Phase::none, "", "OpenAI lists model gpt-4o", true, {}};
  ModelReport stalled{"gpt-5", Outcome::timeout, Verdict::warn, 0, Phase::response, "", "the check of model gpt-5 got no answer", true, {}};
  ModelReport missing{"gpt-9", Outcome::model_unavailable, Verdict::fail, 404, Phase::none, "model_not_found", "no gpt-9", true, {}};
  stalled.retry = RetryShown{0, Outcome::unreachable, Phase::response, "the server dropped the connection", 0};
  ok.models = {available, stalled, missing};
  ok.verdict = Verdict::fail;
  ok.retry = RetryShown{429, Outcome::rate_limited, Phase::none, "HTTP 429", 1000};
  result.reports[1].phase = Phase::tls;
  result.reports[1].request = RequestShown{"POST", "https://localhost:8443/v1/models", "", "x-api-key", "", {}};
  return result;
}

TEST(Report, PutsTheSchemaVersionFirstInTheJson) {
  boost::json::object top = boost::json::parse(json_report(sample())).as_object();
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top.begin()->key(), "schema");
  EXPECT_EQ(top.at("schema").as_int64(), kReportSchema);
}

TEST(Report, KeepsAReportWithEveryOptionalFieldForTheSchemaTest) {
  std::string text = json_report(with_every_optional_field());
  testing::keep_report(text);  // validated by tests/report_schema_test.py
  boost::json::object top = boost::json::parse(text).as_object();
  EXPECT_TRUE(top.contains("error"));
  EXPECT_EQ(top.at("report_only").as_bool(), true);
  EXPECT_EQ(top.at("would_exit_code").as_int64(), 77);
  const auto& first = top.at("providers").as_array()[0].as_object();
  EXPECT_EQ(first.at("models").as_array().size(), 3u);
  EXPECT_EQ(first.at("models").as_array()[1].at("phase").as_string(), "response");
  EXPECT_EQ(first.at("timings_ms").as_object().size(), 6u);
  EXPECT_EQ(first.at("request").at("key_scheme").as_string(), "Bearer");
  EXPECT_TRUE(top.at("providers").as_array()[1].at("request").at("key_scheme").is_null());
  EXPECT_EQ(first.at("retry").at("waited_ms").as_int64(), 1000);
  EXPECT_EQ(first.at("models").as_array()[1].at("retry").at("phase").as_string(), "response");
  EXPECT_TRUE(top.at("providers").as_array()[1].at("retry").is_null());
}

std::set<std::string> enum_of(const boost::json::value& schema, std::string_view pointer) {
  std::set<std::string> out;
  for (const boost::json::value& item : schema.at_pointer(pointer).as_array())
    out.insert(item.is_null() ? "null" : item.is_string() ? std::string(item.as_string()) : boost::json::serialize(item));
  return out;
}

// docs/report.schema.json spells out the code's tables; this keeps them the same.
TEST(Report, SchemaDocumentNamesEveryOutcomeVerdictPhaseAndExitCodeOfTheCode) {
  std::string text = testing::read_file(std::string(KEYGUARD_SOURCE_DIR) + "/docs/report.schema.json");
  boost::json::error_code ec;
  boost::json::value schema = boost::json::parse(text, ec);
  ASSERT_FALSE(ec) << "docs/report.schema.json: " << ec.message();
  EXPECT_EQ(schema.at_pointer("/properties/schema/const").as_int64(), kReportSchema);

  std::set<std::string> every, providers;
  for (const OutcomeRow& row : outcome_rows()) {
    every.insert(std::string(row.name));
    // A model's own outcomes come last in the table; a key never has them.
    if (row.outcome < Outcome::available) providers.insert(std::string(row.name));
  }
  EXPECT_EQ(enum_of(schema, "/$defs/provider_outcome/enum"), providers);
  EXPECT_EQ(enum_of(schema, "/$defs/model_outcome/enum"), every);

  std::set<std::string> verdicts, phases{"null"};
  for (Verdict verdict : {Verdict::pass, Verdict::warn, Verdict::fail}) verdicts.insert(std::string(verdict_name(verdict)));
  for (int phase = static_cast<int>(Phase::dns); phase <= static_cast<int>(Phase::response); ++phase)
    phases.insert(std::string(phase_name(static_cast<Phase>(phase))));
  EXPECT_EQ(enum_of(schema, "/$defs/verdict/enum"), verdicts);
  EXPECT_EQ(enum_of(schema, "/$defs/phase/enum"), phases);

  // What a report can carry: 0, every status a check weighs but usage (always a text line),
  // and the command's 126 and 127; never 70 (an internal error) or 130 and 143 (signals).
  std::set<std::string> codes{"0", "126", "127"};
  for (const ExitStatusRow& row : exit_status_rows())
    if (row.severity > 0 && row.code != ExitCode::usage) codes.insert(std::to_string(status_of(row.code)));
  EXPECT_EQ(enum_of(schema, "/$defs/exit_code/enum"), codes);
  EXPECT_EQ(status_of(ExitCode::cannot_execute), 126);
  EXPECT_EQ(status_of(ExitCode::not_found), 127);
}

}  // namespace
}  // namespace keyguard
