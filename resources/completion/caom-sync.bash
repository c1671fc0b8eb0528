# bash completion for caom-sync. Commands and options are read from the program's own --help, so completion
# follows whatever version is installed; nothing here lists them by hand.

_caom_sync_commands()
{
    caom-sync --help 2>/dev/null | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'
}

_caom_sync_options()
{
    # "  --store <PATH|URL>  ..." and "  -h, --help  ...": every word that starts with a dash.
    caom-sync "$1" --help 2>/dev/null | grep -o -- '--\?-[A-Za-z][A-Za-z0-9-]*' | sort -u
}

_caom_sync()
{
    local current previous command
    current=${COMP_WORDS[COMP_CWORD]}
    previous=${COMP_WORDS[COMP_CWORD - 1]}
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$(_caom_sync_commands) --help --version" -- "$current")
        return
    fi
    command=${COMP_WORDS[1]}
    case $previous in
    --store | --out | --artifact-root | --files | --ca-file | --settings)
        mapfile -t COMPREPLY < <(compgen -f -- "$current")
        return
        ;;
    esac
    if [[ $current == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_caom_sync_options "$command")" -- "$current")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$current")
    fi
}

complete -F _caom_sync caom-sync
