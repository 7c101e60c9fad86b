"""A mail connection on a full disk: Django's file backend writing to /dev/full, which
answers every write with a real ENOSPC from the kernel."""

import tempfile
from typing import Any

from django.core.mail.backends import filebased


class FullDiskBackend(filebased.EmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_path", tempfile.gettempdir())
        super().__init__(*args, **kwargs)

    def _get_filename(self) -> str:
        return "/dev/full"
