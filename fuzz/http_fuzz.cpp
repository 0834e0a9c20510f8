// Fuzzes the HTTP response parser: the same bytes in any pieces must give the same response.
// The limits target does the same past the parser's size limits.
#include "http.h"
#include "response_checks.h"

using namespace keyguard;

// Input: one control byte, then the bytes on the wire. The control byte's low 7 bits pick the
// pieces (0: one byte at a time); its high bit says the connection closes without TLS
// close_notify, which cuts a close-delimited body short.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  unsigned split = data[0] & 0x7f;
  bool cut_off = data[0] & 0x80;
  std::string_view wire(reinterpret_cast<const char*>(data) + 1, size - 1);
  fuzz::Pieces pieces(split);
  auto piece_size = [&]() -> std::size_t { return split == 0 ? 1 : pieces.next() % (2 * split + 1); };
  fuzz::Parsed whole, in_pieces;
  fuzz::parse_at_once(wire, cut_off, &whole);
  fuzz::parse_in_pieces(wire, piece_size, cut_off, &in_pieces);
  fuzz::check_same(whole, in_pieces, "split " + std::to_string(split) + (cut_off ? ", cut off" : ""));
  return 0;
}
