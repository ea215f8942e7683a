"""A small notes API in FastAPI, in a base form and variants that each make one change.

`build(variant)` returns the app for one variant; `generate.py` writes each variant's OpenAPI
document. Every `if variant == ...` below is the one change that variant makes; the base is what
you get with none of them.
"""

from datetime import datetime
from enum import Enum
from typing import Literal, Optional

from fastapi import FastAPI, HTTPException, Query, Response
from pydantic import BaseModel, Field

VARIANTS = {
    "base": "the API as first published",
    "request-optional-field-added": "NoteCreate gains `pinned: bool = False`",
    "request-field-became-required": "NoteCreate.body loses its default `\"\"`",
    "request-field-became-nullable": "NoteCreate.body becomes `Optional[str]`",
    "request-literal-widened": "NoteCreate.priority gains the Literal value `\"urgent\"`",
    "request-literal-narrowed": "NoteCreate.priority narrows from three Literal values to `\"normal\"`",
    "shared-nested-enum-value-added": "Attachment.kind (in NoteCreate.attachments and Note.attachments) gains `\"link\"`",
    "request-default-changed": "NoteCreate.status (a `$ref` with a sibling `default`) defaults to `published`, not `draft`",
    "request-query-max-decreased": "GET /notes `limit` maximum goes from 100 to 50",
    "required-query-parameter-added": "GET /notes gains a required `owner` query parameter",
    "response-field-removed": "Note loses its required `body`",
    "response-field-added": "Note gains a required `word_count: int`",
    "response-enum-value-added": "NoteStatus (in Note and in the `status` filter) gains `archived`",
    "response-field-became-nullable": "Note.title becomes `Optional[str]` (still required)",
    "response-nested-became-optional": "Note.author becomes `Optional[Author] = None`",
    "response-type-changed": "Note.id changes from int to str",
    "response-const-widened": "Note.kind widens from `Literal[\"note\"]` (`const`) to `Literal[\"note\", \"checklist\"]`",
    "operation-added": "POST /notes/{note_id}/archive is added",
    "operation-removed": "DELETE /notes/{note_id} is removed",
}


def build(variant: str) -> FastAPI:
    """The notes API as `variant` defines it (see `VARIANTS`)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")

    statuses = ["draft", "published"]
    if variant == "response-enum-value-added":
        statuses.append("archived")
    NoteStatus = Enum("NoteStatus", {s: s for s in statuses}, type=str)

    class Author(BaseModel):
        id: int
        name: str

    if variant == "shared-nested-enum-value-added":
        AttachmentKind = Literal["image", "file", "link"]
    else:
        AttachmentKind = Literal["image", "file"]

    class Attachment(BaseModel):
        url: str = Field(min_length=1, max_length=2048)
        kind: AttachmentKind

    if variant == "request-literal-narrowed":
        Priority = Literal["normal"]
    elif variant == "request-literal-widened":
        Priority = Literal["low", "normal", "high", "urgent"]
    else:
        Priority = Literal["low", "normal", "high"]

    if variant == "request-field-became-required":
        BodyIn = (str, ...)
    elif variant == "request-field-became-nullable":
        BodyIn = (Optional[str], "")
    else:
        BodyIn = (str, "")

    class NoteCreate(BaseModel):
        title: str = Field(min_length=1, max_length=200)
        body: BodyIn[0] = BodyIn[1]
        priority: Priority = "normal"
        tags: list[str] = []
        attachments: list[Attachment] = []
        if variant == "request-default-changed":
            status: NoteStatus = NoteStatus.published
        else:
            status: NoteStatus = NoteStatus.draft
        if variant == "request-optional-field-added":
            pinned: bool = False

    class NoteUpdate(BaseModel):
        title: Optional[str] = None
        body: Optional[str] = None
        status: Optional[NoteStatus] = None

    class Note(BaseModel):
        if variant == "response-const-widened":
            kind: Literal["note", "checklist"]
        else:
            kind: Literal["note"]
        if variant == "response-type-changed":
            id: str
        else:
            id: int
        if variant == "response-field-became-nullable":
            title: Optional[str]
        else:
            title: str
        if variant != "response-field-removed":
            body: str
        status: NoteStatus
        priority: Literal["low", "normal", "high"]
        tags: list[str]
        attachments: list[Attachment]
        if variant == "response-nested-became-optional":
            author: Optional[Author] = None
        else:
            author: Author
        created_at: datetime
        archived_at: Optional[datetime] = None
        if variant == "response-field-added":
            word_count: int

    class Error(BaseModel):
        detail: str

    app = FastAPI(title="Notes", version="1.0.0")
    not_found = {404: {"model": Error, "description": "No note with that id"}}

    limit_max = 50 if variant == "request-query-max-decreased" else 100

    if variant == "required-query-parameter-added":

        @app.get("/notes", response_model=list[Note], operation_id="list_notes")
        def list_notes(
            owner: str,
            status: Optional[NoteStatus] = None,
            tag: Optional[str] = None,
            limit: int = Query(20, ge=1, le=limit_max),
        ):
            return []

    else:

        @app.get("/notes", response_model=list[Note], operation_id="list_notes")
        def list_notes(
            status: Optional[NoteStatus] = None,
            tag: Optional[str] = None,
            limit: int = Query(20, ge=1, le=limit_max),
        ):
            return []

    @app.post(
        "/notes",
        response_model=Note,
        status_code=201,
        operation_id="create_note",
        responses={422: {"model": Error, "description": "Invalid note"}},
    )
    def create_note(note: NoteCreate):
        raise HTTPException(501)

    @app.get("/notes/{note_id}", response_model=Note, responses=not_found, operation_id="get_note")
    def get_note(note_id: int):
        raise HTTPException(404)

    @app.patch(
        "/notes/{note_id}", response_model=Note, responses=not_found, operation_id="update_note"
    )
    def update_note(note_id: int, update: NoteUpdate):
        raise HTTPException(404)

    if variant != "operation-removed":

        @app.delete(
            "/notes/{note_id}",
            status_code=204,
            response_class=Response,
            responses=not_found,
            operation_id="delete_note",
        )
        def delete_note(note_id: int):
            return Response(status_code=204)

    if variant == "operation-added":

        @app.post(
            "/notes/{note_id}/archive",
            response_model=Note,
            responses=not_found,
            operation_id="archive_note",
        )
        def archive_note(note_id: int):
            raise HTTPException(404)

    return app
