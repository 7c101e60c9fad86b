"""Keeping an uploaded response file between the import's steps (map, check, confirm): the
shared upload store (core/imports/uploads.py), bound to the user and the survey."""

from collections.abc import Iterable
from typing import Any

from trinvis.core.imports.uploads import Upload, upload_delete, upload_directory
from trinvis.core.imports.uploads import upload_get as _get
from trinvis.core.imports.uploads import upload_store as _store
from trinvis.surveys.models import Survey

__all__ = ["Upload", "upload_delete", "upload_directory", "upload_get", "upload_store"]


def _purpose(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def upload_store(*, user: Any, survey: Survey, chunks: Iterable[bytes], name: str) -> Upload:
    """Write an uploaded file and read its headings; raises FileUnreadable (and keeps
    nothing) when it is not a CSV file or workbook that can be read."""
    return _store(user=user, purpose=_purpose(survey), chunks=chunks, name=name)


def upload_get(*, user: Any, survey: Survey, token: str) -> Upload | None:
    """The user's upload for this survey under this token, if it is there and not stale."""
    return _get(user=user, purpose=_purpose(survey), token=token)
