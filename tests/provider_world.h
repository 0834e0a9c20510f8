// What the tests that run the real binary against the provider fixtures share
// (tests/e2e/providers_test.cpp, tests/e2e/models_test.cpp): one PKI and one fake provider for the
// whole test program, the environment that points a fixture's base URL at a scenario, and
// runs of keyguard with their JSON report.
#pragma once

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_provider.h"
#include "harness.h"
#include "provider_fixtures.h"
#include "test_pki.h"

namespace keyguard::testing::fixture_world {

/// One PKI and one TLS server for every test of the program.
class World {
 public:
  static World& get() {
    static World world;
    return world;
  }
  TempDir dir;
  TestPki pki;
  std::unique_ptr<FakeProvider> server;
  std::string error;

 private:
  World() {
    if (!generate_test_pki(dir.path() + "/pki", &pki, &error)) return;
    FakeProvider::Options options;
    options.cert_file = pki.server_cert;
    options.key_file = pki.server_key;
    auto started = std::make_unique<FakeProvider>(options);
    if (started->start(&error)) server = std::move(started);
  }
};

inline std::string authority() { return "localhost:" + std::to_string(World::get().server->port()); }

/// The base URL that makes the probe land on SCENARIO of F's dialect, on F's real path.
inline std::string base_url(const ProviderFixture& f, const std::string& scenario) {
  return "https://" + authority() + "/" + f.name + "/" + scenario + f.base_suffix;
}

/// The environment of one run: F's key in VAR, its base URL at SCENARIO.
inline std::vector<std::string> env_for(const ProviderFixture& f, const std::string& scenario, const FixtureKeyVar& var) {
  return {"PATH=/usr/bin:/bin", "KEYGUARD_CA_FILE=" + World::get().pki.ca_cert, var.name + "=" + f.key,
          f.base_var + "=" + base_url(f, scenario)};
}

inline std::vector<std::string> env_for(const ProviderFixture& f, const std::string& scenario) {
  return env_for(f, scenario, f.key_var());
}

/// Every header F's requests carry when the key came from VAR, in order, without Connection.
inline HeaderList headers_without_connection(const ProviderFixture& f, const FixtureKeyVar& var, const std::string& key) {
  HeaderList headers = {{"host", authority()},
                        {"user-agent", "keyguard/" KEYGUARD_VERSION},
                        {"accept", "application/json"},
                        {"accept-encoding", "identity"},
                        {var.auth_header, var.auth_prefix + key}};
  headers.insert(headers.end(), f.provider_headers.begin(), f.provider_headers.end());
  return headers;
}

/// Every header F's probe must carry when the key came from VAR, in order.
inline HeaderList expected_headers(const ProviderFixture& f, const FixtureKeyVar& var, const std::string& key) {
  HeaderList headers = headers_without_connection(f, var, key);
  headers.emplace_back("connection", "close");
  return headers;
}


/// A run with --format json, and its single provider entry (empty, with a failure, unless
/// there is exactly one).
struct JsonRun {
  Ran ran;
  boost::json::object entry;
};

inline JsonRun keyguard_json(std::vector<std::string> args, std::vector<std::string> env) {
  args.insert(args.begin(), {"--format", "json"});
  JsonRun run;
  run.ran = keyguard(std::move(args), std::move(env));
  boost::json::error_code ec;
  boost::json::value root = boost::json::parse(run.ran.err, ec);
  const boost::json::array* providers = nullptr;
  if (!ec && root.is_object())
    if (const boost::json::value* found = root.as_object().if_contains("providers"); found && found->is_array())
      providers = &found->as_array();
  if (providers == nullptr || providers->size() != 1 || !(*providers)[0].is_object()) {
    ADD_FAILURE() << "not one JSON report with one provider (exit " << run.ran.exit_code << "): " << run.ran.err;
    return run;
  }
  run.entry = (*providers)[0].as_object();
  return run;
}

/// FIELD of ENTRY as text: a string as it is, null as "null", anything else as JSON,
/// "(absent)" when missing.
inline std::string str(const boost::json::object& entry, std::string_view field) {
  const boost::json::value* value = entry.if_contains(field);
  if (value == nullptr) return "(absent)";
  return value->is_string() ? std::string(value->as_string()) : value->is_null() ? "null" : boost::json::serialize(*value);
}


}  // namespace keyguard::testing::fixture_world
