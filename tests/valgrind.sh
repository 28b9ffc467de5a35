#!/bin/sh
# The binary's own tests under valgrind memcheck: tests/cli.sh and tests/fixtures.sh (every
# fixture's report, a sample of the mutants), run through a wrapper that starts each virtcheck
# under valgrind with one log per process. Any memcheck error or leak in any of those logs
# fails, whether or not the test that ran it looked at the exit status.
# Usage: make valgrind (VC_BIN=build-vg/virtcheck VC_VALGRIND="valgrind <options>" sh tests/valgrind.sh)
set -u
# the system's own programs first: a python3 found earlier on PATH may be a version manager's shim
# (pyenv's runs a dozen shell scripts a call, ~0.1 s, and sees none of the python3-* packages
# make deps installs); /usr/bin's is Debian's, with them
PATH=/usr/bin:/bin:$PATH
export PATH
bin=${VC_BIN:?set VC_BIN to the virtcheck binary (built with -O1 -g)}
vg=${VC_VALGRIND:?set VC_VALGRIND to the valgrind command and options (the Makefile VALGRIND)}
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# the CLI tests also run virtcheck as nobody: the logs and the wrapper must be reachable by it
chmod 0755 "$work"
mkdir -m 1777 "$work/log"
cat >"$work/virtcheck" <<EOF
#!/bin/sh
exec $vg --log-file=$work/log/%p.log "$bin" "\$@"
EOF
chmod 0755 "$work/virtcheck"

rc=0
export VC_BIN_ELF="$bin" VC_BIN="$work/virtcheck"
# valgrind uses one CPU a process: the two halves of tests/cli.sh (VC_CLI_PART) and tests/fixtures.sh
# (its fixtures and mutants dealt to two workers), two at a time, each printed whole when it ends.
# (cli.sh's agreement reads each fixture's report from its expected.json, and runs explain,
# preflight and switch, each the whole pipeline, on every 4th fixture; fixtures.sh runs the JSON
# report on the fixtures in between, so memcheck meets each fixture once: make check compares
# every report with its golden and has the commands agree on all. CI1 of session 15 took cli.sh 423 s
# whole, fixtures.sh 250 s beside it, 502 s the stage with the unit tests: the halves are about
# equal in runs, 221 and 213 processes in session 17.)
# VC_CLI_PARTS="1" or "2" runs one half of cli.sh, with fixtures.sh's workers beside it (CI on a
# slow machine, where a run of the binary under valgrind costs 1.5 s: .ci/run picks the half by
# the commit, so one commit's memcheck covers half the command-line tests and the next the other)
agree=4
parts=${VC_CLI_PARTS:-1 2}
t0=$(date +%s)
cli_half() { # 1 or 2: that half, its output and time in $work/cliN.out
	VC_CLI_PART=$1 VC_AGREE_GOLDEN=1 VC_AGREE_STRIDE=$agree sh "$here/cli.sh" >"$work/cli$1.out" 2>&1
	r=$?
	echo "(tests/cli.sh, half $1, under valgrind: $(($(date +%s) - t0)) s)" >>"$work/cli$1.out"
	return $r
}
# every 251st mutant (251 is prime to the 8 kinds of mutation, so the kinds take turns;
# check-mutants runs every 7th without valgrind, make asan every 29th; 167 took this
# stage to 9.3 min of CI's 20 at 122 fixtures on a slower host); no address-space limit, which
# valgrind cannot live with
fixtures() { # JOBS AGREE_STRIDE (and VC_FIXTURES_SAMPLE from the caller)
	VC_AGREE_STRIDE=$2 VC_FIXTURES_TEXT=0 VC_MUTANT_JOBS=$1 VC_MUTANT_STRIDE=${VC_MUTANT_STRIDE:-251} VC_MUTANT_VMLIMIT=0 \
		sh "$here/fixtures.sh" >"$work/fixtures.out" 2>&1
	r=$?
	echo "(tests/fixtures.sh under valgrind, $1 worker(s): $(($(date +%s) - t0)) s)" >>"$work/fixtures.out"
	return $r
}
case $parts in
"1 2" | 1 | 2) ;;
*) echo "tests/valgrind.sh: VC_CLI_PARTS is \"1 2\", 1 or 2, not '$parts'" && exit 2 ;;
esac
pids=
for half in $parts; do
	cli_half "$half" &
	pids="$pids $!"
done
if [ "$parts" = "1 2" ]; then
	for p in $pids; do wait "$p" || rc=1; done
	t0=$(date +%s)
	fixtures 2 $agree || rc=1
else
	echo "-- tests/cli.sh: half $parts only (VC_CLI_PARTS)"
	# the agreement is in half 2: without it, fixtures.sh runs the JSON report on the fixtures
	# too; of those, the half the same commit picks (every 2nd, from the 1st or the 2nd: the next
	# commit's run takes the others), two workers beside the half of cli.sh
	if [ "$parts" = 2 ]; then
		VC_FIXTURES_SAMPLE=1/2 fixtures 2 $agree || rc=1
	else
		VC_FIXTURES_SAMPLE=0/2 fixtures 2 1 || rc=1
	fi
	for p in $pids; do wait "$p" || rc=1; done
fi
echo "-- tests/cli.sh"
for half in $parts; do cat "$work/cli$half.out"; done
echo "-- tests/fixtures.sh" && cat "$work/fixtures.out"
echo "== the live report under valgrind"
"$work/virtcheck" --verbose >/dev/null 2>&1

# a log holds only valgrind's own lines ("==PID== ..."); these warnings are not errors:
# KVM_GET_STATS_FD is an ioctl valgrind 3.19 does not know (it says so once per process)
runs=$(find "$work/log" -name '*.log' | wc -l)
bad=$(for f in "$work"/log/*.log; do
	awk '/^==[0-9]+== Warning: noted but unhandled ioctl 0xaece/ { skip = 2; next }
	     skip > 0 { skip--; next }
	     /^==[0-9]+== / { print FILENAME; exit }' "$f"
done)
if [ -n "$bad" ]; then
	for f in $bad; do echo "-- $f"; head -60 "$f"; done
	echo "valgrind: errors in $(echo "$bad" | wc -l) of $runs runs of the binary"
	exit 1
fi
echo "valgrind: $runs runs of the binary, no errors, no leaks"
exit $rc
