// Runs one command and prints what it cost: wall time, CPU time (user + sys) and peak RSS.
//
// bench/compare_processes.py calls it once per timed run. It is small and static on purpose:
// the kernel carries the old address space's high-water mark across execve, so a child's peak
// RSS (ru_maxrss) can never be less than its parent's resident size. Spawned from Python, every
// command would weigh at least 12 MiB; spawned from here, at least `floor_kib`.
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

extern char** environ;

namespace {

long long nanoseconds(const timespec& t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }
long long microseconds(const timeval& t) { return t.tv_sec * 1000000LL + t.tv_usec; }

/// This process's own peak resident size (VmHWM). Not getrusage: its ru_maxrss holds the
/// resident size of whatever exec'd us, for the same reason as above.
long own_peak_rss_kib() {
  long kib = -1;
  if (std::FILE* status = std::fopen("/proc/self/status", "re")) {
    char line[256];
    while (std::fgets(line, sizeof line, status))
      if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
    std::fclose(status);
  }
  return kib;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argv[1][0] != '/') {
    std::fprintf(stderr, "usage: measure_process /ABSOLUTE/COMMAND [ARG...]\n");
    return 64;
  }
  // The command's output is not part of the measurement.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

  // What a child's peak RSS starts from: our own high-water mark when it execs.
  long floor_kib = own_peak_rss_kib();
  timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid;
  int error = posix_spawn(&pid, argv[1], &actions, nullptr, argv + 1, environ);
  if (error != 0) {
    std::fprintf(stderr, "measure_process: cannot run %s: %s\n", argv[1], std::strerror(error));
    return 127;
  }
  int status = 0;
  rusage usage = {};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "measure_process: wait4: %s\n", std::strerror(errno));
      return 70;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);

  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::printf("wall_ns=%lld cpu_us=%lld maxrss_kib=%ld exit=%d floor_kib=%ld\n", nanoseconds(end) - nanoseconds(start),
              microseconds(usage.ru_utime) + microseconds(usage.ru_stime), usage.ru_maxrss, code, floor_kib);
  return 0;
}
