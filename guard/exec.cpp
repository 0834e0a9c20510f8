// execve with the shell's exit codes, and the environment file for systemd and Docker.
#include "exec.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "redact.h"

namespace keyguard {

namespace {

/// Appends NAME=VALUE to OUT, which has room for it.
void append_assignment(SecretBuffer& out, const ExportedVar& var) {
  out.append(var.name);
  out.append("=");
  out.append(var.value.view());
}

SecretBuffer assignment(const ExportedVar& var) {
  SecretBuffer out(var.name.size() + 1 + var.value.size());
  append_assignment(out, var);
  return out;
}

}  // namespace

std::vector<SecretBuffer> child_environment(const Environment& env, const std::vector<ExportedVar>& exports) {
  std::vector<SecretBuffer> out;
  out.reserve(env.entries().size() + exports.size());
  std::vector<bool> placed(exports.size(), false);
  // A name set twice keeps only its first entry: the one keyguard read, as getenv and CPython
  // do. Left in, a later copy would be what others read (bash and dash keep the last).
  std::vector<bool> later = env.later_copies();
  for (std::size_t at = 0; at < env.entries().size(); ++at) {
    if (later[at]) continue;
    std::string_view entry = env.entries()[at];
    std::size_t equals = entry.find('=');
    std::string_view name = entry.substr(0, equals);
    bool replaced = false;
    for (std::size_t i = 0; i < exports.size(); ++i) {
      if (equals != std::string_view::npos && exports[i].name == name) {
        out.push_back(assignment(exports[i]));
        placed[i] = replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(SecretBuffer::copy_of(entry));
  }
  for (std::size_t i = 0; i < exports.size(); ++i)
    if (!placed[i]) out.push_back(assignment(exports[i]));
  return out;
}

bool check_env_file_path(const std::string& path, std::string* err) {
  // rename() replaces whatever is at PATH: /dev/null or /dev/stdout would become a file of
  // keys for every later process, and a symbolic link would be replaced rather than
  // followed (and, in a shared directory, is how someone else would aim the keys).
  struct stat existing;
  if (::lstat(path.c_str(), &existing) != 0) {
    if (errno == ENOENT) return true;  // a new file: what --env-out is for
    *err = "cannot write " + printable(path, 200) + " (--env-out): " + std::strerror(errno);
    return false;
  }
  if (S_ISREG(existing.st_mode)) return true;
  const char* what = S_ISLNK(existing.st_mode)                                ? "a symbolic link"
                     : S_ISDIR(existing.st_mode)                              ? "a directory"
                     : S_ISFIFO(existing.st_mode)                             ? "a FIFO"
                     : S_ISCHR(existing.st_mode) || S_ISBLK(existing.st_mode) ? "a device"
                                                                              : "not a regular file";
  *err = "will not write " + printable(path, 200) + " (--env-out): it is " + std::string(what) +
         ", and only a regular file or a new path is replaced; name a file in a private directory";
  return false;
}

bool write_env_file(const std::string& path, const std::vector<ExportedVar>& exports, std::string* err) {
  std::string shown = printable(path, 200);
  if (!check_env_file_path(path, err)) return false;  // again: it may have changed meanwhile
  std::string dir = ".";
  if (std::size_t slash = path.rfind('/'); slash != std::string::npos) dir = slash == 0 ? "/" : path.substr(0, slash);
  std::string temporary = path + ".keyguard-XXXXXX";
  int fd = ::mkostemp(temporary.data(), O_CLOEXEC);  // creates the file with mode 0600
  if (fd < 0) {
    *err = "cannot write " + shown + " (--env-out): " + std::strerror(errno);
    return false;
  }
  std::size_t size = 0;
  for (const ExportedVar& var : exports) size += var.name.size() + var.value.size() + 2;
  SecretBuffer contents(size);
  for (const ExportedVar& var : exports) {
    append_assignment(contents, var);
    contents.append("\n");
  }
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t written = 0;
  while (ok && written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  int error = errno;
  contents.clear();
  ::close(fd);
  if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
    ok = false;
  }
  if (!ok) {
    ::unlink(temporary.c_str());
    *err = "cannot write " + shown + " (--env-out): " + std::strerror(error);
    return false;
  }
  // Make the rename itself durable.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return true;
}

ExitCode locate_command(const std::string& name, const Environment& env, std::string* err) {
  auto runnable = [](const std::string& path, bool* exists) {
    struct stat info;
    *exists = ::stat(path.c_str(), &info) == 0;
    return *exists && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  bool exists = false;
  if (name.find('/') != std::string::npos) {
    if (runnable(name, &exists)) return ExitCode::ok;
    *err = "cannot run '" + printable(name, 120) + "': " + (exists ? "not an executable file" : "No such file or directory");
    return exists ? ExitCode::cannot_execute : ExitCode::not_found;
  }
  bool seen = false;
  if (!name.empty()) {
    // glibc's execvp searches "/bin:/usr/bin" when PATH is unset; an empty entry is ".".
    std::string_view path = env.get("PATH").value_or("/bin:/usr/bin");
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t colon = path.find(':', start);
      if (colon == std::string_view::npos) colon = path.size();
      std::string dir(path.substr(start, colon - start));
      if (runnable((dir.empty() ? "." : dir) + "/" + name, &exists)) return ExitCode::ok;
      seen |= exists;
      start = colon + 1;
    }
  }
  *err = "cannot run '" + printable(name, 120) + "': " +
         (seen ? "found in PATH but not an executable file" : "command not found in PATH");
  return seen ? ExitCode::cannot_execute : ExitCode::not_found;
}

ExitCode exec_command(const std::vector<std::string>& command, std::vector<SecretBuffer>& environment, std::string* err) {
  std::vector<char*> argv, envp;
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  for (SecretBuffer& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  // execvpe searches PATH exactly as execvp does (and runs scripts without a #! through
  // /bin/sh); PATH is keyguard's own, which is also the child's.
  ::execvpe(argv[0], argv.data(), envp.data());
  int error = errno;
  environment.clear();
  *err = std::strerror(error);
  return error == ENOENT || error == ENOTDIR ? ExitCode::not_found : ExitCode::cannot_execute;
}

}  // namespace keyguard
