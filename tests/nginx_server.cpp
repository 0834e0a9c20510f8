// Running nginx for the tests: a generated configuration, the foreground process, the ports.
#include "nginx_server.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace keyguard::testing {
namespace {

/// A loopback port that was free a moment ago.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string NginxServer::binary() {
  for (const char* path : {"/usr/sbin/nginx", "/usr/bin/nginx"})
    if (::access(path, X_OK) == 0) return path;
  return "";
}

bool NginxServer::start(std::vector<NginxSite>* sites, std::string* err) {
  std::string nginx = binary();
  if (nginx.empty()) {
    *err = "nginx is not installed (scripts/deps installs it)";
    return false;
  }
  std::filesystem::create_directories(dir_ + "/tmp");
  std::map<std::string, int> ports;
  for (NginxSite& site : *sites) {
    site.port = site.port_of.empty() ? free_port() : ports[site.port_of];
    ports[site.name] = site.port;
  }
  std::ostringstream conf;
  conf << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << dir_ << "/nginx.pid;\n"
       << "error_log " << dir_ << "/error.log info;\nevents { worker_connections 64; }\nhttp {\n"
       << "  access_log off;\n  default_type application/json;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
    conf << "  " << temp << "_temp_path " << dir_ << "/tmp/" << temp << ";\n";
  for (const NginxSite& site : *sites) {
    conf << "  server {\n    listen 127.0.0.1:" << site.port << (site.tls ? " ssl" : "")
         << (site.port_of.empty() && site.tls ? "" : "") << ";\n    " << site.directives << "\n"
         << "    location / { return 200 '{\"object\":\"list\",\"data\":[]}'; }\n  }\n";
  }
  conf << "}\n";
  std::ofstream(dir_ + "/nginx.conf") << conf.str();

  pid_ = ::fork();
  if (pid_ == 0) {
    ::execl(nginx.c_str(), nginx.c_str(), "-p", dir_.c_str(), "-c", (dir_ + "/nginx.conf").c_str(), "-e",
            (dir_ + "/error.log").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (const NginxSite& site : *sites) {
    while (!accepts(site.port)) {
      int status;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        *err = "nginx exited: " + read_all(dir_ + "/error.log");
        return false;
      }
      if (std::chrono::steady_clock::now() > give_up) {
        *err = "nginx does not listen on port " + std::to_string(site.port) + ": " + read_all(dir_ + "/error.log");
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return true;
}

void NginxServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace keyguard::testing
