"""Form helpers every app shares."""

from typing import Any

from django.core.exceptions import ValidationError


def add_errors(form: Any, error: ValidationError) -> None:
    """A service's `ValidationError` on the form: each message on its field where the form
    has one, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
