#!/usr/bin/env bash
# Builds the seed corpus of the raw-bytes target (tests/fuzz/corpus/load_and_diff, ignored by git):
# every pair of the oasdiff corpus as base, separator, revision; every document alone (compared
# with itself); the emitted documents alone and as the pair v1 -> v2. The structure-aware target
# reads its seed documents itself and starts from an empty corpus.
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$fuzz/../.." && pwd)
out="$fuzz/corpus/load_and_diff"
mkdir -p "$out" "$fuzz/corpus/edit_documents"
separator=$'\n#8<--\n'
for case in "$root"/tests/corpus/oasdiff/*/; do
  name=$(basename "$case")
  base=$(ls "$case" | grep -E '^base\.(yaml|json)$' | head -n1 || true)
  head=$(ls "$case" | grep -E '^revision\.(yaml|json)$' | head -n1 || true)
  [[ -n $base && -n $head ]] || continue
  { cat "$case/$base"; printf '%s' "$separator"; cat "$case/$head"; } > "$out/pair-$name"
  cp "$case/$base" "$out/alone-$name"
done
for doc in "$root"/generated/openapi/*.json; do
  cp "$doc" "$out/emitted-$(basename "$doc")"
done
{ cat "$root/generated/openapi/v1.json"; printf '%s' "$separator"; cat "$root/generated/openapi/v2.json"; } > "$out/emitted-v1-v2"
ls "$out" | wc -l
