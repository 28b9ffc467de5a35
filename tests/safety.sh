#!/bin/sh
# Safe as root: what virtcheck writes, records and opens cannot be turned against the machine.
# Everything happens in a temporary directory: device nodes are made there with mknod (the
# null driver's numbers, so a write that goes wrong still harms nothing), never the real /dev.
# Parts that need root (mknod, chown) say SKIP with the reason where they cannot run.
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
skip() { echo "SKIP: $*"; }
root=false
[ "$(id -u)" = 0 ] && root=true
nobody=65534

# a report to write: preflight of a fixture host (JSON, so its content can be checked)
report() { # PATH
	"$bin" --sysroot "$fx/amd-kvm-idle-6.1" preflight --require kvm --format json --output "$1" 2>"$tmp/err"
}
is_report() { grep -q '"schema": *"virtcheck.preflight/1"' "$1"; }

# ---- --output (issue: --output /dev/null turned /dev/null into a regular file) ----
out=$tmp/out
mkdir "$out"

# a missing file: created, a regular file 0644
if report "$out/new.json" && [ -f "$out/new.json" ] && is_report "$out/new.json" &&
	[ "$(stat -c %a "$out/new.json")" = 644 ]; then ok; else bad "--output creates a new file 0644"; fi

# a regular file: replaced, keeping its mode (and its owner, when root)
echo old >"$out/keep.json"
chmod 0600 "$out/keep.json"
$root && chown "$nobody:$nobody" "$out/keep.json"
if report "$out/keep.json" && is_report "$out/keep.json" && [ "$(stat -c %a "$out/keep.json")" = 600 ]; then ok; else
	bad "--output over a regular file keeps its mode"; fi
if $root; then
	if [ "$(stat -c %u:%g "$out/keep.json")" = "$nobody:$nobody" ]; then ok; else
		bad "--output over a regular file keeps its owner: $(stat -c %u:%g "$out/keep.json")"; fi
else skip "--output keeps the owner: needs root to chown"; fi

# no temporary file is left behind, whatever happened above
if [ -z "$(find "$out" -name '*.virtcheck-*')" ]; then ok; else bad "--output left temporary files: $(ls -a "$out")"; fi

# a FIFO: written in place (a reader gets the report), never replaced
mkfifo "$out/fifo"
timeout 20 cat "$out/fifo" >"$tmp/fifo.got" &
reader=$!
report "$out/fifo"
rc=$?
wait $reader
if [ $rc = 0 ] && [ -p "$out/fifo" ] && is_report "$tmp/fifo.got"; then ok; else
	bad "--output into a FIFO: exit $rc, $(ls -l "$out/fifo")"; fi

# a link we made to a regular file: the file is replaced, the link stays a link
echo old >"$out/target.json"
ln -s target.json "$out/link.json"
if report "$out/link.json" && [ -L "$out/link.json" ] && is_report "$out/target.json"; then ok; else
	bad "--output through our own link replaces its target, keeps the link"; ls -l "$out"; fi

if $root; then
	# a character device (the null driver's 1:3, made here): written in place, stays a device
	mknod "$out/null" c 1 3
	if report "$out/null" && [ -c "$out/null" ]; then ok; else
		bad "--output to a character device must keep it a device: $(ls -l "$out/null")"; fi
	# the same through a trusted link, /dev/stdout style
	ln -s null "$out/stdout"
	if report "$out/stdout" && [ -c "$out/null" ] && [ -L "$out/stdout" ]; then ok; else
		bad "--output through a link to a device"; ls -l "$out"; fi
	# a block device (loop 7:0 numbers, never opened): refused
	mknod "$out/disk" b 7 0
	report "$out/disk"
	rc=$?
	if [ $rc != 0 ] && [ -b "$out/disk" ] && grep -q "block device" "$tmp/err"; then ok; else
		bad "--output over a block device must be refused: exit $rc, $(cat "$tmp/err")"; fi
	# a link planted by another user in a sticky world-writable directory: not followed
	mkdir -m 1777 "$out/sticky"
	echo precious >"$out/victim"
	ln -s ../victim "$out/sticky/planted.json"
	chown -h "$nobody:$nobody" "$out/sticky/planted.json"
	report "$out/sticky/planted.json"
	rc=$?
	if [ $rc != 0 ] && [ "$(cat "$out/victim")" = precious ] && [ -L "$out/sticky/planted.json" ] &&
		grep -q "another user could have planted" "$tmp/err"; then ok; else
		bad "--output through a planted link: exit $rc, victim: $(cat "$out/victim"), $(cat "$tmp/err")"; fi
	# ... while root's own link there is followed
	ln -s ../victim "$out/sticky/mine.json"
	if report "$out/sticky/mine.json" && is_report "$out/victim"; then ok; else bad "--output through root's own link in /tmp-like dir"; fi
else
	skip "--output over device nodes and planted links: needs root for mknod and chown"
fi

# a directory: refused, with the reason
report "$out"
if [ $? != 0 ] && grep -q "directory" "$tmp/err"; then ok; else bad "--output to a directory: $(cat "$tmp/err")"; fi

# the report's --output is written the same way: the node_exporter textfile recipe of issue 19
prom() { "$bin" --sysroot "$fx/amd-kvm-idle-6.1" --format prometheus --output "$1" 2>"$tmp/err"; }
if prom "$out/vc.prom" && [ "$(stat -c %a "$out/vc.prom")" = 644 ] && grep -q '^virtcheck_status ' "$out/vc.prom"; then ok; else
	bad "report --output: a new file, 0644, the metrics: $(cat "$tmp/err")"; fi
chmod 0640 "$out/vc.prom"
if prom "$out/vc.prom" && [ "$(stat -c %a "$out/vc.prom")" = 640 ] && [ -z "$(find "$out" -name '*.virtcheck-*')" ]; then ok; else
	bad "report --output over its last file: mode kept, no temporary left"; fi
if $root; then
	mknod "$out/rnull" c 1 3
	if prom "$out/rnull" && [ -c "$out/rnull" ]; then ok; else bad "report --output to a character device must keep it one"; fi
else
	skip "report --output to a device node: needs root for mknod"
fi

# ---- capture (issue: root captured into a directory another user prepared and redirected) ----
cap=$tmp/cap
mkdir "$cap"
# an existing directory, even an empty one, is refused: capture makes its own
mkdir -m 0777 "$cap/prepared"
"$bin" capture "$cap/prepared" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 3 ] && grep -q "exists; give a new path" "$tmp/err" && [ -z "$(ls -A "$cap/prepared")" ]; then ok; else
	bad "capture into an existing directory must be refused: exit $rc, $(cat "$tmp/err")"; fi
# a new one: made 0700, every directory 0700 and every file 0600, meta.txt present
"$bin" capture "$cap/new" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && [ "$(stat -c %a "$cap/new")" = 700 ] && [ -f "$cap/new/virtcheck/meta.txt" ]; then ok; else
	bad "capture into a new directory: exit $rc, $(stat -c %a "$cap/new"), $(cat "$tmp/err")"; fi
loose=$(find "$cap/new" \( -type f ! -perm 0600 \) -o \( -type d ! -perm 0700 \) -o -type l | head -3)
if [ -z "$loose" ]; then ok; else bad "capture files must be 0600 and directories 0700: $loose"; fi
# --redact --format json: the report printed is the redacted capture's (its replay), never the
# run's own with the names and identifiers redaction replaced (tests/unit/test_capture.c plants them)
"$bin" capture --redact --format json "$cap/red" >"$tmp/red.json" 2>"$tmp/err"
"$bin" --sysroot "$cap/red" --format json >"$tmp/red-replay.json" 2>&1
if cmp -s "$tmp/red.json" "$tmp/red-replay.json"; then ok; else
	bad "capture --redact --format json must print the redacted capture's report: $(diff "$tmp/red.json" "$tmp/red-replay.json" | head -5)"; fi

# a full filesystem: the capture fails, says so, and leaves nothing that replays as complete
if $root && mkdir "$cap/small" && mount -t tmpfs -o size=48k,mode=0755 virtcheck-test "$cap/small" 2>/dev/null; then
	"$bin" capture "$cap/small/c" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc != 0 ] && grep -q "incomplete" "$tmp/err" && [ ! -e "$cap/small/c/virtcheck/meta.txt" ]; then ok; else
		bad "capture onto a full filesystem: exit $rc, $(cat "$tmp/err")"; fi
	"$bin" --sysroot "$cap/small/c" >/dev/null 2>"$tmp/err"
	if grep -q "is not a virtcheck capture" "$tmp/err"; then ok; else bad "an incomplete capture was replayed"; fi
	umount "$cap/small"
else
	skip "capture onto a full filesystem: needs root and a tmpfs mount"
fi

# ---- --sysroot opens only regular files (a device node at proc/cmdline reached its driver) ----
# a FIFO with a writer waiting: if virtcheck opens it at all, the writer gets through
sr=$tmp/sysroot
cp -r "$fx/amd-kvm-idle-6.1" "$sr"
rm -f "$sr/proc/cmdline"
mkfifo "$sr/proc/cmdline"
(echo opened >"$sr/proc/cmdline") &
writer=$!
"$bin" --sysroot "$sr" >/dev/null 2>&1
"$bin" --sysroot "$sr" capture "$tmp/never" >/dev/null 2>&1
sleep 0.2
if kill -0 $writer 2>/dev/null; then ok; else bad "--sysroot opened a FIFO at proc/cmdline"; fi
kill $writer 2>/dev/null
wait $writer 2>/dev/null
if "$bin" --sysroot "$sr" --format json 2>/dev/null | grep -q 'Could not read /proc/cmdline: it is not a regular text file'; then ok; else
	"$bin" --sysroot "$sr" --format json 2>/dev/null | grep -n cmdline | head -3
	bad "--sysroot does not say proc/cmdline is not a regular file"; fi

# ---- --sysroot reads nothing outside DIR (libkmod read this machine's /proc/cmdline) ----
if command -v strace >/dev/null; then
	host=$fx/intel-kvm612-vbox71
	# what the process opens before it reads any host (the loader, a sanitizer's runtime reading
	# /proc/self/maps or cmdline): `--version` opens exactly that, and nothing else
	strace -f -s 4096 -e trace=%file -o "$tmp/strace" "$bin" --version >/dev/null 2>&1
	grep -oE '"/[^"]*"' "$tmp/strace" | tr -d '"' | sort -u >"$tmp/baseline"
	for args in "-v" "--format json" "preflight --require kvm,no-conflict" "explain -4011" "switch --dry-run none"; do
		# shellcheck disable=SC2086 # args are words
		strace -f -s 4096 -e trace=%file -o "$tmp/strace" "$bin" --sysroot "$host" $args >/dev/null 2>&1
		outside=$(grep -oE '"/[^"]*"' "$tmp/strace" | tr -d '"' | sort -u |
			grep -v -e "^$host" -e '^/proc/self/fd/' -e '^/lib/' -e '^/usr/lib/' -e '^/etc/ld\.so' -e "^$bin\$" |
			grep -vxF -f "$tmp/baseline" | head -5)
		if [ -z "$outside" ]; then ok; else bad "--sysroot $args read outside the capture: $outside"; fi
	done
else
	skip "what --sysroot opens: strace is not installed (apt-get install strace)"
fi

# ---- --passive changes nothing (issue 16 point 12): traced, every open, ioctl and module load ----
# A live report under strace: no open for writing, no KVM_CREATE_VM, no (f)init_module. The trace
# of the report without --passive shows the same net catches what it must, where KVM works.
passive_trace() { # OUT ARGS...: the syscalls that could change the machine, traced into OUT
	o=$1
	shift
	strace -f -qq -o "$o" -e trace=open,openat,openat2,creat,mknod,mknodat,ioctl,init_module,finit_module \
		"$bin" "$@" >/dev/null 2>"$tmp/err"
}
writes() { # TRACE: the lines that open for writing, create a VM or load a module
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|mknod|KVM_CREATE_VM|init_module\(' "$1"
}
if ! command -v strace >/dev/null; then
	skip "--passive under strace: strace is not installed (apt-get install strace)"
elif ! strace -f -qq -o /dev/null true 2>/dev/null; then
	skip "--passive under strace: tracing is not permitted here (ptrace denied)"
else
	for args in "--passive --format json" "--passive --verbose" "--passive --format prometheus" \
		"--passive preflight --require kvm,kvm-rw,api>=12" "--passive explain -4011"; do
		# shellcheck disable=SC2086 # the words of args are the arguments
		passive_trace "$tmp/trace" $args
		if [ -s "$tmp/trace" ] && ! writes "$tmp/trace" >"$tmp/w"; then ok; else
			bad "virtcheck $args changed the machine: $(head -5 "$tmp/w") $(head -3 "$tmp/err")"; fi
	done
	# the JSON of that report says what it skipped
	"$bin" --passive --format json >"$tmp/p.json" 2>/dev/null
	if grep -q '"passive": true' "$tmp/p.json" && grep -q '"check": "kvm.vm_test"' "$tmp/p.json"; then ok; else
		bad "--passive JSON lacks host.passive or the skipped kvm.vm_test"; fi
	# the net catches: without --passive, where KVM works, the report creates a VM
	passive_trace "$tmp/trace" --format json
	if grep -q KVM_CREATE_VM "$tmp/trace" && grep -q 'O_RDWR' "$tmp/trace"; then ok; elif
		"$bin" preflight --require kvm >/dev/null 2>&1; then bad "strace did not see the report's KVM_CREATE_VM"; else
		skip "--passive: the control run (KVM_CREATE_VM seen without --passive) needs a usable /dev/kvm"; fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
