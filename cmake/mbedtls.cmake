# Included by the top CMakeLists.txt: mbedTLS built from source, twice over at most.
# mbedTLS 3.6 LTS from Debian 13's source package, fetched and patched by scripts/deps
# (scripts/mbedtls-source), built here twice with configurations of our own: keyguard's, a
# TLS 1.3 and 1.2 client only (guard/mbedtls_config.h), and the test fixtures', which adds the
# server side and certificate writing (tests/mbedtls_fixture_config.h) without bloating the binary.
set(KEYGUARD_MBEDTLS_DIR "${PROJECT_SOURCE_DIR}/build-deps/mbedtls" CACHE PATH "mbedTLS 3.6 source tree")
if(NOT EXISTS "${KEYGUARD_MBEDTLS_DIR}/include/mbedtls/build_info.h")
  message(FATAL_ERROR "no mbedTLS source in ${KEYGUARD_MBEDTLS_DIR}; run scripts/deps")
endif()
file(STRINGS "${KEYGUARD_MBEDTLS_DIR}/include/mbedtls/build_info.h" mbedtls_version_line
  REGEX "^#define MBEDTLS_VERSION_STRING +\"[0-9.]+\"")
string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" KEYGUARD_MBEDTLS_VERSION "${mbedtls_version_line}")
if(NOT KEYGUARD_MBEDTLS_VERSION MATCHES "^3\\.6\\.")
  message(FATAL_ERROR "keyguard needs mbedTLS 3.6.x, found '${KEYGUARD_MBEDTLS_VERSION}' in ${KEYGUARD_MBEDTLS_DIR}")
endif()
file(GLOB KEYGUARD_MBEDTLS_SOURCES CONFIGURE_DEPENDS "${KEYGUARD_MBEDTLS_DIR}/library/*.c")
# -Os halves the speed of the curve and bignum code that is most of a handshake.
file(GLOB mbedtls_hot_sources "${KEYGUARD_MBEDTLS_DIR}/library/bignum*.c" "${KEYGUARD_MBEDTLS_DIR}/library/ecp*.c"
  "${KEYGUARD_MBEDTLS_DIR}/library/ecdsa.c" "${KEYGUARD_MBEDTLS_DIR}/library/ecdh.c" "${KEYGUARD_MBEDTLS_DIR}/library/rsa*.c")
if(KEYGUARD_SANITIZE)
  # The sanitizers are for keyguard's own code. mbedTLS's arithmetic, instrumented at -O1, is
  # most of each sanitized run's time (every test's handshake): it is built at -O2 without
  # AddressSanitizer (UBSan stays; keyguard's buffers are still checked where it touches them).
  set_source_files_properties(${mbedtls_hot_sources} PROPERTIES COMPILE_OPTIONS "-O2;-fno-sanitize=address")
else()
  set_source_files_properties(${mbedtls_hot_sources} PROPERTIES COMPILE_OPTIONS "-O2")
endif()
function(keyguard_add_mbedtls name config)
  add_library(${name} STATIC ${KEYGUARD_MBEDTLS_SOURCES})
  target_include_directories(${name} SYSTEM PUBLIC "${KEYGUARD_MBEDTLS_DIR}/include")
  target_include_directories(${name} PRIVATE "${KEYGUARD_MBEDTLS_DIR}/library")
  target_compile_definitions(${name} PUBLIC "MBEDTLS_CONFIG_FILE=\"${config}\"")
  target_compile_options(${name} PRIVATE -w)  # third-party code, built as it is
  # No unwind tables for C: no exception crosses mbedTLS (keyguard's callbacks into C++ are
  # noexcept), and the tables were 16 KB of the binary.
  target_compile_options(${name} PRIVATE -fno-asynchronous-unwind-tables -fno-unwind-tables)
  set_target_properties(${name} PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
  target_link_libraries(${name} PUBLIC Threads::Threads)
endfunction()
keyguard_add_mbedtls(mbedtls_client "${PROJECT_SOURCE_DIR}/guard/mbedtls_config.h")
# Its clock for certificate dates is keyguard's (guard/mbedtls_clock.cpp), not glibc's gmtime_r.
target_sources(mbedtls_client PRIVATE guard/mbedtls_clock.cpp)
target_link_libraries(mbedtls_client PUBLIC keyguard_text)
