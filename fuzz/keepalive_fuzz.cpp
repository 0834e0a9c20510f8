// Fuzzes keep-alive: answers of every framing, on connections that servers keep, close, or send
// bytes nobody asked for on, cut into reads anywhere and read by a client that follows
// exchange()'s rules (guard/connection.cpp). No answer is ever taken for another request's, and
// the parser finds the end of each answer exactly.
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "http.h"
#include "socket.h"

using namespace keyguard;

namespace {

/// The fuzz input, read from the front, one byte per choice; zeros once it runs out, and a zero
/// is the plain case (HTTP/1.1, CRLF, a kept connection, no stray byte, a read of all that came).
class Choices {
 public:
  Choices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  /// A number below COUNT, which is at most 256.
  unsigned pick(unsigned count) { return next() % count; }
  /// True one time in COUNT (at least 2), never for a zero.
  bool one_in(unsigned count) { return pick(count) == 1; }
  /// Up to MAX bytes (at most 255) of the input, as they are.
  std::string bytes(unsigned max) {
    std::size_t length = std::min<std::size_t>(pick(max + 1), size_ - at_);
    std::string out(reinterpret_cast<const char*>(data_) + at_, length);
    at_ += length;
    return out;
  }

 private:
  unsigned next() { return at_ < size_ ? data_[at_++] : 0; }
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

/// How an answer's body ends.
enum class Framing { none, length, chunked, close };

/// One response as a server writes it, and what the parser must make of it.
struct Answer {
  std::string wire;
  int id = 0;      // the request it answers, in header x-id and at the start of the body
  int serial = 0;  // which of the answers written it is, in header x-serial: a second answer is not the first
  int status = 0;
  int minor_version = 1;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // as the parser keeps them
  std::string body;
  Framing framing = Framing::none;
  bool reusable = false;  // what HttpResponse::reusable() must say; when false the server closes after it
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view whitespace(Choices& in) {
  static constexpr std::string_view kWhitespace[] = {"", " ", "", "\t", "  "};
  return kWhitespace[in.pick(std::size(kWhitespace))];
}

/// Writes the header NAME: VALUE, the name's case and the blanks around the value at random.
void write_header(Choices& in, std::string_view eol, std::string_view name, std::string_view value, Answer* answer) {
  std::string written(name);
  for (char& c : written)
    if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && in.one_in(4)) c ^= 0x20;  // the other case
  std::string lower = ascii_lower(name);
  answer->wire.append(written).append(":").append(whitespace(in)).append(value).append(whitespace(in)).append(eol);
  answer->headers.emplace_back(lower, std::string(trim(value)));
}

std::string hex(std::size_t value, bool upper) {
  static constexpr char kDigits[] = "0123456789abcdef0123456789ABCDEF";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[(value & 15) + (upper ? 16 : 0)]);
    value >>= 4;
  } while (value);
  return out;
}

std::string_view chunk_extension(Choices& in) {
  static constexpr std::string_view kExtensions[] = {"", "", ";name=value", " ; x", ";a=\"q;r\"", "\t;last"};
  return kExtensions[in.pick(std::size(kExtensions))];
}

/// Writes the answer to request ID, numbered SERIAL: interim responses first at random, an
/// HTTP/1.0 or 1.1 status line, a Connection header or none, and a body framed by length, by
/// chunks or (when MAY_CLOSE) by the end of the connection.
Answer write_answer(Choices& in, int id, int serial, bool may_close) {
  static constexpr int kStatuses[] = {200, 200, 200, 201, 204, 304, 401, 404, 429, 500};
  static constexpr std::string_view kReasons[] = {"OK", "", "Some Reason", "caf\xc3\xa9"};
  struct Option {
    std::string_view text;
    bool close, keep_alive;
  };
  static constexpr Option kConnectionOptions[] = {
      {"close", true, false},  {"Close", true, false},   {"keep-alive", false, true}, {"Keep-Alive", false, true},
      {"upgrade", false, false}, {"closed", false, false}, {"keep-alive=1", false, false}, {"", false, false},
  };
  static constexpr std::pair<std::string_view, std::string_view> kOtherHeaders[] = {
      {"Server", "nginx"},     {"Content-Type", "application/json"}, {"X-Request-Id", "req_1"},
      {"Keep-Alive", "timeout=5"}, {"Set-Cookie", "a=1; Path=/"},    {"Date", "Mon, 07 Dec 2026 17:00:00 GMT"},
  };

  Answer answer;
  answer.id = id;
  answer.serial = serial;
  std::string_view eol = in.one_in(4) ? "\n" : "\r\n";
  for (unsigned interim = in.one_in(3) ? 1 + in.pick(2) : 0; interim > 0; --interim) {
    answer.wire.append(in.one_in(2) ? "HTTP/1.1 100 Continue" : "HTTP/1.1 103 Early Hints").append(eol);
    // Its headers are dropped with it: an id here is no answer's.
    if (in.one_in(2)) answer.wire.append("x-id: ").append(std::to_string(id + 1)).append(eol);
    answer.wire.append(eol);
  }

  answer.minor_version = in.one_in(4) ? 0 : 1;
  answer.status = kStatuses[in.pick(std::size(kStatuses))];
  answer.reason = kReasons[in.pick(std::size(kReasons))];
  answer.wire.append("HTTP/1.").append(std::to_string(answer.minor_version)).append(" ").append(std::to_string(answer.status));
  if (!answer.reason.empty() || in.one_in(2)) answer.wire.append(" ").append(answer.reason);
  answer.wire.append(eol);

  for (unsigned other = in.pick(3); other > 0; --other) {
    const auto& [name, value] = kOtherHeaders[in.pick(std::size(kOtherHeaders))];
    write_header(in, eol, name, value, &answer);
  }
  write_header(in, eol, "X-Id", std::to_string(id), &answer);
  write_header(in, eol, "X-Serial", std::to_string(serial), &answer);

  bool close = false, keep_alive = false;
  if (in.one_in(2)) {
    std::string value;
    for (unsigned options = 1 + in.pick(3); options > 0; --options) {
      const Option& option = kConnectionOptions[in.pick(std::size(kConnectionOptions))];
      if (!value.empty() || in.one_in(4)) value.append(",").append(whitespace(in));
      value.append(option.text);
      close = close || option.close;
      keep_alive = keep_alive || option.keep_alive;
    }
    write_header(in, eol, "Connection", value, &answer);
  }

  Framing& framing = answer.framing;
  if (answer.status != 204 && answer.status != 304) {
    static constexpr Framing kFramings[] = {Framing::length, Framing::length, Framing::chunked, Framing::chunked,
                                            Framing::close};
    framing = kFramings[in.pick(may_close ? 5 : 4)];
    answer.body = std::to_string(id) + "#" + std::to_string(serial) + ":" + in.bytes(120);
  }
  std::string length = std::to_string(answer.body.size());
  switch (framing) {
    case Framing::none:
      // No body whatever the headers say (RFC 9112 §6.3): a 304's length is the resource's.
      if (in.one_in(3)) write_header(in, eol, "Content-Length", std::to_string(in.pick(200)), &answer);
      if (in.one_in(4)) write_header(in, eol, "Transfer-Encoding", "chunked", &answer);
      break;
    case Framing::length:
      switch (in.pick(4)) {
        case 0: write_header(in, eol, "Content-Length", length + ", " + length, &answer); break;
        case 1:
          write_header(in, eol, "Content-Length", length, &answer);
          write_header(in, eol, "Content-Length", length, &answer);
          break;
        case 2: write_header(in, eol, "Content-Length", "00" + length, &answer); break;
        default: write_header(in, eol, "Content-Length", length, &answer); break;
      }
      break;
    case Framing::chunked:
      // Chunked wins over a Content-Length, which is not even read.
      if (in.one_in(5)) write_header(in, eol, "Content-Length", std::to_string(in.pick(200)), &answer);
      write_header(in, eol, "Transfer-Encoding", in.one_in(3) ? ", Chunked" : "chunked", &answer);
      break;
    case Framing::close:
      break;
  }
  answer.wire.append(eol);

  if (framing == Framing::chunked) {
    std::string_view rest = answer.body;
    while (!rest.empty()) {
      std::size_t size = 1 + in.pick(static_cast<unsigned>(std::min<std::size_t>(rest.size(), 64)));
      answer.wire.append(in.one_in(8) ? "00" : "").append(hex(size, in.one_in(2))).append(chunk_extension(in)).append(eol);
      answer.wire.append(rest.substr(0, size)).append(eol);
      rest.remove_prefix(size);
    }
    answer.wire.append("0").append(chunk_extension(in)).append(eol);
    // Trailers are not headers: an id here is no answer's either.
    for (unsigned trailers = in.pick(3); trailers > 0; --trailers)
      answer.wire.append("x-id: ").append(std::to_string(id + 1)).append(eol);
    answer.wire.append(eol);
  } else if (framing != Framing::none) {
    answer.wire.append(answer.body);
  }
  answer.reusable = framing != Framing::close && !close && (answer.minor_version >= 1 || keep_alive);
  return answer;
}

/// A connection as the client sees it: what the server sent on it, how much the client read.
struct Link {
  struct Frame {
    std::size_t start, end;  // in stream
    const Answer* answer;    // null for bytes that are no whole answer
  };
  int number = 0;
  std::string stream;
  std::vector<Frame> frames;
  std::size_t read = 0;
  bool leftover = false;        // the last answer read came with bytes after its end, in the same read
  bool closed = false;          // the server closed the connection after the stream
  bool cut_off = false;         // ... without TLS close_notify
  bool closes_on_next = false;  // the server closes it when the next request comes, answering nothing

  const Frame* frame_at(std::size_t start) const {
    for (const Frame& frame : frames)
      if (frame.start == start) return &frame;
    return nullptr;
  }
};

/// The servers, the connections and what happened, for the message when an invariant breaks.
class World {
 public:
  explicit World(const std::uint8_t* data, std::size_t size) : in(data, size) {}

  Choices in;

  Link* open() {
    Link& link = links_.emplace_back();
    link.number = static_cast<int>(links_.size()) - 1;
    return &link;
  }

  const Answer* write(int id, bool may_close) {
    const Answer& answer = answers_.emplace_back(write_answer(in, id, serial_++, may_close));
    return &answer;
  }

  void send(Link* link, std::string_view bytes, const Answer* answer) {
    link->frames.push_back({link->stream.size(), link->stream.size() + bytes.size(), answer});
    link->stream.append(bytes);
  }

  void tell(const std::string& event) {
    if (story_.size() < 1500) story_.append(story_.empty() ? "" : "; ").append(event);
  }

  const std::string& story() const { return story_; }

  /// Says which invariant broke, and what happened until then.
  [[noreturn]] void violated(const std::string& what) const { fuzz::violated(what + " (" + story_ + ")"); }

 private:
  std::deque<Link> links_;  // a deque, so that a Link* stays valid
  std::deque<Answer> answers_;
  std::string story_;
  int serial_ = 0;
};

std::string describe(const Answer& answer) {
  static constexpr std::string_view kFramings[] = {"no body", "length", "chunked", "to the close"};
  std::string_view framing = kFramings[static_cast<int>(answer.framing)];
  return "#" + std::to_string(answer.serial) + " for request " + std::to_string(answer.id) + " (HTTP/1." +
         std::to_string(answer.minor_version) + ", " + std::to_string(answer.status) + ", " + std::string(framing) + ", " +
         (answer.reusable ? "keeps" : "closes") + ", " + std::to_string(answer.wire.size()) + " bytes)";
}

/// What the server does when request ID comes on LINK (REUSED: the connection carried an answer
/// before): on a kept connection perhaps close it, or send a second answer to another request
/// first; then its answer, perhaps followed by bytes nobody asked for; then keep the connection
/// open, close it, or close it when the next request comes. Every byte is sent before the client
/// looks at the connection again: one that comes after the next request went out cannot be told
/// from that request's answer by anyone. Returns the answer, or null when it closed instead.
const Answer* serve(World& world, Link* link, int id, bool reused) {
  Choices& in = world.in;
  if (link->closes_on_next) {
    link->closed = true;
    world.tell("c" + std::to_string(link->number) + " closes as request " + std::to_string(id) + " comes");
    return nullptr;
  }
  if (reused && in.one_in(5)) {
    const Answer* before = world.write(in.one_in(2) ? id - 1 : id + 1, false);
    world.send(link, before->wire, before);
    world.tell("c" + std::to_string(link->number) + " first sends stray " + describe(*before));
  }
  const Answer* answer = world.write(id, true);
  world.send(link, answer->wire, answer);
  world.tell("c" + std::to_string(link->number) + " answers " + describe(*answer));
  if (answer->framing == Framing::close) {
    link->closed = true;
    link->cut_off = in.one_in(3);
    if (link->cut_off) world.tell("without close_notify");
    return answer;
  }
  for (unsigned strays = in.one_in(3) ? 1 + in.pick(2) : 0; strays > 0; --strays) {
    switch (in.pick(5)) {
      case 0: {
        const Answer* ahead = world.write(id + 1, false);
        world.send(link, ahead->wire, ahead);
        world.tell("then stray " + describe(*ahead));
        break;
      }
      case 1:
        world.send(link, answer->wire, answer);
        world.tell("then the same answer again");
        break;
      case 2: {
        const Answer* partial = world.write(id + 1, false);
        std::size_t most = std::min<std::size_t>(partial->wire.size(), 255);
        std::string_view part = std::string_view(partial->wire).substr(0, 1 + in.pick(static_cast<unsigned>(most)));
        world.send(link, part, nullptr);
        world.tell("then " + std::to_string(part.size()) + " bytes of stray " + describe(*partial));
        break;
      }
      case 3:
        world.send(link, "\r\n", nullptr);
        world.tell("then a CRLF");
        break;
      default:
        world.send(link, "HTTP/1.1 100 Continue\r\n\r\n", nullptr);
        world.tell("then a 100 Continue");
        break;
    }
  }
  if (!answer->reusable) {
    link->closed = true;
  } else if (in.one_in(6)) {
    link->closed = true;
    world.tell("then closes without saying so");
  } else if (in.one_in(6)) {
    link->closes_on_next = true;
  }
  return answer;
}

/// Connection::between(): `pending` when the last answer came with bytes after it in the same
/// read, or bytes came since; `closed` when the server closed; else `idle`.
Between between(const Link& link) {
  if (link.leftover || link.read < link.stream.size()) return Between::pending;
  return link.closed ? Between::closed : Between::idle;
}

/// One request and its answer on LINK, read as Connection::send() reads it.
struct Attempt {
  ResponseParser parser;
  const Answer* answer = nullptr;  // the server's own answer to it
  bool sent = false;               // an answer was read whole
  bool nothing_came = true;        // not a byte of an answer came
};

void ask(World& world, Link* link, int id, bool reused, Attempt* attempt) {
  std::string where = "request " + std::to_string(id) + " on c" + std::to_string(link->number);
  if (reused && between(*link) != Between::idle) world.violated(where + " goes on a connection that is not idle");
  world.tell(where + (reused ? " (kept)" : " (new)"));
  attempt->answer = serve(world, link, id, reused);
  link->leftover = false;

  // The answer starts where the last one ended: at the start of what the server sent for this request.
  const Link::Frame* frame = link->frame_at(link->read);
  const Answer* expected = frame ? frame->answer : nullptr;
  bool to_the_close = expected && expected->framing == Framing::close;
  ResponseParser& parser = attempt->parser;
  while (parser.state() == ResponseParser::State::need_more) {
    if (link->read == link->stream.size()) {
      if (!link->closed) world.violated(where + ": the client waits for bytes that never come");
      parser.finish(link->cut_off);
      break;
    }
    // A read takes what has come, up to 16 KiB, or stops anywhere short of that.
    unsigned cut = world.in.pick(256);
    std::size_t size = std::min<std::size_t>(cut == 0 ? 16384 : cut, link->stream.size() - link->read);
    parser.feed(std::string_view(link->stream).substr(link->read, size));
    link->read += size;
    attempt->nothing_came = false;
    if (!expected) continue;
    if (to_the_close || link->read < frame->end) {
      if (parser.state() != ResponseParser::State::need_more)
        world.violated(where + ": the parser stopped " + std::to_string(frame->end - link->read) +
                       " bytes before the end of answer " + describe(*expected) + ": '" + parser.error() + "'");
    } else {
      if (parser.state() != ResponseParser::State::done)
        world.violated(where + ": the parser is not done at the end of answer " + describe(*expected) + ": '" +
                       parser.error() + "'");
      if (parser.leftover() != (link->read > frame->end))
        world.violated(where + ": leftover() says " + (parser.leftover() ? "true" : "false") + " with " +
                       std::to_string(link->read - frame->end) + " bytes after the end of answer " + describe(*expected) +
                       " in the same read");
    }
  }
  link->leftover = parser.leftover();
  attempt->sent = parser.state() == ResponseParser::State::done;

  // Every answer the servers write is well-formed: only a close can make one fail.
  bool must_fail = !expected || (to_the_close && link->cut_off);
  if (attempt->sent == must_fail)
    world.violated(where + ": the parser says " + (attempt->sent ? "done" : "'" + parser.error() + "'") +
                   (must_fail ? ", though the answer was cut short or never came" : ""));
  if (!attempt->sent) {
    world.tell("it fails: " + parser.error());
    return;
  }
  const HttpResponse& response = parser.response();
  auto differs = [&](std::string_view what) {
    world.violated(where + ": " + std::string(what) + " of answer " + describe(*expected) + " as parsed differs: status " +
                   std::to_string(response.status) + ", reason '" + fuzz::escaped(response.reason) + "', body '" +
                   fuzz::escaped(response.body) + "' (" + (response.close_delimited ? "" : "not ") +
                   "close-delimited, " + (response.body_truncated ? "" : "not ") + "truncated, " +
                   (response.reusable() ? "" : "not ") + "reusable)");
  };
  if (to_the_close && parser.leftover()) differs("leftover()");
  if (response.status != expected->status) differs("the status");
  if (response.minor_version != expected->minor_version) differs("the HTTP version");
  if (response.reason != expected->reason) differs("the reason");
  if (response.headers != expected->headers) differs("the headers");
  if (response.body != expected->body) differs("the body");
  if (response.body_truncated) differs("body_truncated");
  if (response.close_delimited != to_the_close) differs("close_delimited");
  if (response.reusable() != expected->reusable) differs("reusable()");
}

}  // namespace

// Input: the choices of the servers and the network, one byte each (see Choices): how many
// requests, each answer's framing, headers and body, what else the server sends and when it
// closes, and where each read stops. The client asks, as exchange() does, request 0 on a new
// connection and every next one on the same connection while the last answer said it keeps it
// and between() finds it idle, else on a new one; an answer on a kept connection followed by
// more bytes, or a request on it that failed before any byte came, is asked once more on a new
// connection.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World world(data, size);
  int requests = 1 + static_cast<int>(world.in.pick(8));
  Link* link = world.open();
  bool keep = false;
  for (int id = 0; id < requests; ++id) {
    bool reused = id > 0 && keep && between(*link) == Between::idle;
    if (id > 0 && !reused) link = world.open();
    auto attempt = std::make_unique<Attempt>();
    ask(world, link, id, reused, attempt.get());
    if (reused && (attempt->sent ? between(*link) == Between::pending : attempt->nothing_came)) {
      world.tell("asked again");
      link = world.open();
      attempt = std::make_unique<Attempt>();
      ask(world, link, id, false, attempt.get());
    }
    if (!attempt->sent) {
      keep = false;
      continue;
    }
    const HttpResponse& response = attempt->parser.response();
    const std::string* id_header = response.header("x-id");
    const std::string* serial_header = response.header("x-serial");
    std::string accepted = "request " + std::to_string(id) + " took answer #" + (serial_header ? *serial_header : "?") +
                           " for request " + (id_header ? *id_header : "?") + " as its own";
    if (!id_header || *id_header != std::to_string(id)) world.violated(accepted);
    if (!serial_header || *serial_header != std::to_string(attempt->answer->serial))
      world.violated(accepted + ", not #" + std::to_string(attempt->answer->serial));
    world.tell("accepted");
    keep = response.reusable();
  }
  // KEYGUARD_FUZZ_STORY=1: what happened, on stderr, for reading a seed.
  static const bool show_story = std::getenv("KEYGUARD_FUZZ_STORY") != nullptr;
  if (show_story) std::fprintf(stderr, "keepalive: %s\n", world.story().c_str());
  return 0;
}
