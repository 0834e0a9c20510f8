// Model checks (--model, KEYGUARD_MODELS) through the real binary, against the fake provider
// speaking each fixture's dialect: a model that exists, one that does not (with the close ids
// keyguard suggests), one the key may not use, an indeterminate answer, several models on the
// probe's connection, the deadline over all of them, ids that need percent-encoding, the
// providers that cannot check a model without spending tokens, and the usage errors. The
// suites are instantiated over the fixtures (tests/provider_fixtures.cpp): a fixture brings its
// tests, by the way its provider checks a model.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "fake_provider.h"
#include "harness.h"
#include "provider_fixtures.h"
#include "provider_world.h"
#include "providers.h"

namespace keyguard::testing {
namespace {

using namespace fixture_world;

// ---------------------------------------------------------------------------------------------
// Helpers

/// "openai=a,openai=b": MODELS of F as --model takes them.
std::string model_list(const ProviderFixture& f, const std::vector<std::string>& models) {
  std::string list;
  for (const std::string& model : models) list += (list.empty() ? "" : ",") + f.name + "=" + model;
  return list;
}

/// A run of F against SCENARIO with --model for MODELS, and the entries of its report.
struct ModelsRun {
  Ran ran;
  boost::json::object entry;               ///< the provider's
  std::vector<boost::json::object> models; ///< entry.models, in order
  std::string where;                       ///< what to print when a check fails
};

ModelsRun run_models(const ProviderFixture& f, const std::string& scenario, const std::vector<std::string>& models,
                     std::vector<std::string> extra_args = {}) {
  std::vector<std::string> args = {"--model", model_list(f, models)};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  JsonRun json = keyguard_json(args, env_for(f, scenario));
  ModelsRun run;
  run.ran = json.ran;
  run.entry = json.entry;
  run.where = "exit " + std::to_string(run.ran.exit_code) + ", " + std::to_string(run.ran.elapsed_ms) + " ms: " + run.ran.err;
  const boost::json::value* list = run.entry.if_contains("models");
  if (list == nullptr || !list->is_array()) {
    ADD_FAILURE() << "no models array in the provider's entry: " << run.where;
    return run;
  }
  for (const boost::json::value& model : list->as_array()) {
    if (!model.is_object()) {
      ADD_FAILURE() << "a models entry is no object: " << run.where;
      continue;
    }
    run.models.push_back(model.as_object());
  }
  EXPECT_EQ(run.models.size(), models.size()) << "one models entry per model asked for: " << run.where;
  return run;
}

/// The models entry I of RUN, or an empty object (with a failure) when there is none.
boost::json::object model_at(const ModelsRun& run, std::size_t i) {
  if (i < run.models.size()) return run.models[i];
  ADD_FAILURE() << "no models entry " << i << ": " << run.where;
  return {};
}

/// %XX decoded.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// The id F's provider is asked about for MODEL as --model gives it: Gemini drops "models/".
std::string id_sent(const ProviderFixture& f, const std::string& model) {
  constexpr std::string_view kGeminiPrefix = "models/";
  if (f.name == "gemini" && model.starts_with(kGeminiPrefix)) return model.substr(kGeminiPrefix.size());
  return model;
}

/// The targets, percent-decoded, of the model requests F's check of MODELS sends after the
/// probe on SCENARIO: one per model on a route, one list request, or none.
std::vector<std::string> model_targets(const ProviderFixture& f, const std::string& scenario,
                                       const std::vector<std::string>& models) {
  const std::string prefix = "/" + f.name + "/" + scenario;
  std::vector<std::string> targets;
  switch (f.model_check) {
    case FixtureModelCheck::route:
      for (const std::string& model : models) targets.push_back(prefix + f.model_route + id_sent(f, model));
      break;
    case FixtureModelCheck::list_request: targets.push_back(prefix + f.model_list_target); break;
    case FixtureModelCheck::probe_list:
    case FixtureModelCheck::unchecked: break;
  }
  return targets;
}

/// MODEL and up to two more ids the key may use.
std::vector<std::string> three_models(const ProviderFixture& f) {
  std::vector<std::string> models = {f.model};
  for (std::size_t i = 0; i < f.other_models.size() && models.size() < 3; ++i) models.push_back(f.other_models[i]);
  return models;
}

/// Checks that SENT is the probe and then exactly the model requests for MODELS of F on
/// SCENARIO, each with the probe's headers, only the last saying "Connection: close".
void expect_probe_then_model_requests(const ProviderFixture& f, const std::string& scenario,
                                      const std::vector<std::string>& models, const std::vector<RecordedRequest>& sent,
                                      const std::string& where) {
  const std::vector<std::string> targets = model_targets(f, scenario, models);
  ASSERT_EQ(sent.size(), 1 + targets.size()) << where;
  EXPECT_EQ(sent[0].target, "/" + f.name + "/" + scenario + f.target) << where;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    SCOPED_TRACE("model request " + std::to_string(i + 1));
    EXPECT_EQ(sent[1 + i].method, "GET") << where;
    EXPECT_EQ(percent_decoded(sent[1 + i].target), targets[i]) << sent[1 + i].target;
    if (f.model_check == FixtureModelCheck::route) {
      // The id is one path segment: its slashes and spaces travel percent-encoded.
      const std::string raw_id = sent[1 + i].target.substr(("/" + f.name + "/" + scenario + f.model_route).size());
      EXPECT_EQ(raw_id.find_first_of("/ "), std::string::npos) << sent[1 + i].target;
    }
  }
  for (std::size_t i = 0; i < sent.size(); ++i) {
    SCOPED_TRACE("request " + std::to_string(i) + " " + sent[i].target);
    HeaderList headers = headers_without_connection(f, f.key_var(), f.key);
    if (i + 1 == sent.size()) headers.emplace_back("connection", "close");
    // The POST probe (Cohere's) has its Content-Length among the provider headers; a model
    // request is a GET without one. No provider with a POST probe checks models today.
    EXPECT_EQ(sent[i].headers, headers) << "only the last request of a connection says Connection: close";
  }
}

std::vector<RecordedRequest> requests() { return World::get().server->requests(); }

std::string test_name_of(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

/// The fixtures whose provider checks a model somehow (a route, a list), or the others.
std::vector<std::string> fixture_names(bool checked) {
  std::vector<std::string> names;
  for (const ProviderFixture& f : provider_fixtures())
    if ((f.model_check != FixtureModelCheck::unchecked) == checked) names.push_back(f.name);
  return names;
}

class ModelsWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    World& world = World::get();
    ASSERT_TRUE(world.server) << world.error;
    world.server->clear_requests();
  }
};

// ---------------------------------------------------------------------------------------------
// The fixtures and the table

const char* lookup_name(ModelLookup lookup) {
  switch (lookup) {
    case ModelLookup::none: return "unchecked";
    case ModelLookup::route: return "route";
    case ModelLookup::in_list: return "probe_list";
    case ModelLookup::list_route: return "list_request";
  }
  return "?";
}

const char* check_name(FixtureModelCheck check) {
  switch (check) {
    case FixtureModelCheck::unchecked: return "unchecked";
    case FixtureModelCheck::route: return "route";
    case FixtureModelCheck::probe_list: return "probe_list";
    case FixtureModelCheck::list_request: return "list_request";
  }
  return "?";
}

TEST(ModelsTable, ChecksEachProvidersModelsTheWayItsFixtureSays) {
  for (const Provider& row : providers()) {
    const ProviderFixture* f = find_fixture(row.name);
    if (f == nullptr) continue;  // ProvidersTable.HasAFixtureForEveryRow says so
    EXPECT_STREQ(lookup_name(row.models.lookup), check_name(f->model_check)) << row.name;
  }
}

TEST(ModelsFixtures, EachNamesAModelAndEachCheckableOneWhatItNeeds) {
  for (const ProviderFixture& f : provider_fixtures()) {
    SCOPED_TRACE(f.name);
    EXPECT_FALSE(f.model.empty());
    if (f.model_check == FixtureModelCheck::unchecked) continue;
    EXPECT_FALSE(f.model_typo.empty());
    EXPECT_FALSE(f.knows_model(f.model_typo));
    EXPECT_FALSE(f.other_models.empty());
    const std::string& list = f.model_check == FixtureModelCheck::list_request ? f.model_list.body : f.success.answer.body;
    if (f.suggests_models) {
      // Gemini's list names it "models/gemini-2.0-flash".
      EXPECT_NE(list.find(f.model + '"'), std::string::npos) << "the model keyguard suggests is in the list";
    }
    if (f.model_check == FixtureModelCheck::route) {
      EXPECT_FALSE(f.model_route.empty());
      EXPECT_EQ(f.model_found.status, 200);
      EXPECT_NE(f.model_found.body.find("{MODEL}"), std::string::npos);
      EXPECT_EQ(f.model_missing.status, 404);
      EXPECT_GE(f.other_models.size(), 2u) << "three models on one connection";
    }
    if (f.model_check == FixtureModelCheck::probe_list || f.model_check == FixtureModelCheck::list_request) {
      for (const std::string& other : f.other_models)
        EXPECT_NE(list.find('"' + other + '"'), std::string::npos) << other << " is in the list";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Per fixture whose provider checks models

class ModelCheckRow : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    World& world = World::get();
    ASSERT_TRUE(world.server) << world.error;
    world.server->clear_requests();
    fixture_ = find_fixture(GetParam());
    ASSERT_NE(fixture_, nullptr);
  }
  const ProviderFixture& fixture() const { return *fixture_; }
  /// Whether the check of a model sends a request after the probe.
  bool sends_model_requests() const {
    return fixture_->model_check == FixtureModelCheck::route || fixture_->model_check == FixtureModelCheck::list_request;
  }

 private:
  const ProviderFixture* fixture_ = nullptr;
};

TEST_P(ModelCheckRow, PassesAModelTheKeyMayUse) {
  const ProviderFixture& f = fixture();
  ModelsRun run = run_models(f, "valid", {f.model});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "pass") << run.where;
  const boost::json::object model = model_at(run, 0);
  EXPECT_EQ(str(model, "model"), f.model) << run.where;
  EXPECT_EQ(str(model, "outcome"), "available") << run.where;
  EXPECT_EQ(str(model, "verdict"), "pass") << run.where;
  for (std::string_view field : {"http_status", "error_code", "message"}) {
    EXPECT_NE(str(model, field), "(absent)") << field << ": " << run.where;
  }
  if (f.model_check == FixtureModelCheck::route) {
    EXPECT_EQ(str(model, "http_status"), "200") << run.where;
  }
  expect_probe_then_model_requests(f, "valid", {f.model}, requests(), run.where);
  EXPECT_EQ(World::get().server->connections(), 1) << run.where;
}

TEST_P(ModelCheckRow, CallsAModelThatDoesNotExistUnavailableSuggestingCloseIds) {
  const ProviderFixture& f = fixture();
  ModelsRun run = run_models(f, "valid", {f.model_typo});
  EXPECT_EQ(run.ran.exit_code, 77) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << "the provider's outcome is the key's: " << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "fail") << "the worst of the key's and its models': " << run.where;
  const boost::json::object model = model_at(run, 0);
  EXPECT_EQ(str(model, "model"), f.model_typo) << run.where;
  EXPECT_EQ(str(model, "outcome"), "model_unavailable") << run.where;
  EXPECT_EQ(str(model, "verdict"), "fail") << run.where;
  if (f.model_check == FixtureModelCheck::route) {
    EXPECT_EQ(str(model, "http_status"), "404") << run.where;
  }
  const std::string message = str(model, "message");
  EXPECT_NE(message.find(f.model_typo), std::string::npos) << "names the model: " << message;
  EXPECT_NE(message.find(f.key_var().name), std::string::npos) << "names the key's variable: " << message;
  if (f.suggests_models) {
    EXPECT_NE(message.find("did you mean " + f.model), std::string::npos) << message;
  } else {
    EXPECT_EQ(message.find("did you mean"), std::string::npos) << "keyguard has no list to suggest from: " << message;
  }
  EXPECT_FALSE(holds_run_of(run.ran.err, f.key)) << run.where;

  // Text: the provider's line, and one line for the model that did not pass.
  Ran text = keyguard({"--model", model_list(f, {f.model, f.model_typo})}, env_for(f, "valid"));
  EXPECT_EQ(text.exit_code, 77) << text.err;
  EXPECT_EQ(count_lines(text.err), 2) << text.err;
  const std::string line = "keyguard: error: " + f.name + ": model " + f.model_typo + ": model_unavailable";
  EXPECT_NE(text.err.find("\n" + line), std::string::npos) << "a line of its own, after the provider's: " << text.err;
  EXPECT_EQ(text.err.find("model " + f.model + ":"), std::string::npos) << "no line for the model that passed: " << text.err;
  EXPECT_FALSE(holds_run_of(text.err, f.key)) << text.err;
}

TEST_P(ModelCheckRow, CallsAModelTheKeyMayNotUseUnavailable) {
  const ProviderFixture& f = fixture();
  if (!f.model_forbidden) GTEST_SKIP() << f.name << " has no known answer for a model the key may not use";
  ModelsRun run = run_models(f, "valid", {std::string(kBlockedModel)});
  EXPECT_EQ(run.ran.exit_code, 77) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "fail") << run.where;
  const boost::json::object model = model_at(run, 0);
  EXPECT_EQ(str(model, "outcome"), "model_unavailable") << run.where;
  EXPECT_EQ(str(model, "verdict"), "fail") << run.where;
  EXPECT_EQ(str(model, "http_status"), std::to_string(f.model_forbidden->status)) << run.where;
  const std::string message = str(model, "message");
  EXPECT_NE(message.find(kBlockedModel), std::string::npos) << message;
  EXPECT_NE(message.find(f.key_var().name), std::string::npos) << message;
}

TEST_P(ModelCheckRow, WarnsWhenTheModelCheckGetsAServerErrorAndFailsUnderStrict) {
  const ProviderFixture& f = fixture();
  if (!sends_model_requests()) GTEST_SKIP() << f.name << " looks models up in the probe's answer: nothing else can fail";
  // A route: the flaky model's request gets 500. A list request: the scenario makes it fail.
  const bool route = f.model_check == FixtureModelCheck::route;
  const std::string scenario = route ? "valid" : "flaky_list";
  const std::string model = route ? std::string(kFlakyModel) : f.model;
  ModelsRun run = run_models(f, scenario, {model});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "warn") << run.where;
  const boost::json::object entry = model_at(run, 0);
  EXPECT_EQ(str(entry, "outcome"), "server_error") << run.where;
  EXPECT_EQ(str(entry, "verdict"), "warn") << run.where;
  EXPECT_EQ(str(entry, "http_status"), "500") << run.where;

  Ran strict = keyguard({"--strict", "--model", model_list(f, {model})}, env_for(f, scenario));
  EXPECT_EQ(strict.exit_code, 69) << "an indeterminate model check fails under --strict: " << strict.err;
}

TEST_P(ModelCheckRow, ChecksThreeModelsOnTheProbesConnection) {
  const ProviderFixture& f = fixture();
  const std::vector<std::string> models = three_models(f);
  ModelsRun run = run_models(f, "valid", models);
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const boost::json::object entry = model_at(run, i);
    EXPECT_EQ(str(entry, "model"), models[i]) << run.where;
    EXPECT_EQ(str(entry, "outcome"), "available") << run.where;
  }
  const std::vector<RecordedRequest> sent = requests();
  EXPECT_EQ(World::get().server->connections(), 1) << "one TLS handshake: " << run.where;
  for (const RecordedRequest& request : sent) {
    EXPECT_EQ(request.connection, 0) << request.target;
  }
  expect_probe_then_model_requests(f, "valid", models, sent, run.where);
}

TEST_P(ModelCheckRow, OpensANewConnectionAfterAnAnswerThatEndsWithTheConnection) {
  const ProviderFixture& f = fixture();
  if (!sends_model_requests()) GTEST_SKIP() << f.name << " sends no request after the probe";
  // The probe's answer has no length: its end is the end of the connection.
  const std::vector<std::string> models = {f.model, f.other_models[0]};
  ModelsRun run = run_models(f, "close_delimited", models);
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  for (std::size_t i = 0; i < models.size(); ++i) {
    EXPECT_EQ(str(model_at(run, i), "outcome"), "available") << run.where;
  }
  const std::vector<RecordedRequest> sent = requests();
  EXPECT_EQ(World::get().server->connections(), 2) << run.where;
  ASSERT_EQ(sent.size(), 1 + model_targets(f, "close_delimited", models).size()) << run.where;
  EXPECT_EQ(sent[0].connection, 0);
  for (std::size_t i = 1; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].connection, 1) << "the model requests share the second connection: " << sent[i].target;
  }
  EXPECT_EQ(sent.back().headers.back(), (std::pair<std::string, std::string>{"connection", "close"}));
}

TEST_P(ModelCheckRow, OpensANewConnectionWhenTheServerSaysClose) {
  const ProviderFixture& f = fixture();
  if (!sends_model_requests()) GTEST_SKIP() << f.name << " sends no request after the probe";
  // Every answer says "Connection: close", and the server closes after it.
  const std::vector<std::string> models = {f.model, f.other_models[0]};
  ModelsRun run = run_models(f, "no_keep_alive", models);
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  for (std::size_t i = 0; i < models.size(); ++i) {
    EXPECT_EQ(str(model_at(run, i), "outcome"), "available") << run.where;
  }
  const std::vector<RecordedRequest> sent = requests();
  const std::size_t expected = 1 + model_targets(f, "no_keep_alive", models).size();
  ASSERT_EQ(sent.size(), expected) << run.where;
  EXPECT_EQ(World::get().server->connections(), static_cast<int>(expected)) << "a connection per request: " << run.where;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].connection, static_cast<int>(i)) << sent[i].target;
  }
}

TEST_P(ModelCheckRow, NeverTakesAnAnswerNobodyAskedForAsAModelsOwn) {
  const ProviderFixture& f = fixture();
  if (f.model_check != FixtureModelCheck::route) GTEST_SKIP() << f.name << " asks about no model by its id";
  // The stray answer says kStrayModel exists; asked truthfully, the server says it does not.
  const std::vector<std::string> models = {std::string(kStrayModel), f.model};
  for (const std::string scenario : {"stray_same_record", "stray_own_record", "stray_before_next"}) {
    SCOPED_TRACE(scenario);
    World::get().server->clear_requests();
    ModelsRun run = run_models(f, scenario, models);
    EXPECT_EQ(run.ran.exit_code, 77) << run.where;
    EXPECT_EQ(str(model_at(run, 0), "model"), kStrayModel) << run.where;
    EXPECT_EQ(str(model_at(run, 0), "outcome"), "model_unavailable") << run.where;
    EXPECT_EQ(str(model_at(run, 1), "model"), f.model) << run.where;
    EXPECT_EQ(str(model_at(run, 1), "outcome"), "available") << run.where;
    // Each model was asked about on a connection in step, and its last answer is its own.
    std::vector<std::string> asked;
    for (const RecordedRequest& request : requests())
      if (request.target != "/" + f.name + "/" + scenario + f.target) asked.push_back(percent_decoded(request.target));
    ASSERT_FALSE(asked.empty()) << run.where;
    EXPECT_EQ(asked.back(), "/" + f.name + "/" + scenario + f.model_route + id_sent(f, f.model)) << run.where;
  }
}

TEST_P(ModelCheckRow, AsksAgainOnANewConnectionWhenAKeptOneClosesAsTheRequestGoesOut) {
  const ProviderFixture& f = fixture();
  if (f.model_check != FixtureModelCheck::route) GTEST_SKIP() << f.name << " sends one request after the probe at most";
  // The second request on each connection is read and the connection closed without an answer.
  const std::vector<std::string> models = three_models(f);
  ModelsRun run = run_models(f, "drop_next", models, {"--strict"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  for (std::size_t i = 0; i < models.size(); ++i) {
    EXPECT_EQ(str(model_at(run, i), "outcome"), "available") << run.where;
  }
  // The probe, and each model asked twice: once on a kept connection, once on a new one.
  EXPECT_EQ(requests().size(), 1 + 2 * models.size()) << run.where;
  EXPECT_EQ(World::get().server->connections(), static_cast<int>(1 + models.size())) << run.where;
}

TEST_P(ModelCheckRow, OpensANewConnectionAfterAnHttp10AnswerWithoutKeepAlive) {
  const ProviderFixture& f = fixture();
  if (!sends_model_requests()) GTEST_SKIP() << f.name << " sends no request after the probe";
  const std::vector<std::string> models = {f.model, f.other_models[0]};
  ModelsRun run = run_models(f, "http10", models, {"--strict"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  for (std::size_t i = 0; i < models.size(); ++i) {
    EXPECT_EQ(str(model_at(run, i), "outcome"), "available") << run.where;
  }
  const std::vector<RecordedRequest> sent = requests();
  const std::size_t expected = 1 + model_targets(f, "http10", models).size();
  ASSERT_EQ(sent.size(), expected) << "no request sent twice: " << run.where;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].connection, static_cast<int>(i)) << "a connection per request: " << sent[i].target;
  }
}

TEST_P(ModelCheckRow, PassesWhenTheServerClosesAfterEachAnswerWithoutSayingSo) {
  const ProviderFixture& f = fixture();
  if (!sends_model_requests()) GTEST_SKIP() << f.name << " sends no request after the probe";
  // HTTP/1.1 answers with a length and no Connection header; the server closes after each.
  const std::vector<std::string> models = three_models(f);
  ModelsRun run = run_models(f, "close_unsaid", models, {"--strict"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  for (std::size_t i = 0; i < models.size(); ++i) {
    EXPECT_EQ(str(model_at(run, i), "outcome"), "available") << run.where;
  }
}

TEST_P(ModelCheckRow, HoldsTheDeadlineWhenAModelRequestStallsNamingWhereItStopped) {
  const ProviderFixture& f = fixture();
  if (!sends_model_requests()) GTEST_SKIP() << f.name << " sends no request after the probe";
  const bool route = f.model_check == FixtureModelCheck::route;
  // A route: the second of three model requests is never answered. A list request: the list is not.
  const std::string scenario = route ? "valid" : "stall_list";
  const std::vector<std::string> models =
      route ? std::vector<std::string>{f.model, std::string(kStallModel), f.other_models[0]} : std::vector<std::string>{f.model};
  ModelsRun run = run_models(f, scenario, models, {"--timeout", "1s"});
  EXPECT_LT(run.ran.elapsed_ms, 1500) << run.where;
  EXPECT_GE(run.ran.elapsed_ms, 950) << run.where;
  EXPECT_EQ(run.ran.exit_code, 0) << "a timeout is indeterminate: " << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "warn") << run.where;
  if (route) {
    EXPECT_EQ(str(model_at(run, 0), "outcome"), "available") << "the answer before the stall stands: " << run.where;
    EXPECT_EQ(str(model_at(run, 0), "phase"), "null") << run.where;
    EXPECT_EQ(str(model_at(run, 1), "outcome"), "timeout") << run.where;
    EXPECT_EQ(str(model_at(run, 1), "http_status"), "null") << run.where;
    EXPECT_EQ(str(model_at(run, 1), "phase"), "response") << "its request was sent, its answer never came: " << run.where;
    // The third was never asked: the deadline had passed, in no phase of its own.
    EXPECT_EQ(str(model_at(run, 2), "outcome"), "timeout") << run.where;
    EXPECT_EQ(str(model_at(run, 2), "phase"), "null") << run.where;
    EXPECT_EQ(requests().size(), 3u) << "the probe, the first model and the stalled one: " << run.where;
  } else {
    EXPECT_EQ(str(model_at(run, 0), "outcome"), "timeout") << run.where;
    EXPECT_EQ(str(model_at(run, 0), "phase"), "response") << run.where;
    EXPECT_EQ(requests().size(), 2u) << run.where;
  }
}

TEST_P(ModelCheckRow, PercentEncodesTheModelIdInThePath) {
  const ProviderFixture& f = fixture();
  if (f.model_check != FixtureModelCheck::route) GTEST_SKIP() << f.name << " sends no model id in a path";
  ModelsRun run = run_models(f, "valid", {std::string(kFineTunedModel)});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  EXPECT_EQ(str(model_at(run, 0), "outcome"), "available") << run.where;
  EXPECT_EQ(str(model_at(run, 0), "model"), kFineTunedModel) << run.where;
  const std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 2u) << run.where;
  EXPECT_EQ(sent[1].target, "/" + f.name + "/valid" + f.model_route + "my%20org%2Fmodel%20x");
}

TEST_P(ModelCheckRow, DoesNotAskAboutModelsWhenTheKeyIsRejected) {
  const ProviderFixture& f = fixture();
  ModelsRun run = run_models(f, "revoked", {f.model});
  EXPECT_EQ(run.ran.exit_code, 77) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "rejected") << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "fail") << run.where;
  EXPECT_NE(str(model_at(run, 0), "outcome"), "available") << run.where;
  const std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 1u) << "the probe only: " << run.where;
  EXPECT_EQ(sent[0].target, "/" + f.name + "/revoked" + f.target);
  EXPECT_FALSE(holds_run_of(run.ran.err, f.key)) << run.where;
}

TEST_P(ModelCheckRow, SkipsTheModelsOffline) {
  const ProviderFixture& f = fixture();
  ModelsRun run = run_models(f, "valid", {f.model, f.model_typo}, {"--offline"});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "skipped") << run.where;
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(str(model_at(run, i), "outcome"), "skipped") << run.where;
    EXPECT_EQ(str(model_at(run, i), "http_status"), "null") << run.where;
  }
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(World::get().server->connections(), 0);
}

INSTANTIATE_TEST_SUITE_P(Models, ModelCheckRow, ::testing::ValuesIn(fixture_names(true)), test_name_of);

// ---------------------------------------------------------------------------------------------
// Per fixture whose provider cannot check a model without spending tokens

class UncheckedModelRow : public ModelCheckRow {};

TEST_P(UncheckedModelRow, CallsTheModelUncheckedSayingSoAndPassesEvenUnderStrict) {
  const ProviderFixture& f = fixture();
  ModelsRun run = run_models(f, "valid", {f.model});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  EXPECT_EQ(str(run.entry, "outcome"), "authenticated") << run.where;
  EXPECT_EQ(str(run.entry, "verdict"), "warn") << run.where;
  const boost::json::object model = model_at(run, 0);
  EXPECT_EQ(str(model, "model"), f.model) << run.where;
  EXPECT_EQ(str(model, "outcome"), "unchecked") << run.where;
  EXPECT_EQ(str(model, "verdict"), "warn") << run.where;
  EXPECT_EQ(str(model, "http_status"), "null") << run.where;
  const std::string message = str(model, "message");
  EXPECT_NE(message.find("not checked"), std::string::npos) << message;
  // The probe alone, as without --model.
  const std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 1u) << run.where;
  EXPECT_EQ(sent[0].target, "/" + f.name + "/valid" + f.target);
  EXPECT_EQ(sent[0].headers, expected_headers(f, f.key_var(), f.key));

  Ran strict = keyguard({"--strict", "--model", model_list(f, {f.model})}, env_for(f, "valid"));
  EXPECT_EQ(strict.exit_code, 0) << "nothing indeterminate happened: " << strict.err;
  Ran text = keyguard({"--model", model_list(f, {f.model})}, env_for(f, "valid"));
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(count_lines(text.err), 2) << text.err;
  EXPECT_NE(text.err.find("\nkeyguard: warning: " + f.name + ": model " + f.model + ": unchecked"), std::string::npos)
      << text.err;
}

INSTANTIATE_TEST_SUITE_P(Models, UncheckedModelRow, ::testing::ValuesIn(fixture_names(false)), test_name_of);

// ---------------------------------------------------------------------------------------------
// One provider's particulars

using ModelsProvider = ModelsWorld;

TEST_F(ModelsProvider, DropsGeminisLeadingModelsPrefix) {
  const ProviderFixture& f = *find_fixture("gemini");
  ModelsRun run = run_models(f, "valid", {"models/" + f.model});
  EXPECT_EQ(run.ran.exit_code, 0) << run.where;
  EXPECT_EQ(str(model_at(run, 0), "outcome"), "available") << run.where;
  const std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 2u) << run.where;
  EXPECT_EQ(sent[1].target, "/gemini/valid/v1beta/models/" + f.model);
}

TEST_F(ModelsProvider, SendsAnthropicsBearerTokenAndVersionOnItsModelRoute) {
  const ProviderFixture& f = *find_fixture("anthropic");
  const FixtureKeyVar& bearer = f.key_vars.at(1);
  ASSERT_EQ(bearer.name, "ANTHROPIC_AUTH_TOKEN");
  Ran ran = keyguard({"--model", "anthropic=" + f.model}, env_for(f, "valid", bearer));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  const std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 2u) << ran.err;
  HeaderList headers = headers_without_connection(f, bearer, f.key);
  EXPECT_EQ(sent[0].headers, headers);
  headers.emplace_back("connection", "close");
  EXPECT_EQ(sent[1].headers, headers);
}

TEST_F(ModelsProvider, ChecksEachProvidersModelsOnItsOwnConnection) {
  const ProviderFixture& openai = *find_fixture("openai");
  const ProviderFixture& groq = *find_fixture("groq");
  std::vector<std::string> env = env_for(openai, "valid");
  const std::vector<std::string> more = env_for(groq, "valid");
  env.insert(env.end(), more.begin() + 2, more.end());  // groq's key and base URL
  Ran ran = keyguard({"--model", "openai=" + openai.model + ",groq=" + groq.model_typo}, env);
  EXPECT_EQ(ran.exit_code, 77) << ran.err;
  EXPECT_EQ(World::get().server->connections(), 2) << ran.err;
  EXPECT_EQ(requests().size(), 4u) << ran.err;
  EXPECT_NE(ran.err.find("keyguard: error: groq: model " + groq.model_typo + ": model_unavailable"), std::string::npos)
      << ran.err;
}

TEST_F(ModelsProvider, ScrubsAKeyFromAFileOutOfTheModelsNameInEveryReport) {
  // Mistral's keys have no telling shape, and one read from a file is in no variable: the id
  // gets through to the check, and every field of the report is scrubbed against the key.
  const ProviderFixture& f = *find_fixture("mistral");
  TempDir dir;
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "KEYGUARD_CA_FILE=" + World::get().pki.ca_cert,
                                   "MISTRAL_API_KEY_FILE=" + dir.write("key", f.key + "\n"),
                                   f.base_var + "=" + base_url(f, "valid")};
  JsonRun json = keyguard_json({"--model", "mistral=" + f.key}, env);
  EXPECT_EQ(json.ran.exit_code, 77) << json.ran.err;
  const boost::json::value* models = json.entry.if_contains("models");
  ASSERT_TRUE(models != nullptr && models->is_array() && models->as_array().size() == 1) << json.ran.err;
  const boost::json::object& model = models->as_array()[0].as_object();
  EXPECT_EQ(str(model, "outcome"), "model_unavailable") << json.ran.err;
  EXPECT_EQ(str(model, "model"), "[redacted]") << json.ran.err;
  EXPECT_FALSE(holds_run_of(json.ran.err, f.key)) << json.ran.err;

  Ran text = keyguard({"--model", "mistral=" + f.key}, env);
  EXPECT_EQ(text.exit_code, 77) << text.err;
  EXPECT_NE(text.err.find("keyguard: error: mistral: model [redacted]: model_unavailable"), std::string::npos) << text.err;
  EXPECT_FALSE(holds_run_of(text.err, f.key)) << text.err;
}

// ---------------------------------------------------------------------------------------------
// The deadline over "did you mean"

using ModelsDeadline = ModelsWorld;

TEST_F(ModelsDeadline, EndsWithinTheDeadlineSuggestingForManyLongIdsFromALongList) {
  // 64 ids (the most --model takes), each one letter off one of the 900 listed, 32 of 120
  // bytes then 32 of 200: a full edit distance against every listed id of about the same
  // length is millions of steps per model.
  const ProviderFixture& f = *find_fixture("openai");
  std::vector<std::string> models;
  for (int odd : {0, 1}) {
    for (int i = 0; i < 32; ++i) {
      std::string id = many_model_id(i * 28 + odd);
      id.back() = 'Z';
      models.push_back(id);
    }
  }
  ModelsRun run = run_models(f, "many_models", models, {"--timeout", "500ms"});
  EXPECT_LT(run.ran.elapsed_ms, 1000) << run.where.substr(0, 2000);
  EXPECT_TRUE(run.ran.exit_code == 77 || run.ran.exit_code == 0) << "each model is unavailable, or timed out: " << run.where.substr(0, 2000);
}

// ---------------------------------------------------------------------------------------------
// --model and KEYGUARD_MODELS

using ModelsOptions = ModelsWorld;

/// Checks that RAN is a usage error: 64, one line naming SHOWN, nothing probed.
void expect_usage_error(const Ran& ran, const std::string& shown, const std::string& where) {
  EXPECT_EQ(ran.exit_code, 64) << where << ": " << ran.err;
  EXPECT_EQ(count_lines(ran.err), 1) << where << ": " << ran.err;
  EXPECT_EQ(ran.err.rfind("keyguard: ", 0), 0u) << where << ": " << ran.err;
  EXPECT_NE(ran.err.find(shown), std::string::npos) << where << " names " << shown << ": " << ran.err;
  EXPECT_TRUE(requests().empty()) << where;
}

TEST_F(ModelsOptions, RefusesAnEntryWithoutEqualsAnUnknownProviderOrAnEmptyModelNamingIt) {
  const ProviderFixture& f = *find_fixture("openai");
  for (const std::string& bad : {std::string("openai"), std::string("llama=x"), std::string("openai=")}) {
    for (const std::string& list : {bad, "openai=" + f.model + "," + bad}) {
      for (bool twin : {false, true}) {
        std::vector<std::string> env = env_for(f, "valid");
        std::vector<std::string> args;
        if (twin) env.push_back("KEYGUARD_MODELS=" + list);
        else args = {"--model", list};
        const std::string where = (twin ? "KEYGUARD_MODELS=" : "--model ") + list;
        expect_usage_error(keyguard(args, env), bad, where);
        // Even with --format json: the options that would choose JSON could not be read.
        args.insert(args.begin(), {"--format", "json"});
        expect_usage_error(keyguard(args, env), bad, where + " --format json");
      }
    }
  }
}

TEST_F(ModelsOptions, ShowsOnlyTheLengthOfALongOrKeyShapedEntry) {
  const ProviderFixture& f = *find_fixture("openai");
  const std::string long_entry(100, 'x');
  for (const std::string& entry : {f.key, long_entry, "llama=" + f.key}) {
    Ran ran = keyguard({"--model", entry}, env_for(f, "valid"));
    EXPECT_EQ(ran.exit_code, 64) << ran.err;
    EXPECT_EQ(count_lines(ran.err), 1) << ran.err;
    EXPECT_FALSE(holds_run_of(ran.err, entry)) << ran.err;
    EXPECT_NE(ran.err.find(std::to_string(entry.size())), std::string::npos) << "its length: " << ran.err;
  }
  EXPECT_TRUE(requests().empty());
}

TEST_F(ModelsOptions, RefusesDotSegmentModelIds) {
  // Behind a front that normalises paths, /v1/models/. is the list and /v1/models/.. the API's
  // root: a 2xx in JSON that would read as "available" (the fake provider answers so).
  const ProviderFixture& openai = *find_fixture("openai");
  for (const std::string id : {".", "..", "%2e", "%2E%2e", ".%2e"}) {
    for (bool twin : {false, true}) {
      std::vector<std::string> env = env_for(openai, "valid");
      std::vector<std::string> args;
      if (twin) env.push_back("KEYGUARD_MODELS=openai=" + openai.model + ",openai=" + id);
      else args = {"--model", "openai=" + openai.model + ",openai=" + id};
      expect_usage_error(keyguard(args, env), "path step", (twin ? "KEYGUARD_MODELS " : "--model ") + id);
    }
  }
  // Gemini's leading "models/" is dropped first: "models/.." asks about "..".
  const ProviderFixture& gemini = *find_fixture("gemini");
  expect_usage_error(keyguard({"--model", "gemini=models/.."}, env_for(gemini, "valid")), "path step", "gemini=models/..");
}

TEST_F(ModelsOptions, RefusesAKeyGivenAsAModelIdWithoutShowingIt) {
  const ProviderFixture& openai = *find_fixture("openai");
  struct Case {
    std::vector<std::string> args;
    std::string twin;    ///< KEYGUARD_MODELS, when not empty
    std::string key;     ///< what must not be shown
    std::string names;   ///< the entry, by place and provider
  };
  std::vector<Case> cases = {
      {{}, "openai=" + openai.key, openai.key, "entry 1 of KEYGUARD_MODELS (openai, "},
      {{"--model", "openai=" + openai.model + ",openai=" + openai.key}, "", openai.key, "entry 2 of --model (openai, "},
      // A piece of the key inside an id.
      {{"--model", "openai=ft:gpt-4o-mini:" + openai.key.substr(20, 24)}, "", openai.key, "entry 1 of --model (openai, "},
  };
  // Any provider's key, by its documented shape, even in no variable here.
  for (const ProviderFixture& other : provider_fixtures())
    if (!other.distinctive_prefix.empty())
      cases.push_back({{"--offline", "--model", "openai=" + other.key}, "", other.key, "entry 1 of --model (openai, "});
  for (const Case& c : cases) {
    std::vector<std::string> env = env_for(openai, "valid");
    if (!c.twin.empty()) env.push_back("KEYGUARD_MODELS=" + c.twin);
    for (bool json : {false, true}) {
      std::vector<std::string> args = c.args;
      if (json) args.insert(args.begin(), {"--format", "json"});
      Ran ran = keyguard(args, env);
      const std::string where = c.key.substr(0, 8) + (json ? " --format json" : "");
      expect_usage_error(ran, c.names, where);
      EXPECT_NE(ran.err.find("holds an API key"), std::string::npos) << where << ": " << ran.err;
      EXPECT_FALSE(holds_run_of(ran.err, c.key, 8)) << where << ": " << ran.err;
    }
  }
}

TEST_F(ModelsOptions, TakesKeyguardModelsLikeTheFlagAndTheFlagBeatsIt) {
  const ProviderFixture& f = *find_fixture("openai");
  std::vector<std::string> env = env_for(f, "valid");
  env.push_back("KEYGUARD_MODELS=openai=" + f.model_typo);
  JsonRun twin = keyguard_json({}, env);
  EXPECT_EQ(twin.ran.exit_code, 77) << twin.ran.err;
  EXPECT_EQ(requests().size(), 2u) << twin.ran.err;
  // The flag replaces the twin's list, even one the twin would have refused.
  env.back() = "KEYGUARD_MODELS=llama=x";
  Ran flag = keyguard({"--model", "openai=" + f.model}, env);
  EXPECT_EQ(flag.exit_code, 0) << flag.err;
}

TEST_F(ModelsOptions, ChecksAProviderNamedOnlyThereAsIfRequiredWithoutNarrowingTheOthers) {
  const ProviderFixture& openai = *find_fixture("openai");
  // No Anthropic key: the provider --model names is checked, and is misconfigured.
  Ran ran = keyguard({"--format", "json", "--model", "anthropic=claude-sonnet-4-5"}, env_for(openai, "valid"));
  EXPECT_EQ(ran.exit_code, 78) << ran.err;
  boost::json::error_code ec;
  boost::json::value root = boost::json::parse(ran.err, ec);
  ASSERT_FALSE(ec) << ran.err;
  const boost::json::value* providers_seen = root.as_object().if_contains("providers");
  ASSERT_TRUE(providers_seen != nullptr && providers_seen->is_array()) << ran.err;
  std::string openai_outcome = "(absent)", anthropic_outcome = "(absent)";
  for (const boost::json::value& entry : providers_seen->as_array()) {
    const boost::json::object& object = entry.as_object();
    if (str(object, "provider") == "openai") openai_outcome = str(object, "outcome");
    if (str(object, "provider") == "anthropic") anthropic_outcome = str(object, "outcome");
  }
  EXPECT_EQ(anthropic_outcome, "misconfigured") << ran.err;
  EXPECT_EQ(openai_outcome, "authenticated") << "the providers checked without --model still are: " << ran.err;
}

TEST_F(ModelsOptions, ChecksAProviderNamedThereBesidesTheRequiredOnes) {
  const ProviderFixture& openai = *find_fixture("openai");
  const ProviderFixture& groq = *find_fixture("groq");
  std::vector<std::string> env = env_for(openai, "valid");
  const std::vector<std::string> more = env_for(groq, "valid");
  env.insert(env.end(), more.begin() + 2, more.end());
  Ran ran = keyguard({"--require", "openai", "--model", "groq=" + groq.model}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(requests().size(), 3u) << "openai's probe, groq's probe and its model: " << ran.err;
}

TEST_F(ModelsOptions, SendsExactlyTodaysRequestWithoutModel) {
  const ProviderFixture& f = *find_fixture("openai");
  Ran ran = keyguard({}, env_for(f, "valid"));
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  const std::vector<RecordedRequest> sent = requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].headers, expected_headers(f, f.key_var(), f.key));
  EXPECT_EQ(World::get().server->connections(), 1);
}

}  // namespace
}  // namespace keyguard::testing
