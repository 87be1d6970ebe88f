#!/usr/bin/env bash
# The repository stands alone: no tracked file may point at the design notes
# or the seed folder that sat beside the first checkout, which a clone does
# not have. no_outside_refs.sh SOURCE_DIR fails naming each line that does.
#
# The files are git's (tracked, and new ones not ignored) when SOURCE_DIR is a
# git checkout; otherwise every file under it but build folders, node_modules
# and .git. The two patterns are put together from pieces so that this script
# does not find itself.
set -euo pipefail
source=$(cd "${1:?usage: no_outside_refs.sh SOURCE_DIR}" && pwd)
cd "$source"

patterns=("../""shared" "DESIGN"".md")
args=()
for p in "${patterns[@]}"; do args+=(-e "$p"); done

list_files() {
  if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard
  else
    find . \( -name '.git' -o -name 'build' -o -name 'build-*' -o -name 'node_modules' \) -prune \
      -o -type f -print0
  fi
}

found=0
while IFS= read -r -d '' f; do
  [[ -f "$f" ]] || continue  # deleted in the worktree, not yet in the index
  if grep -nHF "${args[@]}" -- "$f"; then found=1; fi
done < <(list_files)

if (( found )); then
  echo "no_outside_refs: the lines above point outside the repository; point them at docs/ instead" >&2
  exit 1
fi
echo "no_outside_refs: no file points outside the repository"
