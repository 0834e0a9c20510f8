# Cross-compiling keyguard for linux-arm64 with Debian's cross toolchain (g++-aarch64-linux-gnu,
# with the static C library of libc6-dev-arm64-cross; scripts/deps --arm64 installs both):
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
#     -DKEYGUARD_HOST_EMBED_ROOTS="$PWD/build/embed_roots" -DKEYGUARD_TESTS=OFF -DKEYGUARD_BENCH=OFF
# Headers and libraries come from the cross C library only; Boost.JSON, header-only and the same
# for every architecture, is read from the host's headers after them (see CMakeLists.txt).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
