#!/bin/sh
# make check: every stage in turn, one line each with its counts as it ends, then one closing
# line "N passed, M failed". What a stage printed is kept in BUILD/check-STAGE.log and shown when
# it fails. Usage: tests/check.sh [STAGE...] (default: all of them, in this order):
#   unit      the cmocka tests (TESTS), each under $TEST_WRAPPER
#   udev      libudev against devices umockdev fakes
#   corpus    the fuzzers' seed corpora and every crash found, replayed
#   fixtures  the fixture hosts against their golden reports, then sysroot mutants
#             (every VC_MUTANT_STRIDE-th; make check-mutants every 7th, VC_MUTANT_STRIDE=1 all)
#   cli       the command-line contract (tests/cli.sh)
#   logs      explain --log on real pastes, and on garbled ones (tests/logs.sh)
#   safety    what root's virtcheck writes, records and opens (tests/safety.sh)
#   dist      what make install ships besides the binary, with the tools that read it (tests/dist.sh)
# Environment: BUILD, TESTS, VC_BIN, TEST_WRAPPER, TEST_WRAPPER_SH, UMOCKDEV (set when it is there),
# FUZZ_TARGETS (the fuzz targets whose corpora the corpus stage replays), VC_SUITE_ASAN_OPTIONS
# (make asan: added to ASAN_OPTIONS for the cli, logs and safety stages).
set -u
# the system's own programs first: a python3 found earlier on PATH may be a version manager's shim
# (pyenv's runs a dozen shell scripts a call, ~0.1 s, and sees none of the python3-* packages
# make deps installs); /usr/bin's is Debian's, with them
PATH=/usr/bin:/bin:$PATH
export PATH
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:?set BUILD to the build directory}
: "${VC_BIN:?set VC_BIN to the virtcheck binary}"
total_pass=0
total_fail=0
total_skip=0

now() { date +%s.%N; }

# "stage  N passed, M failed[, K skipped]  (T s)", and the log's failures when there are any
report() { # STAGE PASS FAIL SKIP T0 [NOTE]
	t=$(awk -v a="$5" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	line=$(printf '%-9s %5d passed, %d failed' "$1" "$2" "$3")
	[ "$4" -gt 0 ] && line="$line, $4 skipped"
	printf '%s  (%s s)%s\n' "$line" "$t" "${6:+  $6}"
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	total_skip=$((total_skip + $4))
	# a test that cannot run here says why
	[ -f "$build/check-$1.log" ] && grep '^SKIP' "$build/check-$1.log" | sort -u | sed 's/^/          /'
	if [ "$3" -gt 0 ]; then
		echo "---- $build/check-$1.log (the failures) ----"
		grep -E -A12 '^not ok|FAIL|ERROR|error:|Assert|Sanitizer|runtime error' "$build/check-$1.log" | head -150
		echo "----"
	fi
}

# the "N passed, M failed" line a shell suite ends with
suite_counts() { # LOG -> "PASS FAIL"
	sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$1" | tail -1
}

stage_unit() {
	log=$build/check-unit.log t0=$(now) p=0 f=0 s=0
	: >"$log"
	# two tests at a time where there are two CPUs, each to its own log (a pool: the next test
	# starts as soon as either slot is free), then the real-clock ones (UNIT_SOLO: test_stats times
	# a killed pass to within 30 ms) alone, each with a CPU to itself; under a wrapper (valgrind,
	# where the real-clock cases skip) every test is in the pool. Reported in TESTS' order.
	jobs=1
	[ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] && jobs=2
	solo=${UNIT_SOLO-test_stats}
	[ -n "${TEST_WRAPPER:-}" ] && solo=
	for pass in pool solo; do
		i=0
		for t in $TESTS; do
			i=$((i + 1))
			case " $solo " in *" ${t##*/} "*) [ $pass = solo ] && echo "$i $t" ;; *) [ $pass = pool ] && echo "$i $t" ;; esac
		done | VC_SRCDIR="$here/.." LOG="$log" TEST_WRAPPER="${TEST_WRAPPER:-}" \
			xargs -r -P "$([ $pass = pool ] && echo "$jobs" || echo 1)" -n 2 \
			sh -c '$TEST_WRAPPER "$2" >"$LOG.$1" 2>&1; echo $? >"$LOG.$1.rc"' sh
	done
	i=0
	for t in $TESTS; do
		i=$((i + 1))
		mv "$log.$i" "$log.one"
		rc=$(cat "$log.$i.rc")
		rm -f "$log.$i.rc"
		cat "$log.one" >>"$log"
		if [ $rc -eq 77 ]; then
			s=$((s + 1))
			echo "SKIP: $t" >>"$log"
			continue
		fi
		np=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log.one" | tail -1)
		nf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log.one" | tail -1)
		ns=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log.one" | tail -1)
		p=$((p + ${np:-0}))
		s=$((s + ${ns:-0}))
		if [ $rc -ne 0 ] && [ -z "$nf" ]; then nf=1; fi # died before cmocka could count
		f=$((f + ${nf:-0}))
		[ $rc -ne 0 ] && echo "FAIL: $t (exit $rc)" >>"$log"
	done
	rm -f "$log.one"
	report unit $p $f $s "$t0"
}

stage_udev() {
	log=$build/check-udev.log t0=$(now)
	if [ -z "${UMOCKDEV:-}" ] || ! command -v umockdev-wrapper >/dev/null; then
		echo "SKIP: libudev under umockdev: umockdev is not installed (apt-get install umockdev libumockdev-dev)" >"$log"
		report udev 0 0 1 "$t0"
		return
	fi
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		LSAN_OPTIONS=suppressions=$here/umockdev/lsan.supp \
		umockdev-wrapper "$build/tests/umockdev/test_udev" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	report udev "$p" "$f" 0 "$t0"
}

stage_corpus() {
	log=$build/check-corpus.log t0=$(now) p=0 f=0
	: >"$log"
	for t in ${FUZZ_TARGETS:-records sysroot json report preflight bench capture cli}; do
		VC_FUZZ_FIXTURE="$here/fixtures/intel-kvm612-vbox71" "$build/tests/replay_$t" "$here"/fuzz/corpus/$t/* >>"$log" 2>&1
		rc=$?
		n=$(find "$here/fuzz/corpus/$t" -type f | wc -l)
		if [ $rc -eq 0 ]; then p=$((p + n)); else f=$((f + 1)) && echo "FAIL: replay_$t (exit $rc)" >>"$log"; fi
	done
	report corpus $p $f 0 "$t0"
}

stage_suite() { # NAME SCRIPT [ASAN_OPTIONS to add]
	log=$build/check-$1.log t0=$(now)
	# shellcheck disable=SC2086 # TEST_WRAPPER_SH is a command line
	(
		[ -n "${3:-}" ] && ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}$3 && export ASAN_OPTIONS
		exec ${TEST_WRAPPER_SH:-} sh "$2"
	) >"$log" 2>&1
	rc=$?
	set -- "$1" $(suite_counts "$log")
	p=${2:-0} f=${3:-0} s=$(grep -c '^SKIP' "$log")
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	report "$1" "$p" "$f" "$s" "$t0" "$(grep '^# ' "$log" | head -1 | sed 's/^# /(/; s/$/)/')"
}

# One stage, by name.
run_stage() {
	case $1 in
	unit) stage_unit ;;
	udev) stage_udev ;;
	corpus) stage_corpus ;;
	fixtures) stage_suite fixtures "$here/fixtures.sh" ;;
	# make asan: VC_SUITE_ASAN_OPTIONS (detect_leaks=0) for the binary in these three
	cli | logs | safety) stage_suite "$1" "$here/$1.sh" "${VC_SUITE_ASAN_OPTIONS:-}" ;;
	dist) stage_suite dist "$here/dist.sh" ;;
	*) echo "tests/check.sh: no stage '$1'" >&2 && exit 2 ;;
	esac
}

# With two CPUs, cli (the longest shell suite, one process after another) and then dist run beside
# the suites after cli (logs, safety), which print their lines after theirs as they would alone;
# their counts come back through a file (session 17: cli 27 s and dist 14 s against logs 31 s and
# safety 2 s, where logs, safety and dist beside cli took 47 s). Not unit (real-clock tests keep a
# CPU to themselves), not fixtures (its mutants take both CPUs already).
side_by_side() { # the stages after cli that run beside it, from the stage list
	[ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] || return 0
	after=
	seen=
	for st in $stages; do
		[ -n "$seen" ] && case $st in logs | safety) after="$after $st" ;; esac
		[ "$st" = cli ] && seen=1
	done
	echo $after
}

stages=${*:-unit udev corpus fixtures cli logs safety dist}
beside=$(side_by_side)
# dist after cli, beside the others, where both are asked for
with_cli=
case " $stages " in *" cli "*) case " $stages " in *" dist "*) [ -n "$beside" ] && with_cli=dist ;; esac ;; esac
for st in $stages; do
	case " $beside $with_cli " in *" $st "*) continue ;; esac
	if [ "$st" = cli ] && [ -n "$beside" ]; then
		(
			total_pass=0 total_fail=0 total_skip=0
			for b in $beside; do run_stage "$b"; done
			echo "$total_pass $total_fail $total_skip" >"$build/check-beside.counts"
		) >"$build/check-beside.out" 2>&1 &
		bg=$!
		run_stage cli
		[ -n "$with_cli" ] && run_stage "$with_cli"
		wait $bg
		cat "$build/check-beside.out"
		read -r bp bf bs <"$build/check-beside.counts" || { bp=0 bf=1 bs=0; }
		total_pass=$((total_pass + bp)) total_fail=$((total_fail + bf)) total_skip=$((total_skip + bs))
		rm -f "$build/check-beside.out" "$build/check-beside.counts"
		continue
	fi
	run_stage "$st"
done
[ "$total_skip" -gt 0 ] && echo "($total_skip skipped, each with its reason above)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
