// Where a key comes from: its variable, the file its _FILE twin names, or a systemd credential
// of its name, read with a bound on size and never blocking (docs/keys.md).
#include "key_sources.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "redact.h"
#include "text.h"

namespace keyguard {
namespace {

/// Describes the value of a *_FILE variable for a message: the path as written, unless it
/// does not look like one (someone put the key itself there), when only its length shows.
std::string describe_path(std::string_view path) {
  // A path has a slash, or is a short file name; anything else may be a key of a kind keyguard
  // does not know (a JWT has dots).
  bool path_like = path.find('/') != std::string_view::npos || path.size() < 12;
  if (path_like && !find_key_owner(path).provider) return printable(path, 200);
  return "a value of " + std::to_string(path.size()) + " bytes (is that the key itself? a _FILE variable holds a path)";
}

std::string too_long(std::string_view var) {
  return std::string(var) + " holds more than " + std::to_string(kMaxKeyBytes) +
         " bytes, far more than any API key, so it is not one; set it to the key alone";
}

bool read_key_file(LoadedKey* loaded, const std::string& file_var) {
  std::string shown = describe_path(loaded->file_path);
  auto refuse = [&](const std::string& why) {
    loaded->failure = misconfigured("cannot read " + shown + " (from " + file_var + "): " + why);
    loaded->failure->exit = ExitCode::no_input;
    return false;
  };
  // Non-blocking, so that a FIFO or a terminal cannot hold the start-up forever; only
  // regular files (secrets mounts are, behind their symlinks) are read.
  int fd = ::open(loaded->file_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return refuse(std::strerror(errno));
  struct stat info = {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    bool directory = S_ISDIR(info.st_mode);
    ::close(fd);
    return refuse(directory ? "it is a directory" : "not a regular file");
  }
  // One byte more than a key may have tells a file that is too long.
  SecretBuffer contents(kMaxKeyBytes + 1);
  std::string why;
  while (contents.room() > 0) {
    ssize_t got = ::read(fd, contents.data() + contents.size(), contents.room());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) why = std::strerror(errno);
    if (got <= 0) break;
    contents.commit(contents.size() + static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (!why.empty()) return refuse(why);
  if (contents.size() > kMaxKeyBytes) {
    loaded->failure = misconfigured("the file " + shown + " (from " + file_var + ") holds more than " +
                                    std::to_string(kMaxKeyBytes) +
                                    " bytes, far more than any API key, so it is not a key file");
    return false;
  }
  loaded->raw.assign(contents.view());
  return true;
}

}  // namespace

namespace {

/// $CREDENTIALS_DIRECTORY/VAR when systemd passed a credential of that name (LoadCredential=,
/// SetCredential=): the path, else nothing.
std::optional<std::string> credential_path(const Environment& env, std::string_view var) {
  auto directory = env.get_nonempty("CREDENTIALS_DIRECTORY");
  if (!directory || directory->find('\0') != std::string_view::npos) return std::nullopt;
  std::string path = std::string(*directory) + "/" + std::string(var);
  struct stat info = {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return path;
}

}  // namespace

bool key_is_set(const KeyVar& var, const Environment& env) {
  return env.get_nonempty(var.name) || env.get_nonempty(std::string(var.name) + "_FILE") ||
         credential_path(env, var.name).has_value();
}

LoadedKey load_key(const Provider& provider, const Environment& env) {
  LoadedKey loaded;
  loaded.var = std::string(provider.key_vars.front().name);
  loaded.source = loaded.var;
  // An empty variable counts as unset, as docker-library's file_env and the SDKs' `or`
  // read it: `OPENAI_API_KEY: ${OPENAI_API_KEY}` in a compose file with nothing on the host.
  for (const KeyVar& key_var : provider.key_vars) {
    std::string_view var = key_var.name;
    std::string file_var = std::string(var) + "_FILE";
    auto value = env.get_nonempty(var);
    auto file = env.get_nonempty(file_var);
    // A systemd credential named after the variable serves when the environment names none.
    std::optional<std::string> credential = value || file ? std::nullopt : credential_path(env, var);
    if (!value && !file && !credential) continue;
    loaded.configured = true;
    loaded.var = std::string(var);
    loaded.from = &key_var;
    if (credential) {
      loaded.source = "$CREDENTIALS_DIRECTORY/" + loaded.var;
      loaded.from_file = true;
      loaded.file_path = *credential;
      read_key_file(&loaded, loaded.source);
      return loaded;
    }
    if (value && file) {
      loaded.failure = misconfigured("set one of " + loaded.var + " or " + file_var + ", not both");
      return loaded;
    }
    if (value) {
      if (value->size() > kMaxKeyBytes) {
        loaded.failure = misconfigured(too_long(var));
        return loaded;
      }
      loaded.raw.assign(*value);
      loaded.from_env_file = env.from_env_file(var);
      return loaded;
    }
    loaded.source = file_var;
    loaded.from_file = true;
    loaded.file_path = std::string(*file);
    read_key_file(&loaded, file_var);
    return loaded;
  }
  return loaded;
}

}  // namespace keyguard
