#!/bin/sh
# What make install ships besides the binary (dist/), each checked with the tool that reads it:
# the shell completions (tests/completion/), the JSON Schemas against every golden and live output
# (tests/schemas/), action.yml and the GitLab CI template run as their runners would
# (tests/ci-templates/), the alert rules (promtool test rules) and the systemd units (systemd-analyze
# verify). A tool that is not installed is a SKIP with the reason.
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
suite "JSON Schemas" sh "$here/schemas/run.sh"
if python3 -c 'import yaml' 2>/dev/null; then
	suite "CI templates" python3 "$here/ci-templates/run.py"
else
	echo "SKIP: action.yml and the GitLab template: python3-yaml is not installed (apt-get install python3-yaml)"
fi

if command -v promtool >/dev/null; then
	if out=$(promtool test rules "$here/prometheus/rules.test.yml" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)) && printf '%s\n' "$out" && echo "not ok: promtool test rules"
	fi
	if out=$(promtool check rules "$here/../dist/prometheus/virtcheck.rules.yml" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)) && printf '%s\n' "$out" && echo "not ok: promtool check rules"
	fi
else
	echo "SKIP: the alert rules: promtool is not installed (apt-get install prometheus)"
fi

# the units as make install writes them, ExecStart on the binary under test
if command -v systemd-analyze >/dev/null; then
	d=$(mktemp -d)
	sed "s|@BINDIR@/virtcheck|$VC_BIN|" "$here/../dist/systemd/virtcheck-metrics.service.in" >"$d/virtcheck-metrics.service"
	cp "$here/../dist/systemd/virtcheck-metrics.timer" "$d/"
	mkdir -p "$d/man/man1" && cp "$here/../man/virtcheck.1" "$d/man/man1/"
	if out=$(MANPATH=$d/man systemd-analyze verify "$d/virtcheck-metrics.service" "$d/virtcheck-metrics.timer" 2>&1) && [ -z "$out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)) && printf '%s\n' "$out" && echo "not ok: systemd-analyze verify"
	fi
	rm -rf "$d"
else
	echo "SKIP: the systemd units: systemd-analyze is not installed (apt-get install systemd)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
