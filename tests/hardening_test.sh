#!/usr/bin/env bash
# The binary's hardening, read from its ELF rather than assumed from the build flags: static (no
# interpreter, no shared library), full RELRO (a GNU_RELRO segment that holds every GOT, and
# BIND_NOW wherever there is a dynamic section), a stack that is not executable, no symbol table;
# and, in the unstripped copy the build keeps beside it (the same build ID), the stack protector
# and glibc's checked functions (_FORTIFY_SOURCE) called from keyguard's own code and from
# mbedTLS, not only from inside the C library.
#
#   hardening_test.sh BINARY UNSTRIPPED
#
# OBJDUMP names a disassembler for BINARY's architecture (default: objdump), SIZE_BUDGET the most
# bytes the stripped binary may have (default: 1,650,000). Ends with
# "N passed, N failed"; exits 1 when a check failed.
set -euo pipefail
binary=${1:?usage: hardening_test.sh BINARY UNSTRIPPED}
unstripped=${2:?usage: hardening_test.sh BINARY UNSTRIPPED}
objdump=${OBJDUMP:-objdump}

passed=0 failed=0
check() {  # check WHAT COMMAND...
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "hardening test: ok: $what"
  else failed=$((failed + 1)); echo "hardening test: FAILED: $what"; fi
}

# A file that is missing or no ELF fails every check below, each saying what it looked for.
segments=$(readelf -lW "$binary" 2>&1 || true)
sections=$(readelf -SW "$binary" 2>&1 || true)
dynamic=$(readelf -dW "$binary" 2>&1 || true)

check "$binary is static: no interpreter, no shared library" \
  sh -c "printf '%s\n' \"\$1\" | grep -q LOAD && ! printf '%s\n' \"\$1\" | grep -q INTERP && ! printf '%s\n' \"\$2\" | grep -q NEEDED" - "$segments" "$dynamic"
check "it has a GNU_RELRO segment" grep -q GNU_RELRO <<<"$segments"
# Flags are the 7th column: RW, or RWE for an executable stack.
check "its stack is not executable (GNU_STACK RW)" \
  sh -c "printf '%s\n' \"\$1\" | awk '\$1 == \"GNU_STACK\" { found = 1; if (\$7 != \"RW\") exit 1 } END { exit !found }'" - "$segments"

# Full RELRO: with -z now every GOT entry is resolved at start and the GOT joins the read-only
# segment; without it a static binary keeps a writable .got.plt after RELRO. A dynamic section
# (a static PIE) says BIND_NOW as well.
got_in_relro() {
  local relro_start relro_size got=0 name address size
  read -r relro_start relro_size < <(awk '$1 == "GNU_RELRO" { print $3, $6 }' <<<"$segments")
  [ -n "$relro_start" ] || return 1
  while read -r name address size; do
    got=$((got + 1))
    (( 0x$address >= relro_start && 0x$address + 0x$size <= relro_start + relro_size )) || return 1
  done < <(sed -n 's/^ *\[ *[0-9]*\] \(\.got[^ ]*\) *[A-Z_]* *\([0-9a-f]*\) [0-9a-f]* \([0-9a-f]*\) .*/\1 \2 \3/p' <<<"$sections")
  [ "$got" -gt 0 ]
}
check "full RELRO: every GOT section lies inside GNU_RELRO" got_in_relro
if grep -q "Dynamic section" <<<"$dynamic"; then
  check "its dynamic section asks for BIND_NOW" grep -Eq "\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW" <<<"$dynamic"
fi
# Small: every byte is paid on every cold start (bench/README.md). SIZE_BUDGET overrides the
# bound for another architecture's binary.
size_budget=${SIZE_BUDGET:-1650000}
check "it is at most $size_budget bytes (it is $(stat -c %s "$binary" 2>/dev/null || echo "?"))" \
  sh -c "[ \"\$(stat -c %s \"\$1\")\" -le \"\$2\" ]" - "$binary" "$size_budget"
check "it is stripped: no .symtab" sh -c "printf '%s\n' \"\$1\" | grep -q ' \.text ' && ! printf '%s\n' \"\$1\" | grep -q ' \.symtab '" - "$sections"

# The unstripped copy: the same program, with its symbols.
build_id() { readelf -nW "$1" 2>/dev/null | sed -n 's/.*Build ID: //p'; }
check "the unstripped copy has the binary's build ID" \
  sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$(build_id "$binary")" "$(build_id "$unstripped")"
symbols=$(readelf -sW "$unstripped" 2>&1 || true)
defined() { awk -v name="$1" '$7 != "UND" && $8 ~ name { found = 1 } END { exit !found }' <<<"$symbols"; }
check "the unstripped copy links the stack protector (__stack_chk_fail)" defined '^__stack_chk_fail$'
check "the unstripped copy links glibc's checked functions (__*_chk)" defined '^__[a-z0-9_]*_chk$'

# Who calls them: functions compiled with keyguard's flags show it, where a C library that was
# built hardened on its own would not. More than one for keyguard, since LTO inlines mbedTLS
# code into keyguard's functions: built without the flags, keyguard's own code still had 2
# callers of checked functions (mbedTLS's snprintf, inlined) and no canary; with them, 6 and
# 83 (mbedTLS: 2 and 73).
callers=$({ "$objdump" -d --no-show-raw-insn "$unstripped" 2>/dev/null || true; } | awk '
  /^[0-9a-f]+ <.*>:$/ { function_name = $2 }
  /<__stack_chk_fail>/ { print "canary", function_name }
  /<__[a-z0-9_]*_chk>/ { print "checked", function_name }' | sort -u)
calls() {  # calls KIND NAME_PREFIX AT_LEAST
  [ "$(grep -c "^$1 <$2" <<<"$callers")" -ge "$3" ]
}
check "keyguard's own functions check their stack canary (at least 20)" calls canary '_ZN8keyguard' 20
check "mbedTLS's functions check their stack canary (at least 20)" calls canary 'mbedtls_' 20
check "keyguard's own functions call checked libc functions (at least 3)" calls checked '_ZN8keyguard' 3
check "mbedTLS's functions call checked libc functions" calls checked 'mbedtls_' 1

echo "hardening test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
