// What the http and limits targets share: a response fed at once and in pieces must come out the same.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "http.h"

namespace keyguard::fuzz {

/// A parser after the bytes and the close. The response stays in the parser: moving or
/// copying it out would cost a 256 KiB allocation for every chunked or close-delimited body.
struct Parsed {
  ResponseParser parser;
  ResponseParser::State fed = ResponseParser::State::need_more;  // after the last byte, before the close
};

/// The sizes of the pieces a wire is fed in, drawn from the control byte's SPLIT by xorshift.
class Pieces {
 public:
  explicit Pieces(unsigned split) : random_(split * 2654435761u + 1) {}
  std::uint32_t next() {
    random_ ^= random_ << 13, random_ ^= random_ >> 17, random_ ^= random_ << 5;
    return random_;
  }

 private:
  std::uint32_t random_;
};

/// Feeds WIRE to PARSED's parser in pieces whose sizes PIECE_SIZE gives (empty pieces too),
/// then closes, announced or CUT_OFF.
template <typename PieceSize>
void parse_in_pieces(std::string_view wire, PieceSize piece_size, bool cut_off, Parsed* parsed) {
  for (std::size_t offset = 0; offset < wire.size();) {
    std::size_t piece = piece_size();
    parsed->parser.feed(wire.substr(offset, piece));  // bytes after done or error are ignored
    offset += piece;
  }
  parsed->fed = parsed->parser.state();
  parsed->parser.finish(cut_off);
}

inline void parse_at_once(std::string_view wire, bool cut_off, Parsed* parsed) {
  parsed->fed = parsed->parser.feed(wire);
  parsed->parser.finish(cut_off);
}

/// The invariants: the same state, error and response whatever the pieces (HOW names them),
/// and a body within kMaxBodyBytes.
inline void check_same(const Parsed& whole, const Parsed& pieces, const std::string& how) {
  const HttpResponse &a = whole.parser.response(), &b = pieces.parser.response();
  std::string differs = " differs when fed in pieces (" + how + ")";
  check(whole.fed == pieces.fed, "the state before the close" + differs);
  check(whole.parser.state() == pieces.parser.state(), "the state" + differs);
  check(whole.parser.error() == pieces.parser.error(),
        "the error" + differs + ": '" + whole.parser.error() + "' vs '" + pieces.parser.error() + "'");
  check(a.status == b.status, "the status" + differs);
  check(a.minor_version == b.minor_version, "the HTTP version" + differs);
  check(a.reason == b.reason, "the reason" + differs);
  check(a.headers == b.headers, "the headers" + differs);
  check(a.body == b.body, "the body" + differs);
  check(a.body_truncated == b.body_truncated, "body_truncated" + differs);
  check(a.close_delimited == b.close_delimited, "close_delimited" + differs);
  check(a.body.size() <= kMaxBodyBytes, "the body is " + std::to_string(a.body.size()) + " bytes, over kMaxBodyBytes");
}

}  // namespace keyguard::fuzz
