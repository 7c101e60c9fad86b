"""The personal logbook: entries are written, changed, shared and deleted by their author
only.

An entry has no version number of its own; its last-changed time serves as one: the form
carries the time it was opened on, and a save finding a later time is a conflict (the same
logbook open in two tabs), which keeps the user's input and writes nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.models import Activity, LogbookEntry, Sharing

TEXT_FIELDS = ("what_happened", "what_puzzled", "want_more", "other")


class EntryConflict(Exception):
    """The entry was saved after the form was opened; nothing was written."""

    def __init__(self, entry: LogbookEntry) -> None:
        super().__init__("logbook entry changed since it was opened")
        self.entry = entry


@dataclass(frozen=True)
class EntryData:
    date: datetime.date
    what_happened: str = ""
    what_puzzled: str = ""
    want_more: str = ""
    other: str = ""
    sharing: str = Sharing.PRIVATE
    activity: Activity | None = None


def version_token(entry: LogbookEntry) -> str:
    """What the edit form carries to detect a save made since it was opened."""
    return entry.updated_at.isoformat()


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _fill(entry: LogbookEntry, data: EntryData) -> None:
    if data.date > timezone.localdate():
        raise ValidationError({"date": [_("A logbook entry is about a day that has come.")]})
    entry.date = data.date
    for name in TEXT_FIELDS:
        setattr(entry, name, _text(getattr(data, name)))
    if not any(getattr(entry, name) for name in TEXT_FIELDS):
        raise ValidationError(_("Write something in at least one of the four fields."))
    entry.sharing = data.sharing
    entry.activity = data.activity
    entry.full_clean()


@transaction.atomic
def entry_create(*, by: User, data: EntryData) -> LogbookEntry:
    entry = LogbookEntry(author=by)
    _fill(entry, data)
    entry.save()
    return entry


@transaction.atomic
def entry_update(
    *, by: User, entry: LogbookEntry, base_token: str, data: EntryData
) -> LogbookEntry:
    current = LogbookEntry.objects.select_for_update().get(pk=entry.pk)
    if current.author_id != by.pk:
        raise ValidationError(_("Only the author changes a logbook entry."))
    if version_token(current) != base_token:
        raise EntryConflict(current)
    _fill(current, data)
    current.save()
    return current


@transaction.atomic
def entry_delete(*, by: User, entry: LogbookEntry) -> None:
    current = LogbookEntry.objects.select_for_update().get(pk=entry.pk)
    if current.author_id != by.pk:
        raise ValidationError(_("Only the author deletes a logbook entry."))
    current.delete()
