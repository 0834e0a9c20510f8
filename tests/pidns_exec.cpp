// Test helper: runs a command as PID 1 of a new pid namespace, as a container runtime does.
//
//   pidns_exec COMMAND [ARG...]
//
// SIGINT and SIGTERM sent to it go on to the command, from outside its namespace as `docker
// stop` sends them. It ends as the command ended: the same exit status, or death by the same
// signal.
//
// Exits 77 with a message when pid namespaces are not permitted here, so the test can skip.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace {

pid_t command = -1;

extern "C" void forward(int signal) {
  if (command > 0) ::kill(command, signal);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: pidns_exec COMMAND [ARG...]\n");
    return 64;
  }
  // Held until the command's pid is known, so that none is lost before there is one to forward to.
  sigset_t stop, previous;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &stop, &previous);
  if (::unshare(CLONE_NEWPID) != 0) {
    std::fprintf(stderr, "pidns_exec: unshare(CLONE_NEWPID): %s\n", std::strerror(errno));
    return 77;
  }
  command = ::fork();  // the first child in the new namespace is its PID 1
  if (command < 0) {
    std::fprintf(stderr, "pidns_exec: fork: %s\n", std::strerror(errno));
    return 77;
  }
  if (command == 0) {
    ::sigprocmask(SIG_SETMASK, &previous, nullptr);
    ::execv(argv[1], argv + 1);
    std::fprintf(stderr, "pidns_exec: %s: %s\n", argv[1], std::strerror(errno));
    ::_exit(127);
  }
  struct sigaction action = {};
  action.sa_handler = forward;
  for (int signal : {SIGINT, SIGTERM}) ::sigaction(signal, &action, nullptr);
  ::sigprocmask(SIG_SETMASK, &previous, nullptr);
  int status = 0;
  while (::waitpid(command, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  // Died of a signal: so does this process, that the test sees which.
  int signal = WTERMSIG(status);
  struct sigaction fatal = {};
  fatal.sa_handler = SIG_DFL;
  ::sigaction(signal, &fatal, nullptr);
  sigset_t this_one;
  sigemptyset(&this_one);
  sigaddset(&this_one, signal);
  ::sigprocmask(SIG_UNBLOCK, &this_one, nullptr);
  ::raise(signal);
  return 128 + signal;
}
