// Trust discovery and loading: files, directories, system bundles, and the embedded roots.
#include "trust.h"

#include "crypto.h"

#include "redact.h"
#include "text.h"
#include "trust_chain.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <vector>
#include <cerrno>
#include <cstring>

namespace keyguard {
namespace {

constexpr const char* kSystemBundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Alpine
    "/etc/pki/tls/certs/ca-bundle.crt",                   // RHEL, Fedora
    "/etc/ssl/cert.pem",                                  // Alpine, macOS-style
    "/etc/ssl/ca-bundle.pem",                             // SUSE
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // RHEL extracted
};

/// Whether PATH can be opened for reading; *why says why not.
bool readable(const std::string& path, bool want_directory, std::string* why) {
  // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (want_directory ? O_DIRECTORY : 0));
  if (fd < 0) {
    *why = std::strerror(errno);
    return false;
  }
  struct stat info;
  bool ok = ::fstat(fd, &info) == 0 && (want_directory ? S_ISDIR(info.st_mode) : S_ISREG(info.st_mode));
  ::close(fd);
  if (!ok) *why = want_directory ? "not a directory" : "not a regular file";
  return ok;
}

bool exists(const char* path) { return ::access(path, R_OK) == 0; }

/// Loads every certificate of a PEM bundle, or one DER certificate, from PATH. Opened
/// without blocking, so that a FIFO cannot hold the start past the deadline.
void load_file(const std::string& path, TrustStore* store) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return;
  std::string contents;
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0 && info.st_size < (64 << 20)) {
    contents.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < contents.size()) {
      ssize_t got = ::read(fd, contents.data() + done, contents.size() - done);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      done += static_cast<std::size_t>(got);
    }
    contents.resize(done);
  }
  ::close(fd);
  store->add(contents);
}

/// Loads every certificate file of DIR; files that hold none are skipped. A file reached twice
/// (OpenSSL's hash links, `5ad8a5d6.0`, point at files already there) is read once.
void load_directory(const std::string& dir, TrustStore* store) {
  DIR* handle = ::opendir(dir.c_str());
  if (!handle) return;
  std::vector<std::pair<dev_t, ino_t>> seen;
  while (const dirent* entry = ::readdir(handle)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + std::string(name);
    struct stat info;
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    std::pair<dev_t, ino_t> identity{info.st_dev, info.st_ino};
    if (std::find(seen.begin(), seen.end(), identity) != seen.end()) continue;
    seen.push_back(identity);
    load_file(path, store);
  }
  ::closedir(handle);
}

}  // namespace

TrustStore::TrustStore() : chain_(std::make_unique<Chain>()) {}
TrustStore::~TrustStore() = default;
TrustStore::TrustStore(TrustStore&&) noexcept = default;
TrustStore& TrustStore::operator=(TrustStore&&) noexcept = default;

void TrustStore::add(std::string_view text) {
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----", kEnd = "-----END CERTIFICATE-----";
  if (text.empty()) return;
  if (text.find(kBegin) == std::string_view::npos) {
    mbedtls_x509_crt_parse_der(chain_->get(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return;
  }
  std::vector<unsigned char> der;
  for (std::size_t at = text.find(kBegin); at != std::string_view::npos; at = text.find(kBegin, at)) {
    std::size_t body = at + kBegin.size();
    std::size_t end = text.find(kEnd, body);
    if (end == std::string_view::npos) break;
    // A bundle may hold a certificate mbedTLS cannot read; the rest still count.
    {
      std::string_view base64 = text.substr(body, end - body);
      der.resize(base64_decoded_room(base64.size()));
      long size = base64_decode(base64, der.data());
      if (size > 0) mbedtls_x509_crt_parse_der(chain_->get(), der.data(), static_cast<std::size_t>(size));
    }
    at = end + kEnd.size();
  }
}

void TrustStore::add_static_der(const unsigned char* der, std::size_t size) {
  mbedtls_x509_crt_parse_der_nocopy(chain_->get(), der, size);
}

std::size_t TrustStore::size() const {
  std::size_t count = 0;
  for (const mbedtls_x509_crt* crt = chain_->get(); crt && crt->version; crt = crt->next) ++count;
  return count;
}

std::vector<std::string_view> TrustStore::ders() const {
  std::vector<std::string_view> out;
  for (const mbedtls_x509_crt* crt = chain_->get(); crt && crt->version; crt = crt->next)
    out.emplace_back(reinterpret_cast<const char*>(crt->raw.p), crt->raw.len);
  return out;
}

std::span<const char* const> system_bundles() { return kSystemBundles; }

bool resolve_trust(const std::string& ca_file, const Environment& env, TrustSource* source, std::string* err) {
  std::string why;
  auto file = [&](const std::string& path, std::string_view from) {
    if (!readable(path, false, &why)) {
      *err = "cannot read the CA file " + printable(path, 200) + " (" + std::string(from) + "): " + why;
      return false;
    }
    source->file = path;
    source->shown = printable(path, 200);
    return true;
  };
  if (!ca_file.empty()) return file(ca_file, "--ca-file/KEYGUARD_CA_FILE");
  if (auto path = env.get_nonempty("SSL_CERT_FILE")) return file(std::string(*path), "SSL_CERT_FILE");
  if (auto dirs = env.get_nonempty("SSL_CERT_DIR")) {
    for (std::string_view dir : split_list(*dirs, ":")) {
      if (!readable(std::string(dir), true, &why)) {
        *err = "cannot read the CA directory " + printable(dir, 200) + " (SSL_CERT_DIR): " + why;
        return false;
      }
    }
    source->dirs = std::string(*dirs);
    source->shown = printable(source->dirs, 200);
    return true;
  }
  for (const char* bundle : kSystemBundles) {
    if (exists(bundle)) {
      source->file = bundle;
      source->shown = bundle;
      return true;
    }
  }
  source->embedded = true;
  source->shown = "embedded";
  return true;
}

bool load_trust(const TrustSource& source, TrustStore* store, std::string* err) {
  if (source.embedded) {
    // The DER lives in the binary for its whole life: no copy needed.
    for (const EmbeddedRoot& root : embedded_roots()) store->add_static_der(root.der, root.size);
  } else if (!source.file.empty()) {
    load_file(source.file, store);
  } else {
    for (std::string_view dir : split_list(source.dirs, ":")) load_directory(std::string(dir), store);
  }
  if (store->empty()) {
    *err = "no usable certificate in " + source.shown;
    return false;
  }
  return true;
}

}  // namespace keyguard
