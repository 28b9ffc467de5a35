#!/bin/sh
# The commands as a user meets them, on fixture hosts.
# preflight: every requirement met and unmet, the exit status, and each output format checked
# by a parser other than ours (xmllint, python3's json, a TAP reader in awk).
# switch: what it accepts, refuses and prints without changing anything (the protocol itself
# is tests/unit/test_switch.c, against a test double).
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/fixtures"
bfx_early="$here/bench/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
# text is wrapped only where a test asks for it
unset COLUMNS
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
expect_rc() { # NAME WANT_RC PATTERN -- command...
	name=$1 want=$2 pat=$3
	shift 4
	"$@" >"$tmp/out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" = "$want" ] && grep -q -- "$pat" "$tmp/out"; then ok; else
		bad "$name: exit $rc (expected $want), or no '$pat'"
		cat "$tmp/out"
	fi
}
two_lines() { # NAME WANT_RC LINE1 LINE2 -- command...
	name=$1 want=$2 l1=$3 l2=$4
	shift 5
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ] && [ "$(sed -n 1p "$tmp/err")" = "$l1" ] && [ "$(sed -n 2p "$tmp/err")" = "$l2" ] &&
		[ "$(wc -l <"$tmp/err")" = 2 ] && [ ! -s "$tmp/out" ]; then ok; else
		bad "$name: exit $rc (expected $want)"
		cat "$tmp/err"
	fi
}
# VC_CLI_PART=1 or 2 runs one half of this script (valgrind.sh runs the halves side by side with
# tests/fixtures.sh, two at a time); unset, both
part() { [ -z "${VC_CLI_PART:-}" ] || [ "$VC_CLI_PART" = "$1" ]; }
case ${VC_CLI_PART:-} in
"" | 1 | 2) ;;
*) echo "tests/cli.sh: VC_CLI_PART is 1, 2 or unset, not '$VC_CLI_PART'" >&2 && exit 2 ;;
esac

# every requirement at once, for the output formats
all="kvm,kvm-rw,hw-virt,nested,no-conflict,virtualbox,iommu,vfio,vhost-net,tun,api>=12,mem>=1G,cpus>=2"

if part 1; then

# requirement, fixture where it is met, fixture where it is not
while read -r req yes no; do
	for want in 0 1; do
		if [ $want = 0 ]; then host=$yes; else host=$no; fi
		"$bin" --sysroot "$fx/$host" preflight --require "$req" >"$tmp/out" 2>&1
		rc=$?
		if [ "$rc" = $want ]; then ok; else
			bad "preflight --require $req on $host: exit $rc, expected $want"
			cat "$tmp/out"
		fi
	done
done <<'EOF'
kvm intel-kvm612-vbox71 kvm-0600-nonroot
kvm-rw intel-kvm612-vbox71 kvm-0600-nonroot
hw-virt intel-kvm612-vbox71 intel-vtx-firmware-disabled
nested intel-kvm612-vbox71 intel-both-loaded-qemu-vm
no-conflict amd-kvm-idle-6.1 intel-kvm612-vbox71
virtualbox intel-vbox72-vm-in-kernel intel-kvm612-vbox71
iommu intel-kvm612-vbox72 intel-kvm612-vbox71
vfio intel-kvm612-vbox72 intel-kvm612-vbox71
vhost-net intel-kvm612-vbox72 intel-kvm612-vbox71
tun intel-kvm612-vbox72 intel-kvm612-vbox71
kvm-backend=kvm_intel intel-kvm612-vbox71 kvm-pvm-firecracker
kvm-backend=kvm_pvm kvm-pvm-firecracker intel-kvm612-vbox71
api>=12 intel-kvm612-vbox71 kvm-0600-nonroot
cap=KVM_CAP_USER_MEMORY intel-kvm612-vbox71 kvm-0600-nonroot
mem>=32G intel-kvm612-vbox72 intel-kvm612-vbox71
EOF

# parameterized ones on one host: met below the bar, unmet above it
for spec in "api>=12:0" "api>=13:1" "mem>=1G:0" "mem>=27000000K:0" "mem>=64G:1" "cpus>=2:0" "cpus>=4:1" \
	"cap=KVM_CAP_MAX_VCPUS:0" "cap=KVM_CAP_NESTED_STATE:1"; do
	"$bin" --sysroot "$fx/intel-kvm612-vbox71" preflight --require "${spec%:*}" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" = "${spec##*:}" ]; then ok; else bad "preflight --require ${spec%:*}: exit $rc"; cat "$tmp/out"; fi
done

# a vboxdrv loaded on a kernel newer than its release supports (nixpkgs#245834) is a driver: met, and
# the message says its VMs may hang
"$bin" --sysroot "$fx/r-nixos2305-xanmod-6.4-vbox708" preflight --require virtualbox >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "newer than it supports: its VMs may hang" "$tmp/out"; then ok; else
	bad "preflight --require virtualbox on a kernel newer than VirtualBox supports"
	cat "$tmp/out"
fi

# usage errors: exit 2 and the valid requirements listed
for spec in "foo" "api>=x" "mem>=12Q" "kvm-backend=xen" "cap=KVM_CAP_NOPE" "mem>=+2G" "$(printf 'mem>=\r2G')" \
	"$(printf 'api>=\t12')"; do
	"$bin" --sysroot "$fx/intel-kvm612-vbox71" preflight --require "$spec" >"$tmp/out" 2>&1
	if [ $? = 2 ] && grep -q "no-conflict" "$tmp/out"; then ok; else bad "--require $spec: not a usage error"; cat "$tmp/out"; fi
done
"$bin" preflight --format yaml >/dev/null 2>&1
if [ $? = 2 ]; then ok; else bad "--format yaml: not a usage error"; fi

# remedies travel with unmet requirements
"$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --require kvm >"$tmp/out" 2>&1
if grep -q "fix: (persistent) sudo groupadd -f -r kvm" "$tmp/out"; then ok; else bad "kvm unmet without its remedy"; cat "$tmp/out"; fi
"$bin" --sysroot "$fx/intel-kvm612-vbox71" preflight >"$tmp/out" 2>&1
if grep -q "UNMET no-conflict: KVM holds VT-x" "$tmp/out" && grep -q "sudo modprobe -r kvm_intel kvm" "$tmp/out"; then ok; else
	bad "default preflight on vbox71"
	cat "$tmp/out"
fi

# --quiet: nothing on success, everything on failure
"$bin" --sysroot "$fx/amd-kvm-idle-6.1" preflight --quiet >"$tmp/out" 2>&1
if [ $? = 0 ] && [ ! -s "$tmp/out" ]; then ok; else bad "--quiet printed on success"; fi
"$bin" --sysroot "$fx/intel-kvm612-vbox71" preflight --quiet >"$tmp/out" 2>&1
if [ $? = 1 ] && [ -s "$tmp/out" ]; then ok; else bad "--quiet hid a failure"; fi

# --fix without --yes prints the plan, changes nothing; with --yes on a sysroot it refuses
"$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --require kvm --fix >"$tmp/out" 2>&1
if [ $? = 1 ] && grep -q "would do" "$tmp/out" && grep -q "65-kvm.rules" "$tmp/out" && grep -q "usermod -aG kvm carol" "$tmp/out"; then ok; else
	bad "--fix plan"
	cat "$tmp/out"
fi
"$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --fix --yes >"$tmp/out" 2>&1
if [ $? = 2 ]; then ok; else bad "--fix --yes on a sysroot was not refused"; fi
# a CI job (a real GitHub Actions runner, r-env-gha-runner-kvm-perm): the rule for every user, no
# usermod (the knowledge row access_ci_udev_rule), for kvm-rw as for kvm
for r in kvm kvm-rw; do
	"$bin" --sysroot "$fx/r-env-gha-runner-kvm-perm" preflight --require $r --fix >"$tmp/out" 2>&1
	if grep -qE "99-kvm4all.rules|chmod 0666" "$tmp/out" && grep -q "cannot log in again, so no usermod" "$tmp/out" &&
		! grep -q "usermod -aG" "$tmp/out"; then ok; else
		bad "--fix in a CI job ($r)"
		cat "$tmp/out"
	fi
done

# with a machine format, what --fix says goes to stderr: stdout stays parseable
"$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --require kvm --fix --format json >"$tmp/fix.json" 2>"$tmp/fix.err"
if command -v python3 >/dev/null && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["met"] is False' "$tmp/fix.json" &&
	grep -q "would do" "$tmp/fix.err"; then ok; else bad "--fix with --format json"; cat "$tmp/fix.json" "$tmp/fix.err"; fi

# --output writes the file (and stdout stays empty)
"$bin" --sysroot "$fx/intel-kvm-idle-6.12" preflight --format junit --output "$tmp/report.xml" >"$tmp/out" 2>&1
if [ $? = 0 ] && [ -s "$tmp/report.xml" ] && [ ! -s "$tmp/out" ]; then ok; else bad "--output"; fi

for host in intel-kvm612-vbox71 intel-kvm612-vbox72 kvm-pvm-firecracker; do
	# JUnit: well-formed XML whose counts match the requirements
	"$bin" --sysroot "$fx/$host" preflight --require "$all" --format junit >"$tmp/j.xml"
	unmet=$?
	if command -v xmllint >/dev/null; then
		if xmllint --noout "$tmp/j.xml"; then ok; else bad "$host: JUnit is not well-formed XML"; fi
	else
		echo "SKIP: xmllint not installed (apt-get install libxml2-utils): JUnit well-formedness not checked"
	fi
	cases=$(grep -c '<testcase ' "$tmp/j.xml")
	failures=$(grep -c '<failure ' "$tmp/j.xml")
	want_rc=0
	[ "$failures" -gt 0 ] && want_rc=1
	if [ "$cases" = 13 ] && grep -q "tests=\"13\" failures=\"$failures\"" "$tmp/j.xml" && [ $unmet = $want_rc ]; then ok; else
		bad "$host: JUnit counts ($cases cases, $failures failures, exit $unmet)"
	fi
	# TAP 13: the plan matches the test lines, and not ok lines match the failures
	"$bin" --sysroot "$fx/$host" preflight --require "$all" --format tap >"$tmp/t.tap"
	if awk -v want="$failures" '
		NR == 1 && $0 != "TAP version 13" { exit 1 }
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0 }
		/^ok [0-9]+ - / { n++ }
		/^not ok [0-9]+ - / { n++; nok++ }
		END { exit !(plan == 13 && n == plan && nok + 0 == want + 0) }' "$tmp/t.tap"; then ok; else
		bad "$host: TAP does not parse back"
		cat "$tmp/t.tap"
	fi
	# JSON: its schema, read by python3
	"$bin" --sysroot "$fx/$host" preflight --require "$all" --format json >"$tmp/p.json"
	if command -v python3 >/dev/null; then
		if python3 - "$tmp/p.json" "$failures" <<'PY'; then ok; else bad "$host: JSON does not match virtcheck.preflight/1"; fi
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "virtcheck.preflight/1"
assert isinstance(d["version"], str) and isinstance(d["kernel"], str)
assert isinstance(d["met"], bool) and d["unmet"] == int(sys.argv[2])
assert d["met"] == (d["unmet"] == 0)
assert len(d["requirements"]) == 13
for r in d["requirements"]:
    assert set(r) == {"id", "met", "message", "remedy", "evidence"}, r
    assert isinstance(r["met"], bool) and isinstance(r["message"], str) and r["message"]
    assert r["remedy"] is None or isinstance(r["remedy"], str)
    assert r["met"] is False or r["remedy"] is None
    assert all(isinstance(e, str) for e in r["evidence"])
assert sum(not r["met"] for r in d["requirements"]) == d["unmet"]
PY
	else
		echo "SKIP: python3 not installed: JSON schema not checked"
	fi
	# GitHub: one workflow command per requirement, and the step summary table
	GITHUB_STEP_SUMMARY="$tmp/summary.md" "$bin" --sysroot "$fx/$host" preflight --require "$all" --format github >"$tmp/gh"
	if [ "$(grep -c '^::error title=virtcheck preflight%3A ' "$tmp/gh")" = "$failures" ] &&
		[ "$(grep -c '^::notice title=virtcheck preflight%3A ' "$tmp/gh")" = $((13 - failures)) ] &&
		[ "$(wc -l <"$tmp/gh")" = 13 ] && [ "$(grep -c '^| `' "$tmp/summary.md")" = 13 ]; then ok; else
		bad "$host: github output"
		cat "$tmp/gh"
	fi
	rm -f "$tmp/summary.md"
done

# ---- privilege hygiene: what the binary can run ----
# no system(), popen() or exec* anywhere; the only spawn is posix_spawn (no PATH search) of
# groupadd/usermod by `preflight --fix --yes` and gpasswd/groupdel by `--fix --undo`, with fixed
# arguments
if command -v nm >/dev/null; then
	# VC_BIN_ELF: the binary itself when VC_BIN is a wrapper (tests/valgrind.sh)
	imports=$(nm -D --undefined-only "${VC_BIN_ELF:-$bin}" | awk '{print $2}' | sed 's/@.*//')
	forbidden=$(printf '%s\n' $imports | grep -xE 'system|popen|execl|execle|execlp|execv|execvp|execvpe|execve|fexecve|posix_spawnp' | tr '\n' ' ')
	if [ -z "$forbidden" ]; then ok; else bad "the binary imports $forbidden"; fi
	if printf '%s\n' $imports | grep -qx 'secure_getenv' && ! printf '%s\n' $imports | grep -qx 'getenv'; then ok; else
		bad "the binary reads the environment with getenv (secure_getenv only, so a setuid install ignores it)"
	fi
else
	echo "SKIP: nm (binutils) not installed: the binary's imports are not checked"
fi

# ---- unprivileged: the report, explain and preflight need no root ----
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	nobody="setpriv --reuid 65534 --regid 65534 --clear-groups"
	$nobody "$bin" --format json >"$tmp/nb.json" 2>"$tmp/nb.err"
	rc=$?
	if [ $rc -le 2 ] && tail -n 1 "$tmp/nb.json" | grep -q '^}$' && ! grep -q '"id": "internal\.' "$tmp/nb.json"; then ok; else
		bad "report as nobody: exit $rc"
		cat "$tmp/nb.err"
	fi
	$nobody "$bin" explain -4011 >"$tmp/out" 2>&1
	if [ $? = 0 ]; then ok; else bad "explain as nobody"; cat "$tmp/out"; fi
	$nobody "$bin" preflight >"$tmp/out" 2>&1
	if [ $? -le 1 ] && grep -q "requirements met" "$tmp/out"; then ok; else bad "preflight as nobody"; cat "$tmp/out"; fi
else
	echo "SKIP: the unprivileged runs need root and setpriv to drop to nobody"
fi


# ---- switch ----

# ---- the CLI contract: one parser, one error style, output that is written or an error ----
# 1. options anywhere, help and version everywhere
"$bin" --sysroot "$fx/intel-kvm612-vbox71" explain -4011 >"$tmp/a" 2>&1
"$bin" explain -4011 --sysroot "$fx/intel-kvm612-vbox71" >"$tmp/b" 2>&1
if cmp -s "$tmp/a" "$tmp/b" && grep -q "VERR_VMX_IN_VMX_ROOT_MODE (-4011)" "$tmp/a"; then ok; else bad "global options after the command"; cat "$tmp/b"; fi
expect_rc "options mixed with operands" 0 '"id": "VERR_SVM_IN_USE"' -- "$bin" explain --format=json -4054 --sysroot="$fx/amd-kvm-idle-6.1"
expect_rc "report with its word and options after it" 2 '"schema": "virtcheck.report/1"' -- "$bin" report --format json --sysroot "$fx/intel-kvm612-vbox71"
for c in report capture explain preflight switch bench; do
	expect_rc "$c --help" 0 "Usage: virtcheck $c" -- "$bin" "$c" --help
	expect_rc "$c --version" 0 "^virtcheck [0-9]" -- "$bin" "$c" --version
	"$bin" help "$c" >"$tmp/h1"
	"$bin" "$c" --help >"$tmp/h2"
	if cmp -s "$tmp/h1" "$tmp/h2"; then ok; else bad "virtcheck help $c differs from $c --help"; fi
done
expect_rc "help" 0 "  preflight  CI gate" -- "$bin" help
for opt in --sysroot --format --verbose --color --load-msr --passive --help --version; do
	if "$bin" report --help | grep -q -- "$opt"; then ok; else bad "report --help does not list $opt"; fi
done
expect_rc "help for no such command" 3 "no such command" -- "$bin" help nosuch

# 2. one error style: two lines, the command named, the usage exit
two_lines "report: unknown option" 3 "virtcheck: report: unknown option '--bogus'" "Try 'virtcheck report --help'." -- "$bin" report --bogus
two_lines "bare report: unknown option" 3 "virtcheck: unknown option '--bogus'" "Try 'virtcheck --help'." -- "$bin" --bogus
two_lines "preflight: unknown option" 2 "virtcheck: preflight: unknown option '--bogus'" "Try 'virtcheck preflight --help'." -- "$bin" preflight --bogus
two_lines "bench: missing value" 3 "virtcheck: bench: option '--time' needs a value" "Try 'virtcheck bench --help'." -- "$bin" bench --time
two_lines "unknown command" 3 "virtcheck: unknown command 'frobnicate'" "Try 'virtcheck --help'." -- "$bin" frobnicate
two_lines "switch: unexpected operand" 3 "virtcheck: switch: one target, not 'vmware' too" "Try 'virtcheck switch --help'." -- "$bin" switch kvm vmware

# 3. a failed write is an error, for every command
for args in "--sysroot $fx/intel-kvm612-vbox71" "--sysroot $fx/intel-kvm612-vbox71 --format json" "--help" "--version" \
	"report --help" "bench --list" "--sysroot $fx/intel-kvm612-vbox71 switch --status" \
	"--sysroot $fx/intel-kvm612-vbox71 explain -4011" "--sysroot $fx/amd-kvm-idle-6.1 preflight" help; do
	# shellcheck disable=SC2086 # the words are the arguments
	"$bin" $args >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ge 2 ] && grep -q "writing the output: No space left on device" "$tmp/err"; then ok; else
		bad "virtcheck $args >/dev/full: exit $rc"
		cat "$tmp/err"
	fi
done
if command -v python3 >/dev/null; then
	# a pipe whose reader is gone: EPIPE, said, not a silent death by SIGPIPE
	if python3 - "$bin" "$fx/intel-kvm612-vbox71" <<'PY'; then ok; else bad "a closed pipe is not reported"; fi
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([sys.argv[1], "--sysroot", sys.argv[2], "--format", "json"], stdout=w, stderr=subprocess.PIPE)
assert p.returncode == 3, p.returncode
assert b"writing the output: Broken pipe" in p.stderr, p.stderr
PY
fi

# 4. --quiet silences text for people only: machine formats and --output files stay whole
"$bin" --sysroot "$fx/amd-kvm-idle-6.1" preflight --quiet --format junit --output "$tmp/q.xml" >"$tmp/out" 2>&1
if [ $? = 0 ] && [ ! -s "$tmp/out" ] && grep -q '<testsuites name="virtcheck preflight" tests="2" failures="0"' "$tmp/q.xml"; then ok; else
	bad "preflight --quiet --format junit --output"; cat "$tmp/out" "$tmp/q.xml"; fi
"$bin" --sysroot "$fx/amd-kvm-idle-6.1" preflight --quiet --format json >"$tmp/q.json"
if python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["met"] is True' "$tmp/q.json"; then ok; else bad "preflight --quiet --format json"; fi

# an --output that cannot be written is said, with the usage exit status, and leaves no file
expect_rc "preflight --output into a missing directory" 2 "^virtcheck: preflight: --output $tmp/nodir/r.xml: No such file or directory" -- "$bin" --sysroot "$fx/amd-kvm-idle-6.1" preflight --output "$tmp/nodir/r.xml"
expect_rc "report --output into a missing directory" 3 "^virtcheck: --output $tmp/nodir/r.prom: No such file or directory" -- "$bin" --sysroot "$fx/amd-kvm-idle-6.1" --format prometheus --output "$tmp/nodir/r.prom"
# the report's --output holds what standard output would, with the same exit status, with or
# without the word report (an option of its own follows the word, as every command's does)
for args in "--format json --output $tmp/r.json" "report -o $tmp/r.json --format json" "--format=json report --output=$tmp/r.json"; do
	rm -f "$tmp/r.json"
	# shellcheck disable=SC2086 # the words are the arguments
	"$bin" --sysroot "$fx/intel-kvm612-vbox71" $args >"$tmp/out" 2>&1
	rc=$?
	"$bin" --sysroot "$fx/intel-kvm612-vbox71" --format json >"$tmp/want.json" 2>/dev/null
	if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/r.json" "$tmp/want.json" && [ "$(stat -c %a "$tmp/r.json")" = 644 ]; then ok; else
		bad "virtcheck $args: exit $rc"; cat "$tmp/out"; fi
done
# text into a file: no colour, even when asked for a terminal's
"$bin" --sysroot "$fx/intel-kvm612-vbox71" --color always --output "$tmp/r.txt" >/dev/null 2>&1
if grep -q "^Conflicts:" "$tmp/r.txt" && ! grep -q "$(printf '\033')" "$tmp/r.txt"; then ok; else bad "report --output text has colour or no report"; fi
expect_rc "bench --from --output into a missing directory" 3 "^virtcheck: bench: --output $tmp/nodir/b.txt: No such file or directory" -- "$bin" bench --from "$bfx_early/new.json" --output "$tmp/nodir/b.txt"

expect_rc "report's own option before its word" 3 "unexpected argument 'report'" -- "$bin" --output "$tmp/r.json" report

# 5. an empty requirement list is a mistake, not the default gate
two_lines "preflight --require ''" 2 "virtcheck: preflight: --require '' names no requirement" "Try 'virtcheck preflight --help'." -- "$bin" preflight --require ''
two_lines "preflight --require ," 2 "virtcheck: preflight: --require ',' names no requirement" "Try 'virtcheck preflight --help'." -- "$bin" preflight --require ,
expect_rc "preflight --require help" 0 "cap=KVM_CAP_NAME" -- "$bin" preflight --require help

# 6. --sysroot must name a capture
mkdir -p "$tmp/empty"
for dir in "$tmp/empty" /proc "$fx"; do
	expect_rc "--sysroot $dir: not a capture" 3 "^virtcheck: $dir is not a virtcheck capture" -- "$bin" --sysroot "$dir"
	expect_rc "preflight --sysroot $dir: not a capture" 2 "^virtcheck: preflight: $dir is not a virtcheck capture" -- "$bin" preflight --sysroot "$dir"
done

# the real open() beats a reading of the permissions: a user not in group kvm whose open worked
# (logind's uaccess ACL, a setfacl) can use KVM, in the report as in preflight
cp -a "$fx/r-vbox7210-neon-amd-7.1-cmdline-virt-off" "$tmp/acl" && sed -i '/^group 993 kvm$/d' "$tmp/acl/virtcheck/meta.txt"
"$bin" --sysroot "$tmp/acl" --verbose >"$tmp/out" 2>&1
if ! grep -q "cannot open /dev/kvm" "$tmp/out" && grep -q "yet open() worked" "$tmp/out"; then ok; else
	bad "the report denies /dev/kvm that opened"; grep -n "kvm" "$tmp/out" | head -5; fi
expect_rc "preflight kvm where open() worked without the group" 0 "met   kvm" -- "$bin" --sysroot "$tmp/acl" preflight --require kvm
rm -rf "$tmp/acl"

# 7. what a command would ignore is an error
expect_rc "explain --format prometheus" 3 "unknown format 'prometheus' (text, json)" -- "$bin" --format prometheus explain -4011
expect_rc "explain --format with a numeric value" 3 "unknown format '-4'" -- "$bin" explain --format -4 -4011
expect_rc "capture --format prometheus" 3 "unknown format 'prometheus' (text, json)" -- "$bin" capture --format prometheus "$tmp/never"
expect_rc "capture --sysroot" 3 "--sysroot does not apply to capture" -- "$bin" --sysroot "$fx/amd-kvm-idle-6.1" capture "$tmp/never"
expect_rc "preflight --yes without --fix" 2 "--yes confirms --fix" -- "$bin" preflight --yes
# preflight --fix --undo: its options (the undo itself is tests/unit/test_fix.c, on a fake machine;
# nothing here may reach this machine's /var/lib/virtcheck, /etc or /run)
two_lines "preflight --undo without --fix" 2 "virtcheck: preflight: --undo goes with --fix: preflight --fix --undo" "Try 'virtcheck preflight --help'." -- "$bin" preflight --undo
for extra in --yes "--require kvm" "--output $tmp/never.txt" --quiet "--format json" --verbose "--color never" --load-msr; do
	# shellcheck disable=SC2086 # extra is an option and its argument
	expect_rc "preflight --fix --undo $extra" 2 "^virtcheck: preflight: --fix --undo takes no other option" -- "$bin" preflight --fix --undo $extra
done
expect_rc "preflight --fix --undo on a sysroot" 2 "^virtcheck: preflight: --fix --undo changes this machine: it needs root and no --sysroot" -- "$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --fix --undo
if [ -e "$tmp/never.txt" ]; then bad "preflight --fix --undo --output wrote a file"; else ok; fi
expect_rc "preflight --fix says how to undo it" 1 "--fix --undo. reverts it" -- "$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --require kvm --fix
expect_rc "preflight --help: --undo" 0 "--fix --undo: 0 undone" -- "$bin" preflight --help
expect_rc "bench --list --quick" 3 "--list takes nothing else" -- "$bin" bench --list --quick
expect_rc "bench --from with --compare" 3 "one or the other" -- "$bin" bench --from "$bfx_early/new.json" --compare "$bfx_early/old.json" "$bfx_early/new.json"
expect_rc "bench --threshold without --compare" 3 "--threshold goes with --compare" -- "$bin" bench --from "$bfx_early/new.json" --threshold 5
expect_rc "bench --color" 3 "--color does not apply to bench" -- "$bin" bench --list --color always
expect_rc "--load-msr with --sysroot" 3 "--load-msr loads a driver on this machine" -- "$bin" --load-msr --sysroot "$fx/amd-kvm-idle-6.1"
expect_rc "--load-msr with --passive" 3 "--load-msr loads a driver; --passive loads none" -- "$bin" --passive --load-msr
expect_rc "preflight --fix --yes with --passive" 2 "--passive changes nothing" -- "$bin" --passive preflight --fix --yes
for c in switch bench capture; do
	expect_rc "$c --passive" 3 "--passive does not apply to $c" -- "$bin" --passive "$c"
done
[ -d "$tmp/never" ] && bad "a refused capture made its directory" || ok

# 8. explain finds codes inside pasted text, several at once
expect_rc "explain: a code inside a sentence" 0 "VERR_VMX_IN_VMX_ROOT_MODE (-4011)" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" explain "the VM failed: error -4011 happened"
expect_rc "explain: a code before a full stop" 0 "VERR_VMX_IN_VMX_ROOT_MODE (-4011)" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" explain "code -4011."
"$bin" --sysroot "$fx/intel-kvm612-vbox71" explain -4011 and -4074 >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "VERR_VMX_IN_VMX_ROOT_MODE (-4011)" "$tmp/out" && grep -q "VERR_SVM_HOST_SVME_NOT_ENABLED (-4074)" "$tmp/out"; then ok; else
	bad "explain: two codes"; cat "$tmp/out"; fi

# 8b. explain lists the rows about a host like this one, marks those that hold here, and only names
# those about another environment (s10-rules): on WSL2 the CI row is not this host's, in a CI job it is;
# the root-only node's row (s15) is about this error and, WSL2's own row deciding there, not held here
perm="Could not access KVM kernel module: Permission denied"
"$bin" --sysroot "$fx/r-env-wsl2-arch-kvm-0600-no-udev" explain "$perm" >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "kvm_device_no_access; this host)" "$tmp/out" &&
	grep -q "^  Not this host (another environment): env_ci_kvm_rule_not_settled (a CI job), env_ci_cannot_log_in_again (a CI job)" "$tmp/out" &&
	! grep -q "established; env_ci_cannot_log_in_again" "$tmp/out"; then ok; else
	bad "explain on WSL2: the CI row named as not this host"; cat "$tmp/out"; fi
"$bin" --sysroot "$fx/r-env-gitlab-docker-executor-no-kvm" explain "$perm" >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "(established; env_ci_cannot_log_in_again)" "$tmp/out" && ! grep -q "Not this host" "$tmp/out"; then ok; else
	bad "explain in a CI job: the CI row listed"; cat "$tmp/out"; fi
"$bin" --sysroot "$fx/r-env-wsl2-arch-kvm-0600-no-udev" --format json explain "$perm" >"$tmp/out" 2>&1
if python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))["matches"][0]
assert m["knowledge"] == ["kvm_node_root_only", "kvm_device_no_access"], m
assert m["knowledge_here"] == ["kvm_device_no_access"], m
assert m["knowledge_not_this_host"] == ["env_ci_kvm_rule_not_settled", "env_ci_cannot_log_in_again", "env_container_kvm_open_denied"], m' "$tmp/out"; then ok; else
	bad "explain JSON on WSL2: knowledge, knowledge_here, knowledge_not_this_host"; cat "$tmp/out"; fi

# 9. switch: a target it cannot reach is refused, every reason once, in the same words everywhere
expect_rc "switch none with KVM built in" 1 "KVM is built into this kernel" -- "$bin" --sysroot "$fx/intel-kvm-builtin-vbox71" switch --dry-run none
expect_rc "switch none with kvm_pvm built in" 1 "KVM is built into this kernel" -- "$bin" --sysroot "$fx/kvm-pvm-firecracker" switch --dry-run none
"$bin" --sysroot "$fx/kvm-pvm-firecracker" switch --dry-run virtualbox >"$tmp/dry" 2>&1
"$bin" --sysroot "$fx/kvm-pvm-firecracker" switch --status >"$tmp/status" 2>&1
sed -n '/^Refused:/,$p' "$tmp/dry" | sed '1d; s/^ *//' >"$tmp/dry.r"
sed -n '/^  virtualbox  be refused:/,/^  [a-z]/p' "$tmp/status" | sed '1d; /^  [a-z]/d; s/^ *//' >"$tmp/status.r"
if [ "$(grep -c '^- ' "$tmp/dry.r")" = 2 ] && grep -q "^- This CPU shows no VT-x/AMD-V" "$tmp/dry.r" &&
	grep -q "^- VirtualBox is not installed" "$tmp/dry.r" && cmp -s "$tmp/dry.r" "$tmp/status.r"; then ok; else
	bad "switch refusal: not every reason once, or not the same words in --dry-run and --status"
	cat "$tmp/dry" "$tmp/status"
fi
expect_rc "switch dry-run plan" 0 "check that kvm_intel has no users (refcnt 0)" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --dry-run virtualbox
expect_rc "switch dry-run persistent file" 0 "blacklist kvm_intel" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --dry-run --persistent virtualbox
expect_rc "switch refused: VMs" 1 "pid 5150 (qemu-system-x86)" -- "$bin" --sysroot "$fx/intel-both-loaded-qemu-vm" switch --dry-run virtualbox
# a driver the knowledge table says cannot load here, or whose VMs panic this host: refused with its fix
expect_rc "switch refused: vboxdrv cannot load (6.15 without CONFIG_KVM)" 1 "fix (persistent, needs a reboot): Use a kernel built with CONFIG_KVM=m" -- "$bin" --sysroot "$fx/r-vbox72beta-6.15-no-kvm-preempt-notifier" switch --dry-run virtualbox
cp -r "$fx/r-vmware-arch-7.2-fred-panic" "$tmp/fred-unloaded"
: >"$tmp/fred-unloaded/proc/modules"
rm -rf "$tmp/fred-unloaded/sys/module/vmmon" "$tmp/fred-unloaded/sys/module/vmnet"
expect_rc "switch refused: VMware VMs panic a FRED host" 1 "Starting a VMware VM panics this host" -- "$bin" --sysroot "$tmp/fred-unloaded" switch --dry-run vmware
# a vmmon of another release, not loaded: loading it brings the mismatch back, so the rebuild first
cp -r "$fx/r-vmware-vmmon-416-vs-417" "$tmp/vmmon-unloaded"
sed -i '/^vmmon /d; /^vmnet /d' "$tmp/vmmon-unloaded/proc/modules"
rm -rf "$tmp/vmmon-unloaded/sys/module/vmmon" "$tmp/vmmon-unloaded/sys/module/vmnet"
expect_rc "switch refused: a vmmon of another release, not loaded" 1 "fix (persistent): Put back the module sources of VMware Workstation/Player 17.6.0" -- "$bin" --sysroot "$tmp/vmmon-unloaded" switch --dry-run vmware
# in a container or sandbox: /dev/kvm there but refusing VMs is the report's error, not "nothing to
# do"; a plan that would change modules is refused (they are the host's)
for c in r-env-proxmox-lxc-docker-osx-no-dev-kvm r-env-flatpak-vscode-android-emu-no-dev-kvm; do
	rm -rf "$tmp/in" && cp -r "$fx/$c" "$tmp/in"
	printf 'open ok\napi 12\ncreate_vm EPERM\n' >"$tmp/in/virtcheck/kvm.txt"
	echo "/dev/kvm c 10:232 0666 0 kvm" >"$tmp/in/virtcheck/devices.txt"
	expect_rc "switch kvm refused: $c, KVM_CREATE_VM fails" 1 "KVM_CREATE_VM failed with EPERM" -- "$bin" --sysroot "$tmp/in" switch --dry-run kvm
	expect_rc "report: $c, not only 'KVM is ready' where KVM_CREATE_VM fails" 2 "^KVM is ready: .*; but KVM_CREATE_VM fails here with EPERM" -- "$bin" --sysroot "$tmp/in"
	printf 'open ok\napi 12\ncreate_vm ok\n' >"$tmp/in/virtcheck/kvm.txt"
	expect_rc "switch kvm in $c: nothing to do, and what it cannot do here" 0 "kernel modules belong to the host" -- "$bin" --sysroot "$tmp/in" switch --dry-run kvm
	sed -i '/^kvm/d' "$tmp/in/proc/modules"
	rm -rf "$tmp/in/sys/module/kvm_intel"
	expect_rc "switch kvm refused: $c, modules to load are the host's" 1 "kernel modules belong to the host" -- "$bin" --sysroot "$tmp/in" switch --dry-run kvm
done
expect_rc "switch refused: built in" 1 "initcall_blacklist=vmx_init" -- "$bin" --sysroot "$fx/intel-kvm-builtin-vbox71" switch --dry-run virtualbox
expect_rc "switch on a sysroot for real" 3 "can only show a plan" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --yes virtualbox
expect_rc "switch unknown target" 3 "unknown target 'xen'" -- "$bin" switch xen
expect_rc "switch two targets" 3 "one target, not 'virtualbox' too" -- "$bin" switch kvm virtualbox
expect_rc "switch --status" 0 "A switch to each target would" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --status
"$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --status --format json >"$tmp/s.json"
if command -v python3 >/dev/null && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "virtcheck.switch-status/1"
assert set(d["targets"]) == {"kvm", "virtualbox", "vmware", "none"}
assert d["targets"]["virtualbox"]["remove"] == ["kvm_intel", "kvm"]
assert d["targets"]["vmware"]["refused"] is True
' "$tmp/s.json"; then ok; else bad "switch --status --format json"; cat "$tmp/s.json"; fi
expect_rc "switch --recover on a sysroot" 3 "can only show a plan" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --recover
expect_rc "switch --recover with a target" 3 "say a target" -- "$bin" switch --recover kvm
# an unfinished switch (its journal, in a capture) is the report's finding, and --status exits 7
cp -r "$fx/intel-kvm612-vbox71" "$tmp/pending"
mkdir -p "$tmp/pending/run/virtcheck"
printf 'virtcheck-journal 1 switch\ntarget virtualbox\nboot b\npid 4242\nmodule kvm_intel live nested=Y\nstep remove kvm_intel\nend 5\n' \
	>"$tmp/pending/run/virtcheck/switch.journal"
expect_rc "switch --status: an unfinished switch" 7 "^Pending: An unfinished .virtcheck switch. to virtualbox is pending (pid 4242 stopped after 1 step" -- "$bin" --sysroot "$tmp/pending" switch --status
expect_rc "report: an unfinished switch, with its remedy" 2 "fix (temporary): sudo virtcheck switch --recover" -- "$bin" --sysroot "$tmp/pending"
printf 'virtcheck-journal 1 switch\ntarget vir' >"$tmp/pending/run/virtcheck/switch.journal"
expect_rc "report: a damaged switch journal" 2 "left a damaged journal (/run/virtcheck/switch.journal: cut short" -- "$bin" --sysroot "$tmp/pending"
rm "$tmp/pending/run/virtcheck/switch.journal"
expect_rc "switch --status: only the directory left" 0 "A switch to each target would" -- "$bin" --sysroot "$tmp/pending" switch --status
# the test hook that kills a switch at a step (VC_TEST_KILL_AT) is in the test build only
if grep -q VC_TEST_KILL_AT "$bin"; then bad "the installed binary has the VC_TEST_KILL_AT hook"; else ok; fi
if [ -x "$(dirname "$bin")/virtcheck-hooks" ]; then
	if grep -q VC_TEST_KILL_AT "$(dirname "$bin")/virtcheck-hooks"; then ok; else bad "virtcheck-hooks has no hook"; fi
fi
# not root: a real switch is refused with exit 4 before anything is looked at; a dry run works
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	expect_rc "switch not root" 4 "needs root" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" switch --yes kvm
	expect_rc "switch --forget not root" 4 "needs root" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" switch --forget
	expect_rc "switch --recover not root" 4 "needs root" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" switch --recover
	expect_rc "switch dry-run not root" 0 "Plan: switch to virtualbox" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" --sysroot "$fx/intel-kvm612-vbox71" switch --dry-run virtualbox
	# preflight's changes are a usage error without root (its exit 4 means something else)
	expect_rc "preflight --fix --undo not root" 2 "it needs root" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" preflight --fix --undo
	expect_rc "preflight --fix --yes not root" 2 "it needs root" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" preflight --fix --yes
elif [ "$(id -u)" != 0 ]; then
	expect_rc "switch not root" 4 "needs root" -- "$bin" switch --yes kvm
	expect_rc "preflight --fix --undo not root" 2 "it needs root" -- "$bin" preflight --fix --undo
else
	echo "SKIP: switch as non-root: running as root without setpriv (util-linux) to drop privileges"
fi

fi

if part 2; then
# ---- bench: reports from saved documents (no KVM needed), the compare, the options ----
bfx="$here/bench/fixtures"
expect_rc "bench --list" 0 "exit.ioeventfd" -- "$bin" bench --list
expect_rc "bench unknown name" 3 "no benchmark 'nosuch'" -- "$bin" bench nosuch
expect_rc "bench unknown option" 3 "unknown option '--bogus'" -- "$bin" bench --bogus
expect_rc "bench option with a valued prefix" 3 "unknown option '--formatx'" -- "$bin" bench --formatx
expect_rc "bench bad --time" 3 "wants seconds" -- "$bin" bench --time abc
expect_rc "bench bad --vcpus" 3 "(1-8)" -- "$bin" bench --vcpus 9
expect_rc "bench --compare missing file" 3 "No such file" -- "$bin" bench --compare "$tmp/none.json" "$bfx/new.json"
printf '{"schema": "virtcheck.bench/1", "benchmarks": [1, 2' >"$tmp/trunc.json"
expect_rc "bench --compare truncated JSON" 3 "not JSON: .* at byte 51" -- "$bin" bench --compare "$tmp/trunc.json" "$bfx/new.json"
expect_rc "bench --from a report of another kind" 3 "not a virtcheck.bench/1 document" -- "$bin" bench --from "$fx/amd-kvm-idle-6.1/expected.json"
# compare: variants of one document, made here (python): A/A, slower, missing, failed, empty, another host
python3 - "$bfx/old.json" "$tmp" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
d["benchmarks"] = [b for b in d["benchmarks"] if b["status"] == "ok"]
def save(name, doc):
    json.dump(doc, open(sys.argv[2] + "/" + name, "w"))
save("aa.json", d)
slow = copy.deepcopy(d)
for b in slow["benchmarks"]:
    if b["name"] == "exit.hlt":
        b["samples"]["a"] = [x * 1.3 for x in b["samples"]["a"]]
        b["a_ns"]["median"] *= 1.3
save("slower.json", slow)
miss = copy.deepcopy(d); miss["benchmarks"] = miss["benchmarks"][1:]; save("missing.json", miss)
fail = copy.deepcopy(d); fail["benchmarks"][0]["status"] = "failed"; fail["benchmarks"][0]["error"] = "x"; save("failed.json", fail)
empty = copy.deepcopy(d); empty["benchmarks"] = []; save("empty.json", empty)
other = copy.deepcopy(d); other["host"]["kernel"] = "6.12.0-other"; other["host"]["kvm_backend"] = "kvm_amd"; save("other.json", other)
save("bare.json", {"schema": "virtcheck.bench/1"})
neg = copy.deepcopy(d); neg["benchmarks"][1]["a_ns"]["median"] = -1; save("negative.json", neg)
ill = copy.deepcopy(d); ill["benchmarks"][0]["n"] = "20"; save("illtyped.json", ill)
short = copy.deepcopy(d); short["benchmarks"][0]["samples"]["a"] = short["benchmarks"][0]["samples"]["a"][:5]; save("short.json", short)
PY
expect_rc "bench --compare A/A" 0 "0 significant regression" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/aa.json"
expect_rc "bench --compare regression" 1 "exit.hlt .*slower" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/slower.json"
expect_rc "bench --compare faster" 0 "exit.hlt .*faster" -- "$bin" bench --compare "$tmp/slower.json" "$tmp/aa.json"
expect_rc "bench --compare threshold" 0 "0 significant regression" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/slower.json" --threshold 35
expect_rc "bench --compare NEW lacks one" 1 "cpu.int: in OLD but not in NEW" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/missing.json"
expect_rc "bench --compare failed in NEW" 1 "cpu.int: failed in NEW" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/failed.json"
expect_rc "bench --compare no benchmarks" 3 "empty.json: no benchmarks" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/empty.json"
expect_rc "bench --compare bare document" 3 "bare.json: host: missing" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/bare.json"
expect_rc "bench --compare other host" 4 "different hosts (kernel 6.1.0-old -> 6.12.0-other; KVM backend kvm_pvm -> kvm_amd)" -- "$bin" bench --compare "$tmp/aa.json" "$tmp/other.json"
expect_rc "bench --from bare document" 3 "bare.json: host: missing" -- "$bin" bench --from "$tmp/bare.json"
expect_rc "bench --from negative value" 3 "benchmarks\[1\].a_ns.median: -1 is out of range" -- "$bin" bench --from "$tmp/negative.json"
expect_rc "bench --from ill-typed value" 3 "benchmarks\[0\].n: an integer >= 0 is needed, not a string" -- "$bin" bench --from "$tmp/illtyped.json"
expect_rc "bench --from samples short of n" 3 "benchmarks\[0\].samples.a: 5 samples where n is 20" -- "$bin" bench --from "$tmp/short.json"
expect_rc "bench --from a 0.2.0 document" 0 "cpu.int" -- "$bin" bench --from "$bfx/old.json"
expect_rc "bench --claims" 0 "KVM overhead is ~1-3%" -- "$bin" bench --claims --from "$bfx/new.json"
expect_rc "bench --quick --budget" 3 "smoke run without intervals" -- "$bin" bench --quick --budget 5
expect_rc "bench bad --precision" 3 "half-width in percent" -- "$bin" bench --precision 0
expect_rc "bench bad --repetitions" 3 "(1-16)" -- "$bin" bench --repetitions 17
expect_rc "bench --from text" 0 "exit.mmio          FAILED: creating the VM" -- "$bin" bench --from "$bfx/new.json"
expect_rc "bench --from markdown" 0 "| cpu.int | 3 | guest | 1.63 ns" -- "$bin" bench --from "$bfx/new.json" --format markdown
"$bin" bench --compare "$tmp/aa.json" "$tmp/slower.json" --format json >"$tmp/cmp.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "virtcheck.bench-compare/1"
v = {b["name"]: b for b in d["benchmarks"]}
assert all(isinstance(b["significant"], bool) for b in d["benchmarks"])
assert v["exit.hlt"]["verdict"] == "slower" and v["exit.hlt"]["significant"] and v["exit.hlt"]["measure"] == "ns"
assert v["exit.hlt"]["new_lo"] > v["exit.hlt"]["old_hi"]
assert v["cpu.int"]["verdict"] == "same" and v["cpu.int"]["measure"] == "ratio" and not v["cpu.int"]["significant"]
assert d["regressions"] == 1 and d["missing"] == 0 and d["failed"] == 0 and d["hosts_differ"] is None
' "$tmp/cmp.json"; then ok; else bad "bench --compare --format json"; cat "$tmp/cmp.json"; fi
# html: one self-contained file (no scripts, no links, nothing fetched), escaped host strings, two charts
"$bin" bench --from "$bfx/new.json" --format html --output "$tmp/b.html"
if [ "$(grep -c '<svg' "$tmp/b.html")" -ge 2 ] && grep -q 'lower is better' "$tmp/b.html" && grep -q 'class="num"' "$tmp/b.html" && ! grep -qE '<script|src=|href=|@import' "$tmp/b.html" &&
	grep -q 'AMD EPYC &lt;test&gt; &amp; co' "$tmp/b.html" && xmllint --html --noout "$tmp/b.html" 2>/dev/null; then ok; else
	bad "bench --format html"; head -c 2000 "$tmp/b.html"; fi
# a JSON document re-renders to the same JSON
"$bin" bench --from "$bfx/new.json" --format json >"$tmp/re.json"
if python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); assert a == b' "$bfx/new.json" "$tmp/re.json"; then ok; else bad "bench --from json round trip"; fi

# the report, switch --dry-run, explain and preflight agree on every fixture (issue 15):
# tests/agreement.sh, its failures shown here, its counts added to these; it leaves each
# fixture's report in $tmp/reports for the check that follows
mkdir -p "$tmp/reports"
VC_AGREE_SAVE="$tmp/reports" sh "$here/agreement.sh" >"$tmp/agree.out" 2>&1
rc=$?
grep -v '^[0-9][0-9]* passed, [0-9][0-9]* failed$' "$tmp/agree.out"
# shellcheck disable=SC2046 # two numbers
set -- $(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$tmp/agree.out" | tail -1)
ap=${1:-0} af=${2:-0}
pass=$((pass + ap)) fail=$((fail + af))
[ $rc -ne 0 ] && [ "$af" -eq 0 ] && bad "tests/agreement.sh ended with exit $rc"

# 10. every finding's remedies in one shape (virtcheck.report/1), on every fixture host:
# remedies: [{kind: temporary|persistent, reboot: bool, steps: text, and where the steps change
# kernel modules modules: {unload, load, set: [text]}}], the first the one to try;
# remedy: a copy of the first one's steps (null when there is none), for readers of 0.2.0; a
# reboot is said by the flag, not in the steps; a warning or an error says how to fix it. Each
# fixture's report as tests/agreement.sh left it (one for each fixture, or the check is short):
n=$(find "$tmp/reports" -name '*.json' | wc -l)
if [ "$n" -eq "$(find "$fx" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)" ]; then ok; else bad "tests/agreement.sh left $n reports"; fi
if python3 - "$tmp"/reports/*.json <<'PY'; then ok; else bad "findings whose remedies are not in one shape"; fi
import json, sys
bad = []
for path in sys.argv[1:]:
    for f in json.load(open(path))["findings"]:
        where = "%s: %s" % (path.rsplit("/", 1)[1], f["id"])
        rs = f["remedies"]
        if not isinstance(rs, list):
            bad.append(where + ": remedies is not a list"); continue
        for r in rs:
            m = r.get("modules", {"unload": ["-"], "load": [], "set": []})
            if set(r) - {"modules"} != {"kind", "reboot", "steps"} or r["kind"] not in ("temporary", "persistent") \
               or not isinstance(r["reboot"], bool) or not isinstance(r["steps"], str) or not r["steps"].strip() \
               or not isinstance(m, dict) or set(m) != {"unload", "load", "set"} \
               or not all(isinstance(v, list) and all(isinstance(w, str) and w for w in v) for v in m.values()) \
               or not any(m.values()):
                bad.append(where + ": malformed remedy %r" % r)
            elif "needs a reboot" in r["steps"]:
                bad.append(where + ": the reboot is in the steps, not the flag")
        if f["remedy"] != (rs[0]["steps"] if rs else None):
            bad.append(where + ": remedy is not the first remedy's steps")
        if f["severity"] in ("warning", "error") and not rs and not f["id"].startswith("input."):
            bad.append(where + ": a %s without a remedy" % f["severity"])
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY

# 12. every command's help names a man page that exists
for c in report capture explain preflight switch bench; do
	page=$("$bin" help $c | sed -n 's/^See \(.*\)(\([18]\))\.$/\1.\2/p')
	if [ -n "$page" ] && [ -f "$here/../man/$page" ]; then ok; else bad "help $c names no man page that exists ('$page')"; fi
done

# ... and the man pages: dated YYYY-MM-DD, NAME within 80 columns, virtcheck(1)'s SYNOPSIS with every
# command, no stale lines, mandoc -Tlint clean where mandoc is installed (make lint requires it)
man=$here/../man
for page in "$man"/*.1 "$man"/*.8; do
	if head -1 "$page" | grep -Eq '^\.TH [A-Z-]+ [18] [0-9]{4}-[0-9]{2}-[0-9]{2} '; then ok; else bad "$(basename "$page"): not dated YYYY-MM-DD"; fi
	if [ "$(sed -n '/^\.SH NAME/{n;p;}' "$page" | wc -c)" -le 81 ]; then ok; else bad "$(basename "$page"): NAME line over 80 columns"; fi
done
for c in $("$bin" help | sed -n 's/^  \([a-z]*\)  .*/\1/p'); do
	if sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$man/virtcheck.1" | grep -Eq "^\.B[RI]? (virtcheck )?\[?$c( |\]|$)|^\.RB \[ $c \]"; then ok; else
		bad "virtcheck(1) SYNOPSIS lacks '$c'"; fi
done
if grep -n 'to come\|DESIGN\.md\|"version": "0\.1\.0"' "$here/../README.md" "$here/../vmm/README.md" "$man"/*; then bad "stale lines in README or man pages"; else ok; fi
if command -v mandoc >/dev/null; then
	if mandoc -Tlint "$man"/*.1 "$man"/*.8; then ok; else bad "mandoc -Tlint"; fi
else
	echo "SKIP: mandoc -Tlint: mandoc is not installed (make lint installs and runs it)"
fi

# 13. make check (tests/check.sh) says each stage's counts as it ends, and closes with one line
printf '#!/bin/sh\necho "[  PASSED  ] 3 test(s)."\n' >"$tmp/fake_test" && chmod +x "$tmp/fake_test"
BUILD=$tmp TESTS="$tmp/fake_test /bin/false" VC_BIN=$bin sh "$here/check.sh" unit >"$tmp/check.out" 2>&1
rc=$?
if [ $rc = 1 ] && head -1 "$tmp/check.out" | grep -Eq '^unit +3 passed, 1 failed  \([0-9.]+ s\)$' &&
	[ "$(tail -1 "$tmp/check.out")" = "3 passed, 1 failed" ]; then ok; else
	bad "tests/check.sh: no stage line or closing line (exit $rc)"; cat "$tmp/check.out"; fi

# 11. text fits the terminal: wrapped at word boundaries to COLUMNS (or the terminal's width),
# continuation lines under their text, a command never split; into a pipe each logical line stays whole
cat >"$tmp/fits.py" <<'PY'
import re, sys
width, wrapped, whole = int(sys.argv[1]), open(sys.argv[2]).read(), open(sys.argv[3]).read()
words = lambda t: t.split()
assert words(wrapped) == words(whole), "wrapping lost, split or reordered words"
cmd = re.compile(r"^ *(sudo|echo|printf|`|\S+$)")
for line in wrapped.splitlines():
    # only one unit that cannot be split may stay longer than the width: a command, a long word
    assert len(line) <= width or cmd.match(line), "too long: %r" % line
PY
fits() { # NAME WIDTH -- command...
	name=$1 width=$2
	shift 3
	env -u COLUMNS "$@" >"$tmp/whole" 2>&1
	COLUMNS=$width "$@" >"$tmp/wrapped" 2>&1
	if python3 "$tmp/fits.py" "$width" "$tmp/wrapped" "$tmp/whole" 2>"$tmp/fits.err"; then ok; else
		bad "$name does not fit $width columns"; cat "$tmp/fits.err" "$tmp/wrapped"; fi
}
for w in 60 80; do
	fits "report --verbose" $w -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" --verbose
	fits "report (WSL2)" $w -- "$bin" --sysroot "$fx/wsl2"
	fits "explain" $w -- "$bin" --sysroot "$fx/amd-vbox72-stale-override" explain -4074 -4011 --verbose
	fits "preflight" $w -- "$bin" --sysroot "$fx/kvm-0600-nonroot" preflight --verbose
	fits "switch --status" $w -- "$bin" --sysroot "$fx/intel-kvm-builtin-vbox71" switch --status
	fits "switch --dry-run" $w -- "$bin" --sysroot "$fx/intel-both-loaded-qemu-vm" switch --dry-run virtualbox
done
COLUMNS=60 "$bin" --sysroot "$fx/intel-kvm612-vbox71" >"$tmp/wrapped"
# a command stays on one line; a finding's continuation lines go under its message
if grep -q "^            echo 'options kvm enable_virt_at_load=0' | sudo tee /etc/modprobe.d/kvm-virtualbox.conf && sudo modprobe -r kvm_intel kvm && sudo modprobe kvm_intel$" "$tmp/wrapped" &&
	grep -A1 "^  error   KVM holds VT-x" "$tmp/wrapped" | tail -1 | grep -q "^          [^ ]"; then ok; else
	bad "COLUMNS=60: a command split, or continuation lines not under their text"; cat "$tmp/wrapped"; fi
# into a pipe without COLUMNS: one logical line, one line (for grep)
env -u COLUMNS "$bin" --sysroot "$fx/intel-kvm612-vbox71" >"$tmp/whole"
if grep -q "^  error   KVM holds VT-x from the moment it is loaded: VirtualBox 7.1.6 VMs fail to start with VERR_VMX_IN_VMX_ROOT_MODE (-4011), even when no KVM VM runs.$" "$tmp/whole"; then ok; else
	bad "into a pipe a finding is not one line"; cat "$tmp/whole"; fi
# on a terminal (no COLUMNS): its width
if python3 - "$bin" "$fx/intel-kvm612-vbox71" <<'PY'; then ok; else bad "on a 50-column terminal the report does not fit"; fi
import fcntl, os, pty, re, struct, subprocess, sys, termios
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 50, 0, 0))
env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
p = subprocess.Popen([sys.argv[1], "--sysroot", sys.argv[2], "--color", "never"], stdout=slave, stderr=slave, env=env)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
p.wait()
lines = out.decode().replace("\r\n", "\n").splitlines()
assert len(lines) > 10, lines
long = [l for l in lines if len(l) > 50 and not re.match(r"^ *(sudo|echo|printf|`|\S+$)", l)]
assert not long, long
PY

# 14. strings from outside never reach a terminal raw (issue 16 point 6): a process named
# qemu-system-ESC c (and a raw C1 byte), a VM folder named with an OSC title sequence, a user
# name with an ESC and a shell substitution, explain's input, a bench document with controls. No
# output may carry a C0 control but newline and tab, a C1 control, a bidi override or invalid
# UTF-8 (the colours --color always writes aside); each shows the escape instead; the JSON and
# XML formats still parse; commands quote the names they hold for the shell.
esc=$(printf '\033')
c1=$(printf '\233')
inj=$tmp/inj
mkdir -p "$inj"
cp -r "$fx/intel-both-loaded-qemu-vm" "$inj/vm"
sed -i "s/qemu-system-x86/qemu-system-${esc}c${c1}/" "$inj/vm/virtcheck/fds.txt"
cp -r "$fx/amd-vbox72-stale-override" "$inj/vmdir"
mv "$inj/vmdir/home/alice/VirtualBox VMs/win11" "$inj/vmdir/home/alice/VirtualBox VMs/win${esc}]0;owned$(printf '\007')11"
cp -r "$fx/kvm-0600-nonroot" "$inj/user"
sed -i "s/^user carol\$/user car\$(id)ol${esc}[2J/" "$inj/user/virtcheck/meta.txt"
cat >"$tmp/raw.py" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
if sys.argv[2:] == ["color"]:
    data = re.sub(rb"\x1b\[[0-9;]*m", b"", data)  # the colours virtcheck itself writes
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data)
assert not bad, "raw control byte %r at %d: %r" % (bad.group(), bad.start(), data[max(0, bad.start() - 40):bad.start() + 20])
text = data.decode("utf-8")  # strict: invalid UTF-8 fails
bad = re.search("[\x80-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]", text)
assert not bad, "raw control character %r" % bad.group()
PY
clean() { # NAME FILE [color] [FIXED-STRING]: FILE carries no raw control and shows FIXED-STRING
	if python3 "$tmp/raw.py" "$2" ${3:+"$3"} 2>"$tmp/raw.err" && { [ -z "${4:-}" ] || grep -qF -- "$4" "$2"; }; then ok; else
		bad "$1: raw controls reach the output, or '${4:-}' is not shown"
		cat "$tmp/raw.err"
		head -c 2000 "$2" | cat -v | sed 's/^/    /'
		echo
	fi
}
shown='qemu-system-\x1bc\x9b'
"$bin" --sysroot "$inj/vm" >"$tmp/o" 2>&1
clean "report text" "$tmp/o" "" "pid 5150 ($shown)"
"$bin" --sysroot "$inj/vm" --verbose >"$tmp/o" 2>&1
clean "report --verbose" "$tmp/o" "" "pid 5150 ($shown): "
"$bin" --sysroot "$inj/vm" --verbose --color always >"$tmp/o" 2>&1
clean "report --color always" "$tmp/o" color "pid 5150 ($shown)"
"$bin" --sysroot "$inj/vmdir" --verbose >"$tmp/o" 2>&1
clean "report: a VM folder's name" "$tmp/o" "" 'win\x1b]0;owned\x0711/Logs/VBox.log'
"$bin" --sysroot "$inj/user" >"$tmp/o" 2>&1
clean "report: a user name" "$tmp/o" "" "sudo usermod -aG kvm 'car\$(id)ol\\x1b[2J'"
# a kernel release is what uname -r prints: one with a line break or a slash (paths are made of it)
# leaves the kernel unknown
cp -r "$fx/intel-kvm612-vbox71" "$inj/rel"
printf '6.12.9\n../../etc/x\n' >"$inj/rel/proc/sys/kernel/osrelease"
"$bin" --sysroot "$inj/rel" --format json >"$tmp/o" 2>&1
if grep -q '"kernel": null' "$tmp/o" && ! grep -q 'etc/x' "$tmp/o"; then ok; else bad "a kernel release with a line break was taken"; fi
for host in vm vmdir user; do
	"$bin" --sysroot "$inj/$host" --format json >"$tmp/o.json" 2>"$tmp/o.err"
	if python3 -m json.tool "$tmp/o.json" >/dev/null; then ok; else bad "report JSON of $host does not parse"; fi
	clean "report JSON of $host" "$tmp/o.json"
	clean "report JSON of $host, stderr" "$tmp/o.err"
	"$bin" --sysroot "$inj/$host" --format prometheus >"$tmp/o" 2>&1
	clean "report prometheus of $host" "$tmp/o"
	for fmt in text tap github json junit; do
		GITHUB_STEP_SUMMARY="$tmp/o.md" "$bin" --sysroot "$inj/$host" preflight --verbose --require "$all" --format $fmt >"$tmp/o" 2>&1
		clean "preflight --format $fmt on $host" "$tmp/o"
		if [ $fmt = github ]; then clean "preflight step summary on $host" "$tmp/o.md"; fi
		rm -f "$tmp/o.md"
	done
	"$bin" --sysroot "$inj/$host" preflight --require "$all" --format junit --output "$tmp/o.xml" >/dev/null 2>&1
	if python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/o.xml"; then ok; else bad "preflight JUnit on $host is not XML"; fi
	"$bin" --sysroot "$inj/$host" switch --status >"$tmp/o" 2>&1
	clean "switch --status on $host" "$tmp/o"
	"$bin" --sysroot "$inj/$host" explain --verbose -4011 -4074 >"$tmp/o" 2>&1
	clean "explain on $host" "$tmp/o"
done
"$bin" --sysroot "$inj/vm" switch --dry-run virtualbox >"$tmp/o" 2>&1
clean "switch --dry-run: the VMs to shut down" "$tmp/o" "" "pid 5150 ($shown)"
"$bin" --sysroot "$inj/user" preflight --require kvm --fix >"$tmp/o" 2>&1
clean "preflight --fix: the user" "$tmp/o" "" "usermod -aG kvm 'car\$(id)ol\\x1b[2J'"
"$bin" explain "-4011 ${esc}]0;owned$(printf '\007') ${c1}" >"$tmp/o" 2>&1
clean "explain: the input" "$tmp/o"
"$bin" explain "nothing known ${esc}[2J" >"$tmp/o" 2>&1
clean "explain: the input echoed" "$tmp/o" "" 'nothing known \x1b[2J'
"$bin" --format json explain "-4011 ${esc}[2J" >"$tmp/o" 2>&1
if python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["input"] == "-4011 \x1b[2J"' "$tmp/o"; then ok; else bad "explain JSON: the input"; fi

# a bench document (--from, --compare) names and host fields with controls in them
python3 - "$here/bench/fixtures/new.json" "$inj/new.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["host"]["cpu"] = "EPYC \x1b]0;owned\x07 <b>"
d["host"]["kernel"] = "6.12\x1b[2J\u009b\u202e"
d["benchmarks"][0]["name"] = "cpu.int\x1b[31m"
d["benchmarks"][0]["note"] = "note\r\nforged"
d["benchmarks"][1]["a"] = "guest\x1b[8m"
json.dump(d, open(sys.argv[2], "w"))
PY
for fmt in text markdown html; do
	"$bin" bench --from "$inj/new.json" --verbose --format $fmt >"$tmp/o" 2>&1
	clean "bench --from --format $fmt" "$tmp/o" "" 'cpu.int\x1b[31m'
	[ $fmt = html ] && continue # --compare writes text, json or markdown
	"$bin" bench --compare "$inj/new.json" "$inj/new.json" --format $fmt >"$tmp/o" 2>&1
	clean "bench --compare --format $fmt" "$tmp/o" "" 'cpu.int\x1b[31m'
done
"$bin" bench --from "$inj/new.json" --format html >"$tmp/o.html"
if grep -qF 'EPYC \x1b]0;owned\x07 &lt;b&gt;' "$tmp/o.html"; then ok; else bad "bench html: host string not escaped for HTML"; fi

# live: a brief run of two benchmarks where /dev/kvm works; the clear status where it does not
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	"$bin" bench --quick cpu.int exit.pio --format json --output "$tmp/live.json" 2>"$tmp/live.err"
	rc=$?
	if [ $rc = 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "virtcheck.bench/1"
assert [b["name"] for b in d["benchmarks"]] == ["cpu.int", "exit.pio"]
for b in d["benchmarks"]:
    assert b["status"] == "ok" and b["n"] >= 3 and b["a_ns"]["median"] > 0, b
    assert len(b["samples"]["a"]) == b["n"]
pio = d["benchmarks"][1]
assert pio["kvm_stats"]["exits"] >= pio["kvm_stats"]["guest_ops"]
assert d["host"]["kvm_backend"] and d["host"]["tsc_ghz"] > 0
' "$tmp/live.json"; then ok; else bad "bench --quick live: exit $rc"; cat "$tmp/live.err"; fi
	expect_rc "bench --compare live with itself" 0 "cpu.int" -- "$bin" bench --compare "$tmp/live.json" "$tmp/live.json"
elif [ -n "${VC_REQUIRE_KVM:-}" ]; then
	bad "VC_REQUIRE_KVM is set but /dev/kvm is not usable"
else
	echo "SKIP: bench live run: /dev/kvm is not usable here"
fi
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && [ "$(stat -c %a /dev/kvm 2>/dev/null)" != 666 ]; then
	expect_rc "bench without access to /dev/kvm" 2 "nothing was measured" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" bench --quick
else
	echo "SKIP: bench without /dev/kvm access: needs root, setpriv and a /dev/kvm that nobody cannot open"
fi

# 10. --passive: a replay changes nothing anyway, so the same report; live, the checks skipped are said
for host in intel-kvm612-vbox71 kvm-0600-nonroot amd-vbox-vm-running; do
	"$bin" --sysroot "$fx/$host" --format json >"$tmp/a.json" 2>&1
	"$bin" --sysroot "$fx/$host" --format json --passive >"$tmp/b.json" 2>&1
	if cmp -s "$tmp/a.json" "$tmp/b.json"; then ok; else bad "--passive changed the replay of $host"; fi
done
"$bin" --passive --format json >"$tmp/p.json" 2>"$tmp/err"
rc=$?
if [ $rc -le 2 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["host"]["passive"] is True
k = d["probes"]["kvm"]
assert k["vm_test"] == "skipped" and k["usable"] is None and isinstance(k["usable_unverified"], bool), k
assert k.get("create_vm") is None and k["access"]["open"] is None, k
skipped = [s["check"] for s in d["skipped"]]
assert "kvm.vm_test" in skipped, skipped
assert all(s["message"] for s in d["skipped"])
' "$tmp/p.json"; then ok; else bad "--passive live JSON: exit $rc"; cat "$tmp/err"; fi
"$bin" --passive >"$tmp/p.txt" 2>&1
if grep -q "^Skipped (--passive" "$tmp/p.txt" && grep -q "^  kvm.vm_test: " "$tmp/p.txt" &&
	grep -q "VM smoke test skipped (--passive)" "$tmp/p.txt"; then ok; else bad "--passive text lists no skipped checks"; cat "$tmp/p.txt"; fi
"$bin" --passive --format prometheus >"$tmp/p.prom" 2>&1
if grep -q "^virtcheck_passive 1$" "$tmp/p.prom" && grep -q '^virtcheck_check_skipped{check="kvm.vm_test"} 1$' "$tmp/p.prom"; then ok; else
	bad "--passive prometheus"; cat "$tmp/p.prom"; fi
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && "$bin" preflight --require kvm >/dev/null 2>&1; then
	expect_rc "preflight --passive where KVM works: met, unverified" 0 "unverified: --passive created no VM" -- "$bin" --passive preflight --require kvm
	if grep -q '"usable_unverified": true' "$tmp/p.json"; then ok; else bad "--passive: KVM works here, yet usable_unverified is not true"; fi
else
	echo "SKIP: preflight --passive where KVM works: /dev/kvm is not usable here"
fi
# as a user who may not open /dev/kvm: denied from its permissions, and the requirement unmet
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && [ -e /dev/kvm ] && [ "$(stat -c %a /dev/kvm)" = 600 ]; then
	expect_rc "preflight --passive as nobody" 1 "cannot open /dev/kvm" -- setpriv --reuid 65534 --regid 65534 --clear-groups "$bin" --passive preflight --require kvm
else
	echo "SKIP: --passive as a user denied /dev/kvm: needs root, setpriv and /dev/kvm mode 0600"
fi

fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
