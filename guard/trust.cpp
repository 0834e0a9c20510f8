// Trust discovery and loading: files, directories, system bundles, and the embedded roots.
#include "trust.h"

#include "crypto.h"

#include "redact.h"
#include "text.h"
#include "trust_chain.h"
#include "trust_internals.h"

#include <mbedtls/platform.h>

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

std::string name_key(const mbedtls_x509_name& name) {
  std::string key;
  auto bytes = [&](const unsigned char* p, std::size_t n) {
    key += std::to_string(n);
    key += ':';
    key.append(reinterpret_cast<const char*>(p), n);
  };
  for (const mbedtls_x509_name* part = &name; part; part = part->next) {
    if (part->oid.p == nullptr) continue;  // an empty name
    key += static_cast<char>(part->oid.tag);
    bytes(part->oid.p, part->oid.len);
    const mbedtls_x509_buf& value = part->val;
    if (value.tag == MBEDTLS_ASN1_UTF8_STRING || value.tag == MBEDTLS_ASN1_PRINTABLE_STRING) {
      std::string folded(reinterpret_cast<const char*>(value.p), value.len);
      for (char& c : folded)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      key += 'S';
      bytes(reinterpret_cast<const unsigned char*>(folded.data()), folded.size());
    } else {
      key += static_cast<char>(value.tag);
      bytes(value.p, value.len);
    }
    key += part->MBEDTLS_PRIVATE(next_merged) ? '+' : ',';
  }
  return key;
}

extern "C" int trusted_issuers(void* context, const mbedtls_x509_crt* child, mbedtls_x509_crt** candidates) noexcept {
  const TrustStore::Index& index = *static_cast<const TrustStore::Index*>(context);
  *candidates = nullptr;
  std::string issuer = name_key(child->issuer);
  auto by_name = [&](std::size_t entry, const std::string& name) { return index.entries[entry].name < name; };
  auto first = std::lower_bound(index.by_name.begin(), index.by_name.end(), issuer, by_name);
  mbedtls_x509_crt* found = nullptr;
  for (auto at = first; at != index.by_name.end() && index.entries[*at].name == issuer; ++at) {
    if (!found) {
      found = static_cast<mbedtls_x509_crt*>(mbedtls_calloc(1, sizeof(mbedtls_x509_crt)));
      if (!found) return MBEDTLS_ERR_X509_ALLOC_FAILED;
      mbedtls_x509_crt_init(found);
    }
    // The DER outlives every handshake: the store is alive until the probes end.
    const TrustStore::Index::Entry& entry = index.entries[*at];
    mbedtls_x509_crt_parse_der_nocopy(found, entry.der, entry.size);
  }
  if (found && found->version == 0) {  // none of them parsed
    mbedtls_x509_crt_free(found);
    mbedtls_free(found);
    found = nullptr;
  }
  *candidates = found;
  return 0;
}

TrustStore::TrustStore() : index_(std::make_unique<Index>()) {}
TrustStore::~TrustStore() = default;
TrustStore::TrustStore(TrustStore&&) noexcept = default;
TrustStore& TrustStore::operator=(TrustStore&&) noexcept = default;

namespace {

/// Adds the certificate DER to INDEX under its subject; nothing when its subject cannot be read.
void index_der(TrustStore::Index* index, const unsigned char* der, std::size_t size) {
  mbedtls_x509_name subject;
  if (keyguard_x509_subject_of(der, size, &subject) != 0) return;
  std::string name = name_key(subject);
  mbedtls_asn1_free_named_data_list_shallow(subject.next);
  index->entries.push_back({der, size, std::move(name)});
  std::size_t added = index->entries.size() - 1;
  auto by_name = [&](std::size_t a, std::size_t b) { return index->entries[a].name < index->entries[b].name; };
  index->by_name.insert(std::upper_bound(index->by_name.begin(), index->by_name.end(), added, by_name), added);
}

}  // namespace

void TrustStore::add(std::string_view text) {
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----", kEnd = "-----END CERTIFICATE-----";
  if (text.empty()) return;
  auto keep = [&](std::vector<unsigned char> der) {
    index_->owned.push_back(std::move(der));  // its bytes stay where they are when OWNED grows
    const std::vector<unsigned char>& kept = index_->owned.back();
    index_der(index_.get(), kept.data(), kept.size());
  };
  if (text.find(kBegin) == std::string_view::npos) {
    keep(std::vector<unsigned char>(text.begin(), text.end()));
    return;
  }
  for (std::size_t at = text.find(kBegin); at != std::string_view::npos; at = text.find(kBegin, at)) {
    std::size_t body = at + kBegin.size();
    std::size_t end = text.find(kEnd, body);
    if (end == std::string_view::npos) break;
    // A bundle may hold a certificate mbedTLS cannot read; the rest still count.
    std::string_view base64 = text.substr(body, end - body);
    std::vector<unsigned char> der(base64_decoded_room(base64.size()));
    long size = base64_decode(base64, der.data());
    if (size > 0) {
      der.resize(static_cast<std::size_t>(size));
      keep(std::move(der));
    }
    at = end + kEnd.size();
  }
}

void TrustStore::add_static_der(const unsigned char* der, std::size_t size) { index_der(index_.get(), der, size); }

std::size_t TrustStore::size() const { return index_->entries.size(); }

std::vector<std::string_view> TrustStore::ders() const {
  std::vector<std::string_view> out;
  for (const Index::Entry& entry : index_->entries) out.emplace_back(reinterpret_cast<const char*>(entry.der), entry.size);
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
