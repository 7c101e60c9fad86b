"""Keeping an uploaded file between an import's steps (map, check, confirm).

A file of 100,000 rows does not belong in the session, and uploading it again on every step
would be tedious and slow. So the upload is written once to a private directory
(`settings.TRINVIS_IMPORT_DIR`, else "trinvis-imports" in the system's temporary directory;
mode 0700, files 0600, never served) under a random token, beside a small JSON file saying
whose it is: the user and the purpose (what it is to be imported into, e.g. "survey:12"),
when it came, its name, headings, a few example rows and the details the import's steps
note on the way. The token in a step's address finds it only for the same user and
purpose, for a day. It is deleted after the import, on cancelling, and (if left behind) by
the next upload after a day. Several application servers need that directory on shared
storage; one server, or several processes on one, need nothing.
"""

import contextlib
import datetime
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from trinvis.core.imports.reading import FileUnreadable, read_headings

KEPT_FOR = datetime.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Upload:
    """An uploaded file waiting to be imported."""

    token: str
    path: Path
    name: str
    headings: list[str]
    examples: list[list[str]]  # the first rows with content, for examples beside each column
    details: dict[str, Any] = field(default_factory=dict)  # what the steps noted (JSON)


def upload_directory() -> Path:
    configured = getattr(settings, "TRINVIS_IMPORT_DIR", "")
    directory = Path(configured or Path(tempfile.gettempdir()) / "trinvis-imports")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def upload_store(
    *,
    user: Any,
    purpose: str,
    chunks: Iterable[bytes],
    name: str,
    details: Mapping[str, Any] | None = None,
) -> Upload:
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
        "purpose": purpose,
        "created": timezone.now().isoformat(),
        "name": name[:200],
        "headings": headings,
        "examples": [[cell[:40] for cell in row] for row in examples],
        "details": dict(details or {}),
    }
    _write_meta(directory / f"{token}.json", meta, create=True)
    return _upload(token, data, meta)


def upload_get(*, user: Any, purpose: str, token: str) -> Upload | None:
    """The user's upload for this purpose under this token, if it is there and not stale."""
    meta = _read_meta(token)
    if meta is None:
        return None
    data = upload_directory() / f"{token}.data"
    if meta.get("user") != user.pk or meta.get("purpose") != purpose or not data.exists():
        return None
    if _is_stale(meta):
        upload_delete(token)
        return None
    return _upload(token, data, meta)


def upload_note(upload: Upload, **details: Any) -> Upload:
    """Note details (JSON values) on the upload for the next steps; returns it updated."""
    meta = _read_meta(upload.token)
    if meta is None:
        raise FileNotFoundError(upload.token)
    meta["details"] = {**meta.get("details", {}), **details}
    _write_meta(upload_directory() / f"{upload.token}.json", meta, create=False)
    return _upload(upload.token, upload.path, meta)


def upload_delete(token: str) -> None:
    if not _TOKEN.fullmatch(token):
        return
    directory = upload_directory()
    for suffix in (".data", ".json"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


def uploads_purge_stale(directory: Path, *, now: datetime.datetime | None = None) -> int:
    """Delete the uploads older than a day (and files whose description is lost); returns
    how many files went (also run daily by the retention, core/retention.py)."""
    limit = (now or timezone.now()).timestamp() - KEPT_FOR.total_seconds()
    removed = 0
    for path in directory.iterdir():
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed


def _upload(token: str, data: Path, meta: dict[str, Any]) -> Upload:
    return Upload(
        token, data, meta["name"], meta["headings"], meta["examples"], meta.get("details", {})
    )


def _read_meta(token: str) -> dict[str, Any] | None:
    if not _TOKEN.fullmatch(token):
        return None
    try:
        meta = json.loads((upload_directory() / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _write_meta(path: Path, meta: dict[str, Any], *, create: bool) -> None:
    """Write the description; a rewrite goes through a new file renamed over the old one,
    so a reader never sees half of it."""
    target = path if create else path.with_suffix(f".{secrets.token_hex(4)}.tmp")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(meta, out)
    if not create:
        target.replace(path)


def _is_stale(meta: dict[str, Any]) -> bool:
    try:
        created = datetime.datetime.fromisoformat(meta["created"])
    except (KeyError, TypeError, ValueError):
        return True
    return timezone.now() - created > KEPT_FOR
