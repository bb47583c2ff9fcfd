# dejure.bash - bash completion for dejure: its commands, its options, and
# the values they take (blocs, views, subjects, --by, --format, files).
# Installed as share/bash-completion/completions/dejure; or, by hand:
#   source completion/dejure.bash
# The words come from `dejure complete WHAT` (see `dejure help complete`),
# so commands and options follow the binary (only the options of the
# command being typed are offered), and blocs, views and subjects follow
# the dataset named by --data on the command line.

_dejure_words() { # WHAT [COMMAND]: words from the dejure being completed
    local dj=${COMP_WORDS[0]}
    [[ $dj == "~/"* ]] && dj=$HOME/${dj#"~/"}
    "$dj" complete "$@" "${_dejure_data[@]}" 2>/dev/null
}

_dejure() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i
    COMPREPLY=()
    # --opt=value arrives as "--opt" "=" "value" (= breaks words)
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD >= 2)); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    local -a _dejure_data=() # seen by _dejure_words (dynamic scope)
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -d|--data) _dejure_data=(--data "${COMP_WORDS[i+1]}") ;;
        esac
    done

    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$(_dejure_words commands) --help --version" -- "$cur"))
        return 0
    fi
    if [[ ${COMP_WORDS[1]} == help ]]; then
        ((COMP_CWORD == 2)) &&
            COMPREPLY=($(compgen -W "$(_dejure_words commands) complete" -- "$cur"))
        return 0
    fi
    if [[ ${COMP_WORDS[1]} == complete ]]; then
        ((COMP_CWORD == 2)) &&
            COMPREPLY=($(compgen -W "commands options blocs views subjects marks by formats" -- "$cur"))
        return 0
    fi

    local what=""
    case $prev in
        -b|--bloc|--among) what=blocs ;;
        -v|--view) what=views ;;
        -s|--subject) what=subjects ;;
        --exclude) what=marks ;;
        --by) what=by ;;
        --format) what=formats ;;
        -d|--data)
            COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;
        -e|--events)
            COMPREPLY=($(compgen -f -- "$cur")); [[ -z $cur ]] && COMPREPLY+=(-)
            compopt -o filenames 2>/dev/null; return 0 ;;
        -o|--out)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;
        -a|--at|--from|--to|--size|--thresholds|--jobs|--until|--exclude)
            return 0 ;; # a value only the user knows
    esac
    # batch FILE, verify DIR: the one argument that is not an option
    if [[ $cur != -* && ( ${COMP_WORDS[1]} == batch || ${COMP_WORDS[1]} == verify ) ]]; then
        if [[ ${COMP_WORDS[1]} == batch ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        compopt -o filenames 2>/dev/null
        return 0
    fi
    if [[ -n $what ]]; then
        # --bloc takes a comma-separated list: complete its last item
        local head=""
        if [[ $what == blocs && $cur == *,* ]]; then
            head=${cur%,*},
            cur=${cur##*,}
        fi
        COMPREPLY=($(compgen -P "$head" -W "$(_dejure_words "$what")" -- "$cur"))
        return 0
    fi
    if [[ $cur == -* ]]; then # the options this command takes
        COMPREPLY=($(compgen -W "$(_dejure_words options "${COMP_WORDS[1]}")" -- "$cur"))
    fi
    return 0
}
complete -F _dejure dejure
