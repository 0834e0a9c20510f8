// What the fuzz targets share: reading their inputs, and checking an invariant by trapping.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "http.h"
#include "text.h"

namespace keyguard::fuzz {

/// TEXT, short and printable, for a one-line message: bytes outside 0x20..0x7e as \xNN.
inline std::string escaped(std::string_view text, std::size_t max_bytes = 160) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text.substr(0, max_bytes)) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

/// Says which invariant broke, on one line, and stops: libFuzzer keeps the input as a crash.
[[noreturn]] inline void violated(const std::string& what) {
  std::fprintf(stderr, "fuzz: invariant violated: %s\n", what.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

inline void check(bool holds, const std::string& what) {
  if (!holds) violated(what);
}

/// The parts of INPUT between SEPARATOR bytes; empty parts included.
inline std::vector<std::string_view> split_fields(std::string_view input, char separator = '\0') {
  std::vector<std::string_view> fields;
  for (;;) {
    std::size_t end = input.find(separator);
    fields.push_back(input.substr(0, end));
    if (end == std::string_view::npos) return fields;
    input.remove_prefix(end + 1);
  }
}

/// Whether TEXT is well-formed UTF-8: no stray continuation byte, no overlong form, no
/// surrogate, nothing past U+10FFFF, no sequence cut short.
inline bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    unsigned char lead = byte(i);
    std::size_t length;
    std::uint32_t code;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2, code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3, code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4, code = lead & 0x07;
    } else {
      return false;  // a continuation byte, C0/C1 (always overlong), or F5..FF
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
      code = (code << 6) | (byte(i + k) & 0x3F);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000)) return false;  // overlong
    if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

/// The first control byte of TEXT (C0 or DEL) as "position N (\xNN)", or "" when there is none.
inline std::string control_byte_in(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (is_control(static_cast<unsigned char>(text[i])))
      return "position " + std::to_string(i) + " (" + escaped(text.substr(i, 1)) + ")";
  return "";
}

/// TEXT with every "[redacted]" marker, whole or cut short by a length limit, turned into NUL
/// bytes, which no key holds: the marker is keyguard's own text, and next to a key's bytes
/// it shows no more of the key than those bytes do.
inline std::string without_markers(std::string_view text) {
  constexpr std::string_view kMarker = "[redacted]";
  std::string out(text);
  for (std::size_t i = 0; i < out.size();) {
    std::size_t length = 0;
    while (length < kMarker.size() && i + length < out.size() && out[i + length] == kMarker[length]) ++length;
    for (std::size_t k = 0; k < length; ++k) out[i + k] = '\0';
    i += length ? length : 1;
  }
  return out;
}

/// TEXT without what keyguard writes in place of what it hides or cannot show: the markers,
/// a space for a control character, '?' for a byte that is not UTF-8. Next to a few of a
/// key's bytes, such a byte only looks like more of the key (when the key holds ' ' or '?').
inline std::string without_substitutes(std::string_view text) {
  std::string out = without_markers(text);
  for (char& c : out)
    if (c == ' ' || c == '?') c = '\0';
  return out;
}

/// The first run of RUN bytes of KEY that TEXT holds (the whole key when it is shorter), or
/// "" when there is none.
inline std::string_view key_run_in(std::string_view text, std::string_view key, std::size_t run) {
  if (key.empty()) return "";
  if (key.size() < run) return text.find(key) != std::string_view::npos ? key : "";
  for (std::size_t i = 0; i + run <= key.size(); ++i)
    if (text.find(key.substr(i, run)) != std::string_view::npos) return key.substr(i, run);
  return "";
}

/// Reads a response written as the classify and report seeds write it:
///   STATUS[+][ REASON]\nname: value\n...\n\nBODY
/// A '+' after the status marks the body as cut at kMaxBodyBytes. Lines end at '\n' only,
/// so a '\r' stays in the value, as a server could send it. Header names are lower-cased, as
/// the HTTP parser stores them.
inline HttpResponse read_response_spec(std::string_view spec) {
  HttpResponse response;
  std::size_t line_end = spec.find('\n');
  std::string_view status_line = spec.substr(0, line_end);
  spec = line_end == std::string_view::npos ? "" : spec.substr(line_end + 1);
  std::size_t i = 0;
  bool negative = i < status_line.size() && status_line[i] == '-';
  if (negative) ++i;
  for (int digits = 0; i < status_line.size() && digits < 9 && status_line[i] >= '0' && status_line[i] <= '9'; ++digits)
    response.status = response.status * 10 + (status_line[i++] - '0');
  if (negative) response.status = -response.status;
  if (i < status_line.size() && status_line[i] == '+') {
    response.body_truncated = true;
    ++i;
  }
  if (i < status_line.size() && status_line[i] == ' ') response.reason = std::string(status_line.substr(i + 1));

  while (!spec.empty() && spec.front() != '\n') {
    line_end = spec.find('\n');
    std::string_view line = spec.substr(0, line_end);
    spec = line_end == std::string_view::npos ? "" : spec.substr(line_end + 1);
    std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    response.headers.emplace_back(ascii_lower(line.substr(0, colon)), std::string(value));
  }
  if (!spec.empty()) spec.remove_prefix(1);  // the blank line
  response.body = std::string(spec);
  return response;
}

}  // namespace keyguard::fuzz
