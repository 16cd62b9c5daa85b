#!/usr/bin/env bash
# Runs the whole test suite (the README's test command). Installs missing system packages first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools/install-deps.sh --test
results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test SpatialMe.Farm.sln -c Release --nologo --logger "trx" --results-directory "$results" "$@" || status=$?
# One plain closing line over all test projects: "N passed, N failed, N skipped".
p=0; f=0; s=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  # Skipped tests are the ones counted in total but never executed.
  p=$((p + $(get passed))); f=$((f + $(get failed))); s=$((s + $(get total) - $(get executed)))
done
echo "$p passed, $f failed, $s skipped"
exit $status
