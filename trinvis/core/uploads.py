"""Checks every uploaded file goes through before an importer reads it: its size, and that
its name and its first bytes agree on what it is (an .xlsx workbook is a zip archive; a CSV
file is neither a zip archive nor an old binary .xls workbook). An importer then never sees
a file it cannot have been meant for, and the person gets a plain word on what to choose.

The ceiling is the setting TRINVIS_MAX_UPLOAD_MB; a form may ask for less.
"""

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from trinvis.core.imports.reading import OLE_MAGIC, ZIP_MAGIC

WORKBOOK = (".xlsx",)
CSV = (".csv", ".txt")


def max_upload_mb(own_limit_mb: int | None = None) -> int:
    ceiling = int(settings.TRINVIS_MAX_UPLOAD_MB)
    return ceiling if own_limit_mb is None else min(ceiling, own_limit_mb)


def upload_check(upload: Any, *, extensions: tuple[str, ...], max_mb: int | None = None) -> Any:
    """The upload if it is small enough and is what its name says; else ValidationError."""
    limit = max_upload_mb(max_mb)
    if upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit}, code="too_large"
        )
    suffix = Path(upload.name or "").suffix.casefold()
    head = upload.read(4)
    upload.seek(0)
    if suffix not in extensions:
        raise forms.ValidationError(
            _("Choose a file of the type %(types)s.") % {"types": ", ".join(extensions)},
            code="extension",
        )
    if suffix in WORKBOOK and head != ZIP_MAGIC:
        raise forms.ValidationError(
            _("This is not an Excel workbook (.xlsx)."),
            code="content",
        )
    if suffix not in WORKBOOK and head in (ZIP_MAGIC, OLE_MAGIC):
        raise forms.ValidationError(
            _("The file is a workbook, not a CSV file. Save it as CSV, or choose an .xlsx file."),
            code="content",
        )
    return upload
