#!/usr/bin/env bash
# The documentation keeps up with the programs:
#   tests/docs/check-docs.sh CAOM_SYNC SOURCE_DIR
# - every caom-sync command, and every option its --help lists (for `sources`, every action's), appears in
#   docs/operator-guide.md;
# - every image the README and docs/*.md show exists.
set -euo pipefail

caom_sync=$1
source_dir=$(realpath "$2")
guide=$source_dir/docs/operator-guide.md
problems=0
missing() {
    echo "check-docs: $*" >&2
    problems=$((problems + 1))
}

# The options of a --help text: the "--name" words of its Options: block (not of its prose).
options_of() {
    sed -n '/^Options:/,/^Arguments:/p' | grep -o -- '^ *\(-[a-zA-Z], \)\?--[a-z][a-z0-9-]*' | grep -o -- '--[a-z][a-z0-9-]*' |
        grep -v -- '^--help$' | sort -u
}

commands=$("$caom_sync" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
[[ -n $commands ]] || missing "caom-sync --help lists no commands"
for command in $commands; do
    grep -q "caom-sync $command" "$guide" || missing "the operator's guide never shows 'caom-sync $command'"
    if [[ $command == sources ]]; then
        helps=()
        for action in $("$caom_sync" sources --help | awk '/^  [a-z]/ {print $1}'); do
            grep -q "sources $action" "$guide" || missing "the operator's guide never shows 'caom-sync sources $action'"
            helps+=("$("$caom_sync" sources "$action" --help)")
        done
    else
        helps=("$("$caom_sync" "$command" --help)")
    fi
    for help in "${helps[@]}"; do
        for option in $(options_of <<<"$help"); do
            grep -qE -- "(^|[^a-z-])$option([^a-z-]|\$)" "$guide" ||
                missing "the operator's guide never names $command's option $option"
        done
    done
done

# Images: ![text](path) in the README and docs/*.md, relative to the file that shows them.
for page in "$source_dir/README.md" "$source_dir"/docs/*.md; do
    while IFS= read -r image; do
        [[ $image == http* ]] && continue
        [[ -f "$(dirname "$page")/$image" ]] || missing "$(basename "$page") shows $image, which does not exist"
    done < <(grep -o '!\[[^]]*\]([^)]*)' "$page" | sed 's/.*](\([^)]*\))/\1/' || true)
done

if ((problems > 0)); then
    echo "check-docs: $problems problems" >&2
    exit 1
fi
echo "check-docs: every command and option is in the operator's guide; every image shown exists"
