"""A person's own settings for the learning module: which reminder mails they get, and the
secret address of their calendar feed.

Nobody has a row until they change something: `preferences_for` gives the defaults (every
reminder on, no calendar address) without writing. The reminder choices carry a version
number like the other records of the module: a save on top of a newer one (the page open
in two tabs) is a conflict that writes nothing, so the page can show the person's choices
again. The calendar address does not take part in that check: it is never edited, only
replaced or stopped as a whole, so a stale page cannot overwrite anything with it.

The address's key is random and only its SHA-256 hash is stored: the key is handed back
once, to be shown on the page that made it, and a lost key cannot be recovered, only
replaced, after which the old address answers 404.
"""

import hashlib
import secrets
from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.models import LearningPreferences, Reminder

# 32 random bytes: 43 URL-safe characters, far beyond guessing.
KEY_BYTES = 32


class PreferencesConflict(Exception):
    """The person saved their choices elsewhere after this page was opened; nothing was
    written. `current` is the newer row, for the form's next base version."""

    def __init__(self, current: LearningPreferences) -> None:
        super().__init__("changed since it was opened")
        self.current = current


def calendar_key_hash(key: str) -> str:
    """What is stored of a calendar key, and looked up when the feed is read: a lookup by
    the hash compares no secret byte by byte, so its timing tells nothing about the key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def preferences_for(person: User) -> LearningPreferences:
    """The person's preferences, or the defaults (unsaved) when they never changed any."""
    found = LearningPreferences.objects.filter(person=person).first()
    return found or LearningPreferences(person=person)


def preferences_by_calendar_key(key: str) -> LearningPreferences | None:
    """The preferences whose calendar address has this key, with their person; None for an
    unknown, replaced or stopped key, or a person who can no longer log in."""
    return (
        LearningPreferences.objects.select_related("person")
        .filter(calendar_token=calendar_key_hash(key), person__is_active=True)
        .first()
    )


def reminders_off_of(person_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """The kinds of reminder each of these people switched off (people with none are left
    out); one query, however many people."""
    return {
        person_id: frozenset(kinds)
        for person_id, kinds in LearningPreferences.objects.filter(
            person_id__in=list(person_ids)
        ).values_list("person_id", "reminders_off")
    }


def _locked(person: User) -> LearningPreferences:
    """The person's row, made with the defaults if needed, locked until the commit."""
    LearningPreferences.objects.get_or_create(person=person)
    return LearningPreferences.objects.select_for_update().get(person=person)


@transaction.atomic
def reminders_set(*, person: User, base_version: int, off: Collection[str]) -> LearningPreferences:
    """Switch off exactly the kinds in `off` (the others on). `PreferencesConflict` when
    the choices were saved after `base_version` (the defaults count as version 1)."""
    unknown = set(off) - set(Reminder.Kind.values)
    if unknown:
        raise ValidationError(_("There is no reminder of that kind."))
    current = _locked(person)
    if current.version != base_version:
        raise PreferencesConflict(current)
    current.reminders_off = [kind for kind in Reminder.Kind.values if kind in off]
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def calendar_address_new(*, person: User) -> str:
    """Give the person a new calendar address and return its key, the only time it is
    known: the page shows it once. An earlier address stops working."""
    current = _locked(person)
    key = secrets.token_urlsafe(KEY_BYTES)
    current.calendar_token = calendar_key_hash(key)
    current.save(update_fields=["calendar_token", "updated_at"])
    return key


@transaction.atomic
def calendar_address_stop(*, person: User) -> None:
    """The person's calendar address stops working; they can make a new one later."""
    LearningPreferences.objects.filter(person=person).update(
        calendar_token=None, updated_at=timezone.now()
    )
