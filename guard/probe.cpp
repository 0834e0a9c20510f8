// Running the probes: one thread per provider, all under the same deadline.
#include "probe.h"

#include <exception>
#include <system_error>
#include <thread>

#include "signals.h"
#include "connection.h"
#include "tls.h"
#include "trust.h"

namespace keyguard {

std::vector<ProbeResult> run_probes(const std::vector<ProbeRequest>& requests, const NetworkConfig& network,
                                    const Deadline& deadline) {
  std::vector<ProbeResult> results(requests.size());
  TrustStore trust;
  std::string trust_error;
  bool needs_tls = false;
  for (const ProbeRequest& request : requests) needs_tls |= request.url.scheme == "https";
  bool trusted = !needs_tls || (prepare_tls() ? load_trust(network.trust, &trust, &trust_error)
                                               : (trust_error = "cannot initialise the crypto library", false));
  // One probe, never throwing: a failure inside a thread would otherwise end the process.
  auto probe = [&](std::size_t i) noexcept {
    try {
      results[i] = exchange(requests[i], network, trust, deadline);
    } catch (const std::exception& e) {
      results[i].failure = {Outcome::unexpected, Phase::none, std::string("internal error: ") + e.what()};
    } catch (...) {
      results[i].failure = {Outcome::unexpected, Phase::none, "internal error"};
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].url.scheme == "https" && !trusted) {
      // A CA source that names no usable certificate is the operator's to fix, like one
      // that cannot be read.
      results[i].failure = misconfigured(trust_error);
      continue;
    }
    // The last probe runs on this thread; so does any the system has no thread for.
    bool last = i + 1 == requests.size();
    try {
      if (!last) {
        StopSignalsBlocked only_main_thread_stops;  // the new thread inherits the block
        threads.emplace_back(probe, i);
        continue;
      }
    } catch (const std::system_error&) {
    }
    probe(i);  // every probe ends by the shared deadline, on whichever thread it runs
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

}  // namespace keyguard
