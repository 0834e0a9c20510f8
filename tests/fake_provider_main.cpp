// The fake provider as a program, for scripts and benchmarks: serves until SIGTERM or SIGINT.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "fake_provider.h"
#include "test_pki.h"

namespace {

using keyguard::testing::FakeProvider;
using keyguard::testing::TestPki;

constexpr const char* kUsage =
    "usage: fake_provider --pki DIR [--generate] [--cert server|expired|wrong_host|untrusted]\n"
    "       fake_provider --chains DIR NAMES\n"
    "                     [--mode tls|plain|stall_handshake] [--host 127.0.0.1] [--port N] [--log FILE]\n"
    "\n"
    "Serves the fake LLM provider on loopback. Prints \"port N\" once listening, then serves\n"
    "until SIGTERM or SIGINT. Request targets are /<scenario>/<provider path>, or\n"
    "/<provider>/<scenario>/<provider path> to speak one provider's dialect (groq, bedrock, ...);\n"
    "see tests/fake_provider.h for the scenarios and tests/provider_fixtures.cpp for the providers.\n"
    "A fixture's model routes answer too (/openai/valid/v1/models/gpt-4o-mini), and a request\n"
    "without \"Connection: close\" keeps its connection open for the next one.\n"
    "\n"
    "  --pki DIR     where the test PKI lives (needed for tls mode)\n"
    "  --generate    write a fresh test PKI into DIR first\n"
    "  --cert NAME   which server certificate to present (default server)\n"
    "  --mode MODE   tls (default), plain HTTP, or stall_handshake (accept, never answer)\n"
    "  --host ADDR   numeric address to bind (default 127.0.0.1; ::1 works too)\n"
    "  --port N      port to bind (default 0: any free port)\n"
    "  --log FILE    append \"method target scenario dialect\" for every request\n"
    "  --chains DIR NAMES  write realistic chains for NAMES (\"localhost,IP:127.0.0.1\") into DIR and\n"
    "                exit: ec-* (P-384 root, P-256 intermediate and leaf) and rsa-* (RSA-2048)\n";

/// Command line of the program.
struct Arguments {
  std::string pki_dir;
  bool generate = false;
  std::string cert = "server";  ///< server, expired, wrong_host or untrusted
  FakeProvider::Options options;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "fake_provider: %s; try 'fake_provider --help'\n", message.c_str());
  std::exit(64);
}

bool parse_mode(std::string_view text, FakeProvider::Mode* mode) {
  if (text == "tls") *mode = FakeProvider::Mode::tls;
  else if (text == "plain") *mode = FakeProvider::Mode::plain;
  else if (text == "stall_handshake") *mode = FakeProvider::Mode::stall_handshake;
  else return false;
  return true;
}

Arguments parse_arguments(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (flag == "--generate") {
      arguments.generate = true;
      continue;
    }
    if (flag == "--chains") {
      if (i + 2 >= argc) usage_error("--chains needs a directory and the names");
      using keyguard::testing::KeyKind;
      keyguard::testing::TestChain chain;
      std::string err;
      if (!keyguard::testing::generate_chain(argv[i + 1], "ec", KeyKind::ec_p384, KeyKind::ec_p256, KeyKind::ec_p256,
                                             argv[i + 2], &chain, &err) ||
          !keyguard::testing::generate_chain(argv[i + 1], "rsa", KeyKind::rsa_2048, KeyKind::rsa_2048,
                                             KeyKind::rsa_2048, argv[i + 2], &chain, &err)) {
        std::fprintf(stderr, "fake_provider: %s\n", err.c_str());
        std::exit(1);
      }
      std::exit(0);
    }
    constexpr std::string_view kTakesValue[] = {"--pki", "--cert", "--mode", "--host", "--port", "--log"};
    if (std::find(std::begin(kTakesValue), std::end(kTakesValue), flag) == std::end(kTakesValue))
      usage_error("unknown option " + std::string(flag));
    if (i + 1 >= argc) usage_error(std::string(flag) + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--pki") {
      arguments.pki_dir = value;
    } else if (flag == "--cert") {
      if (value != "server" && value != "expired" && value != "wrong_host" && value != "untrusted")
        usage_error("--cert takes server, expired, wrong_host or untrusted, not '" + value + "'");
      arguments.cert = value;
    } else if (flag == "--mode") {
      if (!parse_mode(value, &arguments.options.mode))
        usage_error("--mode takes tls, plain or stall_handshake, not '" + value + "'");
    } else if (flag == "--host") {
      arguments.options.host = value;
    } else if (flag == "--port") {
      char* end = nullptr;
      long port = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || port < 0 || port > 65535) usage_error("bad --port '" + value + "'");
      arguments.options.port = static_cast<int>(port);
    } else {  // --log
      arguments.options.log_file = value;
    }
  }
  if (arguments.pki_dir.empty() && (arguments.generate || arguments.options.mode == FakeProvider::Mode::tls))
    usage_error("--pki DIR is required");
  return arguments;
}

/// Points the options at the certificate and key named by CERT.
void choose_identity(const TestPki& pki, const std::string& cert, FakeProvider::Options* options) {
  if (cert == "expired") {
    options->cert_file = pki.expired_cert;
    options->key_file = pki.expired_key;
  } else if (cert == "wrong_host") {
    options->cert_file = pki.wrong_host_cert;
    options->key_file = pki.wrong_host_key;
  } else if (cert == "untrusted") {
    options->cert_file = pki.untrusted_cert;
    options->key_file = pki.untrusted_key;
  } else {
    options->cert_file = pki.server_cert;
    options->key_file = pki.server_key;
  }
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments = parse_arguments(argc, argv);

  std::string err;
  TestPki pki = keyguard::testing::test_pki_paths(arguments.pki_dir);
  if (arguments.generate && !keyguard::testing::generate_test_pki(arguments.pki_dir, &pki, &err)) {
    std::fprintf(stderr, "fake_provider: generating the test PKI in %s: %s\n", arguments.pki_dir.c_str(), err.c_str());
    return 1;
  }
  choose_identity(pki, arguments.cert, &arguments.options);

  // Block the stop signals before any thread starts, so that every thread inherits the mask
  // and sigwait() below is the only place they arrive.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  FakeProvider provider(arguments.options);
  if (!provider.start(&err)) {
    std::fprintf(stderr, "fake_provider: %s\n", err.c_str());
    return 1;
  }
  std::printf("port %d\n", provider.port());
  std::fflush(stdout);

  int received = 0;
  sigwait(&stop_signals, &received);
  provider.stop();
  return 0;
}
