#!/bin/sh
# explain --log on real pastes (tests/logs/NAME/: the pasted files, SOURCE.md, expect, expected.txt):
# the cause, confidence and a remedy each report's expert answer gives, the golden text, and the
# readers' robustness on garbled input (line endings, time stamps, quote marks, binary bytes, size).
# UPDATE=1 rewrites the golden texts.
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
unset COLUMNS
export NO_COLOR=1
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }

inputs() { # DIR: the pasted files, in name order
	(cd "$1" && ls | grep -v -e '^SOURCE.md$' -e '^expect$' -e '^expected.txt$')
}

# python's verdicts, one line each ("ok" or "not ok - WHY"), counted as this script's own
tally() { # FILE
	while IFS= read -r line; do
		case $line in
		ok) ok ;;
		*) bad "${line#not ok - }" ;;
		esac
	done <"$1"
}

n=0
for d in "$here"/logs/*/; do
	d=${d%/}
	name=${d##*/}
	n=$((n + 1))
	ins=$(inputs "$d")
	j=$tmp/j/$name
	mkdir -p "$j"
	grep -q 'https://' "$d/SOURCE.md" 2>/dev/null && ok || bad "$name: SOURCE.md with the report's URL"
	# checked below, all pastes in one python run (which reads expect where it is)
	# shellcheck disable=SC2086 # file names without blanks
	(cd "$d" && exec "$bin" explain --log --format json $ins) >"$j/json" 2>"$j/err"
	rc=$?
	[ $rc -eq 0 ] && ok || bad "$name: exit $rc"
	ln -s "$d/expect" "$j/expect"
	# shellcheck disable=SC2086
	(cd "$d" && exec "$bin" explain --log $ins) >"$tmp/out.txt" 2>&1
	if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/out.txt" "$d/expected.txt"; fi
	if cmp -s "$tmp/out.txt" "$d/expected.txt"; then ok; else
		bad "$name: text differs from expected.txt"
		diff -u "$d/expected.txt" "$tmp/out.txt" | head -20
	fi
	# text for people: a backslash-n in it is a line break escaped on its way out (fix the string);
	# printf's own '...\n' in a command is meant. A kernel the paste does not show is "the running
	# kernel" (or $(uname -r) in a command). A paste shows nothing of /boot: no claim about what it
	# holds. (One awk for the three, a line each: "ok" or what it found.)
	awk '{ t = $0; gsub(/printf '"'"'[^'"'"']*'"'"'/, "", t) }
	     !bsn && index(t, "\\n") { bsn = NR ": " $0 }
	     !q && (index($0, "Linux ?") || index($0, "Linux $(")) { q = NR ": " $0 }
	     !boot && (index($0, "installed in /boot") || index($0, "(installed: /boot/")) { boot = NR ": " $0 }
	     END { print bsn ? bsn : "ok"; print q ? q : "ok"; print boot ? boot : "ok" }' "$tmp/out.txt" >"$tmp/q"
	{
		read -r l1
		read -r l2
		read -r l3
	} <"$tmp/q"
	[ "$l1" = ok ] && ok || bad "$name: a literal backslash-n in the text: $l1"
	[ "$l2" = ok ] && ok || bad "$name: an unknown kernel shown as a placeholder: $l2"
	[ "$l3" = ok ] && ok || bad "$name: a claim about /boot, which no paste shows: $l3"
	# the same paste garbled as pastes are: CRLF, CR only, quoted, fenced, time-stamped, one input on
	# standard input; each gives the same cause (the four forms of every file made by one awk)
	rm -rf "$tmp/g" && mkdir "$tmp/g" "$tmp/g/crlf" "$tmp/g/cr" "$tmp/g/quoted" "$tmp/g/stamped"
	# shellcheck disable=SC2086
	(cd "$d" && exec awk -v g="$tmp/g" '
		FNR == 1 { if (f != "") fin(); f = FILENAME; printf "```\n" > (g "/quoted/" f) }
		{ print $0 "\r" > (g "/crlf/" f); printf "%s\r", $0 > (g "/cr/" f)
		  print "> " $0 > (g "/quoted/" f); printf "[%8.6f] %s\n", FNR / 7, $0 > (g "/stamped/" f) }
		function fin() { printf "```\n" > (g "/quoted/" f) }
		END { if (f != "") fin() }' $ins)
	# (VC_LOGS_ONE_FORM=1, make asan on a slow machine: one form a paste, in turn)
	forms="crlf cr quoted stamped"
	[ "${VC_LOGS_ONE_FORM:-}" = 1 ] && forms=$(echo $forms | cut -d' ' -f$((n % 4 + 1)))
	for form in $forms; do
		# shellcheck disable=SC2086
		(cd "$tmp/g/$form" && exec "$bin" explain --log --format json $ins) >"$j/$form" 2>&1
	done
done
# each paste's cause, confidence and remedy (virtcheck.triage/1) as its expert answer gives them,
# and the same cause from each garbled form of it
python3 - "$tmp/j" >"$tmp/verdicts" 2>&1 <<'PY'
import json, os, sys
top = sys.argv[1]
for name in sorted(os.listdir(top)):
    d = os.path.join(top, name)
    want = dict(l.split(": ", 1) for l in open(os.path.join(d, "expect")).read().splitlines() if ": " in l)
    errs = []
    try:
        doc = json.load(open(os.path.join(d, "json")))
        if doc.get("schema") != "virtcheck.triage/1": errs.append("schema %r" % doc.get("schema"))
        if doc.get("cause") != want["cause"]: errs.append("cause %s, expected %s" % (doc.get("cause"), want["cause"]))
        if doc.get("confidence") != want["confidence"]: errs.append("confidence %s, expected %s" % (doc.get("confidence"), want["confidence"]))
        steps = " ".join(r["steps"] for r in doc["causes"][0]["remedies"]) if doc.get("causes") else ""
        if want["remedy"] not in steps: errs.append("no remedy with %r in %r" % (want["remedy"], steps[:300]))
        ids = [c["id"] for c in doc["causes"]]
        if ids[0] != doc["cause"]: errs.append("causes[0] is not cause")
        for f in doc["facts"]:
            if not f["file"] or f["line"] < 1 or not f["text"]: errs.append("fact without its line: %r" % f)
        for u in doc["unknowns"]:
            if not u["if"]: errs.append("unknown without branches: %r" % u)
        # a paste that shows /dev/kvm denied: the headline says so, not who (nobody knows) holds VT
        denied = [f for f in doc["facts"] if f["fact"] == "kvm.access.open" and f["value"] in ("EACCES", "EPERM")]
        if denied and doc["cause"] == "kvm-no-access" and "cannot open /dev/kvm" not in (doc.get("headline") or ""):
            errs.append("/dev/kvm denied but the headline is %r" % doc.get("headline"))
        # VT "held by an unknown hypervisor" only where the paste shows it held
        held = [f for f in doc["facts"] if f["fact"] in ("vt_held_by", "kernel_log.virt_enable_failed")
                or (f["fact"] == "kvm.create_vm" and f["value"].startswith(("EBUSY", "EIO")))
                or (f["fact"] == "msr.efer_svme" and f["value"].startswith("all"))]
        if not held and "held by an unknown hypervisor" in (doc.get("headline") or ""):
            errs.append("nothing shows VT held but the headline is %r" % doc.get("headline"))
    except (ValueError, KeyError, IndexError, TypeError) as e:
        errs.append("%s: %s" % (type(e).__name__, e))
    print(("not ok - %s: %s %s" % (name, "; ".join(errs), open(os.path.join(d, "err")).read().strip())).rstrip() if errs else "ok")
    for form in ("crlf", "cr", "quoted", "stamped"):
        if os.environ.get("VC_LOGS_ONE_FORM") == "1" and not os.path.exists(os.path.join(d, form)):
            continue
        try:
            got = json.load(open(os.path.join(d, form)))["cause"]
        except (ValueError, KeyError) as e:
            got = "(%s)" % e
        print("ok" if got == want["cause"] else "not ok - %s (%s): cause %s, expected %s" % (name, form, got, want["cause"]))
PY
[ $? -eq 0 ] && [ "$(grep -c . "$tmp/verdicts")" -eq $((n * $([ "${VC_LOGS_ONE_FORM:-}" = 1 ] && echo 2 || echo 5))) ] &&
	ok || bad "the pastes' verdicts: $(tail -3 "$tmp/verdicts")"
tally "$tmp/verdicts"
[ $n -ge 12 ] && ok || bad "at least 12 real pastes (found $n)"

# several files combine: a VBox error and the dmesg that names the kernel
printf 'VBoxManage: error: AMD-V is being used by another hypervisor (VERR_SVM_IN_USE)\n' >"$tmp/vbox.txt"
printf '[    0.000000] Linux version 6.12.9-arch1-1 (linux@archlinux) (gcc 14.2.1)\n[    3.1] kvm_amd: ok\n' >"$tmp/dmesg.txt"
"$bin" explain --log --format json "$tmp/vbox.txt" "$tmp/dmesg.txt" >"$tmp/c.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
k = [f for f in d["facts"] if f["fact"] == "kernel"]
assert d["cause"] == "kvm-holds-vt", d["cause"]
assert k and k[0]["value"] == "6.12.9-arch1-1" and k[0]["file"].endswith("dmesg.txt") and k[0]["line"] == 1, k
assert not [u for u in d["unknowns"] if u["fact"] == "kernel"], d["unknowns"]' "$tmp/c.json" && ok || bad "two files combined"

# a Windows host: VBox.log's OS lines say so; Hyper-V holds VT-x; Windows' "OS Release" is no Linux kernel
printf '00:00:01.1 OS Product: Windows 7\n00:00:01.2 OS Release: 6.1.7601\n00:00:02.0 HM: HMR3Init: Attempting fall back to NEM: VT-x is not available\n00:00:02.1 NEM: WHvCapabilityCodeHypervisorPresent is TRUE, so this might work...\n' >"$tmp/win.log"
"$bin" explain --log --format json "$tmp/win.log" >"$tmp/w.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cause"] == "other" and "Windows" in d["headline"], (d["cause"], d["headline"])
assert "hypervisorlaunchtype off" in d["remedies"][0]["steps"], d["remedies"]
assert not [f for f in d["facts"] if f["fact"] == "kernel"], d["facts"]' "$tmp/w.json" && ok || bad "Windows host: Hyper-V"
# VT-x missing on Windows with nothing that says why: Hyper-V assumed, the firmware the other branch
printf 'VirtualBox.exe: VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\n' >"$tmp/win2.log"
"$bin" explain --log --format json "$tmp/win2.log" >"$tmp/w2.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cause"] == "other" and d["confidence"] == "medium", d["cause"]
u = [u for u in d["unknowns"] if u["fact"] == "host_hypervisor"]
assert u and [b["cause"] for b in u[0]["if"]] == ["other", "firmware-disabled"], d["unknowns"]' "$tmp/w2.json" && ok || bad "Windows host: VT-x not available"
# a macOS host whose kernel extension macOS blocked
printf 'OS Product: Darwin\nOS Release: 23.4.0\nKernel driver not installed (rc=-1908)\n' >"$tmp/mac.log"
"$bin" explain --log --format json "$tmp/mac.log" >"$tmp/m.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cause"] == "driver-not-loaded" and "Privacy & Security" in d["remedies"][0]["steps"], d["remedies"]
assert "vboxconfig" not in json.dumps(d["causes"]), d["causes"]' "$tmp/m.json" && ok || bad "macOS host: kext blocked"
# a VirtualBox version the paste does not show is not stated as a fact
printf 'VBoxManage: error: VT-x is being used by another hypervisor (VERR_VMX_IN_VMX_ROOT_MODE)\nLinux version 6.12.9-arch1-1 (gcc)\n' >"$tmp/nov.log"
"$bin" explain --log --format json "$tmp/nov.log" >"$tmp/nov.json"
python3 -c '
import json,re,sys
d = json.load(open(sys.argv[1]))
said = " ".join([d["headline"] or ""] + [c["explanation"] for c in d["causes"]])
assert not re.search(r"VirtualBox [0-9]", said), said
assert [u for u in d["unknowns"] if u["fact"] == "virtualbox.version"], d["unknowns"]' "$tmp/nov.json" && ok || bad "an assumed VirtualBox version stated as fact"

# a paste that names VirtualBox and shows nothing of vboxdrv: "not loaded" is one of two answers
# (medium, both branches with their remedies), and no driver cause beside another answer
printf 'Unable to load VirtualBox engine. Make sure that it is properly installed.\n' >"$tmp/geny.txt"
"$bin" explain --log --format json "$tmp/geny.txt" >"$tmp/geny.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cause"] == "driver-not-loaded" and d["confidence"] == "medium", (d["cause"], d["confidence"])
u = [u for u in d["unknowns"] if u["fact"] == "vboxdrv"]
assert u and [b["cause"] for b in u[0]["if"]] == ["driver-not-loaded", "other"], d["unknowns"]
assert "vboxconfig" in u[0]["if"][0]["remedy"] and "VBox.log" in u[0]["if"][1]["remedy"], u' "$tmp/geny.json" && ok || bad "vboxdrv unknown: not loaded stated as fact"
printf 'VirtualBox is unable to start since the update\n[    0.61] kvm: disabled by bios\n' >"$tmp/prose.txt"
"$bin" explain --log --format json "$tmp/prose.txt" >"$tmp/prose.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cause"] == "firmware-disabled", d["cause"]
assert "driver-not-loaded" not in [c["id"] for c in d["causes"]], d["causes"]' "$tmp/prose.json" && ok || bad "vboxdrv unknown: a driver cause beside the firmware"
# a line that shows vboxdrv missing keeps it a fact
printf 'Unable to load VirtualBox engine.\nWARNING: The vboxdrv kernel module is not loaded.\n' >"$tmp/geny2.txt"
"$bin" explain --log --format json "$tmp/geny2.txt" >"$tmp/geny2.json"
python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cause"] == "driver-not-loaded" and not [u for u in d["unknowns"] if u["fact"] == "vboxdrv"], d' "$tmp/geny2.json" && ok || bad "vboxdrv shown missing: still a fact"

# standard input
printf 'qemu-system-x86_64: Could not access KVM kernel module: Permission denied\n' |
	"$bin" explain --log --format json - >"$tmp/s.json" && grep -q '"cause": "kvm-no-access"' "$tmp/s.json" && ok ||
	bad "explain --log - (standard input)"

# exit status: nothing known 2, usage 3, too large 3
printf 'hello\nworld\n' >"$tmp/none.txt"
"$bin" explain --log "$tmp/none.txt" >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "nothing recognised: exit 2"
: >"$tmp/empty.txt"
"$bin" explain --log "$tmp/empty.txt" >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "empty input: exit 2"
"$bin" explain --log >/dev/null 2>&1
[ $? -eq 3 ] && ok || bad "--log without files: exit 3"
"$bin" explain --log "$tmp/does-not-exist" >/dev/null 2>&1
[ $? -eq 3 ] && ok || bad "missing file: exit 3"
"$bin" explain --log --format json "$tmp/none.txt" >"$tmp/n.json" 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["cause"] is None and not d["recognised"]' "$tmp/n.json" &&
	ok || bad "nothing recognised: JSON says so"
head -c $((65 * 1024 * 1024)) /dev/zero >"$tmp/huge.txt"
"$bin" explain --log "$tmp/huge.txt" >/dev/null 2>&1
[ $? -eq 3 ] && ok || bad "input over 64 MiB: exit 3"

# robustness: binary noise, long lines, NUL bytes and invalid UTF-8 around a known error: no crash,
# the error still found, nothing raw shown (every byte shown escaped)
{
	head -c 200000 /dev/urandom
	printf '\n\377\376 kvm: disabled by bios \300\n'
	head -c 100000 /dev/urandom | tr -d '\n'
	printf '\n'
} >"$tmp/noise.txt"
"$bin" explain --log "$tmp/noise.txt" >"$tmp/noise.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q '^Cause: firmware-disabled' "$tmp/noise.out" && ok || bad "noise around a known line: exit $rc"
LC_ALL=C grep -q "$(printf '[\001-\010\016-\037\177-\377]')" "$tmp/noise.out" && bad "raw bytes shown" || ok
"$bin" explain --log --format json "$tmp/noise.txt" | python3 -c 'import json,sys; json.load(sys.stdin)' &&
	ok || bad "noise: JSON not valid"
mkdir "$tmp/corpus"
for f in "$here"/fuzz/corpus/triage/*; do
	"$bin" explain --log --format json "$f" >"$tmp/corpus/$(basename "$f")" 2>/dev/null
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then bad "corpus $(basename "$f"): exit $rc"; rm -f "$tmp/corpus/$(basename "$f")"; fi
done
# (their JSON, in one python run)
python3 - "$tmp/corpus" >"$tmp/verdicts" 2>&1 <<'PY'
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])):
    try:
        json.load(open(os.path.join(sys.argv[1], name)))
        print("ok")
    except ValueError:
        print("not ok - corpus %s: JSON" % name)
PY
[ $? -eq 0 ] && ok || bad "the corpus's JSON: $(tail -3 "$tmp/verdicts")"
tally "$tmp/verdicts"
# a large log (tens of MiB) is read whole, in bounded time
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "00:00:%02d.%06d VMMDev: Guest Log: line %d of a long VBox.log\n", i % 60, i, i }' >"$tmp/big.log"
printf '00:00:59.000001 Power up failed (vrc=VERR_VMX_IN_VMX_ROOT_MODE, rc=NS_ERROR_FAILURE (0X80004005))\n' >>"$tmp/big.log"
t0=$(date +%s)
"$bin" explain --log --format json "$tmp/big.log" >"$tmp/b.json" 2>&1
t1=$(date +%s)
grep -q '"cause": "kvm-holds-vt"' "$tmp/b.json" && [ $((t1 - t0)) -lt 30 ] && ok || bad "large VBox.log: $((t1 - t0)) s"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
