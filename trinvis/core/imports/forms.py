"""The file field of an import's upload step: a CSV file or an Excel workbook (.xlsx)."""

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from trinvis.core.imports.reading import OLE_MAGIC, ZIP_MAGIC

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".xlsx")
ACCEPT = (
    ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class TableFileField(forms.FileField):
    """A CSV file or an .xlsx workbook of at most 50 MB, its name agreeing with its content;
    an old .xls workbook is refused with a word on how to save it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        suffix = Path(upload.name or "").suffix.casefold()
        head = upload.read(4)
        upload.seek(0)
        if head == OLE_MAGIC or suffix == ".xls":
            raise forms.ValidationError(
                _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx).")
            )
        if suffix not in EXTENSIONS or (suffix == ".xlsx") != (head == ZIP_MAGIC):
            raise forms.ValidationError(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
        return upload
