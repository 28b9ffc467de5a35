#!/bin/sh
# The zsh and fish completions (dist/completions/): syntax (zsh -n, fish -n), then what each offers
# for a few command lines: fish by `complete -C LINE`; zsh with the completion system's builtins
# (compadd, compset, _files, _call_program) stood in for, since they work only inside a widget.
# A shell that is not installed is a SKIP with the reason. Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
dist=$here/../../dist/completions
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin"
ln -s "$bin" "$dir/bin/virtcheck"
PATH=$dir/bin:$PATH
pass=0 fail=0

check() { # WHAT GOT WANT
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $1: offered [$2], expected [$3]"
	fi
}

if command -v fish >/dev/null; then
	if fish -n "$dist/virtcheck.fish"; then pass=$((pass + 1)); else fail=$((fail + 1)) && echo "not ok: fish -n"; fi
	fish_offer() { fish -c "source '$dist/virtcheck.fish'; complete -C '$1'" | cut -f1 | sort | tr '\n' ' '; }
	check "fish 'virtcheck pre'" "$(fish_offer 'virtcheck pre')" "preflight "
	check "fish 'virtcheck preflight --require kvm,ne'" "$(fish_offer 'virtcheck preflight --require kvm,ne')" "kvm,nested "
	check "fish 'virtcheck --format '" "$(fish_offer 'virtcheck --format ')" "json prometheus text "
	check "fish 'virtcheck bench --format=m'" "$(fish_offer 'virtcheck bench --format=m')" "--format=markdown "
	check "fish 'virtcheck bench exit.p'" "$(fish_offer 'virtcheck bench exit.p')" "exit.pio "
	check "fish 'virtcheck switch '" "$(fish_offer 'virtcheck switch ')" "kvm none virtualbox vmware "
	check "fish 'virtcheck preflight --qu'" "$(fish_offer 'virtcheck preflight --qu')" "--quiet "
	check "fish 'virtcheck --sysroot $here/../fixt'" "$(fish_offer "virtcheck --sysroot $here/../fixt")" "$here/../fixtures/ "
else
	echo "SKIP: fish completion: fish is not installed (apt-get install fish)"
fi

if command -v zsh >/dev/null; then
	if zsh -n "$dist/_virtcheck"; then pass=$((pass + 1)); else fail=$((fail + 1)) && echo "not ok: zsh -n"; fi
	zsh_offer() { # the words of the line, the last one being completed
		zsh -f -c '
			compadd() { local -a out; while (($#)); do case $1 in -a) out+=(${(P)2}); shift 2 ;; -S) shift 2 ;; *) out+=($1); shift ;; esac; done; print -l -- $out; }
			compset() { [[ $1 == -P && $PREFIX == *,* ]] && PREFIX=${PREFIX##*,}; return 0; }
			_files() { print -- "@files $*"; }
			_call_program() { shift; "$@"; }
			words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}
			source "'"$dist"'/_virtcheck"' zsh "$@" | sort | tr '\n' ' '
	}
	check "zsh 'virtcheck pre'" "$(zsh_offer virtcheck pre)" "bench capture explain help preflight report switch "
	check "zsh 'virtcheck preflight --require '" "$(zsh_offer virtcheck preflight --require '' | tr ' ' '\n' | grep -cx 'no-conflict\|api>=\|kvm-backend=kvm_pvm' | tr -d '\n') " "3 "
	check "zsh 'virtcheck preflight --format '" "$(zsh_offer virtcheck preflight --format '')" "github json junit tap text "
	check "zsh 'virtcheck bench --'" "$(zsh_offer virtcheck bench -- | tr ' ' '\n' | grep -c -- '^--' | tr -d '\n') " "$("$bin" __complete options bench | grep -c '^--') "
	check "zsh 'virtcheck switch '" "$(zsh_offer virtcheck switch '')" "kvm none virtualbox vmware "
	check "zsh 'virtcheck --sysroot '" "$(zsh_offer virtcheck --sysroot '')" "@files -/ "
	check "zsh 'virtcheck capture '" "$(zsh_offer virtcheck capture '')" "@files -/ "
else
	echo "SKIP: zsh completion: zsh is not installed (apt-get install zsh)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
