// .env files (--env-file): docker compose's syntax, read into variables the checks and the app
// see as if they were in the environment (docs/command-line.md#env-files).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "environment.h"
#include "secret.h"

namespace keyguard {

/// A file larger than this is refused before it is parsed: a .env file is a page of settings.
inline constexpr std::size_t kMaxEnvFileBytes = 1024 * 1024;
/// At most this many variables from all files together, so that nothing grows as their square.
inline constexpr std::size_t kMostEnvFileVars = 10000;

/// One variable a .env file sets: its name and its value after quotes, escapes and interpolation.
struct EnvFileVar {
  std::string name;
  Secret value;
};

/// Why a .env file does not parse: the line (1-based) of the assignment, and why in words that
/// never quote the file.
struct EnvFileError {
  std::size_t line = 0;
  std::string reason;
};

/// Parses TEXT, one .env file, in docker compose's syntax into *VARS, which may hold the
/// variables of earlier files: a later assignment of a name replaces an earlier one in place.
/// `${VAR}` and `$VAR` read ENVIRONMENT (the process's) first, then *VARS, as compose does. Returns false with
/// *ERR on the first line that does not parse; *VARS then holds what came before it.
bool parse_env_file(std::string_view text, const Environment& environment, std::vector<EnvFileVar>* vars,
                    EnvFileError* err);

/// What the .env files of a run set, in order, and what keyguard has to say about the files.
struct EnvFiles {
  std::vector<EnvFileVar> vars;
  std::vector<std::string> warnings;  ///< a world-writable file
};

/// Reads each file of PATHS in order (symbolic links followed; regular files only, at most
/// kMaxEnvFileBytes) and parses it against ENV. Returns false with *ERR naming the file, and
/// the line when one does not parse, never its content.
bool read_env_files(const std::vector<std::string>& paths, const Environment& env, EnvFiles* files, std::string* err);

/// NAME=value entries for the variables of VARS that ENV does not set: the environment wins,
/// as in compose. Each entry is a buffer that wipes itself.
std::vector<SecretBuffer> env_file_entries(const std::vector<EnvFileVar>& vars, const Environment& env);

}  // namespace keyguard
