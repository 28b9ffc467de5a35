# fish completion for virtcheck(1): commands, options, formats, --require names, benchmarks, paths.
# The words come from the binary itself (the hidden `virtcheck __complete`), as for bash and zsh.

function __virtcheck_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l prog $tokens[1]
    set -l commands ($prog __complete commands 2>/dev/null)
    set -l cmd report
    set -l cmd_at 0
    set -l lines ($prog __complete options report 2>/dev/null)

    # the command: the first word that is neither an option nor an option's value
    set -l i 2
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        if string match -q -- '-*' $w
            if not string match -q -- '*=*' $w; and string match -q -- "$w @*" $lines
                set i (math $i + 1)
            end
        else
            if contains -- $w $commands
                set cmd $w
                set cmd_at $i
            end
            break
        end
        set i (math $i + 1)
    end
    if test $cmd_at -gt 0; and test $cmd != help
        set lines ($prog __complete options $cmd 2>/dev/null)
    end

    # the kind of an option's value: @dir, @file, @value, @list, @free; nothing for a flag
    function __virtcheck_kind -a opt
        for l in $argv[2..-1]
            set -l f (string split -m 1 ' ' -- $l)
            if test "$f[1]" = "$opt"; and set -q f[2]
                echo $f[2]
            end
        end
    end

    set -l opt
    set -l val
    set -l before
    set -l prev $tokens[-1]
    if test (count $tokens) -gt 1; and string match -q -- '-*' $prev; and not string match -q -- '*=*' $prev
        set opt $prev
        set val $cur
    else if string match -q -- '--*=*' $cur
        set -l parts (string split -m 1 '=' -- $cur)
        set opt $parts[1]
        set val $parts[2]
        set before "$opt="
    end
    set -l kind
    test -n "$opt"; and set kind (__virtcheck_kind $opt $lines)
    if test -n "$kind"
        switch $kind
            case @dir
                __fish_complete_directories $val | string replace -r '^' -- "$before"
            case @file
                __fish_complete_path $val | string replace -r '^' -- "$before"
            case @value
                for v in ($prog __complete values $cmd $opt 2>/dev/null)
                    echo "$before$v"
                end
            case @list
                set -l done_items (string match -r '^.*,' -- $val)
                for v in ($prog __complete values $cmd $opt 2>/dev/null)
                    echo "$before$done_items$v"
                end
        end
        return
    end
    if string match -q -- '-*' $cur
        for l in $lines
            string match -r -- '^--\S+' $l
        end
        return
    end
    if test $cmd_at -eq 0
        printf '%s\n' $commands
    else if test $cmd = help
        test (count $tokens) -eq $cmd_at; and printf '%s\n' $commands
    else if test $cmd = bench; and contains -- --compare $tokens
        __fish_complete_path $cur
    else
        set -l words ($prog __complete operands $cmd 2>/dev/null)
        switch "$words[1]"
            case @dir
                __fish_complete_directories $cur
            case @file
                __fish_complete_path $cur
            case '*'
                printf '%s\n' $words
        end
    end
end

complete -c virtcheck -f -a '(__virtcheck_complete)'
