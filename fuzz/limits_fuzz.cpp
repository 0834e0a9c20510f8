// Fuzzes the HTTP response parser at its size limits: the fuzzer's bytes followed by a filler
// longer than kMaxBodyBytes reach the caps on the head, the body and the trailers, and the
// response must not depend on the pieces it came in.
#include "http.h"
#include "response_checks.h"

using namespace keyguard;

// Input: as the http target's: one control byte, then the bytes on the wire; the filler, 'a'
// repeated, follows them. The control byte's low 7 bits pick the pieces, its high bit a close
// without TLS close_notify. The pieces are mostly large (up to 2 KiB per unit of split, so that
// a run takes a few hundred feeds, not 256 Ki of them), and sometimes as small as the http
// target's, so that a limit may fall on a piece's edge.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  unsigned split = data[0] & 0x7f;
  bool cut_off = data[0] & 0x80;
  // One buffer for every run: a new 256 KiB string each time would cost as much as the parsing.
  static std::string wire;
  wire.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  wire.append(kMaxBodyBytes + 1, 'a');
  fuzz::Pieces pieces(split);
  auto piece_size = [&]() -> std::size_t {
    std::uint32_t random = pieces.next();
    if (random & 1) return (random >> 1) % (2 * split + 2);
    return (random >> 1) % (2 * (split + 1) * 1024 + 1);
  };
  fuzz::Parsed whole, in_pieces;
  fuzz::parse_at_once(wire, cut_off, &whole);
  fuzz::parse_in_pieces(wire, piece_size, cut_off, &in_pieces);
  fuzz::check_same(whole, in_pieces, "split " + std::to_string(split) + (cut_off ? ", cut off" : ""));
  return 0;
}
