#!/usr/bin/env bash
# Writes a program's man page from its own --help text, so the page cannot drift from the program:
#   packaging/make-manpage.sh PROGRAM OUTPUT.1
# For caom-sync, every command's --help becomes a subsection under COMMANDS. The build runs this for the
# package (packaging/CMakeLists.txt); it needs only the built program and coreutils.
set -euo pipefail

program=$1
output=$2
name=$(basename "$program")

# roff: a backslash is written \e; a line starting with '.' or "'" would be read as a request.
escape() {
    sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
}

# The help names default paths under the home directory: run with HOME=~ so the page says "~/.local/share/..."
# rather than the build machine's home.
run() {
    env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME -u XDG_CACHE_HOME HOME='~' "$program" "$@"
}
version=$(run --version | head -n 1 | awk '{print $2}')
help=$(run --help)
# Qt's parser prints the path the program was started with: the page names it by its name.
help=${help//$program/$name}
summary=$(printf '%s\n' "$help" | tail -n +2 | grep -m 1 -v '^[[:space:]]*$' | sed 's/\.$//')
[[ -n $summary ]] || summary="CAOM2 archive mirror"
{
    printf '.TH %s 1 "" "%s %s" "User Commands"\n' "$(echo "$name" | tr '[:lower:]' '[:upper:]')" "$name" "$version"
    printf '.SH NAME\n%s \\- %s\n' "$name" "$(printf '%s' "$summary" | escape)"
    printf '.SH SYNOPSIS\n.nf\n'
    printf '%s\n' "$help" | head -n 1 | sed 's/^Usage: //' | escape
    printf '.fi\n.SH DESCRIPTION\n.nf\n'
    printf '%s\n' "$help" | tail -n +2 | escape
    printf '.fi\n'
    if [[ $name == caom-sync ]]; then
        printf '.SH COMMANDS\n'
        # The command names are the indented first words of the "Commands:" block.
        commands=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
        for command in $commands; do
            printf '.SS %s\n.nf\n' "$command"
            run "$command" --help | escape
            printf '.fi\n'
        done
    fi
    printf '.SH "SEE ALSO"\ncaom-console(1), caom-sync(1)\n'
} >"$output"
