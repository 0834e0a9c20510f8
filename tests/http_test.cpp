// Tables for the HTTP response parser and the probe request.
#include "http.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace keyguard {

// Lets failures print "need_more" instead of raw bytes; GoogleTest finds it by ADL.
static void PrintTo(ResponseParser::State state, std::ostream* out) {
  switch (state) {
    case ResponseParser::State::need_more: *out << "need_more"; break;
    case ResponseParser::State::done: *out << "done"; break;
    case ResponseParser::State::error: *out << "error"; break;
  }
}

namespace {

using State = ResponseParser::State;
using namespace std::string_literals;

// Feeds WIRE in pieces of PIECE_SIZE bytes (0: all at once), stopping early once the parser
// is done or has failed, then tells it the connection closed if CLOSE_AT_END.
State parse(ResponseParser& parser, std::string_view wire, std::size_t piece_size, bool close_at_end) {
  if (piece_size == 0) piece_size = wire.size() ? wire.size() : 1;
  State state = parser.state();
  for (std::size_t offset = 0; offset < wire.size() && state == State::need_more; offset += piece_size)
    state = parser.feed(wire.substr(offset, piece_size));
  if (close_at_end) state = parser.finish();
  return state;
}

const std::size_t kPieceSizes[] = {0, 1, 2, 7};

struct BodyCase {
  const char* name;
  std::string wire;
  bool needs_close;  // close-delimited: complete only when the peer closes
  int status;
  std::string body;
};

TEST(Http, ReadsEachFramingWhetherFedAtOnceOrByteByByte) {
  const std::vector<BodyCase> cases = {
      {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 200, "hello"},
      {"content-length zero", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, 200, ""},
      {"repeated equal content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello",
       false, 200, "hello"},
      {"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
       false, 200, "hello world"},
      {"chunked with upper-case hex and extensions",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA;name=value\r\n0123456789\r\n1 ; x\r\n!\r\n0;last\r\n\r\n",
       false, 200, "0123456789!"},
      {"chunked with trailers",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nx-trailer: 1\r\nx-other: 2\r\n\r\n", false,
       200, "abc"},
      {"chunked named in any case", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false,
       200, "ok"},
      {"chunked wins over content-length",
       "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false, 200,
       "ok"},
      {"close-delimited", "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n{\"data\":[]}", true, 200, "{\"data\":[]}"},
      {"close-delimited empty", "HTTP/1.1 500 Internal Server Error\r\n\r\n", true, 500, ""},
      {"http/1.0 close-delimited", "HTTP/1.0 200 OK\r\n\r\nold", true, 200, "old"},
      {"bare LF line endings", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false, 200, "ok"},
      {"no reason phrase", "HTTP/1.1 401\r\nContent-Length: 2\r\n\r\nno", false, 401, "no"},
      {"204 without body", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false, 204, ""},
      {"304 without body", "HTTP/1.1 304 Not Modified\r\n\r\n", false, 304, ""},
      {"100 continue skipped", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false,
       200, "ok"},
      {"several interim responses skipped",
       "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
       "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope",
       false, 404, "nope"},
  };
  for (const BodyCase& test : cases) {
    for (std::size_t piece_size : kPieceSizes) {
      SCOPED_TRACE(std::string(test.name) + ", pieces of " + std::to_string(piece_size));
      ResponseParser parser;
      State state = parse(parser, test.wire, piece_size, false);
      if (test.needs_close) {
        EXPECT_EQ(state, State::need_more);
        state = parser.finish();
      }
      ASSERT_EQ(state, State::done) << parser.error();
      EXPECT_EQ(parser.response().status, test.status);
      EXPECT_EQ(parser.response().body, test.body);
      EXPECT_FALSE(parser.response().body_truncated);
    }
  }
}

TEST(Http, ReadsChunkedBodyAcrossFeeds) {
  ResponseParser parser;
  const char* pieces[] = {"HTTP/1.1 200 OK\r\nTransfer-", "Encoding: chunked\r\n\r", "\n0", "A\r\n0123", "456789",
                          "\r", "\n3;ext", "=1\r\nabc\r\n0\r", "\nx: y\r\n\r", "\n"};
  for (const char* piece : pieces) ASSERT_NE(parser.feed(piece), State::error) << parser.error();
  EXPECT_EQ(parser.state(), State::done);
  EXPECT_EQ(parser.response().body, "0123456789abc");
}

TEST(Http, DropsHeadersOfInterimResponses) {
  ResponseParser parser;
  parse(parser, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0,
        false);
  ASSERT_EQ(parser.state(), State::done) << parser.error();
  EXPECT_EQ(parser.response().reason, "OK");
  EXPECT_EQ(parser.response().header("link"), nullptr);
}

TEST(Http, IsDoneAfterContentLengthWithoutWaitingForClose) {
  ResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokTRAILING GARBAGE"), State::done);
  EXPECT_EQ(parser.feed("more"), State::done);
  EXPECT_EQ(parser.finish(), State::done);
  EXPECT_EQ(parser.response().body, "ok");
}

TEST(Http, SaysWhenBytesCameAfterTheEndOfTheResponse) {
  const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  const std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
  const std::string stray = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  struct Case {
    const char* name;
    std::string wire;
    bool leftover;
  };
  const std::vector<Case> cases = {
      {"the answer alone", answer, false},
      {"a chunked answer alone", chunked, false},
      {"a second answer after it", answer + stray, true},
      {"a second answer after a chunked one", chunked + stray, true},
      {"one byte after it", answer + "\n", true},
      {"an empty answer and a byte", "HTTP/1.1 204 No Content\r\n\r\nX", true},
  };
  for (const Case& c : cases) {
    for (std::size_t piece : kPieceSizes) {
      SCOPED_TRACE(std::string(c.name) + ", pieces of " + std::to_string(piece));
      ResponseParser parser;
      // Fed whole, or in pieces until done: the bytes after the end come in the same feed or
      // are never fed, as a client stops reading once the answer is whole.
      std::size_t size = piece == 0 ? c.wire.size() : piece;
      for (std::size_t at = 0; at < c.wire.size() && parser.state() == State::need_more; at += size)
        parser.feed(std::string_view(c.wire).substr(at, size));
      ASSERT_EQ(parser.state(), State::done) << parser.error();
      if (piece == 0) {
        EXPECT_EQ(parser.leftover(), c.leftover);
      } else if (!c.leftover) {
        EXPECT_FALSE(parser.leftover());
      }
    }
  }
}

TEST(Http, KeepsAConnectionOnlyWhenTheServerMeansTo) {
  struct Case {
    std::string head;
    bool reusable;
  };
  const std::vector<Case> cases = {
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", true},
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n", false},
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Keep-Alive, CLOSE\r\n", false},
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: upgrade\r\n", true},
      // A token that only contains the word is not it.
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: x-closed\r\n", true},
      {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n", false},
      {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n", true},
      {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n", true},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.head);
    ResponseParser parser;
    std::string wire = c.head + "\r\n";
    if (c.head.find("chunked") != std::string::npos) wire += "0\r\n\r\n";
    ASSERT_EQ(parser.feed(wire), State::done) << parser.error();
    EXPECT_EQ(parser.response().reusable(), c.reusable);
  }
}

TEST(Http, KeepsStatusReasonAndTrimmedLowerCaseHeaders) {
  ResponseParser parser;
  parse(parser,
        "HTTP/1.1 401 Unauthorized  \r\nX-Request-ID: \t req_123 \t\r\nContent-Type:application/json\r\n"
        "Set-Cookie: a=1\r\nset-cookie: b=2\r\nEmpty:\r\nContent-Length: 0\r\n\r\n",
        0, false);
  ASSERT_EQ(parser.state(), State::done) << parser.error();
  const HttpResponse& response = parser.response();
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.reason, "Unauthorized  ");
  ASSERT_EQ(response.headers.size(), 6u);
  EXPECT_EQ(response.headers[0].first, "x-request-id");

  struct Lookup {
    const char* name;
    const char* expected;  // nullptr: absent
  };
  const Lookup lookups[] = {
      {"x-request-id", "req_123"}, {"content-type", "application/json"}, {"set-cookie", "a=1"},
      {"empty", ""},               {"X-Request-ID", nullptr},            {"request-id", nullptr},
  };
  for (const Lookup& lookup : lookups) {
    SCOPED_TRACE(lookup.name);
    const std::string* value = response.header(lookup.name);
    if (!lookup.expected) {
      EXPECT_EQ(value, nullptr);
    } else {
      ASSERT_NE(value, nullptr);
      EXPECT_EQ(*value, lookup.expected);
    }
  }
}

struct ErrorCase {
  const char* name;
  std::string wire;
  std::string error;
};

TEST(Http, RejectsMalformedResponses) {
  const std::string chunked_head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::vector<ErrorCase> cases = {
      {"not http", "SSH-2.0-OpenSSH_9.6\r\n\r\n", "malformed status line"},
      {"http/2 version", "HTTP/2 200 OK\r\n\r\n", "malformed status line"},
      {"lower-case protocol", "http/1.1 200 OK\r\n\r\n", "malformed status line"},
      {"two-digit status", "HTTP/1.1 20 OK\r\n\r\n", "malformed status line"},
      {"four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", "malformed status line"},
      {"status 0xx", "HTTP/1.1 099 Odd\r\n\r\n", "malformed status line"},
      {"no space after status", "HTTP/1.1 200OK\r\n\r\n", "malformed status line"},
      {"two spaces before status", "HTTP/1.1  200 OK\r\n\r\n", "malformed status line"},
      {"control character in reason", "HTTP/1.1 200 O\x1bK\r\n\r\n", "malformed status line"},
      {"empty first line", "\r\nHTTP/1.1 200 OK\r\n\r\n", "malformed status line"},
      {"obs-fold", "HTTP/1.1 200 OK\r\nX-Long: a\r\n  continued\r\n\r\n", "obsolete line folding in headers"},
      {"header without colon", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "malformed header line"},
      {"empty header name", "HTTP/1.1 200 OK\r\n: value\r\n\r\n", "malformed header line"},
      {"space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", "malformed header line"},
      {"NUL in header value", "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n"s, "malformed header line"},
      {"bare CR in header value", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", "malformed header line"},
      {"non-numeric content-length", "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", "invalid Content-Length"},
      {"negative content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"},
      {"signed content-length", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", "invalid Content-Length"},
      {"empty content-length", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", "invalid Content-Length"},
      {"content-length with inner space", "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n", "invalid Content-Length"},
      {"overflowing content-length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
       "invalid Content-Length"},
      {"conflicting content-length list", "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello",
       "conflicting Content-Length"},
      {"conflicting content-length headers", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
       "conflicting Content-Length"},
      {"gzip transfer coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
       "unsupported Transfer-Encoding"},
      {"chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
       "unsupported Transfer-Encoding"},
      {"empty transfer-encoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n", "unsupported Transfer-Encoding"},
      {"chunk size not hex", chunked_head + "zz\r\n", "bad chunk size"},
      {"chunk size empty", chunked_head + "\r\n", "bad chunk size"},
      {"chunk size negative", chunked_head + "-1\r\n", "bad chunk size"},
      {"chunk size with 0x", chunked_head + "0x5\r\nhello\r\n", "bad chunk size"},
      {"chunk size followed by junk", chunked_head + "5 6\r\nhello\r\n", "bad chunk size"},
      {"chunk size overflowing", chunked_head + "10000000000000000\r\n", "bad chunk size"},
      {"endless chunk size line", chunked_head + "5;" + std::string(5000, 'x'), "bad chunk size"},
      {"chunk longer than its size", chunked_head + "3\r\nhello\r\n0\r\n\r\n", "chunk longer than its size"},
      {"trailers over 64 KiB",
       chunked_head + "0\r\n" + std::string(kMaxHeaderBytes + 1, 'x'), "response trailers exceed 64 KiB"},
  };
  for (const ErrorCase& test : cases) {
    for (std::size_t piece_size : kPieceSizes) {
      SCOPED_TRACE(std::string(test.name) + ", pieces of " + std::to_string(piece_size));
      ResponseParser parser;
      EXPECT_EQ(parse(parser, test.wire, piece_size, false), State::error);
      EXPECT_EQ(parser.error(), test.error);
      EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\n\r\n"), State::error);
    }
  }
}

TEST(Http, FailsWhenConnectionClosesEarly) {
  const std::vector<ErrorCase> cases = {
      {"nothing received", "", "connection closed before the response headers"},
      {"partial status line", "HTTP/1.1 20", "connection closed before the response headers"},
      {"no blank line after headers", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
       "connection closed before the response headers"},
      {"only an interim response", "HTTP/1.1 100 Continue\r\n\r\n", "connection closed before the response headers"},
      {"short content-length body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
       "connection closed before the response ended"},
      {"inside a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
       "connection closed before the response ended"},
      {"before the last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
       "connection closed before the response ended"},
      {"inside the trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nx: y\r\n",
       "connection closed before the response ended"},
  };
  for (const ErrorCase& test : cases) {
    for (std::size_t piece_size : kPieceSizes) {
      SCOPED_TRACE(std::string(test.name) + ", pieces of " + std::to_string(piece_size));
      ResponseParser parser;
      EXPECT_EQ(parse(parser, test.wire, piece_size, true), State::error);
      EXPECT_EQ(parser.error(), test.error);
      EXPECT_FALSE(parser.response().body_truncated);
    }
  }
}

// A head of exactly SIZE bytes, blank line included, made of short header lines.
std::string head_of_size(std::size_t size) {
  std::string head = "HTTP/1.1 200 OK\r\n";
  const std::string line = "X-Filler: " + std::string(88, 'f') + "\r\n";  // 100 bytes
  while (head.size() + line.size() + 2 + 5 <= size) head += line;  // leaves room for the "X: " line
  std::size_t padding = size - head.size() - 2;
  if (padding > 0) head += "X: " + std::string(padding - 5, 'p') + "\r\n";
  head += "\r\n";
  return head;
}

TEST(Http, AcceptsHeadersOfExactly64KiB) {
  std::string head = head_of_size(kMaxHeaderBytes);
  ASSERT_EQ(head.size(), kMaxHeaderBytes);
  for (std::size_t piece_size : kPieceSizes) {
    SCOPED_TRACE(piece_size);
    ResponseParser parser;
    EXPECT_EQ(parse(parser, head + "ok", piece_size, true), State::done) << parser.error();
    EXPECT_EQ(parser.response().body, "ok");
  }
}

TEST(Http, RejectsHeadersOver64KiB) {
  const std::vector<std::string> heads = {
      head_of_size(kMaxHeaderBytes + 1),
      "HTTP/1.1 200 OK\r\nX-Huge: " + std::string(kMaxHeaderBytes, 'h') + "\r\n\r\n",
      // Interim responses count toward the limit, or a server could send them forever.
      "HTTP/1.1 100 Continue\r\n\r\n" + head_of_size(kMaxHeaderBytes - 10),
  };
  for (const std::string& head : heads) {
    for (std::size_t piece_size : kPieceSizes) {
      SCOPED_TRACE(piece_size);
      ResponseParser parser;
      EXPECT_EQ(parse(parser, head + "body", piece_size, true), State::error);
      EXPECT_EQ(parser.error(), "response headers exceed 64 KiB");
    }
  }
}

TEST(Http, StopsReadingHeadersAtTheLimitWithoutATerminator) {
  ResponseParser parser;
  std::string endless = "HTTP/1.1 200 OK\r\nX: " + std::string(kMaxHeaderBytes, 'a');
  EXPECT_EQ(parser.feed(endless), State::error);
  EXPECT_EQ(parser.error(), "response headers exceed 64 KiB");
}

// A 300 KiB body whose byte I is 'a' + I % 26, so a wrong offset shows.
std::string long_body() {
  std::string body(300 * 1024, ' ');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  return body;
}

std::string chunked(std::string_view body, std::size_t chunk_size) {
  static const char kHex[] = "0123456789abcdef";
  std::string wire;
  for (std::size_t offset = 0; offset < body.size(); offset += chunk_size) {
    std::string_view chunk = body.substr(offset, chunk_size);
    std::string size;
    for (std::size_t n = chunk.size(); n > 0; n /= 16) size.insert(size.begin(), kHex[n % 16]);
    wire.append(size).append("\r\n").append(chunk).append("\r\n");
  }
  return wire + "0\r\n\r\n";
}

TEST(Http, KeepsFirst256KiBOfLongerBodyAndStops) {
  const std::string body = long_body();
  const std::vector<std::pair<const char*, std::string>> responses = {
      {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body},
      {"chunked in 4000-byte chunks", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 4000)},
      {"chunked in one chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, body.size())},
      {"chunked ending exactly at the cap",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, kMaxBodyBytes)},
      {"close-delimited", "HTTP/1.1 200 OK\r\n\r\n" + body},
  };
  for (const auto& [name, wire] : responses) {
    for (std::size_t piece_size : {std::size_t{0}, std::size_t{1}, std::size_t{16384}}) {
      SCOPED_TRACE(std::string(name) + ", pieces of " + std::to_string(piece_size));
      ResponseParser parser;
      // No finish(): the parser must say done by itself, so the caller stops reading.
      ASSERT_EQ(parse(parser, wire, piece_size, false), State::done) << parser.error();
      EXPECT_TRUE(parser.response().body_truncated);
      ASSERT_EQ(parser.response().body.size(), kMaxBodyBytes);
      EXPECT_EQ(parser.response().body, std::string_view(body).substr(0, kMaxBodyBytes));
    }
  }
}

TEST(Http, KeepsBodyOfExactly256KiBWhole) {
  const std::string body = long_body().substr(0, kMaxBodyBytes);
  const std::vector<std::pair<std::string, bool>> responses = {
      {"HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body, false},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 5000), false},
      {"HTTP/1.1 200 OK\r\n\r\n" + body, true},
  };
  for (const auto& [wire, needs_close] : responses) {
    ResponseParser parser;
    EXPECT_EQ(parse(parser, wire, 0, needs_close), State::done) << parser.error();
    EXPECT_FALSE(parser.response().body_truncated);
    EXPECT_EQ(parser.response().body, body);
  }
}

TEST(Http, MakesRoomForABodyOfUnknownLengthAsItComes) {
  const std::vector<std::pair<std::string, bool>> responses = {
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", false},
      {"HTTP/1.1 200 OK\r\n\r\nhello", true},
  };
  for (const auto& [wire, needs_close] : responses) {
    SCOPED_TRACE(wire);
    ResponseParser parser;
    ASSERT_EQ(parse(parser, wire, 0, needs_close), State::done) << parser.error();
    EXPECT_EQ(parser.response().body, "hello");
    // Not the 256 KiB cap, which would be reserved, and wiped, for every such answer.
    EXPECT_LT(parser.response().body.capacity(), 16 * 1024u);
  }
}

// Quadratic work here (rescanning or erasing the buffer per chunk) would take minutes.
TEST(Http, ParsesManyTinyChunksInOneFeed) {
  std::string body(200 * 1024, 'x');
  ResponseParser parser;
  EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 1)), State::done)
      << parser.error();
  EXPECT_EQ(parser.response().body, body);
}

TEST(Http, BuildsGetRequestWithHostHeadersThenConnectionClose) {
  EXPECT_EQ(build_http_request("GET", "/v1/models?limit=1", "api.anthropic.com",
                              {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}, {"Accept", "application/json"}})
                .view(),
            "GET /v1/models?limit=1 HTTP/1.1\r\n"
            "Host: api.anthropic.com\r\n"
            "x-api-key: k\r\n"
            "anthropic-version: 2023-06-01\r\n"
            "Accept: application/json\r\n"
            "Connection: close\r\n"
            "\r\n");
  EXPECT_EQ(build_http_request("GET", "/", "[::1]:8080", {}).view(), "GET / HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n");
}

TEST(Http, PutsTheAuthHeaderWhereAskedInABufferOfExactlyTheRequestsSize) {
  AuthHeader auth{"Authorization", "Bearer ", "sk-test", 1};
  SecretBuffer wire =
      build_http_request("GET", "/v1/models", "api.openai.com", {{"Accept", "application/json"}, {"X-A", "b"}}, &auth);
  EXPECT_EQ(wire.view(),
            "GET /v1/models HTTP/1.1\r\n"
            "Host: api.openai.com\r\n"
            "Accept: application/json\r\n"
            "Authorization: Bearer sk-test\r\n"
            "X-A: b\r\n"
            "Connection: close\r\n"
            "\r\n");
  EXPECT_EQ(wire.capacity(), wire.size());
}

}  // namespace
}  // namespace keyguard
