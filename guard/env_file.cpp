// .env files in docker compose's syntax (compose-go's dotenv parser and its interpolation),
// read with a bound on size; every value is a secret, held in buffers that wipe themselves.
#include "env_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "redact.h"

namespace keyguard {
namespace {

/// How deep `${A:-${B:-…}}` may nest: compose has no bound, the stack does.
constexpr int kMostNesting = 16;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }
bool is_space(char c) { return is_blank(c) || c == '\n'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
/// A name compose's interpolation reads: [_a-zA-Z][_a-zA-Z0-9]*.
bool starts_reference(char c) { return c == '_' || is_letter(c); }
bool continues_reference(char c) { return c == '_' || is_letter(c) || is_digit(c); }
/// A name a .env line may assign: compose's letters, digits, `_ . - [ ]` (ASCII only here).
bool in_assigned_name(char c) {
  return continues_reference(c) || c == '.' || c == '-' || c == '[' || c == ']';
}

/// Appends BYTES to OUT, moving to a larger buffer when full; the old one is wiped as it goes.
void grow_append(SecretBuffer& out, std::string_view bytes) {
  if (out.room() < bytes.size()) {
    SecretBuffer bigger(std::max(out.capacity() * 2, out.size() + bytes.size()) + 32);
    bigger.append(out.view());
    out = std::move(bigger);
  }
  out.append(bytes);
}

/// Reads a name's value for interpolation: the environment first, then the variables so far.
struct Resolver {
  const Environment& environment;
  const std::vector<EnvFileVar>& vars;
  std::optional<std::string_view> operator()(std::string_view name) const {
    if (auto value = environment.get(name)) return value;
    for (const EnvFileVar& var : vars)
      if (var.name == name) return var.value.view();
    return std::nullopt;
  }
};

/// The braced part `${…}` of TEXT starting at AT (the '$'): the index of its closing brace,
/// counted as compose counts nested braces, or npos.
std::size_t closing_brace(std::string_view text, std::size_t at) {
  int open = 0;
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '}' && --open == 0) return i;
    if (text[i] == '{') ++open;
  }
  return std::string_view::npos;
}

bool interpolate(std::string_view text, const Resolver& lookup, int depth, SecretBuffer& out, std::string* why);

/// One `${NAME…}` with BODY the text between the braces.
bool substitute_braced(std::string_view body, const Resolver& lookup, int depth, SecretBuffer& out, std::string* why) {
  std::size_t end = 0;
  if (!body.empty() && starts_reference(body[0]))
    while (end < body.size() && continues_reference(body[end])) ++end;
  if (end == 0) {
    *why = "a ${...} without a variable name after ${";
    return false;
  }
  std::string_view name = body.substr(0, end), rest = body.substr(end);
  std::optional<std::string_view> value = lookup(name);
  if (rest.empty()) {
    grow_append(out, value.value_or(""));
    return true;
  }
  bool colon = rest[0] == ':';
  if (colon) rest.remove_prefix(1);
  char op = rest.empty() ? '\0' : rest[0];
  if (op != '-' && op != '+' && op != '?') {
    *why = "a ${...} form compose does not support (it knows ${VAR}, :-, -, :?, ?, :+ and +)";
    return false;
  }
  std::string_view word = rest.substr(1);
  // With ':' an empty value counts as unset, as in the shell.
  bool set = value && (!colon || !value->empty());
  if (op == '-') {
    if (set) grow_append(out, *value);
    else if (!interpolate(word, lookup, depth + 1, out, why)) return false;
  } else if (op == '+') {
    if (set && !interpolate(word, lookup, depth + 1, out, why)) return false;
  } else if (!set) {
    *why = colon ? "a variable that ${VAR:?...} requires is unset or empty"
                 : "a variable that ${VAR?...} requires is unset";
    return false;
  } else {
    grow_append(out, *value);
  }
  return true;
}

/// Compose's interpolation of TEXT into OUT: `$$` is '$', `$NAME` and `${NAME…}` are
/// substituted (an unset NAME as empty), any other '$' stays as written.
bool interpolate(std::string_view text, const Resolver& lookup, int depth, SecretBuffer& out, std::string* why) {
  if (depth > kMostNesting) {
    *why = "${...} nested more than " + std::to_string(kMostNesting) + " deep";
    return false;
  }
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t dollar = text.find('$', i);
    grow_append(out, text.substr(i, dollar == std::string_view::npos ? std::string_view::npos : dollar - i));
    if (dollar == std::string_view::npos) break;
    char next = dollar + 1 < text.size() ? text[dollar + 1] : '\0';
    if (next == '$') {
      grow_append(out, "$");
      i = dollar + 2;
    } else if (starts_reference(next)) {
      std::size_t end = dollar + 1;
      while (end < text.size() && continues_reference(text[end])) ++end;
      grow_append(out, lookup(text.substr(dollar + 1, end - dollar - 1)).value_or(""));
      i = end;
    } else if (next == '{') {
      std::size_t close = closing_brace(text, dollar);
      if (close == std::string_view::npos) {
        *why = "a ${ without its closing }";
        return false;
      }
      if (!substitute_braced(text.substr(dollar + 2, close - dollar - 2), lookup, depth, out, why)) return false;
      i = close + 1;
    } else {
      grow_append(out, "$");
      i = dollar + 1;
    }
  }
  return true;
}

/// The escapes compose reads in double quotes, after the quotes themselves: \a \b \f \n \r
/// \t \v \\, \0NNN in octal, and \$ as a literal '$' (written `$$` for the interpolation that
/// follows). Any other backslash stays as written.
void expand_escapes(std::string_view raw, SecretBuffer& out) {
  auto octal = [](char d) { return d >= '0' && d <= '7'; };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char next = raw[i + 1], plain = '\0';
      switch (next) {
        case 'a': plain = '\a'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'v': plain = '\v'; break;
        case '\\': plain = '\\'; break;
        default: break;
      }
      if (plain != '\0') {
        out.append({&plain, 1});
        ++i;
        continue;
      }
      if (next == '$') {
        out.append("$$");
        ++i;
        continue;
      }
      // \0NNN: three octal digits, at most \0377.
      if (next == '0' && raw.size() - i >= 5 && raw[i + 2] <= '3' && octal(raw[i + 2]) && octal(raw[i + 3]) &&
          octal(raw[i + 4])) {
        char byte = static_cast<char>((raw[i + 2] - '0') * 64 + (raw[i + 3] - '0') * 8 + (raw[i + 4] - '0'));
        out.append({&byte, 1});
        i += 4;
        continue;
      }
    }
    out.append({&c, 1});
  }
}


/// Sets NAME to VALUE in VARS; false when that would make too many.
bool assign(std::vector<EnvFileVar>* vars, std::string_view name, std::string_view value) {
  for (EnvFileVar& var : *vars) {
    if (var.name == name) {
      var.value.assign(value);
      return true;
    }
  }
  if (vars->size() >= kMostEnvFileVars) return false;
  vars->push_back({std::string(name), Secret(value)});
  return true;
}

/// The parser's place in the text: where it is, and on which line.
struct Cursor {
  std::string_view text;
  std::size_t at = 0;
  std::size_t line = 1;

  bool done() const { return at >= text.size(); }
  char peek() const { return done() ? '\0' : text[at]; }
  void skip_blanks() {
    while (!done() && is_blank(text[at])) ++at;
  }
  /// Past the end of this line, comment or not; the newline is left for skip_space.
  void skip_to_line_end() {
    std::size_t end = text.find('\n', at);
    at = end == std::string_view::npos ? text.size() : end;
  }
  void skip_space() {
    for (; !done() && is_space(text[at]); ++at) line += text[at] == '\n';
  }
};

/// The value after `NAME=` at CURSOR, into VALUE. False with *WHY when it does not parse.
bool read_value(Cursor& cursor, const Resolver& lookup, SecretBuffer& value, std::string* why) {
  char quote = cursor.peek();
  if (quote != '"' && quote != '\'') {
    // Unquoted: to the end of the line, less an inline comment (" #") and trailing space.
    std::size_t end = cursor.text.find('\n', cursor.at);
    if (end == std::string_view::npos) end = cursor.text.size();
    std::string_view raw = cursor.text.substr(cursor.at, end - cursor.at);
    raw = raw.substr(0, raw.find(" #"));
    while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
    cursor.at = end;
    return interpolate(raw, lookup, 0, value, why);
  }
  // Quoted: to the matching quote, across lines; a backslash keeps the quote in the value.
  SecretBuffer raw(cursor.text.size() - cursor.at);
  bool escaped = false, closed = false;
  for (++cursor.at; !cursor.done(); ++cursor.at) {
    char c = cursor.text[cursor.at];
    cursor.line += c == '\n';
    if (escaped) {
      if (c != quote) raw.append("\\");
      raw.append({&c, 1});
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == quote) {
      closed = true;
      ++cursor.at;
      break;
    } else {
      raw.append({&c, 1});
    }
  }
  if (!closed) {
    *why = std::string("the ") + (quote == '"' ? "double" : "single") + " quote that opens the value is never closed";
    return false;
  }
  // After the closing quote only a comment may follow. (Compose would read the rest of the
  // line as the next assignment; here it is an error, since it is almost always a typo.)
  cursor.skip_blanks();
  if (cursor.peek() == '#') cursor.skip_to_line_end();
  if (!cursor.done() && cursor.peek() != '\n') {
    *why = "text after the closing quote of the value (a comment there starts with #)";
    return false;
  }
  if (quote == '\'') {
    grow_append(value, raw.view());
    return true;
  }
  SecretBuffer unescaped(raw.size());
  expand_escapes(raw.view(), unescaped);
  return interpolate(unescaped.view(), lookup, 0, value, why);
}

}  // namespace

bool parse_env_file(std::string_view text, const Environment& environment, std::vector<EnvFileVar>* vars,
                    EnvFileError* err) {
  Cursor cursor{text};
  if (text.starts_with("\xEF\xBB\xBF")) cursor.at = 3;  // a UTF-8 byte order mark, as compose skips it
  const Resolver lookup{environment, *vars};
  while (true) {
    cursor.skip_space();
    if (cursor.done()) return true;
    if (cursor.peek() == '#') {
      cursor.skip_to_line_end();
      continue;
    }
    std::size_t line = cursor.line;
    std::string_view rest = text.substr(cursor.at);
    if (rest.starts_with("export") && rest.size() > 6 && is_blank(rest[6])) {
      cursor.at += 6;
      cursor.skip_blanks();
    }
    std::size_t name_start = cursor.at;
    while (!cursor.done() && in_assigned_name(cursor.peek())) ++cursor.at;
    std::string_view name = text.substr(name_start, cursor.at - name_start);
    cursor.skip_blanks();
    char separator = cursor.peek();
    // Every error names the line the assignment starts on, whatever line it was found on.
    auto fail = [&](std::string reason) {
      *err = {line, std::move(reason)};
      return false;
    };
    if (name.empty() && (separator == '=' || separator == ':'))
      return fail("the line has no variable name before its " + std::string(1, separator));
    if (cursor.done() || separator == '\n') {
      // `NAME` alone passes NAME on from the environment, where it already is.
      continue;
    }
    if (separator != '=' && separator != ':') {
      return fail(cursor.at > name_start && in_assigned_name(separator)
                      ? "a variable name holds a space; write NAME=value"
                      : "a variable name holds a character other than letters, digits and _ . - [ ]; write NAME=value");
    }
    ++cursor.at;  // compose also reads the YAML-like `NAME: value`
    cursor.skip_blanks();
    SecretBuffer value(64);
    std::string why;
    if (!read_value(cursor, lookup, value, &why)) return fail(why);
    if (value.view().find('\0') != std::string_view::npos)
      return fail("the value holds a NUL byte, which no environment variable can hold");
    if (!assign(vars, name, value.view()))
      return fail("more than " + std::to_string(kMostEnvFileVars) + " variables in the .env files together");
  }
}

bool read_env_files(const std::vector<std::string>& paths, const Environment& env, EnvFiles* files, std::string* err) {
  for (const std::string& path : paths) {
    std::string shown = printable(path, 200) + " (--env-file)";
    // Symbolic links are followed (a Kubernetes secret mount is one); only a regular file is
    // read, and without blocking, so a FIFO cannot hold the start-up.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
      *err = "cannot read " + shown + ": " + std::strerror(errno);
      return false;
    }
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      const char* what = S_ISDIR(info.st_mode) ? "a directory" : S_ISFIFO(info.st_mode) ? "a FIFO"
                         : S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)               ? "a device"
                                                                                         : "not a regular file";
      ::close(fd);
      *err = "cannot read " + shown + ": it is " + std::string(what) + "; name a regular file of NAME=value lines";
      return false;
    }
    if (info.st_mode & S_IWOTH)
      files->warnings.push_back(shown + " is world-writable: anyone on this machine can change the keys and settings "
                                        "it gives the app; chmod o-w it");
    // One byte more than allowed tells a file that is too long.
    SecretBuffer contents(kMaxEnvFileBytes + 1);
    int error = 0;
    while (contents.room() > 0) {
      ssize_t got = ::read(fd, contents.data() + contents.size(), contents.room());
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) error = errno;
      if (got <= 0) break;
      contents.commit(contents.size() + static_cast<std::size_t>(got));
    }
    ::close(fd);
    if (error != 0) {
      *err = "cannot read " + shown + ": " + std::strerror(error);
      return false;
    }
    if (contents.size() > kMaxEnvFileBytes) {
      *err = "cannot read " + shown + ": it holds more than " + std::to_string(kMaxEnvFileBytes / 1024) +
             " KiB, far more than a .env file of settings";
      return false;
    }
    EnvFileError parse_error;
    if (!parse_env_file(contents.view(), env, &files->vars, &parse_error)) {
      *err = shown + " line " + std::to_string(parse_error.line) + ": " + parse_error.reason +
             " (compose's .env syntax: docs/command-line.md)";
      return false;
    }
  }
  return true;
}

std::vector<SecretBuffer> env_file_entries(const std::vector<EnvFileVar>& vars, const Environment& env) {
  std::vector<SecretBuffer> entries;
  for (const EnvFileVar& var : vars) {
    if (env.get(var.name)) continue;
    SecretBuffer entry(var.name.size() + 1 + var.value.size());
    entry.append(var.name);
    entry.append("=");
    entry.append(var.value.view());
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace keyguard
