"""Where texts name a person, and how erasure takes the name out of them.

The sources (sources.py) find a person's own rows through their relations. The person's name
also turns up in what others wrote: a colleague's logbook entry, a leader's notes from a
follow-up talk, the notes of a mapping conversation, a letter. Erasure replaces the person's
full name and e-mail address in every free text of every model with the erased account's name
("Erased person #id"): whole words only, in any case, the rest of each text as its writer
wrote it. It runs after the sources, so what they delete or empty is not searched again.

Every text field (TextField) of Trinvis's own models is searched, except those in UNTOUCHED;
some short texts that often hold a name (CharField) are searched too (EXTRA_FIELDS). A first
name alone, or a name inside a JSON document (worksheet cells, questionnaires), is not found.
The database narrows the rows down (`icontains`: on SQLite only ASCII letters match in any
case), Python checks the whole words and writes the new texts.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import F, Model, Q, QuerySet, TextField
from django.utils.text import capfirst

from trinvis.accounts.models import User
from trinvis.accounts.personal_data.registry import Erase
from trinvis.accounts.personal_data.sources import REGISTRY, erased_name

# Texts nobody writes: "app_label.Model.field" and why they are left alone.
UNTOUCHED: dict[str, str] = {
    f"toolkits.ToolkitStep.search_{language}": (
        "The search text of a toolkit step, made from the toolkit's shipped content."
    )
    for language in ("da", "nb", "en")
}
# Short texts that often hold a person's name.
EXTRA_FIELDS: tuple[str, ...] = (
    "programmes.RunSheetItem.responsible",
    "programmes.AgreedItem.text",
    "programmes.DeepMappingItem.text",
    "toolkits.Run.title",
)
# Shorter names would match too much ("Bo", "Li").
SHORTEST_NAME = 4


@dataclass(frozen=True)
class Texts:
    """The free texts of one model."""

    model: type[Model]
    fields: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.model._meta.label

    @property
    def title(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))


@dataclass(frozen=True)
class MentionLine:
    """How many rows of a model's texts name the person."""

    texts: Texts
    count: int


def all_texts() -> list[Texts]:
    """Every model of Trinvis's own apps with texts to search, and those texts."""
    extra: dict[str, list[str]] = {}
    for path in EXTRA_FIELDS:
        label, name = path.rsplit(".", 1)
        extra.setdefault(label, []).append(name)
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("trinvis."):
            continue
        label = model._meta.label
        names = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, TextField) and f"{label}.{field.name}" not in UNTOUCHED
        ]
        names += extra.get(label, [])
        if names:
            found.append(Texts(model, tuple(names)))
    return found


def _needles(person: User) -> list[str]:
    return [
        needle
        for needle in (person.full_name.strip(), person.email.strip())
        if len(needle) >= SHORTEST_NAME
    ]


def _pattern(needles: list[str]) -> re.Pattern[str]:
    # Not inside a longer word: "Ann Berg" is not in "Joann Bergen".
    words = "|".join(rf"(?<!\w){re.escape(needle)}(?!\w)" for needle in needles)
    return re.compile(words, re.IGNORECASE)


def _naming(texts: Texts, needles: list[str]) -> QuerySet[Model]:
    """The rows whose texts contain one of the needles, in any case (whole word or not)."""
    condition = reduce(
        or_, (Q(**{f"{name}__icontains": needle}) for name in texts.fields for needle in needles)
    )
    return texts.model._default_manager.filter(condition)


def _rows_naming(
    texts: Texts, pattern: re.Pattern[str], rows: QuerySet[Model]
) -> Iterator[dict[str, str | int]]:
    """Each row that names the person in a whole word: its pk and its texts."""
    for row in rows.values("pk", *texts.fields):
        if any(isinstance(row[name], str) and pattern.search(row[name]) for name in texts.fields):
            yield row


def _without_deleted(texts: Texts, person: User, rows: QuerySet[Model]) -> QuerySet[Model]:
    """The rows less those erasure deletes as the person's own (for the preview: erasure
    itself searches after deleting them)."""
    for source in REGISTRY.sources:
        if source.erase is Erase.DELETE and source.model_class is texts.model:
            rows = rows.exclude(pk__in=source.rows(person).values("pk"))
    return rows


def mentions_preview(*, person: User) -> list[MentionLine]:
    """Per model, the rows whose texts name the person and which erasure changes (those it
    deletes as the person's own are left out): one query per model with texts."""
    needles = _needles(person)
    if not needles:
        return []
    pattern = _pattern(needles)
    lines = []
    for texts in all_texts():
        rows = _without_deleted(texts, person, _naming(texts, needles))
        count = sum(1 for _row in _rows_naming(texts, pattern, rows))
        if count:
            lines.append(MentionLine(texts, count))
    return sorted(lines, key=lambda line: line.texts.title)


def mentions_erase(*, person: User) -> dict[str, int]:
    """Replace the person's name and e-mail address in every text that names them; returns
    the rows changed per model. Runs inside the erasure's transaction, the rows locked from
    their read to their update. A row with a `version` (edited with a conflict check) gets a
    new one, so whoever has it open sees that it changed rather than writing the name back."""
    needles = _needles(person)
    if not needles:
        return {}
    pattern = _pattern(needles)
    replacement = erased_name(person)
    changed: dict[str, int] = {}
    for texts in all_texts():
        rows = _naming(texts, needles).select_for_update()
        found = list(_rows_naming(texts, pattern, rows))
        if not found:
            continue
        versioned = any(field.name == "version" for field in texts.model._meta.get_fields())
        objects = []
        for row in found:
            values = {}
            for name in texts.fields:
                text = row[name]
                values[name] = (
                    pattern.sub(lambda _match: replacement, text) if isinstance(text, str) else text
                )
            instance = texts.model(pk=row["pk"], **values)
            if versioned:
                instance.version = F("version") + 1  # type: ignore[attr-defined]
            objects.append(instance)
        fields = [*texts.fields, "version"] if versioned else list(texts.fields)
        texts.model._default_manager.bulk_update(objects, fields)
        changed[texts.key] = len(objects)
    return changed
