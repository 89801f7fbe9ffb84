#!/usr/bin/env bash
# Generates a drizzle-kit migration from the committed schema plus only the schema files named, then commits
# those files with the migration. Several people (or agents) can change schemas in one tree at once this way:
# nobody's unfinished tables leak into someone else's migration.
#   scripts/db-generate.sh <migration_name> <schema file>... [-- <other files to commit with it>...]
set -euo pipefail
name=$1; shift
schema_files=(); extra_files=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra_files=("$@"); break; fi
  schema_files+=("$1"); shift
done
root=$(git rev-parse --show-toplevel)
exec 9>/tmp/sb-git.lock
flock 9
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/wt" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add --detach "$tmp/wt" HEAD >/dev/null 2>&1
ln -s "$root/node_modules" "$tmp/wt/node_modules"
for f in "${schema_files[@]}" "${extra_files[@]}"; do mkdir -p "$tmp/wt/$(dirname "$f")"; cp "$root/$f" "$tmp/wt/$f"; done
(cd "$tmp/wt" && npx drizzle-kit generate --name "$name" </dev/null)
cp -r "$tmp/wt/src/db/migrations/." "$root/src/db/migrations/"
cd "$root"
git add src/db/migrations "${schema_files[@]}" "${extra_files[@]}"
git commit -q -m "Schema: $name" -- src/db/migrations "${schema_files[@]}" "${extra_files[@]}"
git log --oneline -1
