// Fuzzes the HTTP response parser: the same bytes in any pieces must give the same response.
#include "fuzz_checks.h"
#include "http.h"

using namespace keyguard;
using fuzz::check;

namespace {

struct Parsed {
  ResponseParser::State fed;  // after the last byte, before the close
  ResponseParser::State state;
  HttpResponse response;
  std::string error;
};

/// Feeds WIRE in pieces whose sizes come from SPLIT (0: one byte at a time), then closes.
Parsed parse(std::string_view wire, unsigned split, bool cut_off) {
  ResponseParser parser;
  std::uint32_t random = split * 2654435761u + 1;
  for (std::size_t offset = 0; offset < wire.size();) {
    std::size_t piece = 1;
    if (split != 0) {
      random ^= random << 13, random ^= random >> 17, random ^= random << 5;
      piece = random % (2 * split + 1);  // empty pieces too
    }
    parser.feed(wire.substr(offset, piece));  // bytes after done or error are ignored
    offset += piece;
  }
  ResponseParser::State fed = parser.state();
  parser.finish(cut_off);
  return {fed, parser.state(), parser.response(), parser.error()};
}

Parsed parse_at_once(std::string_view wire, bool cut_off) {
  ResponseParser parser;
  ResponseParser::State fed = parser.feed(wire);
  parser.finish(cut_off);
  return {fed, parser.state(), parser.response(), parser.error()};
}

void check_same(const Parsed& whole, const Parsed& pieces, unsigned split, bool cut_off) {
  std::string how = " differs when fed in pieces (split " + std::to_string(split) + (cut_off ? ", cut off)" : ")");
  check(whole.fed == pieces.fed, "the state before the close" + how);
  check(whole.state == pieces.state, "the state" + how);
  check(whole.error == pieces.error, "the error" + how + ": '" + whole.error + "' vs '" + pieces.error + "'");
  check(whole.response.status == pieces.response.status, "the status" + how);
  check(whole.response.reason == pieces.response.reason, "the reason" + how);
  check(whole.response.headers == pieces.response.headers, "the headers" + how);
  check(whole.response.body == pieces.response.body, "the body" + how);
  check(whole.response.body_truncated == pieces.response.body_truncated, "body_truncated" + how);
  check(whole.response.body.size() <= kMaxBodyBytes, "the body is " + std::to_string(whole.response.body.size()) +
                                                         " bytes, over kMaxBodyBytes");
}

}  // namespace

// Input: one control byte, then the bytes on the wire. The control byte's low 7 bits pick the
// pieces; its high bit appends a filler longer than kMaxBodyBytes, to reach the body cap.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  unsigned split = data[0] & 0x7f;
  std::string wire(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 0x80) wire.append(kMaxBodyBytes + 1, 'a');
  for (bool cut_off : {false, true}) {
    Parsed whole = parse_at_once(wire, cut_off);
    check_same(whole, parse(wire, split, cut_off), split, cut_off);
  }
  return 0;
}
