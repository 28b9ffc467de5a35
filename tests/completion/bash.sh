#!/usr/bin/env bash
# The bash completion (dist/completions/virtcheck.bash) sourced as bash-completion loads it, asked
# what it offers for command lines, as bash would when TAB is pressed. VC_BIN: the virtcheck to ask.
# Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/captures/one" "$dir/captures/two"
: >"$dir/captures/file.json"
ln -s "$bin" "$dir/bin/virtcheck"
PATH=$dir/bin:$PATH
# shellcheck source=../../dist/completions/virtcheck.bash
. "$here/../../dist/completions/virtcheck.bash"
pass=0 fail=0

# what _virtcheck offers for LINE (the cursor at its end), sorted, one a line
offer() {
	COMP_LINE=$1 COMP_POINT=${#1}
	COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
	read -ra COMP_WORDS <<<"$1"
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	[[ $1 == *' ' ]] && COMP_CWORD=$((COMP_CWORD + 1))
	COMPREPLY=()
	_virtcheck
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

# LINE then the words expected (all of them, in any order)
expect() {
	local line=$1 got want
	shift
	got=$(offer "$line" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: '$line': offered [$got], expected [$want]"
	fi
}

# LINE then words that must be among those offered
expect_some() {
	local line=$1 got w
	shift
	got=" $(offer "$line" | tr '\n' ' ') "
	for w; do
		if [[ $got != *" $w "* ]]; then
			fail=$((fail + 1))
			echo "not ok: '$line': offered [$got], not '$w'"
			return
		fi
	done
	pass=$((pass + 1))
}

commands=(report capture explain preflight switch bench help)
expect "virtcheck " "${commands[@]}"
expect "virtcheck pre" preflight
expect "virtcheck --passive " "${commands[@]}"
expect "virtcheck --sysroot /tmp " "${commands[@]}"
expect "virtcheck help " "${commands[@]}"
expect "virtcheck help bench "
# options: the global ones each command takes, and its own
expect "virtcheck --pa" --passive
expect "virtcheck --o" --output
expect "virtcheck preflight --re" --require
expect "virtcheck preflight --q" --quiet
expect "virtcheck bench --l" --list
expect "virtcheck explain --pa" --passive
expect "virtcheck capture --pa"
expect "virtcheck switch --dr" --dry-run
expect_some "virtcheck switch --" --dry-run --persistent --recover --status --forget --help --version
# formats, per command
expect "virtcheck --format " text json prometheus
expect "virtcheck --format=j" json
expect "virtcheck preflight --format " text json junit tap github
expect "virtcheck preflight -f t" tap text
expect "virtcheck bench --format " text json markdown html
expect "virtcheck --color " auto always never
# --require: names, after a comma too, the parameterized ones
expect_some "virtcheck preflight --require " kvm kvm-rw hw-virt nested no-conflict virtualbox iommu vfio vhost-net tun "api>=" "mem>=" "cpus>=" help
expect "virtcheck preflight --require no" no-conflict
expect "virtcheck preflight --require kvm,ne" kvm,nested
expect "virtcheck preflight --require=kvm,ne" kvm,nested
expect "virtcheck preflight --require kvm-backend=kvm_" kvm_intel kvm_amd kvm_pvm
expect "virtcheck preflight --require kvm,me" "kvm,mem>="
expect_some "virtcheck preflight --require cap=KVM_CAP_IRQ" KVM_CAP_IRQCHIP
# operands: benchmarks, switch targets
expect_some "virtcheck bench " cpu.int exit.pio lifecycle memory.4k.64MiB first-touch.4k
expect "virtcheck bench exit.p" exit.pio
expect "virtcheck switch " kvm virtualbox vmware none
expect "virtcheck switch --dry-run v" virtualbox vmware
# paths: directories for --sysroot and capture, files for --output and bench --compare
expect "virtcheck --sysroot $dir/captures/" "$dir/captures/one" "$dir/captures/two"
expect "virtcheck --sysroot=$dir/captures/o" "$dir/captures/one"
expect "virtcheck -s $dir/captures/t" "$dir/captures/two"
expect "virtcheck capture $dir/captures/o" "$dir/captures/one"
expect "virtcheck --output $dir/captures/f" "$dir/captures/file.json"
expect "virtcheck bench --compare $dir/captures/f" "$dir/captures/file.json"
# the options before the command do not hide it
expect "virtcheck --sysroot $dir/captures/one preflight --re" --require

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
