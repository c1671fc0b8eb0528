#!/usr/bin/env bash
# Fails when a C++ file of the tree is not laid out as .clang-format says (Debian 12's clang-format 14).
# Every tracked file is checked, not only the changed ones: a run on a fresh clone cannot tell which
# changed, and the whole tree takes a few seconds. Prints the files to reformat with `clang-format -i`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v clang-format >/dev/null; then
    echo "check-format: clang-format is not installed (packaging/install-deps.sh --test installs it)" >&2
    exit 2
fi
unformatted=()
while IFS= read -r -d '' file; do
    clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done < <(git ls-files -z '*.cpp' '*.h')
if ((${#unformatted[@]} > 0)); then
    echo "check-format: not formatted as .clang-format says (run clang-format -i on them):" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
fi
echo "check-format: every C++ file is formatted"
