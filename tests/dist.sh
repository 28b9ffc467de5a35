#!/bin/sh
# What make install ships besides the binary (dist/), each checked with the tool that reads it:
# the shell completions (tests/completion/). A tool that is not installed is a SKIP with the reason.
# VC_BIN: the virtcheck to ask. Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${VC_BIN:?set VC_BIN to the virtcheck binary}"
pass=0 fail=0

# a suite that ends with "N passed, M failed": its lines, and its counts added to ours
suite() { # NAME COMMAND...
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
	p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
	[ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1 && echo "not ok: $name exited $rc"
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
}

if command -v bash >/dev/null; then
	suite "bash completion" bash "$here/completion/bash.sh"
else
	echo "SKIP: bash completion: bash is not installed"
fi
suite "zsh and fish completions" sh "$here/completion/shells.sh"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
