#!/bin/sh
# Regenerates documents/3.1/*.json and documents/3.0-relabelled/*.json from app.py.
# Creates a venv with the pinned packages of requirements.txt under target/emitters/venv the
# first time, never in the source tree. Usage, from anywhere: tests/emitters/fastapi/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../../../target/emitters/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
fi
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" "$here/generate.py"
