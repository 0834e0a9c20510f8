// Benchmarks of one whole probe in one process: DNS for localhost, TCP, the TLS 1.2 handshake,
// the request and the response, against the fake provider on loopback (and the same without TLS,
// to show what the handshake costs).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "fake_provider.h"
#include "harness.h"
#include "probe.h"
#include "secret.h"
#include "test_pki.h"
#include "connection.h"
#include "tls.h"
#include "trust.h"
#include "url.h"

namespace {

using keyguard::testing::FakeProvider;

/// A fake provider on loopback with its own throwaway PKI, started on first use and kept for
/// the whole run.
struct Server {
  keyguard::testing::TempDir dir;
  keyguard::testing::TestPki pki;
  std::unique_ptr<FakeProvider> provider;
  std::string error;

  explicit Server(FakeProvider::Mode mode) {
    if (!keyguard::testing::generate_test_pki(dir.path() + "/pki", &pki, &error)) return;
    FakeProvider::Options options;
    options.mode = mode;
    options.cert_file = pki.server_cert;
    options.key_file = pki.server_key;
    provider = std::make_unique<FakeProvider>(options);
    if (!provider->start(&error)) provider.reset();
  }
};

Server& server(FakeProvider::Mode mode) {
  static Server tls(FakeProvider::Mode::tls);
  static Server plain(FakeProvider::Mode::plain);
  return mode == FakeProvider::Mode::tls ? tls : plain;
}

/// The request keyguard sends for OpenAI, to BASE_URL + "/models".
bool make_request(const std::string& url_text, const keyguard::Secret& key, keyguard::ProbeRequest* request,
                  std::string* err) {
  if (!keyguard::parse_url(url_text, &request->url, err)) return false;
  request->target = request->url.path;
  request->headers = {{"User-Agent", "keyguard/" KEYGUARD_VERSION}, {"Accept", "application/json"}};
  request->auth_header = "Authorization";
  request->auth_prefix = "Bearer ";
  request->key = &key;
  return true;
}

void run_probe(benchmark::State& state, FakeProvider::Mode mode, const std::string& scheme_and_host) {
  Server& fake = server(mode);
  if (!fake.provider) {
    state.SkipWithError(("the fake provider did not start: " + fake.error).c_str());
    return;
  }
  keyguard::NetworkConfig network;
  network.trust.file = fake.pki.ca_cert;
  network.trust.shown = fake.pki.ca_cert;
  keyguard::TrustStore trust;
  std::string err;
  if (!keyguard::prepare_tls() || !keyguard::load_trust(network.trust, &trust, &err)) {
    state.SkipWithError(err.c_str());
    return;
  }
  const keyguard::Secret key("sk-proj-bench" + std::string(148, '0') + "Wxyz");
  keyguard::ProbeRequest request;
  std::string url = scheme_and_host + ":" + std::to_string(fake.provider->port()) + "/valid/v1/models";
  if (!make_request(url, key, &request, &err)) {
    state.SkipWithError(err.c_str());
    return;
  }
  for (auto _ : state) {
    keyguard::ProbeResult result = keyguard::exchange(request, network, trust, keyguard::Deadline::after_ms(5000));
    if (!result.answered || result.response.status != 200) {
      state.SkipWithError(("the probe failed: " + result.failure.message).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

/// What `keyguard` does on the network for one OpenAI key: resolve localhost (on a thread),
/// connect, TLS 1.3 handshake with certificate and host name checks, GET, read the answer.
void BM_Probe_Tls(benchmark::State& state) { run_probe(state, FakeProvider::Mode::tls, "https://localhost"); }
BENCHMARK(BM_Probe_Tls)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);

/// The same exchange in clear over loopback with a numeric address: no DNS thread, no TLS.
void BM_Probe_PlainHttp(benchmark::State& state) { run_probe(state, FakeProvider::Mode::plain, "http://127.0.0.1"); }
BENCHMARK(BM_Probe_PlainHttp)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(0.5);

}  // namespace
