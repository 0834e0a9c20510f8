// Writing the probe request and reading the response, piece by piece, within fixed limits.
#include "http.h"

#include "secret.h"
#include "text.h"

#include <algorithm>
#include <cstdint>

namespace keyguard {

namespace {

// A chunk-size line is a hex number plus extensions we ignore; nothing honest needs more.
constexpr std::size_t kMaxChunkLineBytes = 4096;
// The parser holds at most one line being read (the longest is the whole head) and the
// bytes of one feed step past it.
constexpr std::size_t kFeedStep = 16 * 1024;
constexpr std::size_t kBufferBytes = kMaxHeaderBytes + kFeedStep;
// A body of unknown length starts with this much room and doubles, up to kMaxBodyBytes.
constexpr std::size_t kFirstBodyBytes = 4096;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ows(char c) { return c == ' ' || c == '\t'; }

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// RFC 9110 §5.6.2 token characters.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// Field values and reason phrases are VCHAR, obs-text, SP and HTAB: a NUL, a bare CR or an
// escape sequence has no business there and would only end up in the report.
bool has_control_char(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return true;
  }
  return false;
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
  return text;
}

bool parse_hex(std::string_view text, std::uint64_t* value) {
  if (text.empty() || text.size() > 15) return false;  // 15 hex digits cannot overflow 64 bits
  std::uint64_t result = 0;
  for (char c : text) {
    int digit;
    if (is_digit(c)) digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return false;
    result = result * 16 + static_cast<std::uint64_t>(digit);
  }
  *value = result;
  return true;
}

// Calls VISIT on each trimmed element, empty ones included, of the comma lists in every
// header NAME.
template <typename Visit>
void for_each_list_element(const HttpResponse& response, std::string_view name, Visit visit) {
  for (const auto& [header_name, value] : response.headers) {
    if (header_name != name) continue;
    std::string_view rest = value;
    while (true) {
      std::size_t comma = rest.find(',');
      visit(trim_ows(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
}

// "HTTP/1.x SP 3DIGIT [SP reason]".
bool parse_status_line(std::string_view line, int* status, int* minor_version, std::string* reason) {
  constexpr std::string_view kVersionPrefix = "HTTP/1.";
  if (line.size() < 12 || line.substr(0, kVersionPrefix.size()) != kVersionPrefix) return false;
  if (!is_digit(line[7]) || line[8] != ' ') return false;
  std::string_view code = line.substr(9, 3);
  // 0xx is no status class at all; 6xx..9xx are left for the classifier to call unexpected.
  if (code[0] < '1' || code[0] > '9' || !is_digit(code[1]) || !is_digit(code[2])) return false;
  std::string_view rest = line.substr(12);
  if (!rest.empty() && rest.front() != ' ') return false;
  if (!rest.empty()) rest.remove_prefix(1);
  if (has_control_char(rest)) return false;
  *status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  *minor_version = line[7] - '0';
  reason->assign(rest);
  return true;
}

}  // namespace

bool parse_decimal(std::string_view text, std::uint64_t* value) {
  if (text.empty() || text.size() > 18) return false;  // 18 digits cannot overflow 64 bits
  std::uint64_t result = 0;
  for (char c : text) {
    if (!is_digit(c)) return false;
    result = result * 10 + static_cast<std::uint64_t>(c - '0');
  }
  *value = result;
  return true;
}

const std::string* HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return &value;
  return nullptr;
}

void HttpResponse::wipe_all() {
  wipe(body);
  wipe(reason);
  for (auto& [name, value] : headers) wipe(value);
}

HttpResponse& HttpResponse::operator=(HttpResponse&& other) noexcept {
  if (this == &other) return *this;
  wipe_all();
  status = other.status;
  minor_version = other.minor_version;
  reason = std::move(other.reason);
  headers = std::move(other.headers);
  body = std::move(other.body);
  body_truncated = other.body_truncated;
  close_delimited = other.close_delimited;
  return *this;
}

bool HttpResponse::reusable() const {
  if (close_delimited || body_truncated) return false;
  bool close = false, keep_alive = false;
  for_each_list_element(*this, "connection", [&](std::string_view option) {
    close = close || equals_ignoring_case(option, "close");
    keep_alive = keep_alive || equals_ignoring_case(option, "keep-alive");
  });
  // HTTP/1.0 closes after each answer unless it says otherwise (RFC 9112 §9.3).
  return !close && (minor_version >= 1 || keep_alive);
}

HttpResponse& HttpResponse::operator=(const HttpResponse& other) {
  if (this == &other) return *this;
  HttpResponse copy(other);
  return *this = std::move(copy);
}

ResponseParser::ResponseParser(bool head_only) : head_only_(head_only), buffer_(kBufferBytes) {}

ResponseParser::State ResponseParser::feed(std::string_view bytes) {
  // In steps that fit the fixed buffer: what was parsed is dropped before the next step.
  while (state_ == State::need_more && !bytes.empty()) {
    std::size_t taken = buffer_.append_some(bytes.substr(0, kFeedStep));
    bytes.remove_prefix(taken);
    State result = stage_ == Stage::head ? parse_head() : parse_body();
    discard_consumed();
    if (result == State::done && !bytes.empty()) leftover_ = true;
    if (result != State::need_more) return result;
    if (taken == 0) return fail("response headers exceed 64 KiB");  // cannot happen: lines are capped
  }
  return state_;
}

ResponseParser::State ResponseParser::finish(bool cut_off) {
  if (state_ != State::need_more) return state_;
  switch (stage_) {
    case Stage::head:
      return fail("connection closed before the response headers");
    case Stage::body_close:
      // Only close_notify tells a whole close-delimited body from one cut short (RFC 9112 §8).
      if (cut_off) return fail("the answer was cut off (the connection closed without TLS close_notify)");
      return complete();
    default:
      return fail("connection closed before the response ended");
  }
}

ResponseParser::State ResponseParser::fail(std::string reason) {
  state_ = State::error;
  error_ = std::move(reason);
  buffer_.clear();
  cursor_ = line_scan_ = 0;
  return state_;
}

ResponseParser::State ResponseParser::complete() {
  if (cursor_ < buffer_.size()) leftover_ = true;
  stage_ = Stage::complete;
  state_ = State::done;
  buffer_.clear();
  cursor_ = line_scan_ = 0;
  return state_;
}

// Erasing once per feed, not once per line or chunk, keeps many small chunks in one feed linear.
void ResponseParser::discard_consumed() {
  if (cursor_ == 0) return;
  buffer_.erase_front(cursor_);
  line_scan_ -= cursor_;
  cursor_ = 0;
}

ResponseParser::LineRead ResponseParser::read_line(std::size_t max_bytes, std::string_view* line) {
  std::size_t newline = buffer_.view().find('\n', line_scan_);
  if (newline == std::string_view::npos) {
    line_scan_ = buffer_.size();
    return buffer_.size() - cursor_ > max_bytes ? LineRead::too_long : LineRead::incomplete;
  }
  if (newline + 1 - cursor_ > max_bytes) return LineRead::too_long;
  std::string_view text(buffer_.data() + cursor_, newline - cursor_);
  // CRLF is the terminator; a bare LF is accepted too, as RFC 9112 §2.2 allows.
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  cursor_ = newline + 1;
  line_scan_ = cursor_;
  *line = text;
  return LineRead::complete;
}

ResponseParser::State ResponseParser::parse_head() {
  while (true) {
    std::size_t line_start = cursor_;
    std::string_view line;
    switch (read_line(kMaxHeaderBytes - head_bytes_, &line)) {
      case LineRead::incomplete: return State::need_more;
      case LineRead::too_long: return fail("response headers exceed 64 KiB");
      case LineRead::complete: break;
    }
    head_bytes_ += cursor_ - line_start;

    if (response_.status == 0) {
      if (!parse_status_line(line, &response_.status, &response_.minor_version, &response_.reason)) return fail("malformed status line");
      continue;
    }
    if (!line.empty()) {
      if (is_ows(line.front())) return fail("obsolete line folding in headers");
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) return fail("malformed header line");
      std::string_view name = line.substr(0, colon);
      std::string_view value = trim_ows(line.substr(colon + 1));
      if (!std::all_of(name.begin(), name.end(), is_token_char) || has_control_char(value))
        return fail("malformed header line");
      std::string lower_name(name);
      for (char& c : lower_name) c = to_lower(c);
      response_.headers.emplace_back(std::move(lower_name), std::string(value));
      continue;
    }

    if (response_.status >= 100 && response_.status < 200) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      response_ = HttpResponse();
      continue;
    }
    return start_body();
  }
}

// Chooses the body framing as RFC 9112 §6.3 orders it.
ResponseParser::State ResponseParser::start_body() {
  int status = response_.status;
  if (head_only_ || status == 204 || status == 304) return complete();

  if (response_.header("transfer-encoding")) {
    std::size_t coding_count = 0;
    bool only_chunked = true;
    for_each_list_element(response_, "transfer-encoding", [&](std::string_view coding) {
      if (coding.empty()) return;  // empty list elements are allowed (RFC 9110 §5.6.1)
      ++coding_count;
      if (!equals_ignoring_case(coding, "chunked")) only_chunked = false;
    });
    // We send no TE header, so chunked is the only coding a server may use (RFC 9112 §6.1);
    // a compressed body we cannot decode is no better than none.
    if (coding_count != 1 || !only_chunked) return fail("unsupported Transfer-Encoding");
    // Transfer-Encoding overrides Content-Length, which is therefore not even checked.
    stage_ = Stage::chunk_size;
    return parse_body();
  }

  bool has_content_length = false;
  bool invalid = false;
  bool conflicting = false;
  std::uint64_t length = 0;
  // Several equal values ("5, 5" or the header twice) are one length (RFC 9112 §6.3);
  // anything else could make us and a proxy disagree on where the body ends.
  for_each_list_element(response_, "content-length", [&](std::string_view element) {
    std::uint64_t parsed = 0;
    if (!parse_decimal(element, &parsed)) {
      invalid = true;
    } else if (has_content_length && parsed != length) {
      conflicting = true;
    } else {
      length = parsed;
    }
    has_content_length = true;
  });
  if (invalid) return fail("invalid Content-Length");
  if (conflicting) return fail("conflicting Content-Length");
  if (has_content_length) {
    if (length == 0) return complete();
    // Room for all of it at once: the body need not grow.
    response_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(length, kMaxBodyBytes)));
    remaining_ = static_cast<std::size_t>(length);
    stage_ = Stage::body_length;
    return parse_body();
  }

  response_.close_delimited = true;
  stage_ = Stage::body_close;
  return parse_body();
}

bool ResponseParser::append_body(std::string_view bytes) {
  std::string& body = response_.body;
  std::size_t room = kMaxBodyBytes - body.size();
  std::string_view kept = bytes.substr(0, room);
  // The body grows here, never inside append(): a string's own reallocation would free an
  // unwiped copy of it. Room for a whole body up front would cost 256 KiB to reserve and to
  // wipe for every answer of unknown length.
  if (body.size() + kept.size() > body.capacity()) {
    std::string grown;
    grown.reserve(std::min(kMaxBodyBytes, std::max({body.size() + kept.size(), 2 * body.capacity(), kFirstBodyBytes})));
    grown.append(body);
    wipe(body);
    body = std::move(grown);
  }
  body.append(kept);
  if (kept.size() < bytes.size()) {
    response_.body_truncated = true;
    return false;
  }
  return true;
}

ResponseParser::State ResponseParser::parse_body() {
  while (true) {
    std::string_view available = buffer_.view().substr(cursor_);
    switch (stage_) {
      case Stage::body_close: {
        cursor_ = line_scan_ = buffer_.size();
        if (!append_body(available)) return complete();
        return State::need_more;
      }

      case Stage::body_length:
      case Stage::chunk_data: {
        std::size_t take = std::min(available.size(), remaining_);
        bool kept_all = append_body(available.substr(0, take));
        cursor_ += take;
        line_scan_ = cursor_;
        remaining_ -= take;
        // The server announced more than we keep: stop here rather than read what we would drop.
        if (!kept_all || (remaining_ > 0 && body_full())) {
          response_.body_truncated = true;
          return complete();
        }
        if (remaining_ > 0) return State::need_more;
        if (stage_ == Stage::body_length) return complete();
        stage_ = Stage::chunk_data_end;
        break;
      }

      case Stage::chunk_size: {
        std::string_view line;
        switch (read_line(kMaxChunkLineBytes, &line)) {
          case LineRead::incomplete: return State::need_more;
          case LineRead::too_long: return fail("bad chunk size");
          case LineRead::complete: break;
        }
        std::size_t digits_end = 0;
        while (digits_end < line.size() && line[digits_end] != ';' && !is_ows(line[digits_end])) ++digits_end;
        std::string_view after_digits = trim_ows(line.substr(digits_end));
        std::uint64_t size = 0;
        if (!parse_hex(line.substr(0, digits_end), &size) || (!after_digits.empty() && after_digits.front() != ';'))
          return fail("bad chunk size");
        if (size == 0) {
          stage_ = Stage::trailers;
        } else if (body_full()) {
          response_.body_truncated = true;
          return complete();
        } else {
          remaining_ = static_cast<std::size_t>(size);
          stage_ = Stage::chunk_data;
        }
        break;
      }

      case Stage::chunk_data_end: {
        std::string_view line;
        switch (read_line(2, &line)) {
          case LineRead::incomplete: return State::need_more;
          case LineRead::too_long: return fail("chunk longer than its size");
          case LineRead::complete: break;
        }
        if (!line.empty()) return fail("chunk longer than its size");
        stage_ = Stage::chunk_size;
        break;
      }

      case Stage::trailers: {
        std::size_t line_start = cursor_;
        std::string_view line;
        switch (read_line(kMaxHeaderBytes - trailer_bytes_, &line)) {
          case LineRead::incomplete: return State::need_more;
          case LineRead::too_long: return fail("response trailers exceed 64 KiB");
          case LineRead::complete: break;
        }
        trailer_bytes_ += cursor_ - line_start;
        if (line.empty()) return complete();
        break;
      }

      case Stage::complete:
        return State::done;

      case Stage::head:
        return parse_head();
    }
  }
}

SecretBuffer build_http_request(std::string_view method, std::string_view target, std::string_view host,
                                const std::vector<std::pair<std::string, std::string>>& headers, const AuthHeader* auth,
                                bool keep_alive, std::span<const SecretField> secret_fields) {
  constexpr std::string_view kRequestLineEnd = " HTTP/1.1\r\nHost: ";
  const std::string_view kEnd = keep_alive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
  std::size_t size = method.size() + 1 + target.size() + kRequestLineEnd.size() + host.size() + kEnd.size();
  if (auth) size += 2 + auth->name.size() + 2 + auth->prefix.size() + auth->key.size();
  for (const auto& [name, value] : headers) size += 2 + name.size() + 2 + value.size();
  for (const SecretField& field : secret_fields) size += 2 + field.name.size() + 2 + field.value.size();

  SecretBuffer request(size);
  for (std::string_view piece : {method, std::string_view(" "), target, kRequestLineEnd, host}) request.append(piece);
  auto append_auth = [&] {
    for (std::string_view piece : {std::string_view("\r\n"), auth->name, std::string_view(": "), auth->prefix, auth->key})
      request.append(piece);
  };
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (auth && auth->position == i) append_auth();
    for (std::string_view piece : {std::string_view("\r\n"), std::string_view(headers[i].first), std::string_view(": "),
                                   std::string_view(headers[i].second)})
      request.append(piece);
  }
  if (auth && auth->position >= headers.size()) append_auth();
  for (const SecretField& field : secret_fields)
    for (std::string_view piece : {std::string_view("\r\n"), field.name, std::string_view(": "), field.value})
      request.append(piece);
  request.append(kEnd);
  return request;
}

}  // namespace keyguard
