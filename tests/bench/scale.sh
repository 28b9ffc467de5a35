#!/bin/sh
# make bench: the scaling runs of issue 17, timed as ratios to the floor in one interleaved run each
# (tests/bench/timer.c; see ratios.sh):
#   live:     the report with 0, 500 and 2,000 extra idle processes alive (the timer's own sleepers),
#             and with 100 of them holding 100 open files each of their own (10,000 extra fds)
#   replayed: a capture of this machine, then the same capture with 10,000 processes, 256 CPUs, 1,000
#             modules, 100,000 fd records (1,000 processes x 100), and 10,000/256/1,000 together
# Each cost per unit is (the variant's median ratio - the base's) x the floor's median ms / the units,
# printed against the goals: a process <= 5 us, an fd <= 1 us, the 10k/256/1000 capture <= 2x the small
# one. A benchmark: it prints MISSED, it fails only when a replay does not read its records.
set -u
bin=${1:?usage: scale.sh VIRTCHECK TIMER FLOOR}
timer=${2:?usage: scale.sh VIRTCHECK TIMER FLOOR}
floor=${3:?usage: scale.sh VIRTCHECK TIMER FLOOR}
runs=${RUNS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
tab=$(printf '\t')

# "LABEL RATIO P25 P75 N MEDIAN_MS EXIT" lines of one timer run: $1 extra processes, $2 the spec
measure() { "$timer" -m -n "$runs" -s "$1" ${3:+-f "$3"} "$2"; }
field() { awk -F'\t' -v l="$2" -v f="$3" '$1 == l { print $f }' "$1"; }
# cost in us per unit: (ratio of $2 - ratio of $3) x floor ms / $4 units, from the timer output $1
cost() {
	awk -F'\t' -v a="$2" -v b="$3" -v u="$4" '
		$1 == "floor" { fl = $6 } $1 == a { ra = $2 } $1 == b { rb = $2 }
		END { printf "%.2f", (ra - rb) * fl * 1000 / u }' "$1"
}
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g) ? "met" : "MISSED" }'; }
# cost in us per unit of LABEL between two runs: (its ratio in RUN - in BASE) x RUN's floor ms /
# UNITS; nothing where either run lacks the label (fuser not installed)
per_unit() { # LABEL BASE RUN UNITS
	awk -F'\t' -v l="$1" -v b="$(field "$2" "$1" 2)" -v u="$4" '$1 == "floor" { fl = $6 } $1 == l { r = $2 }
		END { if (b != "" && r != "") printf "%.2f", (r - b) * fl * 1000 / u }' "$3"
}

# ---- live: extra idle processes ----
printf 'floor%s%s\nreport%s%s --format json\n' "$tab" "$floor" "$tab" "$bin" >"$tmp/live.spec"
# psmisc's fuser, which reads every process's open files as the report's scan does: what a
# process costs a /proc scan on this kernel, beside ours (installed with psmisc; a row only)
fuser=$(command -v fuser 2>/dev/null) && printf 'fuser%s%s -s /dev/kvm\n' "$tab" "$fuser" >>"$tmp/live.spec"
for extra in 0 500 2000; do
	measure "$extra" "$tmp/live.spec" >"$tmp/live.$extra" || { echo "scale: the timer failed"; exit 1; }
done
echo "scale, live (median of $runs interleaved rounds; report x floor, p25-p75):"
for extra in 0 500 2000; do
	printf '  %5d extra processes: %5s x (%s-%s), report %s ms, floor %s ms\n' "$extra" \
		"$(field "$tmp/live.$extra" report 2)" "$(field "$tmp/live.$extra" report 3)" \
		"$(field "$tmp/live.$extra" report 4)" "$(field "$tmp/live.$extra" report 6)" \
		"$(field "$tmp/live.$extra" floor 6)"
done
# the base ratio from its own run, scaled by that run's floor
for extra in 500 2000; do
	per=$(per_unit report "$tmp/live.0" "$tmp/live.$extra" "$extra")
	echo "  per extra process ($extra): $per us (goal <= 5 us): $(verdict "$per" 5)"
	f=$(per_unit fuser "$tmp/live.0" "$tmp/live.$extra" "$extra")
	[ -n "$f" ] && echo "    fuser /dev/kvm (psmisc, the same scan): $f us per extra process"
done

# ---- live: extra open files (100 sleepers with none, then with 100 files each of their own) ----
measure 100 "$tmp/live.spec" >"$tmp/fds.0" || { echo "scale: the timer failed"; exit 1; }
measure 100 "$tmp/live.spec" 100 >"$tmp/fds.100" || { echo "scale: the timer failed"; exit 1; }
base=$(field "$tmp/fds.0" report 2)
per=$(per_unit report "$tmp/fds.0" "$tmp/fds.100" 10000)
printf '  100 processes, 100 open files each: %s x (%s-%s), with none %s x\n' "$(field "$tmp/fds.100" report 2)" \
	"$(field "$tmp/fds.100" report 3)" "$(field "$tmp/fds.100" report 4)" "$base"
echo "  per extra open file (10,000): $per us (goal <= 1 us): $(verdict "$per" 1)"
f=$(per_unit fuser "$tmp/fds.0" "$tmp/fds.100" 10000)
[ -n "$f" ] && echo "    fuser /dev/kvm (psmisc, the same scan): $f us per extra open file"

# ---- replayed: synthetic captures ----
"$bin" capture "$tmp/small" >/dev/null 2>&1
[ -f "$tmp/small/virtcheck/meta.txt" ] || { echo "scale: virtcheck capture failed"; exit 1; }
variant() { cp -r "$tmp/small" "$tmp/$1"; }
procs() { # $1 dir, $2 processes, $3 records each; every 1000th process a QEMU with a KVM VM
	awk -v n="$2" -v k="$3" 'BEGIN {
		for (p = 1000; p < 1000 + n; p++)
			for (f = 0; f < k; f++)
				if (p % 1000 == 0 && f == 0) printf "%d qemu-system-x86 anon_inode:kvm-vm\n", p
				else printf "%d w /f\n", p
	}' >"$1/virtcheck/fds.txt"
}
cpus() { # $1 dir, 256 CPUs: every CPU answers as CPU 0 does
	awk '/^CPU 0:/ { on = 1; next } /^CPU / { on = 0 } on { b = b $0 "\n" }
		END { for (c = 0; c < 256; c++) printf "CPU %d:\n%s", c, b }' "$tmp/small/virtcheck/cpuid.txt" \
		>"$1/virtcheck/cpuid.txt"
	awk '$1 == "cpu" && $2 == 0 { for (c = 0; c < 256; c++) { $2 = c; print } }' \
		"$tmp/small/virtcheck/msr.txt" >"$1/virtcheck/msr.txt"
	echo 0-255 >"$1/sys/devices/system/cpu/online"
	awk -v RS= '/^processor/ { b = $0 } END { for (c = 0; c < 256; c++) { sub(/^processor[^\n]*/,
		"processor\t: " c, b); print b "\n" } }' "$tmp/small/proc/cpuinfo" >"$1/proc/cpuinfo"
}
mods() { # $1 dir, 1,000 modules next to the captured ones
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "mod%04d 16384 0 - Live 0x0000000000000000\n", i }' \
		>>"$1/proc/modules"
}
variant procs && procs "$tmp/procs" 10000 1
variant fds && procs "$tmp/fds" 1000 100
variant cpus && cpus "$tmp/cpus"
variant mods && mods "$tmp/mods"
variant big && procs "$tmp/big" 10000 1 && cpus "$tmp/big" && mods "$tmp/big"
{
	printf 'floor%s%s\n' "$tab" "$floor"
	for v in small procs fds cpus mods big; do printf '%s%s%s --sysroot %s --format json\n' "$v" "$tab" "$bin" "$tmp/$v"; done
} >"$tmp/replay.spec"
for v in procs fds big; do
	"$bin" --sysroot "$tmp/$v" --format json 2>/dev/null | grep -Eq '"pid": 1000(,|$)' ||
		{ echo "scale: the KVM user among the $v records was not found"; exit 1; }
done
measure 0 "$tmp/replay.spec" >"$tmp/replay" || { echo "scale: the timer failed"; exit 1; }
echo "scale, replayed captures (median of $runs interleaved rounds; x floor, p25-p75, median ms):"
for v in small procs fds cpus mods big; do
	printf '  %-6s %6s x (%s-%s) %8s ms\n' "$v" "$(field "$tmp/replay" "$v" 2)" "$(field "$tmp/replay" "$v" 3)" \
		"$(field "$tmp/replay" "$v" 4)" "$(field "$tmp/replay" "$v" 6)"
done
p=$(cost "$tmp/replay" procs small 10000)
f=$(cost "$tmp/replay" fds small 100000)
c=$(cost "$tmp/replay" cpus small 254)
m=$(cost "$tmp/replay" mods small 1000)
big=$(awk -F'\t' '$1 == "small" { s = $2 } $1 == "big" { b = $2 } END { printf "%.2f", b / s }' "$tmp/replay")
echo "  per process record: $p us (goal <= 5 us): $(verdict "$p" 5)"
echo "  per fd record: $f us (goal <= 1 us): $(verdict "$f" 1)"
echo "  per CPU: $c us; per module: $m us"
echo "  10,000 processes + 256 CPUs + 1,000 modules: $big x the small capture (goal <= 2x): $(verdict "$big" 2)"
