# Shared by the scripts and the shell tests (sourced, never run): waiting for something to be
# ready, the fake provider started on loopback, the machine's Debian mirror, and a tally of checks.

# wait_until TRIES SECONDS COMMAND...: runs COMMAND until it succeeds, at most TRIES times,
# SECONDS apart; fails when it never did.
wait_until() {
  local tries=$1 pause=$2
  shift 2
  for _ in $(seq "$tries"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep "$pause"
  done
  return 1
}

# start_fake_provider BINARY WORK [ARG...]: starts the fake provider BINARY on loopback with a
# test PKI it generates in WORK/pki (and ARGs), waits until it listens, and sets $server (its
# PID, for the caller's cleanup) and $port. Fails, saying so, when it does not start.
start_fake_provider() {
  local binary=$1 work=$2
  shift 2
  "$binary" --pki "$work/pki" --generate "$@" >"$work/port" &
  server=$!
  wait_until 100 0.1 grep -q '^port ' "$work/port" || true
  port=$(awk '/^port/ {print $2}' "$work/port" 2>/dev/null || true)
  [ -n "$port" ] || { echo "$(basename "$0"): the fake provider did not start" >&2; return 1; }
}

# debian_mirror: the mirror of the machine's own Debian 12 entries (deb822 .sources or one-line
# .list), or nothing. The machine's apt sources are only read.
debian_mirror() {
  local file mirror=""
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    mirror=$(awk '/^URIs:/ {uris=$2} /^Suites:/ && / (bookworm|stable)( |$)/ {print uris; exit}' "$file")
    [ -n "$mirror" ] && break
  done
  if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; ++i) if ($i ~ /^(https?|file):/) {print $i; exit}}')
  fi
  printf '%s' "$mirror"
}

# A tally of checks for a test script named $tally_name: ok, not_ok, check, skipped and, last,
# tally_end, which prints "N passed, N failed" (a line the CI reads) and fails when any did.
tally_name=${tally_name:-$(basename "$0")}
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "$tally_name: ok: $1"; }
not_ok() {  # not_ok WHAT [DETAILS]
  failed=$((failed + 1))
  echo "$tally_name: FAILED: $1"
  [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/  /'
}
check() {  # check WHAT COMMAND...: ok when COMMAND succeeds
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else not_ok "$what"; fi
}
skipped() {  # skipped WHAT REASON
  skipped=$((skipped + 1))
  echo "$tally_name: skipped: $1: $2"
}
tally_end() {
  [ "$skipped" -eq 0 ] || echo "$tally_name: $skipped skipped"
  echo "$tally_name: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
