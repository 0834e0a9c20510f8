#!/usr/bin/env bash
# The release artifacts are reproducible and hold what they should: scripts/release run in two
# clones at different paths gives byte-identical files; the tarball and the .deb hold the
# binary, the man page and the license; the binary in them runs. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check WHAT COMMAND...
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "release test: ok: $what"
  else failed=$((failed + 1)); echo "release test: FAILED: $what"; fi
}

git clone -q . "$work/a"
git clone -q . "$work/a-clone-at-a-longer-path"
(cd "$work/a" && scripts/release --out "$work/out-a" >/dev/null)
(cd "$work/a-clone-at-a-longer-path" && scripts/release --out "$work/out-b" >/dev/null)

version=$(sed -n 's/^project(keyguard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
tarball="keyguard-$version-linux-amd64.tar.gz" deb="keyguard_${version}_amd64.deb"
for file in "$tarball" "$deb" "keyguard-$version-linux-amd64.buildinfo" SHA256SUMS; do
  check "$file is byte-identical from two clone paths" cmp "$work/out-a/$file" "$work/out-b/$file"
done
check "SHA256SUMS matches the artifacts" sh -c "cd '$work/out-a' && sha256sum -c SHA256SUMS"
check "the tarball holds the binary, LICENSE, NOTICE, README and the man page" sh -c \
  "tar -tzf '$work/out-a/$tarball' | sort | tr '\n' ' ' | grep -qx 'keyguard-$version-linux-amd64/ keyguard-$version-linux-amd64/LICENSE keyguard-$version-linux-amd64/NOTICE keyguard-$version-linux-amd64/README.md keyguard-$version-linux-amd64/keyguard keyguard-$version-linux-amd64/keyguard.1 '"
check "the .deb installs /usr/bin/keyguard and its man page" sh -c \
  "dpkg-deb -c '$work/out-a/$deb' | grep -q ' ./usr/bin/keyguard\$' && dpkg-deb -c '$work/out-a/$deb' | grep -q ' ./usr/share/man/man1/keyguard.1.gz\$'"
check "the .deb's files belong to root" sh -c "! dpkg-deb -c '$work/out-a/$deb' | grep -v ' root/root '"
tar -xzf "$work/out-a/$tarball" -C "$work"
check "the released binary is static and runs" sh -c \
  "file '$work/keyguard-$version-linux-amd64/keyguard' | grep -q 'statically linked' && '$work/keyguard-$version-linux-amd64/keyguard' --version | grep -q '^keyguard $version (commit '"
check "no clone path is in the binary" sh -c "! grep -q -a '$work' '$work/keyguard-$version-linux-amd64/keyguard'"
echo "release test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
