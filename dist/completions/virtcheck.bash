# bash completion for virtcheck(1): commands, options, formats, --require names, benchmarks, paths.
# The words come from the binary itself (the hidden `virtcheck __complete`), so they are always
# those of the installed version; nothing is listed twice.

# The word being completed as the user sees it (COMP_WORDS splits at = > < :, and "mem>=4G" or
# "--require=kvm" are one word here), and the one before it.
_virtcheck_words()
{
	local line=${COMP_LINE:0:COMP_POINT}
	read -ra _vc_w <<<"$line"
	[[ -z $line || $line == *[[:space:]] ]] && _vc_w+=("")
}

# The options of command $1: _vc_kind[--name]=@dir|@file|@value|@list|@free, or "" for a flag.
_virtcheck_options()
{
	local opt kind
	_vc_kind=()
	while read -r opt kind; do
		[[ $opt ]] && _vc_kind[$opt]=$kind
	done < <("$_vc_prog" __complete options "$1" 2>/dev/null)
}

# COMPREPLY from full words: those starting with the word, less what bash does not replace (up to
# the word's last COMP_WORDBREAKS character).
_virtcheck_reply()
{
	local cur=$1 pre="" i
	shift
	for ((i = ${#cur} - 1; i >= 0; i--)); do
		if [[ $COMP_WORDBREAKS == *"${cur:i:1}"* ]]; then
			pre=${cur:0:i+1}
			break
		fi
	done
	local w
	COMPREPLY=()
	for w; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("${w#"$pre"}")
	done
}

# The value of an option: $1 the kind, $2 the option, $3 what is typed of the value, $4 what comes
# before the value in the word ("--require=" or "").
_virtcheck_value()
{
	local kind=$1 opt=$2 val=$3 before=$4 v
	local -a words=()
	case $kind in
	@dir | @file)
		compopt -o filenames 2>/dev/null
		if [[ $kind == @dir ]]; then
			mapfile -t COMPREPLY < <(compgen -d -- "$val")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$val")
		fi
		return
		;;
	@value)
		while read -r v; do words+=("$before$v"); done < <("$_vc_prog" __complete values "$_vc_cmd" "$opt" 2>/dev/null)
		_virtcheck_reply "$before$val" "${words[@]}"
		;;
	@list) # a comma-separated list: the item after the last comma
		local done_items=""
		[[ $val == *,* ]] && done_items=${val%,*},
		while read -r v; do words+=("$before$done_items$v"); done < <("$_vc_prog" __complete values "$_vc_cmd" "$opt" 2>/dev/null)
		_virtcheck_reply "$before$val" "${words[@]}"
		compopt -o nospace 2>/dev/null
		;;
	esac
}

_virtcheck()
{
	local _vc_prog=${COMP_WORDS[0]:-virtcheck} _vc_cmd="" cmd_at=0 i w
	local -a _vc_w
	local -A _vc_kind
	_virtcheck_words
	local n=$((${#_vc_w[@]} - 1))
	local cur=${_vc_w[n]}

	# the command: the first word that is neither an option nor an option's value
	local commands
	commands=" $("$_vc_prog" __complete commands 2>/dev/null | tr '\n' ' ') "
	_virtcheck_options report
	for ((i = 1; i < n; i++)); do
		w=${_vc_w[i]}
		if [[ $w == -* ]]; then
			[[ $w != *=* && ${_vc_kind[$w]-} ]] && ((i++))
			continue
		fi
		[[ $commands == *" $w "* ]] && _vc_cmd=$w cmd_at=$i
		break
	done
	[[ $_vc_cmd && $_vc_cmd != help ]] && _virtcheck_options "$_vc_cmd"
	[[ $_vc_cmd ]] || _vc_cmd=report

	# the value of an option: "--format j", "--require=kvm,ne"
	local prev=""
	((n > 1)) && prev=${_vc_w[n - 1]}
	if [[ $prev == -* && $prev != *=* && ${_vc_kind[$prev]-} ]]; then
		_virtcheck_value "${_vc_kind[$prev]-}" "$prev" "$cur" ""
		return
	fi
	if [[ $cur == --*=* && ${_vc_kind[${cur%%=*}]-} ]]; then
		_virtcheck_value "${_vc_kind[${cur%%=*}]-}" "${cur%%=*}" "${cur#*=}" "${cur%%=*}="
		return
	fi

	if [[ $cur == -* ]]; then
		local -a opts=()
		for w in "${!_vc_kind[@]}"; do [[ $w == --* ]] && opts+=("$w"); done
		mapfile -t opts < <(printf '%s\n' "${opts[@]}" | sort)
		_virtcheck_reply "$cur" "${opts[@]}"
		return
	fi

	# an operand
	local -a words=()
	if ((cmd_at == 0)); then
		read -ra words <<<"$commands"
	elif [[ ${_vc_w[cmd_at]} == help ]]; then
		((n == cmd_at + 1)) && read -ra words <<<"$commands"
	elif [[ $_vc_cmd == bench && " ${_vc_w[*]} " == *" --compare "* ]]; then
		_virtcheck_value @file "" "$cur" ""
		return
	else
		mapfile -t words < <("$_vc_prog" __complete operands "$_vc_cmd" 2>/dev/null)
		if [[ ${words[0]} == @* ]]; then
			_virtcheck_value "${words[0]}" "" "$cur" ""
			return
		fi
	fi
	_virtcheck_reply "$cur" "${words[@]}"
}

complete -F _virtcheck virtcheck
