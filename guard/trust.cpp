// Trust discovery and loading: files, directories, system bundles, and the embedded roots.
#include "trust.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (want_directory ? O_DIRECTORY : 0));
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

}  // namespace

std::span<const char* const> system_bundle_paths() { return kSystemBundles; }

bool resolve_trust(const std::string& ca_file, const Environment& env, NetworkConfig* network, std::string* err) {
  std::string why;
  if (!ca_file.empty()) {
    if (!readable(ca_file, false, &why)) {
      *err = "cannot read the CA file " + ca_file + " (--ca-file/KEYGUARD_CA_FILE): " + why;
      return false;
    }
    network->ca_file = ca_file;
    network->ca_source = ca_file;
    return true;
  }
  if (auto file = env.get_nonempty("SSL_CERT_FILE")) {
    std::string path(*file);
    if (!readable(path, false, &why)) {
      *err = "cannot read the CA file " + path + " (SSL_CERT_FILE): " + why;
      return false;
    }
    network->ca_file = path;
    network->ca_source = path;
    return true;
  }
  if (auto dirs = env.get_nonempty("SSL_CERT_DIR")) {
    std::string_view list = *dirs;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t colon = list.find(':', start);
      std::string dir(list.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
      if (!dir.empty() && !readable(dir, true, &why)) {
        *err = "cannot read the CA directory " + dir + " (SSL_CERT_DIR): " + why;
        return false;
      }
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    network->ca_dir = std::string(*dirs);
    network->ca_source = network->ca_dir;
    return true;
  }
  for (const char* bundle : kSystemBundles) {
    if (exists(bundle)) {
      network->ca_file = bundle;
      network->ca_source = bundle;
      return true;
    }
  }
  network->ca_embedded = true;
  network->ca_source = "embedded";
  return true;
}

bool load_trust(const NetworkConfig& network, CertificateChain* chain, std::string* err) {
  if (network.ca_embedded) {
    for (const EmbeddedRoot& root : embedded_roots()) {
      // The DER lives in the binary for its whole life: no copy needed.
      mbedtls_x509_crt_parse_der_nocopy(chain->get(), root.der, root.size);
    }
  } else if (!network.ca_file.empty()) {
    // A bundle may hold a certificate mbedTLS cannot read; the rest still count.
    mbedtls_x509_crt_parse_file(chain->get(), network.ca_file.c_str());
  } else {
    std::string_view list = network.ca_dir;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t colon = list.find(':', start);
      std::string dir(list.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
      if (!dir.empty()) mbedtls_x509_crt_parse_path(chain->get(), dir.c_str());
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
  }
  if (chain->empty()) {
    *err = "no usable certificate in " + network.ca_source;
    return false;
  }
  return true;
}

}  // namespace keyguard
