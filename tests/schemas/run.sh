#!/bin/sh
# Every golden report (tests/fixtures/*/expected.json) and every live output against the JSON
# Schemas of dist/schemas/ (draft 2020-12, python3-jsonschema): the report live, --passive,
# preflight live and on every fixture host with every requirement; the saved bench documents and a
# live one where /dev/kvm works; explain --log on every real paste of tests/logs. Four broken
# documents must be refused. VC_BIN: the virtcheck to run. Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
# absolute: the pastes are explained from inside their directories
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Debian's python3-jsonschema: /usr/bin/python3 first (another python3 on PATH may lack it)
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "SKIP: JSON Schemas: no python3 with jsonschema (apt-get install python3-jsonschema)"
	echo "0 passed, 0 failed"
	exit 0
fi
echo "# $("$py" -c 'import importlib.metadata as m; print("python3-jsonschema", m.version("jsonschema"))')"

# the requirements preflight knows, with an argument for those that take one
reqs=$("$bin" preflight --require help | awk '{print $1}' |
	sed 's/=NAME$/=kvm_intel/; s/>=N$/>=1/; s/=KVM_CAP_NAME$/=KVM_CAP_IRQCHIP/; s/>=SIZE$/>=1G/' | paste -sd, -)

n=0
for f in "$fixtures"/*/expected.json; do
	host=$(dirname "$f")
	n=$((n + 1))
	"$bin" --sysroot "$host" preflight --require "$reqs" --format json >"$dir/preflight-$n.json"
	rc=$?
	[ $rc -le 1 ] || echo "not ok preflight on $host exited $rc"
done
"$bin" --format json >"$dir/live-report.json"
"$bin" --passive --format json >"$dir/live-passive.json"
"$bin" preflight --format json >"$dir/live-preflight.json"
"$bin" --passive preflight --require "$reqs" --format json >"$dir/live-preflight-passive.json"

# bench documents: the saved ones (0.2.0 and later), and a short live run where /dev/kvm works
# (its budget a hard cap: one second), --quick's (no intervals: nulls) too
bench_docs="$here/../bench/fixtures/old.json $here/../bench/fixtures/new.json $here/../bench/fixtures/run.json"
if "$bin" bench exit.pio exit.ioeventfd memory.2m.16KiB --budget 1 --format json --output "$dir/live-bench.json" 2>/dev/null &&
	"$bin" bench --quick exit.pio --format json --output "$dir/live-bench-quick.json" 2>/dev/null; then
	bench_docs="$bench_docs $dir/live-bench.json $dir/live-bench-quick.json"
else
	echo "# no live bench document: /dev/kvm is not usable here"
fi
# explain --log on every real paste (tests/logs/), and on input it recognises nothing in
n=0
for d in "$here"/../logs/*/; do
	n=$((n + 1))
	# shellcheck disable=SC2046 # file names without blanks
	(cd "$d" && "$bin" explain --log --format json $(ls | grep -v -e '^SOURCE.md$' -e '^expect$' -e '^expected.txt$')) >"$dir/triage-$n.json"
done
printf 'hello\n' | "$bin" explain --log --format json - >"$dir/triage-none.json"

out=$(
	"$py" "$here/validate.py" report "$fixtures"/*/expected.json "$dir"/live-report.json "$dir"/live-passive.json
	"$py" "$here/validate.py" preflight "$dir"/preflight-*.json "$dir"/live-preflight*.json
	# shellcheck disable=SC2086 # the list is split on purpose
	"$py" "$here/validate.py" bench $bench_docs
	"$py" "$here/validate.py" triage "$dir"/triage-*.json
)
printf '%s\n' "$out" | grep -v '^ok '
pass=$(printf '%s\n' "$out" | grep -c '^ok ')
fail=$(printf '%s\n' "$out" | grep -c '^not ok ')

# the validator refuses what breaks the contract
sed 's/"status": "[a-z]*"/"status": "fine"/' "$dir/live-report.json" >"$dir/bad-report.json"
sed 's/"met": true,/"met": "yes",/' "$dir/live-preflight.json" >"$dir/bad-preflight.json"
sed 's/"status": "ok"/"status": "fine"/' "$here/../bench/fixtures/new.json" >"$dir/bad-bench.json"
sed 's/"cause": "[a-z-]*"/"cause": "bad-luck"/' "$dir/triage-1.json" >"$dir/bad-triage.json"
for b in report preflight bench triage; do
	if "$py" "$here/validate.py" "$b" "$dir/bad-$b.json" >/dev/null; then
		fail=$((fail + 1)) && echo "not ok: a broken $b document was accepted"
	else
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
