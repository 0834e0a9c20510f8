# Included by the top CMakeLists.txt: the root certificates compiled into the binary.
# The embedded roots: exactly the Mozilla set that Debian's ca-certificates ships, one file
# per root, never the merged /etc/ssl/certs bundle (which holds any local or corporate CA
# installed on the build machine). Turned into DER at build time.
set(KEYGUARD_ROOTS_DIR "/usr/share/ca-certificates/mozilla" CACHE PATH "directory of the root certificates to embed")
execute_process(COMMAND dpkg-query -W "-f=\${Version}" ca-certificates
  OUTPUT_VARIABLE KEYGUARD_ROOTS_VERSION RESULT_VARIABLE roots_version_status ERROR_QUIET)
if(NOT roots_version_status EQUAL 0 OR KEYGUARD_ROOTS_VERSION STREQUAL "")
  message(FATAL_ERROR "cannot tell the version of Debian's ca-certificates (dpkg-query); scripts/deps installs it")
endif()
file(GLOB KEYGUARD_ROOT_FILES CONFIGURE_DEPENDS "${KEYGUARD_ROOTS_DIR}/*.crt")
if(CMAKE_CROSSCOMPILING)
  # The generator runs on the build machine: a cross build takes a native build's embed_roots,
  # so both embed the same bytes from the same files.
  set(KEYGUARD_HOST_EMBED_ROOTS "" CACHE FILEPATH "embed_roots of a native build, for a cross build")
  if(NOT IS_ABSOLUTE "${KEYGUARD_HOST_EMBED_ROOTS}" OR NOT EXISTS "${KEYGUARD_HOST_EMBED_ROOTS}")
    message(FATAL_ERROR "a cross build needs -DKEYGUARD_HOST_EMBED_ROOTS=/absolute/path/to/embed_roots, "
      "built by a native build of the same tree (cmake --build build --target embed_roots)")
  endif()
  add_executable(embed_roots IMPORTED)
  set_target_properties(embed_roots PROPERTIES IMPORTED_LOCATION "${KEYGUARD_HOST_EMBED_ROOTS}")
else()
  add_executable(embed_roots guard/embed_roots.cpp)
  target_link_libraries(embed_roots PRIVATE mbedtls_client)
endif()
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/embedded_roots.cpp
  COMMAND embed_roots ${KEYGUARD_ROOTS_DIR} "ca-certificates ${KEYGUARD_ROOTS_VERSION}" ${CMAKE_CURRENT_BINARY_DIR}/embedded_roots.cpp
  DEPENDS embed_roots ${KEYGUARD_ROOT_FILES}
  COMMENT "Embedding the roots of ${KEYGUARD_ROOTS_DIR} (ca-certificates ${KEYGUARD_ROOTS_VERSION})")
