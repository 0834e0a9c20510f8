// A real nginx from Debian on loopback for the TLS tests: one server block per site, each on
// its own port (or sharing one, for SNI), started in the foreground and stopped by the test.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace keyguard::testing {

/// One server block.
struct NginxSite {
  std::string name;        ///< which site, for messages and to share a port (same `port_of`)
  std::string directives;  ///< inside `server { }` after `listen` (certificates, protocols, ...)
  bool tls = true;         ///< listen with `ssl`
  std::string port_of;     ///< listen on the port of the site of this name (SNI vhosts)
  int port = 0;            ///< filled by start()
};

class NginxServer {
 public:
  /// Where nginx lives; empty when the machine has none.
  static std::string binary();

  explicit NginxServer(std::string dir) : dir_(std::move(dir)) {}
  ~NginxServer() { stop(); }
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  /// Writes nginx.conf with SITES, starts nginx and waits until every port accepts. Fills
  /// each site's port. Returns false with *err on failure (nginx's error log included).
  bool start(std::vector<NginxSite>* sites, std::string* err);
  void stop();

 private:
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace keyguard::testing
