#!/bin/sh
# Fixture hosts: `virtcheck --sysroot DIR --format json` must reproduce DIR/expected.json
# (version and sysroot path normalized) with the matching exit status; then every file of
# every fixture is emptied, truncated, garbled, made huge, replaced by a directory or by a
# symlink loop, and virtcheck must still answer with findings, never crash.
# VC_UPDATE=1 rewrites expected.json (review the diff before committing it).
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

normalize() {
	sed -e 's/^  "version": ".*",$/  "version": "VERSION",/' \
	    -e 's/^    "sysroot": ".*",$/    "sysroot": "FIXTURE",/'
}

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }

for dir in "$here"/fixtures/*/; do
	name=$(basename "$dir")
	"$bin" --sysroot "$dir" --format json >"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	normalize <"$tmp/out.json" >"$tmp/norm.json"
	if [ "${VC_UPDATE:-}" = 1 ]; then
		cp "$tmp/norm.json" "$dir/expected.json"
	fi
	if diff -u "$dir/expected.json" "$tmp/norm.json" >"$tmp/diff"; then
		ok
	else
		bad "$name: report differs from expected.json"
		cat "$tmp/diff"
	fi
	status=$(sed -n 's/^  "status": "\(.*\)"$/\1/p' "$tmp/out.json")
	case "$status" in ok) want=0 ;; warning) want=1 ;; error) want=2 ;; *) want=x ;; esac
	if [ "$rc" = "$want" ]; then ok; else bad "$name: exit status $rc for status '$status'"; cat "$tmp/err"; fi
done

# ---- round trip: the live report equals the replay of a capture of this machine ----
if "$bin" capture "$tmp/cap" 2>"$tmp/err"; then
	"$bin" --format json | grep -v '^    "sysroot": ' >"$tmp/live.json"
	"$bin" --sysroot "$tmp/cap" --format json | grep -v '^    "sysroot": ' >"$tmp/replay.json"
	if diff -u "$tmp/live.json" "$tmp/replay.json" >"$tmp/diff"; then ok; else
		bad "capture/replay round trip differs"
		cat "$tmp/diff"
	fi
	if "$bin" capture "$tmp/cap" 2>/dev/null; then bad "capture into a non-empty directory was not refused"; else ok; fi
else
	bad "virtcheck capture failed"
	cat "$tmp/err"
fi
rm -rf "$tmp/cap"

# ---- mutations ----
garbage() { printf '\377\376\000garbage -1 0x 99999999999999999999999\n%%s%%n\nCPU x:\n\tcap\n'; }
mutants=0
seen=0
stride=${VC_MUTANT_STRIDE:-1}
for dir in "$here"/fixtures/*/; do
	name=$(basename "$dir")
	( cd "$dir" && find . -type f ! -name expected.json ) | sed 's|^\./||' >"$tmp/files"
	while read -r rel; do
		for how in empty truncate garbage huge directory loop; do
			# VC_MUTANT_STRIDE=N tries every Nth mutant (make asan: the sanitizers are slow);
			# the stride is prime to the 6 kinds, so every kind still meets every fixture
			seen=$((seen + 1))
			[ $((seen % stride)) -eq 0 ] || continue
			rm -rf "$tmp/m"
			cp -a "$dir" "$tmp/m"
			f="$tmp/m/$rel"
			case $how in
			empty) : >"$f" ;;
			truncate) head -c "$(($(wc -c <"$dir/$rel") / 2))" "$dir/$rel" >"$f" ;;
			garbage) garbage >"$f" ;;
			huge) truncate -s 64M "$f" ;;
			directory) rm -f "$f" && mkdir "$f" ;;
			loop) rm -f "$f" && ln -s "$(basename "$f")" "$f" ;;
			esac
			mutants=$((mutants + 1))
			"$bin" --sysroot "$tmp/m" --format json >"$tmp/out.json" 2>"$tmp/err"
			rc=$?
			if [ "$rc" -gt 2 ] || ! tail -n 1 "$tmp/out.json" | grep -q '^}$'; then
				bad "$name/$rel ($how): exit $rc"
				head -5 "$tmp/err"
				continue
			fi
			# a broken record file must be named in a finding
			case "$rel:$how" in
			virtcheck/*:garbage | virtcheck/*:huge | virtcheck/*:directory | virtcheck/*:loop)
				if ! grep -q "$rel" "$tmp/out.json"; then
					bad "$name/$rel ($how): no finding names the file"
					continue
				fi ;;
			esac
			ok
		done
	done <"$tmp/files"
done
echo "# fixtures: $(ls -d "$here"/fixtures/*/ | wc -l), mutants tried: $mutants"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
