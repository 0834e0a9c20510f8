// Handing over to the app: the child's environment, --env-out, and execve (docs/deploying.md, docs/keys.md).
#pragma once

#include <string>
#include <vector>

#include "environment.h"
#include "outcome.h"
#include "secret.h"

namespace keyguard {

/// The child's environment: ENV byte for byte, with each exported variable replacing the
/// raw value, or appended when keyguard's environment lacks it. A name set more than once
/// keeps only its first entry, the one keyguard read (docs/keys.md).
/// Each entry is NAME=value with a trailing NUL, in a buffer that wipes itself.
std::vector<SecretBuffer> child_environment(const Environment& env, const std::vector<ExportedVar>& exports);

/// Whether --env-out may write PATH: it does not exist, or is a regular file. Otherwise
/// false with *err saying what it is.
bool check_env_file_path(const std::string& path, std::string* err);

/// Writes EXPORTS as NAME=value lines to PATH, mode 0600, atomically (a temporary file in
/// the same directory, then rename). A PATH that exists and is not a regular file (a device,
/// a FIFO, a directory, a symbolic link) is refused: rename would replace it. Returns false
/// with *err naming the path.
bool write_env_file(const std::string& path, const std::vector<ExportedVar>& exports, std::string* err);

/// Looks NAME up as execvp will: a name with a slash as it is, else in each directory of
/// PATH. Returns ok when it can be run, not_found (127), or cannot_execute (126) when found
/// but not executable, with *err naming it. Lets the report say so before keyguard is gone.
ExitCode locate_command(const std::string& name, const Environment& env, std::string* err);

/// Replaces this process with COMMAND (found on PATH as execvp does), with ENVIRONMENT.
/// The caller wipes every other copy of a key first; ENVIRONMENT is wiped here if execve
/// fails. Returns only on failure: not_found (127) or cannot_execute (126), with *err
/// naming the command.
ExitCode exec_command(const std::vector<std::string>& command, std::vector<SecretBuffer>& environment, std::string* err);

}  // namespace keyguard
