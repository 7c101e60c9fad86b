"""Keeping an uploaded response file between the import's steps (map, check, confirm).

A file of 100,000 responses does not belong in the session, and uploading it again on every
step would be tedious and slow. So the upload is written once to a private directory
(`settings.TRINVIS_IMPORT_DIR`, else "trinvis-response-imports" in the system's temporary
directory; mode 0700, files 0600, never served) under a random token, beside a small JSON
file saying whose it is: the user and the survey, when it came, its name, headings and a
few example rows. The token in the step's address finds it only for the same user and
survey, for a day. It is deleted after the import, on cancelling, and (if left behind)
by the next upload after a day. Several application servers need that directory on shared
storage; one server, or several processes on one, need nothing.
"""

import contextlib
import datetime
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from trinvis.surveys.imports.reading import FileUnreadable, read_headings
from trinvis.surveys.models import Survey

KEPT_FOR = datetime.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Upload:
    """An uploaded response file waiting to be imported."""

    token: str
    path: Path
    name: str
    headings: list[str]
    examples: list[list[str]]  # the first rows with content, for examples beside each column


def upload_directory() -> Path:
    configured = getattr(settings, "TRINVIS_IMPORT_DIR", "")
    directory = Path(configured or Path(tempfile.gettempdir()) / "trinvis-response-imports")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def upload_store(*, user: Any, survey: Survey, chunks: Iterable[bytes], name: str) -> Upload:
    """Write an uploaded file and read its headings; raises FileUnreadable (and keeps
    nothing) when it is not a CSV file or workbook that can be read."""
    directory = upload_directory()
    uploads_purge_stale(directory)
    token = secrets.token_urlsafe(24)
    data = directory / f"{token}.data"
    descriptor = os.open(data, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    try:
        headings, examples = read_headings(data)
    except FileUnreadable:
        data.unlink(missing_ok=True)
        raise
    meta = {
        "user": user.pk,
        "survey": survey.pk,
        "created": timezone.now().isoformat(),
        "name": name[:200],
        "headings": headings,
        "examples": [[cell[:40] for cell in row] for row in examples],
    }
    descriptor = os.open(directory / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(meta, out)
    return Upload(token, data, meta["name"], headings, meta["examples"])


def upload_get(*, user: Any, survey: Survey, token: str) -> Upload | None:
    """The user's upload for this survey under this token, if it is there and not stale."""
    if not _TOKEN.fullmatch(token):
        return None
    directory = upload_directory()
    try:
        meta = json.loads((directory / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    data = directory / f"{token}.data"
    if meta.get("user") != user.pk or meta.get("survey") != survey.pk or not data.exists():
        return None
    if _is_stale(meta):
        upload_delete(token)
        return None
    return Upload(token, data, meta["name"], meta["headings"], meta["examples"])


def upload_delete(token: str) -> None:
    if not _TOKEN.fullmatch(token):
        return
    directory = upload_directory()
    for suffix in (".data", ".json"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


def uploads_purge_stale(directory: Path) -> None:
    """Delete the uploads older than a day (and files whose description is lost)."""
    limit = timezone.now().timestamp() - KEPT_FOR.total_seconds()
    for path in directory.iterdir():
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def _is_stale(meta: dict[str, Any]) -> bool:
    try:
        created = datetime.datetime.fromisoformat(meta["created"])
    except (KeyError, TypeError, ValueError):
        return True
    return timezone.now() - created > KEPT_FOR
