#!/usr/bin/env bash
# keyguard reads the environment the way the LLM SDKs do: the SDKs pinned in tests/sdk (from npm)
# make their basic call on each row of tests/sdk/environments.mjs, recorded on loopback in a
# network namespace of their own, and keyguard --offline says what it would check on the same
# row; tests/sdk/compare.mjs compares them (see there for the rule).
#
#   sdk_conformance.sh KEYGUARD
#
# SDK_CACHE names where the SDKs are installed (default: ${XDG_CACHE_HOME:-~/.cache}/keyguard-sdk,
# outside the source tree; a lockfile change installs afresh). Skips (exit 0, saying why) where
# node/npm cannot be had, npm cannot install, or user and network namespaces are not permitted.
# Ends with "N passed, N failed"; exits 1 on a disagreement keyguard does not warn about.
set -euo pipefail
keyguard=$(realpath "${1:?usage: sdk_conformance.sh KEYGUARD}")
here=$(cd "$(dirname "$0")/sdk" && pwd)
skip() { echo "sdk conformance: skipped: $*"; exit 0; }

# ---- node and npm (Debian's, when missing) ----
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  { $sudo apt-get update -qq && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } >/dev/null 2>&1 ||
    skip "node and npm are missing and apt-get could not install them"
fi
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || skip "node $(node --version) is older than the SDKs need (18)"

# ---- the SDKs, installed from the lockfile into a cache keyed by it ----
lock_hash=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -c1-16)
cache=${SDK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keyguard-sdk}/$lock_hash
if [ ! -f "$cache/installed" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  cp "$here/package.json" "$here/package-lock.json" "$here/.npmrc" "$cache/"
  start=$(date +%s)
  (cd "$cache" && npm ci --no-audit --no-fund --ignore-scripts >"$cache/npm.log" 2>&1) ||
    skip "npm ci could not install the SDKs (last lines: $(tail -3 "$cache/npm.log" | tr '\n' ' '))"
  touch "$cache/installed"
  echo "sdk conformance: installed the SDKs in $(($(date +%s) - start)) s"
fi
cp "$here"/*.mjs "$cache/"

# ---- run, then compare ----
results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
node "$cache/runner.mjs" >"$results" || status=$?
[ "$status" -ne 2 ] || skip "user and network namespaces are not permitted here (unshare -rn)"
[ "$status" -eq 0 ] || { echo "sdk conformance: the runner failed ($status)"; exit 1; }
node "$cache/compare.mjs" "$keyguard" "$results"
