#!/bin/sh
# make check-vm: virtcheck against real Linux kernels, real modules and a real EFER.SVME.
# For each kernel package (VC_VM_KERNELS: Debian's linux-image-amd64, today 6.1, and
# linux-image-6.12-amd64), resolves the metapackage to the real versioned package, downloads it
# with its headers once into a cache outside the clone keyed by that version (VC_VM_CACHE,
# default /var/cache/virtcheck-vm), unpacks them there (dpkg -x, never installed), builds
# tests/vm/svmclaim against those headers, and boots the kernel once under QEMU with TCG, which
# emulates SVM, with an initramfs of busybox, the KVM modules, svmclaim, virtcheck, its test
# build (virtcheck-hooks) and their libraries. The guest runs tests/vm/guest.sh, which runs the
# scenarios of its kernel and prints TAP; every line names the kernel.
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
hooks=${VC_HOOKS_BIN:?set VC_HOOKS_BIN to the virtcheck-hooks binary (make virtcheck-hooks)}
here=$(cd "$(dirname "$0")" && pwd)
work=${VC_VM_DIR:-$(dirname "$bin")/vm}
cache=${VC_VM_CACHE:-/var/cache/virtcheck-vm}
kernels=${VC_VM_KERNELS:-linux-image-amd64 linux-image-6.12-amd64}
mkdir -p "$work"

skip() {
	echo "SKIP: check-vm: $*"
	# on CI the VM tests must run: a skip there is a failure
	[ -n "${VC_REQUIRE_VM:-}" ] && { echo "VC_REQUIRE_VM is set: failing"; exit 1; }
	exit 0
}

# ---- what the host needs ----
missing=""
command -v qemu-system-x86_64 >/dev/null || missing="$missing qemu-system-x86"
[ -x /bin/busybox ] || missing="$missing busybox-static"
command -v cpio >/dev/null || missing="$missing cpio"
command -v depmod >/dev/null || [ -x /sbin/depmod ] || missing="$missing kmod"
command -v xz >/dev/null || missing="$missing xz-utils"
command -v zstd >/dev/null || missing="$missing zstd"
command -v apt-get >/dev/null || skip "no apt-get: the kernels are Debian's packages"
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "check-vm: installing$missing"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
			skip "could not install$missing"
	else
		skip "missing$missing (sudo apt-get install$missing)"
	fi
fi
PATH=$PATH:/sbin:/usr/sbin
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
	echo "# check-vm: $cache is not writable: caching in $work/cache"
	cache="$work/cache"
	mkdir -p "$cache"
fi

# the versioned package a metapackage (or a package) stands for: "RELEASE VERSION"
resolve() {
	rel=$(apt-cache depends "$1" 2>/dev/null | sed -n 's/^ *|\{0,1\}Depends: linux-image-\([0-9].*\)$/\1/p' | head -n 1)
	[ -n "$rel" ] || rel=$(echo "$1" | sed -n 's/^linux-image-\([0-9].*\)$/\1/p')
	ver=$(apt-cache policy "linux-image-$rel" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[ -n "$rel" ] && [ -n "$ver" ] && [ "$ver" != "(none)" ] && echo "$rel $ver"
}

# the image and its headers (with the common headers and kbuild they need), unpacked into the
# cache once: prints the tree
fetch() { # RELEASE VERSION
	d="$cache/linux-$1_$2"
	[ -f "$d/complete" ] && { echo "$d/tree"; return 0; }
	tmp="$d.part.$$"
	rm -rf "$tmp" && mkdir -p "$tmp/debs" "$tmp/tree" || return 1
	hpkgs=$(apt-cache depends "linux-headers-$1" 2>/dev/null | sed -n 's/^ *|\{0,1\}Depends: //p' |
		grep -E '^linux-(headers|kbuild)-' | sort -u)
	echo "# check-vm: downloading linux-image-$1 $2, linux-headers-$1" $hpkgs "into $d" >&2
	(cd "$tmp/debs" && apt-get download "linux-image-$1" "linux-headers-$1" $hpkgs >"$tmp/apt.log" 2>&1) ||
		{ cat "$tmp/apt.log" >&2; rm -rf "$tmp"; return 1; }
	for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$tmp/tree" || { rm -rf "$tmp"; return 1; }; done
	# Debian's headers Makefile includes the common one by its absolute /usr/src path
	sed -i "s|/usr/src/|$d/tree/usr/src/|" "$tmp/tree/usr/src/linux-headers-$1/Makefile" &&
		depmod -b "$tmp/tree" "$1" || { rm -rf "$tmp"; return 1; }
	rm -rf "$tmp/debs" "$d" && mv "$tmp" "$d" && touch "$d/complete" && echo "$d/tree"
}

# a module of the package into the initramfs, uncompressed (busybox and libkmod read it so)
put_module() { # MODULES-DIR RELPATH ROOT-MODULES-DIR
	case $2 in
	*.xz | *.zst | *.gz) dst="$3/${2%.*}" ;;
	*) dst="$3/$2" ;;
	esac
	mkdir -p "$(dirname "$dst")"
	case $2 in
	*.xz) xz -dc <"$1/$2" >"$dst" ;;
	*.zst) zstd -qdc <"$1/$2" >"$dst" ;;
	*.gz) gzip -dc <"$1/$2" >"$dst" ;;
	*) cp "$1/$2" "$dst" ;;
	esac
}

# The paths of the libraries BINARY loads with dlopen, from its .note.dlopen notes (the ELF dlopen
# metadata systemd writes too): ldd does not list them. An error message when a note names a library
# this machine lacks, or when there are no notes (readelf missing: binutils).
dlopen_paths() { # BINARY
	sonames=$(readelf -p .note.dlopen "$1" 2>/dev/null | grep -o '"soname":\[[^]]*\]' | grep -o 'lib[^"]*')
	[ -n "$sonames" ] || { echo "no .note.dlopen in $1 (is readelf installed?)"; return 1; }
	for s in $sonames; do
		p=$(ldconfig -p | awk -v s="$s" '$1 == s && /x86-64/ { print $NF; exit }')
		[ -n "$p" ] || { echo "$s (a .note.dlopen of $1) is not installed"; return 1; }
		echo "$p"
	done
}

# ---- our pieces, once: the VM holder ----
${CC:-cc} -static -O2 -o "$work/holdvm" "$here/holdvm.c" || { echo "not ok - building holdvm"; exit 1; }

# One kernel's boot (TCG emulates SVM: kvm_amd really loads), its results in KW: tap (what
# the guest said, and why it did not finish), summary (its line). KREL KVER TREE KW
boot() {
	krel=$1 kver=$2 tree=$3 kw=$4
	log="$kw/console.log"
	# thread=single: under QEMU 7.2's multi-threaded TCG the guest kernel wedged (soft lockups in
	# finish_task_switch and int3 text patching, RCU stalls) in 3 of 4 boots on 2026-11-22: twice
	# in scenario 3's module reload, once in the bench; one TCG thread for both vCPUs passed 6 of
	# 6 in the same ~21 s. A wedged kernel panics (softlockup_panic) so a hang costs seconds, not
	# the timeout.
	start=$(date +%s)
	timeout 200 qemu-system-x86_64 -accel tcg,thread=single -cpu EPYC,+svm -smp 2 -m 1G -nographic -no-reboot \
		-kernel "$tree/boot/vmlinuz-$krel" -initrd "$kw/initrd.gz" \
		-append "console=ttyS0 panic=-1 softlockup_panic=1 quiet loglevel=5" </dev/null >"$log" 2>&1
	qrc=$?
	end=$(date +%s)
	tr -d '\r' <"$log" | grep -E '^(ok|not ok) [0-9]+ - |^# ' | grep -v '^# /tmp' >"$kw/tap"
	if [ "$qrc" != 0 ] || ! grep -q 'virtcheck-guest: done' "$log"; then
		{
			echo "not ok - $krel: the guest did not finish (qemu exit $qrc); console log kept: $log"
			tail -n 40 "$log" | tr -d '\r' | sed 's/^/# /'
		} >>"$kw/tap"
	fi
	grep -q '^ok ' "$kw/tap" ||
		echo "not ok - $krel: no result from the guest; console log: $log" >>"$kw/tap"
	echo "check-vm: linux-image-$krel $kver under qemu-system-x86_64 -accel tcg,thread=single -cpu EPYC,+svm, $((end - start)) s" \
		>"$kw/summary"
}

# ---- one initramfs and one boot per kernel ----
booted=
: >"$work/tap.all"
summary=""
total_start=$(date +%s)
for meta in $kernels; do
	rv=$(resolve "$meta") || skip "cannot resolve $meta to a kernel package (apt-get update?)"
	krel=${rv% *}
	kver=${rv#* }
	tree=$(fetch "$krel" "$kver") || skip "downloading or unpacking linux-image-$krel $kver failed"
	kw="$work/$krel"
	rm -rf "$kw"
	mkdir -p "$kw"
	mods="$tree/lib/modules/$krel"

	cp -r "$here/svmclaim" "$kw/svmclaim"
	# (BTF for modules needs pahole and is of no use here)
	if ! make -s -C "$tree/usr/src/linux-headers-$krel" M="$kw/svmclaim" CONFIG_DEBUG_INFO_BTF_MODULES= \
		modules >"$kw/svmclaim.log" 2>&1; then
		sed 's/^/# /' "$kw/svmclaim.log"
		echo "not ok - $krel: building tests/vm/svmclaim against linux-headers-$krel $kver" >>"$work/tap.all"
		continue
	fi

	root="$kw/root"
	mkdir -p "$root/bin" "$root/etc" "$root/lib/modules/$krel/extra"
	cp /bin/busybox "$root/bin/busybox"
	cp "$here/init" "$root/init"
	cp "$here/guest.sh" "$here"/on-*.sh "$root/"
	cp "$bin" "$root/bin/virtcheck"
	cp "$hooks" "$root/bin/virtcheck-hooks"
	cp "$work/holdvm" "$root/bin/holdvm"
	# the shared libraries of both, at the paths the loader looks in: those ldd lists, and those
	# virtcheck loads with dlopen (libkmod, libudev, libpci: its .note.dlopen notes) with theirs
	dlopened=$(dlopen_paths "$bin") || { echo "not ok - $krel: $dlopened" >>"$work/tap.all"; continue; }
	for lib in $dlopened $(ldd "$bin" "$hooks" $dlopened | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' | sort -u); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	# kvm_amd and the msr driver, with what they need (modules.dep of the package)
	deps=$(grep -E '/(kvm-amd|msr)\.ko(\.[a-z]+)?:' "$mods/modules.dep" | tr ' :' '\n\n' | grep . | sort -u)
	[ "$(echo "$deps" | grep -c -E '/(kvm-amd|kvm|msr)\.ko')" = 3 ] ||
		{ echo "not ok - $krel: kvm-amd, kvm and msr not all in linux-image-$krel" >>"$work/tap.all"; continue; }
	for m in $deps; do put_module "$mods" "$m" "$root/lib/modules/$krel"; done
	cp "$kw/svmclaim/svmclaim.ko" "$root/lib/modules/$krel/extra/"
	cp "$mods/modules.builtin" "$mods/modules.builtin.modinfo" "$mods/modules.order" "$root/lib/modules/$krel/" 2>/dev/null
	depmod -b "$root" "$krel" || { echo "not ok - $krel: depmod" >>"$work/tap.all"; continue; }
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\nkvm:x:993:\n' >"$root/etc/group"
	(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$kw/initrd.gz"

	# ---- boot it (TCG emulates SVM: kvm_amd really loads), beside the next kernel's preparing
	# and boot: each QEMU runs one TCG thread, and our machines have two CPUs ----
	boot "$krel" "$kver" "$tree" "$kw" &
	booted="$booted $kw"
done
wait
for kw in $booted; do
	cat "$kw/tap" >>"$work/tap.all"
	summary="$summary
$(cat "$kw/summary")"
done

# one TAP stream, numbered through
awk '/^(ok|not ok)/ { n++; sub(/^ok [0-9]* -|^ok -/, "ok " n " -"); sub(/^not ok [0-9]* -|^not ok -/, "not ok " n " -") } { print }' \
	"$work/tap.all" >"$work/tap"
cat "$work/tap"
passed=$(grep -c '^ok ' "$work/tap")
failed=$(grep -c '^not ok ' "$work/tap")
echo "$summary" | sed '/^$/d'
echo "check-vm: $(($(date +%s) - total_start)) s in all"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || { echo "console logs kept under $work"; exit 1; }
