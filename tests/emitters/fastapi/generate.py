"""Writes the OpenAPI documents of every variant of the notes API (app.py).

- documents/3.1/<variant>.json: what FastAPI emits (`openapi: 3.1.0`, its only version).
- documents/3.0-relabelled/<variant>.json: the same app with `app.openapi_version = "3.0.3"`,
  the common workaround for tools that read only 3.0: the label changes, the schemas stay 3.1.

Usage, from anywhere: tests/emitters/fastapi/generate.sh (installs the pinned packages of
requirements.txt into a venv under target/emitters/ first). The output is deterministic: same
FastAPI and Pydantic versions, same bytes.
"""

import json
import pathlib
import sys

here = pathlib.Path(__file__).parent
sys.path.insert(0, str(here))

import fastapi  # noqa: E402
import pydantic  # noqa: E402
from app import VARIANTS, build  # noqa: E402


def relabelled(app):
    app.openapi_version = "3.0.3"
    return app


for spec, make in (("3.1", lambda app: app), ("3.0-relabelled", relabelled)):
    out = here / "documents" / spec
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    for variant in VARIANTS:
        document = make(build(variant)).openapi()
        (out / f"{variant}.json").write_text(json.dumps(document, indent=2) + "\n")
print(
    f"wrote {len(VARIANTS)} documents per version to {here / 'documents'} "
    f"(fastapi {fastapi.__version__}, pydantic {pydantic.VERSION})"
)
