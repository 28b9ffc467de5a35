#!/bin/sh
# Fixture hosts: `virtcheck --sysroot DIR --format json` must reproduce DIR/expected.json
# (version and sysroot path normalized) with the matching exit status; then every file of
# every fixture is emptied, truncated, garbled, filled with random bytes, made huge, replaced by a
# directory, by a symlink loop or by a symlink leading out of the sysroot (to a secret that must
# never show), under a 1 GiB address-space limit: virtcheck must still answer with findings,
# never crash, never read outside the sysroot, never allocate without bound. The mutants are
# dealt to VC_MUTANT_JOBS workers (2 where there are 2 CPUs).
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

# Under make valgrind (VC_AGREE_STRIDE=K, K > 1) tests/cli.sh's agreement runs explain, preflight
# and switch, each the whole pipeline, on every K-th fixture in byte order (the 1st, the K+1-th...)
# beside this script: the JSON reports here then run on the others only, so memcheck meets each
# fixture once. make check (no stride) runs every report, JSON and text.
agree_k=${VC_AGREE_STRIDE:-1}
# the text reports too (make check's); VC_FIXTURES_TEXT=0 leaves them to tests/cli.sh (under a
# stride, and make valgrind's runs of one half of cli.sh, which meet the text renderer there)
text=${VC_FIXTURES_TEXT:-$([ "$agree_k" -gt 1 ] && echo 0 || echo 1)}
# VC_FIXTURES_SAMPLE=K/N: the golden reports of every Nth fixture from the Kth (0-based) only (make
# valgrind on a slow machine: the half the commit picks, the next commit's the other)
sample=${VC_FIXTURES_SAMPLE:-0/1}
sample_k=${sample%/*} sample_n=${sample#*/}
case $sample_k/$sample_n in
*[!0-9/]* | /* | */) sample_n=0 ;;
esac
if [ "$sample_n" -eq 0 ] || [ "$sample_k" -ge "$sample_n" ]; then
	echo "tests/fixtures.sh: VC_FIXTURES_SAMPLE is K/N with 0 <= K < N, not '$sample'" && exit 2
fi
(cd "$here/fixtures" && LC_ALL=C ls -d -- */ | sed 's,/$,,' | awk -v k="$agree_k" 'k > 1 && (NR - 1) % k == 0') \
	>"$tmp/agreed"
agreed() { grep -q -x -F -- "$(basename "$1")" "$tmp/agreed"; }

# the workers: the fixtures are dealt to VC_MUTANT_JOBS of them (default 2 where there are 2 CPUs),
# for the goldens as for the mutants below; each leaves "PASS FAIL [MUTANTS]" in its directory
jobs=${VC_MUTANT_JOBS:-$(n=$(nproc 2>/dev/null || echo 1); [ "$n" -ge 2 ] && echo 2 || echo 1)}
# run WORKER in JOBS shards side by side, then print each one's output and add up its counts
# (each worker keeps its own pass and fail: they run in subshells)
mutants=0
sharded() { # WORKER
	k=0
	while [ $k -lt "$jobs" ]; do
		mkdir -p "$tmp/$1$k"
		"$1" $k >"$tmp/$1$k.out" 2>&1 &
		k=$((k + 1))
	done
	wait
	k=0
	while [ $k -lt "$jobs" ]; do
		cat "$tmp/$1$k.out"
		if read -r p f m <"$tmp/$1$k/counts"; then
			pass=$((pass + p)) fail=$((fail + f)) mutants=$((mutants + ${m:-0}))
		else
			bad "$1 worker $k ended without its counts"
		fi
		k=$((k + 1))
	done
}

# ---- each fixture's JSON report against its golden, and its text report (a backslash-n in it is a
# line break escaped on its way out: fix the string; printf's own '...\n' in a command is meant;
# make check's: under make valgrind the JSON report meets the same pipeline, tests/cli.sh the text
# renderer) ----
goldens() { # SHARD
	w=$tmp/goldens$1 pass=0 fail=0 index=0 taken=0
	for dir in "$here"/fixtures/*/; do
		index=$((index + 1))
		[ $(((index - 1) % sample_n)) = "$sample_k" ] || continue
		taken=$((taken + 1))
		[ $((taken % jobs)) = "$1" ] || continue
		name=${dir%/}
		name=${name##*/}
		[ "$agree_k" -gt 1 ] && agreed "$dir" && continue
		"$bin" --sysroot "$dir" --format json >"$w/out.json" 2>"$w/err"
		rc=$?
		normalize <"$w/out.json" >"$w/norm.json"
		if [ "${VC_UPDATE:-}" = 1 ]; then
			cp "$w/norm.json" "$dir/expected.json"
		fi
		if cmp -s "$dir/expected.json" "$w/norm.json"; then
			ok
		else
			bad "$name: report differs from expected.json"
			diff -u "$dir/expected.json" "$w/norm.json"
		fi
		status=$(sed -n 's/^  "status": "\(.*\)"$/\1/p' "$w/out.json")
		case "$status" in ok) want=0 ;; warning) want=1 ;; error) want=2 ;; *) want=x ;; esac
		if [ "$rc" = "$want" ]; then ok; else bad "$name: exit status $rc for status '$status'"; cat "$w/err"; fi
		[ "$text" = 1 ] || continue
		NO_COLOR=1 "$bin" --sysroot "$dir" >"$w/out.txt" 2>&1
		bsn=$(awk '{ t = $0; gsub(/printf '"'"'[^'"'"']*'"'"'/, "", t) } index(t, "\\n") { print NR ": " $0; exit }' "$w/out.txt")
		if [ -n "$bsn" ]; then
			bad "$name: a literal backslash-n in the text report: $bsn"
		else ok; fi
	done
	echo "$pass $fail" >"$w/counts"
}
sharded goldens

# ---- no empty directory: git keeps none, so a clone's fixture would lack it (a running kernel's
# /lib/modules/RELEASE that is there with nothing in it reads as gone in a clone) ----
empty=$(find "$here"/fixtures -mindepth 2 -type d -empty | sed "s|^$here/||")
if [ -z "$empty" ]; then ok; else bad "empty directories, which git does not keep (put a file in them): $empty"; fi

# ---- every fixture says where it comes from: SOURCE.md (a public report, or hand-made and by what) ----
for dir in "$here"/fixtures/*/; do
	if [ -f "$dir/SOURCE.md" ]; then ok; else bad "$(basename "$dir"): no SOURCE.md (where the host comes from)"; fi
done

# ---- real hosts: the owner and the finding SOURCE.md expects (owner-pending.txt: known gaps) ----
pending() { grep -q "^$1\( \|$\)" "$here/fixtures/owner-pending.txt" 2>/dev/null; }
for src in "$here"/fixtures/*/SOURCE.md; do
	dir=${src%/SOURCE.md}
	name=${dir##*/}
	# the expected owner and finding, and the golden's owner: one awk, a line each
	{
		read -r want
		read -r finding
		read -r got
	} <<EOF
$(awk 'FILENAME ~ /SOURCE.md$/ && !o && sub(/^expect-owner: */, "") { match($0, /^[a-z]*/); o = substr($0, 1, RLENGTH) }
       FILENAME ~ /SOURCE.md$/ && !f && sub(/^expect-finding: */, "") { match($0, /^[a-z0-9_.]*/); f = substr($0, 1, RLENGTH) }
       FILENAME !~ /SOURCE.md$/ && /^  "owner": \{$/ { in_o = 1 }
       FILENAME !~ /SOURCE.md$/ && in_o && /^  }/ { in_o = 0 }
       in_o && !g && sub(/^    "hypervisor": "/, "") && sub(/",$/, "") { g = $0 }
       END { print o; print f; print g }' "$src" "$dir/expected.json")
EOF
	miss=""
	[ -n "$want" ] || miss="SOURCE.md has no expect-owner line"
	[ "$got" = "$want" ] || miss="${miss:+$miss; }owner $got, SOURCE.md expects $want"
	if [ -n "$finding" ] && ! grep -q "^      \"id\": \"$finding\",$" "$dir/expected.json"; then
		miss="${miss:+$miss; }no finding $finding"
	fi
	if pending "$name"; then
		if [ -z "$miss" ]; then bad "$name: matches SOURCE.md now: remove it from owner-pending.txt"; else
			ok
			echo "SKIP: pending $name (owner-pending.txt): $miss"
		fi
	elif [ -z "$miss" ]; then ok; else bad "$name: $miss"; fi
done

# ---- explain and prometheus on fixture hosts ----
expect() { # expect NAME WANT_RC PATTERN -- command...
	name=$1 want=$2 pat=$3
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" != "$want" ]; then bad "$name: exit $rc, expected $want"; cat "$tmp/err"; return; fi
	if ! grep -q -- "$pat" "$tmp/out" "$tmp/err"; then bad "$name: output lacks '$pat'"; cat "$tmp/out"; return; fi
	ok
}
fx="$here/fixtures"
expect "explain -4011 (vbox71)" 0 "sudo modprobe -r kvm_intel kvm" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" explain -4011
expect "explain code name (vbox71)" 0 "VERR_VMX_IN_VMX_ROOT_MODE (-4011), from VirtualBox" -- "$bin" --sysroot "$fx/intel-kvm612-vbox71" explain VERR_VMX_IN_VMX_ROOT_MODE
expect "explain json (stale override)" 0 '"id": "conflict.virtualbox_needs_virt_at_load"' -- "$bin" --sysroot "$fx/amd-vbox72-stale-override" --format json explain -4074
expect "explain EBUSY (vbox VM running)" 0 "kvm_create_vm_ebusy" -- "$bin" --sysroot "$fx/amd-vbox-vm-running" explain "qemu-system-x86_64: ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy"
expect "explain permission (0600)" 0 "cannot open /dev/kvm" -- "$bin" --sysroot "$fx/kvm-0600-nonroot" explain "Could not access KVM kernel module: Permission denied"
expect "explain key rejected (secure boot)" 0 "mokutil --import /var/lib/dkms/mok.pub" -- "$bin" --sysroot "$fx/secureboot-unsigned-vboxdrv" explain "modprobe: ERROR: could not insert 'vboxdrv': Key was rejected by service"
expect "explain BIOS (svm disabled)" 0 "VM_CR.SVMDIS is set and locked" -- "$bin" --sysroot "$fx/amd-svm-firmware-disabled" explain VERR_SVM_DISABLED
expect "explain modprobe EOPNOTSUPP (firmware off)" 0 "msr.vt_disabled_by_firmware" -- "$bin" --sysroot "$fx/r-kvm-docker-desktop-ubuntu-intel-vtx-bios-off" --format json explain "modprobe: ERROR: could not insert 'kvm_intel': Operation not supported"
expect "explain emulator permission (CI runner)" 0 "99-kvm4all.rules" -- "$bin" --sysroot "$fx/r-env-gha-ubuntu2404-emulator-kvm-perm" explain "ProbeKVM: This user doesn't have permissions to use KVM (/dev/kvm)."
expect "explain modprobe EPERM (Secure Boot, vmmon)" 0 "vmware.unsigned_driver" -- "$bin" --sysroot "$fx/r-vmware-ubuntu2004-5.4-sb-vmmon-eperm" --format json explain "modprobe: ERROR: could not insert 'vmmon': Operation not permitted"
expect "explain no headers (vboxconfig)" 0 "sudo apt install linux-headers-6.13.6-surface-1 && sudo /sbin/vboxconfig" -- "$bin" --sysroot "$fx/r-vbox-ubuntu-surface-6.13-no-headers" explain "This system is currently not set up to build kernel modules."
# a Linux host's explain lists no row about a macOS or Windows host (those are explain --log's)
"$bin" --sysroot "$fx/intel-kvm612-vbox71" explain -4011 >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "vboxdrv_needs_vt_free" "$tmp/out" && ! grep -q "macOS host" "$tmp/out"; then ok; else bad "explain -4011 on a Linux host lists another host's row"; cat "$tmp/out"; fi
"$bin" --sysroot "$fx/intel-kvm612-vbox71" --format json explain -4011 >"$tmp/out" 2>&1
if grep -q '"vboxdrv_needs_vt_free"' "$tmp/out" && ! grep -q '"mac_vt_held_or_missing"' "$tmp/out"; then ok; else bad "explain --format json -4011 on a Linux host lists another host's row"; fi
expect "explain docker --device /dev/kvm (VMware guest, no vhv)" 0 "vhv.enable" -- "$bin" --sysroot "$fx/r-env-vmware-guest-ubuntu2204-5.15-docker-osx-no-vhv" explain 'docker: Error response from daemon: error gathering device information while adding custom device "/dev/kvm": no such file or directory.'
expect "explain WSL without nesting (Windows 10, custom kernel)" 0 "wsl_nested_not_supported" -- "$bin" --sysroot "$fx/r-env-wsl2-win10-custom-kernel-5.15.90-no-nested" explain 'wsl: Nested virtualization is not supported on this machine.'
expect "explain vmmon key rejected (Ubuntu 6.17, Secure Boot)" 0 "sign-file sha256 MOK.priv MOK.der /lib/modules/6.17.0-6-generic/misc/vmmon.ko" -- "$bin" --sysroot "$fx/r-vmware-ubuntu2510-6.17-sb-vmmon-key-rejected" explain "modprobe: ERROR: could not insert 'vmmon': Key was rejected by service"
expect "explain nothing here (pvm)" 0 "Nothing on this host causes it now" -- "$bin" --sysroot "$fx/kvm-pvm-firecracker" explain -4011
expect "explain unknown" 2 "not a message virtcheck knows" -- "$bin" --sysroot "$fx/kvm-pvm-firecracker" explain hello world
expect "explain no argument" 3 "what should be explained" -- "$bin" explain
printf 'VBoxManage: error: AMD-V is being used by another hypervisor (VERR_SVM_IN_USE)\n' >"$tmp/paste"
"$bin" --sysroot "$fx/amd-kvm-idle-6.1" explain - <"$tmp/paste" >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "VERR_SVM_IN_USE (-4054)" "$tmp/out"; then ok; else bad "explain - (stdin)"; cat "$tmp/out"; fi
expect "prometheus conflicts" 0 "^virtcheck_conflicts 1$" -- sh -c '"$0" --sysroot "$1" --format prometheus; [ $? = 2 ]' "$bin" "$fx/intel-kvm612-vbox71"
# a flatpak sandbox known only from /run/host/container-manager (no /.flatpak-info) is still one
cp -r "$fx/r-env-flatpak-vscode-android-emu-no-dev-kvm" "$tmp/flatpak" && rm "$tmp/flatpak/.flatpak-info"
expect "flatpak from /run/host/container-manager" 0 "flatpak override --user --device=kvm" -- sh -c '"$0" --sysroot "$1"; [ $? = 2 ]' "$bin" "$tmp/flatpak"
expect "prometheus owner" 0 'virtcheck_owner_info{hypervisor="vmware",backend="vmmon"' -- sh -c '"$0" --sysroot "$1" --format prometheus; true' "$bin" "$fx/vmware-vmx-running"

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
# a secret outside every sysroot: no mutant may make virtcheck read it
printf 'SECRET-OUTSIDE-THE-SYSROOT\n' >"$tmp/secret"
keep="${VC_MUTANT_KEEP:-$(dirname "$bin")/failed-mutants}"
stride=${VC_MUTANT_STRIDE:-1}
mutate() { # SHARD
	shard=$1 w=$tmp/mutate$1 pass=0 fail=0 mutants=0 seen=0 index=0
	for dir in "$here"/fixtures/*/; do
		name=$(basename "$dir")
		( cd "$dir" && find . -type f ! -name expected.json ! -name SOURCE.md ) | sed 's|^\./||' >"$w/files"
		index=$((index + 1))
		if [ $((index % jobs)) != "$shard" ]; then
			seen=$((seen + 8 * $(wc -l <"$w/files")))
			continue
		fi
		# one copy per fixture; each mutant changes one file, which is put back before the next
		rm -rf "$w/m"
		cp -a "$dir" "$w/m"
		mutated=
		while read -r rel; do
			f="$w/m/$rel"
			for how in empty truncate garbage random huge directory loop outside; do
				# VC_MUTANT_STRIDE=N tries every Nth mutant (make asan: the sanitizers are slow);
				# the stride is prime to the 8 kinds, so the kinds take turns (the count runs on
				# across the fixtures: with a stride above a fixture's 8 x files, not every kind
				# meets that fixture in one run)
				seen=$((seen + 1))
				[ $((seen % stride)) -eq 0 ] || continue
				# (each mutant costs a few processes, each process several milliseconds on a
				# guest whose page faults are slow: no more of them than it takes)
				if [ -n "$mutated" ]; then
					[ -d "$mutated" ] && [ ! -L "$mutated" ] && rmdir "$mutated"
					cp -a --remove-destination "$dir/${mutated#"$w/m/"}" "$mutated"
				fi
				mutated=$f
				case $how in
				empty) : >"$f" ;;
				truncate) head -c "$(($(wc -c <"$dir/$rel") / 2))" "$dir/$rel" >"$f" ;;
				garbage) garbage >"$f" ;;
				# random bytes hold a NUL but for 1 time in 3,000: one is put in, so the
				# "names the file" check below cannot flake
				random) { head -c 2047 /dev/urandom; printf '\000'; } >"$f" ;;
				huge) truncate -s 64M "$f" ;;
				directory) rm -f "$f" && mkdir "$f" ;;
				loop) ln -sf "${f##*/}" "$f" ;;
				# absolute, and far enough up to leave any directory: both must stay inside
				outside) if [ $((seen % 2)) = 0 ]; then ln -sf "$tmp/secret" "$f"; else
					ln -sf "../../../../../../../../../../..$tmp/secret" "$f"; fi ;;
				esac
				mutants=$((mutants + 1))
				# bounded memory: an allocation without bound fails here, and is caught
				# (not under ASan, whose shadow memory needs terabytes of address space)
				(if [ "${VC_MUTANT_VMLIMIT:-1048576}" != 0 ]; then ulimit -v "${VC_MUTANT_VMLIMIT:-1048576}"; fi
				 exec "$bin" --sysroot "$w/m" --format json) >"$w/out.json" 2>"$w/err"
				rc=$?
				# meta.txt marks a capture: without it (gone, or a directory or link in its place)
				# the directory is no capture, and nothing is replayed
				case "$rel:$how" in
				virtcheck/meta.txt:directory | virtcheck/meta.txt:loop | virtcheck/meta.txt:outside)
					if [ "$rc" = 3 ] && [ ! -s "$w/out.json" ] &&
						grep -q "^virtcheck: $w/m is not a virtcheck capture" "$w/err"; then ok; else
						bad "$name/$rel ($how): exit $rc, not the 'not a virtcheck capture' error"
						head -3 "$w/err"
					fi
					continue ;;
				esac
				# a broken record file must be named in a finding
				case "$rel:$how" in
				virtcheck/*:garbage | virtcheck/*:huge | virtcheck/*:directory | virtcheck/*:loop | virtcheck/*:random)
					named=$rel ;;
				*) named= ;;
				esac
				# one awk for the three questions of the report: its last line closes it (exit 1
				# if not), nothing outside the sysroot is in it (2), the broken file is named (3)
				awk -v named="$named" 'index($0, "SECRET-OUTSIDE") { secret = 1; exit }
					named != "" && index($0, named) { found = 1 }
					{ last = $0 }
					END { if (secret) exit 2; if (last != "}") exit 1; if (named != "" && !found) exit 3 }' \
					"$w/out.json"
				case $rc:$? in
				[012]:0) ok ;;
				[012]:2) bad "$name/$rel ($how): read a file outside the sysroot" ;;
				[012]:3) bad "$name/$rel ($how): no finding names the file" ;;
				*)
					bad "$name/$rel ($how): exit $rc (mutant kept in $keep/$name-$how)"
					head -5 "$w/err"
					mkdir -p "$keep" && rm -rf "$keep/$name-$how" && cp -a "$w/m" "$keep/$name-$how" ;;
				esac
			done
		done <"$w/files"
	done
	echo "$pass $fail $mutants" >"$w/counts"
}
sharded mutate
echo "# fixtures: $(ls -d "$here"/fixtures/*/ | wc -l), mutants tried: $mutants"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
