// A network delay line for scripts/bench: two TUN devices, each moved into its own network
// namespace by the script, and every packet read from one written to the other DELAY_MS later.
// The kernel here has no netem; this gives a link with a round trip of twice DELAY_MS.
//
//   delay_line DELAY_MS TUN_A TUN_B     (prints "ready" once both devices exist; runs until killed)
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int open_tun(const char* name) {
  int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  ifreq request{};
  request.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::strncpy(request.ifr_name, name, IFNAMSIZ - 1);
  if (::ioctl(fd, TUNSETIFF, &request) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

struct Packet {
  Clock::time_point due;
  std::vector<char> bytes;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: delay_line DELAY_MS TUN_A TUN_B\n");
    return 64;
  }
  const auto delay = std::chrono::milliseconds(std::atoi(argv[1]));
  int tun[2] = {open_tun(argv[2]), open_tun(argv[3])};
  if (tun[0] < 0 || tun[1] < 0) {
    std::perror("delay_line: /dev/net/tun");
    return 69;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  std::deque<Packet> queue[2];  // queue[i]: read from tun[i], to be written to the other
  for (;;) {
    int timeout = -1;
    Clock::time_point now = Clock::now();
    for (const auto& pending : queue)
      if (!pending.empty()) {
        auto wait = std::chrono::ceil<std::chrono::milliseconds>(pending.front().due - now).count();
        timeout = timeout < 0 ? static_cast<int>(std::max<long>(0, wait)) : std::min<int>(timeout, std::max<long>(0, wait));
      }
    pollfd fds[2] = {{tun[0], POLLIN, 0}, {tun[1], POLLIN, 0}};
    if (::poll(fds, 2, timeout) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      for (;;) {
        std::vector<char> bytes(65536);
        ssize_t got = ::read(tun[i], bytes.data(), bytes.size());
        if (got <= 0) break;
        bytes.resize(static_cast<std::size_t>(got));
        queue[i].push_back({Clock::now() + delay, std::move(bytes)});
      }
    }
    now = Clock::now();
    for (int i = 0; i < 2; ++i)
      while (!queue[i].empty() && queue[i].front().due <= now) {
        (void)!::write(tun[1 - i], queue[i].front().bytes.data(), queue[i].front().bytes.size());
        queue[i].pop_front();
      }
  }
}
