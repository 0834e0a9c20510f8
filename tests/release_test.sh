#!/usr/bin/env bash
# The release artifacts are reproducible and hold what they should: scripts/release run in two
# clones at different paths gives byte-identical files for amd64 and arm64; the tarballs and the
# .debs hold the binary, the man page and the license; both binaries pass tests/hardening_test.sh
# (full RELRO, no executable stack, stripped, canaries and checked calls); the amd64 binary
# runs, and the arm64 one runs under qemu-user (qemu-aarch64-static, named explicitly: no
# binfmt_misc needed): --version, offline checks, and probes against the fake provider
# (build/tests/fake_provider, which scripts/test builds first) with its test CA. Checks that
# qemu cannot run are skipped with the reason. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# qemu-user-static runs the arm64 binary; scripts/release installs the cross toolchain itself.
scripts/deps qemu-user-static man-db  # man: the installed page is looked up as a user would

tally_name="release test"
. scripts/lib.sh
work=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
exits() {  # exits STATUS COMMAND...: COMMAND exits with STATUS
  local want=$1 status=0
  shift
  "$@" || status=$?
  [ "$status" -eq "$want" ]
}

# Both clones start from the mbedTLS source this tree has fetched, as a CI cache would hand it
# over (scripts/mbedtls-source reuses a tree whose stamp names the same pin and patches): what
# the test varies is the clone's path, and fetching twice would only cost time.
for clone in a a-clone-at-a-longer-path; do
  git clone -q . "$work/$clone"
  mkdir "$work/$clone/build-deps"
  cp -a build-deps/mbedtls "$work/$clone/build-deps/"
done
(cd "$work/a" && scripts/release --out "$work/out-a" >/dev/null)
(cd "$work/a-clone-at-a-longer-path" && scripts/release --out "$work/out-b" >/dev/null)

version=$(sed -n 's/^project(keyguard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
for arch in amd64 arm64; do
  name="keyguard-$version-linux-$arch" deb="keyguard_${version}_$arch.deb"
  for file in "$name.tar.gz" "$deb" "$name.buildinfo"; do
    check "$file is byte-identical from two clone paths" cmp "$work/out-a/$file" "$work/out-b/$file"
  done
  check "the $arch tarball holds the binary, LICENSE, NOTICE, README and the man page" sh -c \
    "tar -tzf '$work/out-a/$name.tar.gz' | sort | tr '\n' ' ' | grep -qx '$name/ $name/LICENSE $name/NOTICE $name/README.md $name/keyguard $name/keyguard.1 '"
  check "the $arch .deb is for $arch and installs /usr/bin/keyguard and its man page" sh -c \
    "[ \"\$(dpkg-deb -f '$work/out-a/$deb' Architecture)\" = $arch ] && dpkg-deb -c '$work/out-a/$deb' | grep -q ' ./usr/bin/keyguard\$' && dpkg-deb -c '$work/out-a/$deb' | grep -q ' ./usr/share/man/man1/keyguard.1.gz\$'"
  check "the $arch .deb's files belong to root" sh -c \
    "dpkg-deb -c '$work/out-a/$deb' >'$work/files' && ! grep -v ' root/root ' '$work/files'"
  tar -xzf "$work/out-a/$name.tar.gz" -C "$work" || true  # what is missing fails below
  check "the $arch .deb's binary is the tarball's" sh -c \
    "dpkg-deb --fsys-tarfile '$work/out-a/$deb' | tar -xOf - ./usr/bin/keyguard | cmp - '$work/$name/keyguard'"
  check "the $arch buildinfo names the binary's SHA-256" \
    grep -qx "binary_sha256 $(sha256sum "$work/$name/keyguard" | cut -d' ' -f1)" "$work/out-a/$name.buildinfo"
  check "no clone path is in the $arch binary" sh -c "[ -s '$work/$name/keyguard' ] && ! grep -q -a '$work' '$work/$name/keyguard'"
done
check "SHA256SUMS is byte-identical from two clone paths" cmp "$work/out-a/SHA256SUMS" "$work/out-b/SHA256SUMS"
check "SHA256SUMS lists the six artifacts and matches them" sh -c \
  "cd '$work/out-a' && [ \$(wc -l <SHA256SUMS) -eq 6 ] && sha256sum -c SHA256SUMS"

amd64="$work/keyguard-$version-linux-amd64" arm64="$work/keyguard-$version-linux-arm64"
# dpkg -i into a root of the test's own (the machine's own packages are not touched), then the
# installed binary and man's lookup of the installed page, as a user runs them.
root="$work/dpkg-root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
check "dpkg -i installs the amd64 .deb: keyguard runs and man keyguard shows keyguard(1)" sh -c \
  "dpkg --root='$root' --force-not-root -i '$work/out-a/keyguard_${version}_amd64.deb' && dpkg --root='$root' -s keyguard | grep -q '^Status: install ok installed' && '$root/usr/bin/keyguard' --version | grep -q '^keyguard $version ' && MANPATH='$root/usr/share/man' man -P cat keyguard 2>/dev/null | grep -q 'keyguard'"
check "the amd64 binary is static and runs" sh -c \
  "file '$amd64/keyguard' | grep -q 'x86-64, .*statically linked' && '$amd64/keyguard' --version | grep -q '^keyguard $version (commit '"
check "the arm64 binary is an ARM aarch64 executable, static and stripped" sh -c \
  "file '$arm64/keyguard' | grep 'ARM aarch64' | grep 'statically linked' | grep -q 'stripped'"
# The hardening of both release binaries, read from their ELF and from the unstripped copies the
# builds keep (tests/hardening_test.sh, which ctest runs on the native build); each line shown.
for arch in amd64 arm64; do
  build="$work/a/build-release" disassembler=objdump
  [ "$arch" = amd64 ] || build="$work/a/build-release-arm64" disassembler=aarch64-linux-gnu-objdump
  binary="$work/keyguard-$version-linux-$arch/keyguard"
  OBJDUMP=$disassembler tests/hardening_test.sh "$binary" "$build/keyguard.unstripped" >"$work/hardening" 2>&1 || true
  sed 's/^/  /' "$work/hardening"
  check "the $arch binary is hardened: static, full RELRO, no executable stack, stripped, canaries and checked calls" \
    grep -q "^hardening test: [0-9]* passed, 0 failed$" "$work/hardening"
done
check "the arm64 tarball's man page is the amd64 one" cmp "$amd64/keyguard.1" "$arm64/keyguard.1"
check "the arm64 build embeds the roots source the amd64 build generated" \
  cmp "$work/a/build-release/embedded_roots.cpp" "$work/a/build-release-arm64/embedded_roots.cpp"
check "the arm64 buildinfo names the cross compiler and the arm64 C library" sh -c \
  "grep -q '^compiler aarch64-linux-gnu-g++ ' '$work/out-a/keyguard-$version-linux-arm64.buildinfo' && grep -q '^glibc libc6-dev-arm64-cross [0-9]' '$work/out-a/keyguard-$version-linux-arm64.buildinfo'"
same_sources() { grep -E '^(keyguard|commit|source_date_epoch|mbedtls|boost|roots) ' "$1"; }
check "the arm64 buildinfo names the commit, mbedTLS source, Boost and roots of the amd64 one" \
  cmp <(same_sources "$work/out-a/keyguard-$version-linux-amd64.buildinfo") \
  <(same_sources "$work/out-a/keyguard-$version-linux-arm64.buildinfo")

# The arm64 binary under qemu-user. First whether qemu can run an arm64 program at all, with a
# trivial static one: what fails after that is keyguard's.
qemu_reason=""
if ! command -v qemu-aarch64-static >/dev/null; then
  qemu_reason="qemu-aarch64-static is not installed (Debian's qemu-user-static)"
elif ! printf 'int main(void) { return 42; }\n' | aarch64-linux-gnu-gcc -static -x c - -o "$work/exit42" 2>"$work/qemu.err"; then
  qemu_reason="aarch64-linux-gnu-gcc cannot build a static arm64 program: $(head -n 1 "$work/qemu.err")"
elif exits 42 qemu-aarch64-static "$work/exit42" 2>"$work/qemu.err"; then
  :
else
  qemu_reason="qemu-aarch64-static cannot run a static arm64 program here: $(head -n 1 "$work/qemu.err")"
fi
qemu_checks=("--version under qemu" "an offline check under qemu" "a placeholder key under qemu"
  "a probe with a good key under qemu" "a probe with a revoked key under qemu")
if [ -n "$qemu_reason" ]; then
  for what in "${qemu_checks[@]}"; do skipped "$what" "$qemu_reason"; done
else
  # A test-shaped key made here, never a real one: sk-proj- and 156 random letters.
  key=$(head -c 4096 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z')
  key="sk-proj-${key:0:156}"
  arm() { env -i PATH="$PATH" "$@"; }  # every run starts from an empty environment
  keyguard_arm64=(qemu-aarch64-static "$arm64/keyguard")
  check "the arm64 binary's --version under qemu is the amd64 binary's" \
    cmp <(arm "${keyguard_arm64[@]}" --version) <("$amd64/keyguard" --version)
  check "an offline check under qemu cleans a pasted key and execs the app with it" \
    arm OPENAI_API_KEY="$key"$'\n' EXPECTED="$key" "${keyguard_arm64[@]}" --offline -- sh -c '[ "$OPENAI_API_KEY" = "$EXPECTED" ]'
  check "a placeholder key under qemu exits 78" exits 78 arm OPENAI_API_KEY=changeme "${keyguard_arm64[@]}" --offline

  # The fake provider on loopback, trusted through the test CA it writes; its certificate is
  # for localhost.
  port=""
  [ -x build/tests/fake_provider ] && start_fake_provider build/tests/fake_provider "$work" || true
  probe() {  # probe SCENARIO: keyguard's OpenAI probe against the fake provider, under qemu
    arm KEYGUARD_CA_FILE="$work/pki/ca.pem" OPENAI_API_KEY="$key" OPENAI_BASE_URL="https://localhost:$port/$1/v1" \
      "${keyguard_arm64[@]}" --timeout 30s
  }
  authenticated() {  # exit 0, and the report says the provider accepted the key
    local report
    report=$(probe valid 2>&1) && grep -q ': authenticated (HTTP 200' <<<"$report"
  }
  check "the fake provider runs (build/tests/fake_provider: scripts/test builds it)" test -n "$port"
  check "a probe with a good key under qemu is authenticated and exits 0" authenticated
  check "a probe with a revoked key under qemu exits 77" exits 77 probe revoked
fi
if [ -f /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64; then
  check "the arm64 binary runs through binfmt_misc" sh -c "'$arm64/keyguard' --version | grep -q '^keyguard $version '"
else
  skipped "the arm64 binary run through binfmt_misc" \
    "binfmt_misc has no enabled qemu-aarch64 entry here (the checks above name qemu-aarch64-static)"
fi

tally_end
