// Test helper: runs a command in a private network and mount namespace whose only DNS server
// is a loopback UDP port that never answers (for the DNS-stall test).
//
//   netns_exec [--hosts HOSTS] [--queries FILE] RESOLV_CONF COMMAND [ARG...]
//
// With --hosts, HOSTS is bind-mounted over /etc/hosts too. With --queries, the number of DNS
// queries the command sent is written to FILE when it ends (a test that no query was sent).
// Nothing leaves the namespace: its only interface is lo, so an address elsewhere is
// unreachable at once.
//
// Exits 77 with a message when namespaces are not permitted here, so the test can skip.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <initializer_list>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

int not_permitted(const char* what) {
  std::fprintf(stderr, "netns_exec: %s: %s\n", what, std::strerror(errno));
  return 77;
}

}  // namespace

int main(int argc, char** argv) {
  const char* hosts = nullptr;
  const char* queries = nullptr;
  while (argc > 2 && (std::strcmp(argv[1], "--hosts") == 0 || std::strcmp(argv[1], "--queries") == 0)) {
    (std::strcmp(argv[1], "--hosts") == 0 ? hosts : queries) = argv[2];
    argc -= 2;
    argv += 2;
  }
  if (argc < 3) {
    std::fprintf(stderr, "usage: netns_exec [--hosts HOSTS] [--queries FILE] RESOLV_CONF COMMAND [ARG...]\n");
    return 64;
  }
  if (::unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) return not_permitted("unshare");
  // Keep our mounts to ourselves, then put the stalling resolv.conf in place.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return not_permitted("private mounts");
  if (::mount(argv[1], "/etc/resolv.conf", nullptr, MS_BIND, nullptr) != 0) return not_permitted("bind resolv.conf");
  if (hosts && ::mount(hosts, "/etc/hosts", nullptr, MS_BIND, nullptr) != 0) return not_permitted("bind hosts");

  // Bring up lo, the only interface of the new namespace.
  int control = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq request = {};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (control < 0 || ::ioctl(control, SIOCGIFFLAGS, &request) != 0) return not_permitted("read lo flags");
  request.ifr_flags |= IFF_UP;
  if (::ioctl(control, SIOCSIFFLAGS, &request) != 0) return not_permitted("bring lo up");
  ::close(control);

  // A DNS server that receives and never answers: a bound UDP socket nobody reads. This
  // process keeps it open while the command runs as its child; the command never sees it.
  int black_hole = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(53);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (black_hole < 0 || ::bind(black_hole, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return not_permitted("bind 127.0.0.1:53");

  pid_t child = ::fork();
  if (child < 0) return not_permitted("fork");
  if (child == 0) {
    ::execv(argv[2], argv + 2);
    std::fprintf(stderr, "netns_exec: %s: %s\n", argv[2], std::strerror(errno));
    ::_exit(127);
  }
  // Stop signals go on to the command; its status becomes ours.
  static pid_t command = child;
  struct sigaction forward = {};
  forward.sa_handler = [](int signal) { ::kill(command, signal); };
  for (int signal : {SIGINT, SIGTERM}) ::sigaction(signal, &forward, nullptr);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (queries) {
    // Every datagram the command sent to the DNS server is still queued on the socket.
    int count = 0;
    char datagram[512];
    while (::recv(black_hole, datagram, sizeof datagram, MSG_DONTWAIT) >= 0) ++count;
    FILE* out = std::fopen(queries, "w");
    if (!out) {
      std::fprintf(stderr, "netns_exec: cannot write %s: %s\n", queries, std::strerror(errno));
      return 70;
    }
    std::fprintf(out, "%d\n", count);
    std::fclose(out);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
