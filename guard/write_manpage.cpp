// Build tool: writes keyguard(1), from the tables that drive --help (guard/manual.cpp).
#include <cstdio>

#include "manual.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_manpage OUTPUT.1\n");
    return 64;
  }
  std::FILE* out = std::fopen(argv[1], "w");
  if (!out) {
    std::perror(argv[1]);
    return 73;
  }
  std::string page = keyguard::manual_page();
  bool ok = std::fwrite(page.data(), 1, page.size(), out) == page.size();
  return std::fclose(out) == 0 && ok ? 0 : 74;
}
