#!/usr/bin/env bash
# The Dockerfile gives an image that holds /keyguard alone, and keyguard works there as PID 1.
# No registry is reachable from the test machines, so the build stage's base is a minbase
# Debian 12 root made with debootstrap from the machine's own mirror (with the build packages
# included, so no apt step runs inside) and imported into a podman store of the test's own.
# The image then runs offline, with a placeholder key, against the fake provider on loopback,
# and is stopped with `podman stop` while its probe stalls. Skips, saying why, where podman
# cannot run a container here. Prints what each step cost; ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
test_start=$(date +%s.%N)
tally_name="image test"
. scripts/lib.sh

skip() {  # the whole test: podman cannot run here
  echo "image test: skipped: $*"
  exit 0
}
[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, and podman without user namespaces)"
scripts/deps --image
[ -x build/keyguard ] && [ -x build/tests/fake_provider ] || scripts/build --all >/dev/null

work=$(mktemp -d)
# A store of the test's own: nothing of the machine's podman is used or left behind.
podman=(podman --root "$work/storage" --runroot "$work/run" --tmpdir "$work/tmp" --events-backend=none)
# Only its blob info cache is the machine's, whatever the store: removed when the test made it.
blob_cache=/var/lib/containers/cache
[ -e "$blob_cache" ] && blob_cache_was_there=true || blob_cache_was_there=false
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  "${podman[@]}" rm -a -f -t 0 >/dev/null 2>&1 || true
  "${podman[@]}" rmi -a -f >/dev/null 2>&1 || true
  # A debootstrap that failed can leave its mounts (proc, sys) in the root.
  findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf --one-file-system "$work"
  $blob_cache_was_there || { rm -rf "$blob_cache"; rmdir /var/lib/containers 2>/dev/null || true; }
}
trap cleanup EXIT
# podman 4.3 here starts containers with runc, and only under limits the machine allows (its
# default nofile and nproc are above them).
container=(--runtime runc --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --network=host --pull=never)
# Named as the README builds it, so that its `COPY --from=keyguard` finds it.
image=localhost/keyguard

now() { date +%s.%N; }
took() { awk -v start="$1" -v end="$(now)" 'BEGIN {printf "%.1f", end - start}'; }
timings=()

# 0. Can podman run a container here at all? The static binary alone in a directory.
mkdir -p "$work/probe-root"
cp build/keyguard "$work/probe-root/keyguard"
if ! probe=$("${podman[@]}" run --rm "${container[@]}" --rootfs "$work/probe-root" /keyguard --version 2>&1); then
  skip "podman cannot run a container here: $(printf '%s\n' "$probe" | grep . | tail -n 1)"
fi

# 1. The base: Debian 12 from the mirror the machine's apt sources name (found as
# scripts/mbedtls-source finds it), with the packages scripts/build would install.
mirror=$(debian_mirror)
[ -n "$mirror" ] || { echo "image test: no Debian mirror found in the machine's apt sources" >&2; exit 69; }
start=$(now)
if ! debootstrap --variant=minbase --include="$(scripts/deps --list | paste -sd, -)" \
  --keyring=/usr/share/keyrings/debian-archive-keyring.gpg bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 20 "$work/debootstrap.log" >&2
  echo "image test: debootstrap of Debian 12 from $mirror failed" >&2
  exit 1
fi
timings+=("debootstrap $(took "$start") s")
start=$(now)
# What a build never reads, so that the import copies less.
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/usr/share/doc" "$work/root/usr/share/man" \
  "$work/root/usr/share/locale"
if ! tar -C "$work/root" -c . | "${podman[@]}" import - localhost/keyguard-test-base >"$work/import.log" 2>&1; then
  tail -n 5 "$work/import.log" >&2
  echo "image test: podman import of the Debian 12 root failed" >&2
  exit 1
fi
rm -rf --one-file-system "$work/root"
timings+=("import $(took "$start") s")

# 2. The Dockerfile, built as a user would, with the local base.
start=$(now)
# --network=host: a base without some package, or a context without build-deps/, needs the mirror.
if ! "${podman[@]}" build "${container[@]}" --layers=false --build-arg BASE=localhost/keyguard-test-base -t "$image" . \
  >"$work/build.log" 2>&1; then
  tail -n 30 "$work/build.log" >&2
  echo "image test: podman build failed" >&2
  exit 1
fi
timings+=("podman build $(took "$start") s")
check "the build stage installed nothing (the base had every package) and reused the mbedTLS source" \
  sh -c "! grep -q -e 'scripts/deps: installing' -e 'applied .*\\.patch' '$work/build.log'"

start=$(now)
# The image: /keyguard alone, static, as its entrypoint.
mount=$("${podman[@]}" image mount "$image")
files=$(cd "$mount" && find . -mindepth 1 | sort | tr '\n' ' ')
[ "$files" = "./keyguard " ] && ok "the image holds /keyguard alone (no shell, no libraries)" ||
  not_ok "the image holds /keyguard alone (no shell, no libraries)" "it holds: $files"
check "its keyguard is static" sh -c "file '$mount/keyguard' | grep -q 'statically linked'"
"${podman[@]}" image unmount "$image" >/dev/null
entrypoint=$("${podman[@]}" image inspect --format '{{json .Config.Entrypoint}}' "$image")
[ "$entrypoint" = '["/keyguard"]' ] && ok "its entrypoint is /keyguard" || not_ok "its entrypoint is /keyguard" "$entrypoint"

# run_image IMAGE [PODMAN RUN OPTION...] -- [ARGUMENT...]: runs IMAGE with the options before
# "--" and the arguments after it; sets $code, $out and $err.
run_image() {
  local run_image=$1 options=()
  shift
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  code=0
  "${podman[@]}" run --rm "${container[@]}" "${options[@]}" "$run_image" "$@" >"$work/out" 2>"$work/err" </dev/null ||
    code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}
expect() {  # expect WHAT CODE PATTERN: $code is CODE and $err matches the extended regex PATTERN
  if [ "$code" -eq "$2" ] && printf '%s' "$err" | grep -E -q -- "$3"; then ok "$1"
  else not_ok "$1" "exit $code (wanted $2); stderr: $err"; fi
}

# A random key of OpenAI's shape, made up for this run.
key="sk-proj-$(head -c 300 /dev/urandom | base64 -w 0 | tr -dc 'A-Za-z0-9' | head -c 156)"
run_image "$image" -- --version
if [ "$code" -eq 0 ] && printf '%s' "$out" | grep -q '^keyguard [0-9.]* (commit '; then ok "--version runs in the image"
else not_ok "--version runs in the image" "exit $code: $out $err"; fi
run_image "$image" -e "OPENAI_API_KEY=$key" -- --offline
expect "--offline with a key of the right shape passes" 0 "openai: OPENAI_API_KEY sk-proj-…[A-Za-z0-9]{4} \(sha256:[0-9a-f]{8}\): skipped: not probed \(--offline\)"
run_image "$image" -e "OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxx" -- --offline
expect "a placeholder key fails with 78" 78 "OPENAI_API_KEY is a placeholder"

# 3. Against the fake provider on the machine's loopback (the container shares its network),
# trusting exactly the test CA, mounted read-only.
start_fake_provider build/tests/fake_provider "$work" --log "$work/requests" || exit 1
ca=(-v "$work/pki/ca.pem:/ca.pem:ro")
# The key passed through from the environment, as the README runs it.
OPENAI_API_KEY=$key run_image "$image" "${ca[@]}" -e OPENAI_API_KEY -e "OPENAI_BASE_URL=https://localhost:$port/valid/v1" -- \
  --ca-file /ca.pem --require openai --strict
expect "a probe of the fake provider through TLS passes (--require openai --strict)" 0 "openai: OPENAI_API_KEY .*: authenticated \(HTTP 200"
check "the fake provider got the probe" grep -q '^GET /valid/v1/models valid openai' "$work/requests"
run_image "$image" "${ca[@]}" -e "OPENAI_API_KEY=$key" -e "OPENAI_BASE_URL=https://localhost:$port/revoked/v1" -- \
  --ca-file /ca.pem
expect "a revoked key fails with 77" 77 "openai: OPENAI_API_KEY .*rejected"

# 4. The README's Dockerfile for an app, with the local Debian 12 base for its FROM and a shell
# command for its CMD: keyguard copied from the image checks the key, then becomes the app.
# docs/deploying.md shows the same Dockerfile, and must go on showing the same.
dockerfile_of() {  # dockerfile_of PAGE HEADING: the first ```dockerfile block under HEADING
  awk -v heading="$2" '/^#/ {section = ($0 == heading)}
    section && /^```dockerfile$/ && !done {inside = 1; next} inside && /^```$/ {inside = 0; done = 1} inside' "$1"
}
mkdir -p "$work/app"
dockerfile_of README.md "## Get it" >"$work/readme.Dockerfile"
dockerfile_of docs/deploying.md "## Docker ENTRYPOINT prefix" >"$work/deploying.Dockerfile"
check "docs/deploying.md shows the README's Dockerfile" sh -c \
  "[ -s '$work/readme.Dockerfile' ] && cmp '$work/readme.Dockerfile' '$work/deploying.Dockerfile'"
sed -e 's|^FROM .*|FROM localhost/keyguard-test-base|' \
  -e 's|^CMD .*|CMD ["sh", "-c", "echo app: started with a ${#OPENAI_API_KEY}-character OPENAI_API_KEY"]|' \
  "$work/readme.Dockerfile" >"$work/app/Dockerfile"
check "the README's Dockerfile copies /keyguard from the image" grep -q '^COPY --from=keyguard /keyguard ' "$work/app/Dockerfile"
if "${podman[@]}" build "${container[@]}" -t localhost/keyguard-app "$work/app" >"$work/app-build.log" 2>&1; then
  ok "the README's Dockerfile builds"
  run_image localhost/keyguard-app "${ca[@]}" -e "OPENAI_API_KEY=$key" -e "OPENAI_BASE_URL=https://localhost:$port/valid/v1" \
    -e KEYGUARD_CA_FILE=/ca.pem --
  expect "in it, a key the provider accepts starts the app" 0 "authenticated"
  [ "$out" = "app: started with a ${#key}-character OPENAI_API_KEY" ] && ok "the app got the key" ||
    not_ok "the app got the key" "stdout: $out"
  run_image localhost/keyguard-app "${ca[@]}" -e "OPENAI_API_KEY=$key" -e "OPENAI_BASE_URL=https://localhost:$port/revoked/v1" \
    -e KEYGUARD_CA_FILE=/ca.pem --
  expect "in it, a revoked key fails with 77 and the app never starts" 77 "rejected"
  [ -z "$out" ] && ok "the app did not start" || not_ok "the app did not start" "stdout: $out"
else
  not_ok "the README's Dockerfile builds" "$(tail -n 20 "$work/app-build.log")"
fi
"${podman[@]}" rmi localhost/keyguard-app localhost/keyguard-test-base >/dev/null 2>&1 || true

# 5. `podman stop` while the probe stalls (the fake provider reads the request and never
# answers): keyguard is PID 1, catches SIGTERM, and the container exits 143 at once.
"${podman[@]}" run --rm --name keyguard-stall "${container[@]}" "${ca[@]}" -e "OPENAI_API_KEY=$key" \
  -e "OPENAI_BASE_URL=https://localhost:$port/hang/v1" "$image" --ca-file /ca.pem --timeout 60s \
  >"$work/stall-out" 2>"$work/stall-err" </dev/null &
runner=$!
wait_until 100 0.1 grep -q '^GET /hang/v1/models' "$work/requests" || true
check "the probe reached the stalling server" grep -q '^GET /hang/v1/models' "$work/requests"
pid=$("${podman[@]}" inspect --format '{{.State.Pid}}' keyguard-stall 2>/dev/null || echo 0)
check "keyguard is PID 1 of the container" sh -c "grep -q '^NSpid:.*[[:space:]]1\$' /proc/$pid/status"
# SigCgt is the mask of caught signals; SIGTERM is signal 15, bit 0x4000.
check "keyguard as PID 1 catches SIGTERM (PID 1 ignores it otherwise)" sh -c \
  "[ \$(( 0x\$(awk '/^SigCgt:/ {print \$2}' /proc/$pid/status) & 0x4000 )) -ne 0 ]"
stop_start=$(now)
"${podman[@]}" stop -t 10 keyguard-stall >/dev/null 2>&1 || true
stop_took=$(took "$stop_start")
code=0
wait "$runner" || code=$?
runner_err=$(cat "$work/stall-err")
if [ "$code" -eq 143 ] && [ "$runner_err" = "keyguard: terminated (SIGTERM) before the command ran; not starting it" ]; then
  ok "podman stop during a stalled probe: exit 143, 'terminated (SIGTERM)'"
else
  not_ok "podman stop during a stalled probe: exit 143, 'terminated (SIGTERM)'" "exit $code; stderr: $runner_err"
fi
# Within podman's 10 s grace: SIGTERM did it, not the SIGKILL after it.
check "the stop took ${stop_took} s, well within the 10 s before SIGKILL" awk "BEGIN {exit !($stop_took < 5)}"
timings+=("runs $(took "$start") s")

timings+=("in all $(took "$test_start") s")
(IFS=,; echo "image test: took ${timings[*]}" | sed 's/,/, /g')
tally_end
