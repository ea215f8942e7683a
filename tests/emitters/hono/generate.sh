#!/bin/sh
# Regenerates documents/3.0/*.json and documents/3.1/*.json from app.mjs.
# Installs the pinned packages (package.json, package-lock.json) under target/emitters/hono the
# first time, never in the source tree. Usage, from anywhere: tests/emitters/hono/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work="$here/../../../target/emitters/hono"
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/app.mjs" "$here/generate.mjs" "$work/"
if [ ! -d "$work/node_modules/@hono/zod-openapi" ]; then
  (cd "$work" && npm ci --no-audit --no-fund)
fi
node "$work/generate.mjs" "$here/documents"
