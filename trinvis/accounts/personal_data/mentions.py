"""Where texts name a person, and how erasure takes the name out of them.

The sources (sources.py) find a person's own rows through their relations. The person's name
also turns up in what others wrote: a colleague's logbook entry, a leader's notes from a
follow-up talk, the notes of a mapping conversation, a letter, a worksheet's cell. Erasure
replaces the person's full name and e-mail address in every free text of every model with the
erased account's name ("Erased person #id"): whole words only, in any case, the rest of each
text as its writer wrote it. It runs after the sources, so what they delete or empty is not
searched again.

Every text field (TextField) and every JSON document (JSONField) of Trinvis's own models is
searched, except those in UNTOUCHED; in a JSON document every string is searched, its keys
are not. Some short texts that often hold a name (CharField) are searched too
(EXTRA_FIELDS). A first name alone is not looked for: it would find other people too.
The database narrows the rows down, Python checks the whole words and writes the new texts.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import F, JSONField, Model, Q, QuerySet, TextField
from django.utils.text import capfirst

from trinvis.accounts.models import User
from trinvis.accounts.personal_data.registry import Erase
from trinvis.accounts.personal_data.sources import REGISTRY, erased_name

_TOOLKIT_CONTENT = "A toolkit's content, shipped or adapted, kept as each version was published."
_SETTINGS = "Settings: numbers, switches and codes, not words anyone writes."
_FIGURES = "Figures computed from data, or kept from an import."
_DELIVERY = (
    "How an e-mail is delivered (addresses, headers, files): messages to the person are the "
    "outbox source's; the words of any message are searched in its body."
)
# Texts nobody writes, or that hold no names: "app_label.Model.field" and why they are left
# alone.
UNTOUCHED: dict[str, str] = {
    **{
        f"toolkits.ToolkitStep.search_{language}": (
            "The search text of a toolkit step, made from the toolkit's shipped content."
        )
        for language in ("da", "nb", "en")
    },
    "core.AuditEvent.details": (
        "The audit log is the security record and is kept whole (see sources.py)."
    ),
    "toolkits.Toolkit.title": _TOOLKIT_CONTENT,
    "toolkits.Toolkit.summary": _TOOLKIT_CONTENT,
    "toolkits.Toolkit.document": _TOOLKIT_CONTENT,
    "toolkits.ToolkitStep.title": _TOOLKIT_CONTENT,
    "indicators.Indicator.breakdowns": _SETTINGS,
    "indicators.ImportBatch.mapping": _SETTINGS,
    "indicators.Value.breakdown": _FIGURES,
    "indicators.ClassFigures.periods": _FIGURES,
    "learning.Activity.reminder_days": _SETTINGS,
    "learning.LearningPreferences.reminders_off": _SETTINGS,
    "surveys.Questionnaire.languages": _SETTINGS,
    "surveys.SurveyTally.data": _FIGURES,
    "surveys.ColumnMapping.columns": _SETTINGS,
    "programmes.SelectionRule.criteria": _SETTINGS,
    "programmes.Candidate.reasons": _FIGURES,
    **{
        f"outbox.OutboxMessage.{name}": _DELIVERY
        for name in ("to", "cc", "bcc", "reply_to", "headers", "attachments")
    },
}
# Short texts that often hold a person's name.
EXTRA_FIELDS: tuple[str, ...] = (
    "programmes.RunSheetItem.responsible",
    "programmes.AgreedItem.text",
    "programmes.DeepMappingItem.text",
    "toolkits.Run.title",
)
# Models whose `version` numbers what it belongs to (a toolkit's version, a worksheet's saved
# revision) rather than guarding edits: erasure never raises it.
NUMBERING_VERSIONS = frozenset(
    {"toolkits.Toolkit", "toolkits.WorksheetRevision", "toolkits.RunStepChange"}
)
# Shorter names would match too much ("Bo", "Li").
SHORTEST_NAME = 4


@dataclass(frozen=True)
class Texts:
    """The free texts of one model: plain texts, and JSON documents whose strings count."""

    model: type[Model]
    fields: tuple[str, ...]
    documents: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.model._meta.label

    @property
    def title(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.fields, *self.documents)

    @property
    def guards_edits(self) -> bool:
        """Whether the model's `version` is raised on every edit (a conflict check)."""
        return self.key not in NUMBERING_VERSIONS and any(
            field.name == "version" for field in self.model._meta.get_fields()
        )


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
        fields = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, TextField) and f"{label}.{field.name}" not in UNTOUCHED
        ]
        fields += extra.get(label, [])
        documents = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, JSONField) and f"{label}.{field.name}" not in UNTOUCHED
        ]
        if fields or documents:
            found.append(Texts(model, tuple(fields), tuple(documents)))
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


def _contains(name: str, needle: str) -> Q:
    """The column holds the needle, in any case. PostgreSQL compares any letters so; SQLite's
    LIKE only ASCII ones (it would miss "ØRJAN" in "Ørjan"), so there Django's REGEXP runs
    Python's regular expressions, which know every letter's case."""
    if connection.vendor == "sqlite":
        return Q(**{f"{name}__iregex": re.escape(needle)})
    return Q(**{f"{name}__icontains": needle})


def _naming(texts: Texts, needles: list[str]) -> QuerySet[Model]:
    """The rows whose texts contain one of the needles, in any case (whole word or not)."""
    # A JSON document may keep letters outside ASCII written as escapes ("\u00f8").
    escaped = {json.dumps(needle)[1:-1] for needle in needles} - set(needles)
    # Most texts are empty (a survey's answers are mostly ticks): those are passed over
    # before the case-insensitive compare (0.3 s rather than 1 s for 5 million answers).
    conditions = [
        ~Q(**{name: ""}) & reduce(or_, (_contains(name, needle) for needle in needles))
        for name in texts.fields
    ]
    conditions += [
        _contains(name, needle)
        for name in texts.documents
        for needle in (*needles, *sorted(escaped))
    ]
    return texts.model._default_manager.filter(reduce(or_, conditions))


def _strings(value: Any) -> Iterator[str]:
    """Every string of a JSON document (its values, not its keys)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _replaced(value: Any, pattern: re.Pattern[str], replacement: str) -> Any:
    """The text, or the JSON document with every string, with the name replaced."""
    if isinstance(value, str):
        return pattern.sub(lambda _match: replacement, value)
    if isinstance(value, dict):
        return {key: _replaced(item, pattern, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, pattern, replacement) for item in value]
    return value


def _rows_naming(
    texts: Texts, pattern: re.Pattern[str], rows: QuerySet[Model]
) -> Iterator[dict[str, Any]]:
    """Each row that names the person in a whole word: its pk and its texts."""
    for row in rows.values("pk", *texts.names):
        if any(pattern.search(text) for name in texts.names for text in _strings(row[name])):
            yield row


def _without_own(
    texts: Texts, person: User, rows: QuerySet[Model], kinds: frozenset[Erase]
) -> QuerySet[Model]:
    """The rows less the person's own rows of the sources whose erasure is one of `kinds`."""
    for source in REGISTRY.sources:
        if source.erase in kinds and source.model_class is texts.model:
            rows = rows.exclude(pk__in=source.rows(person).values("pk"))
    return rows


def _mention_lines(person: User, own: frozenset[Erase]) -> list[MentionLine]:
    needles = _needles(person)
    if not needles:
        return []
    pattern = _pattern(needles)
    lines = []
    for texts in all_texts():
        rows = _without_own(texts, person, _naming(texts, needles), own)
        count = sum(1 for _row in _rows_naming(texts, pattern, rows))
        if count:
            lines.append(MentionLine(texts, count))
    return sorted(lines, key=lambda line: line.texts.title)


def mentions_preview(*, person: User) -> list[MentionLine]:
    """Per model, the rows whose texts name the person and which erasure changes (those it
    deletes as the person's own are left out): one query per model with texts."""
    return _mention_lines(person, frozenset({Erase.DELETE}))


def mentions_of_person(*, person: User) -> list[MentionLine]:
    """Per model, the rows of other people's texts that name the person (for their download,
    whose sections hold the person's own rows of every source): one query per model."""
    return _mention_lines(person, frozenset(Erase))


def mentions_erase(*, person: User) -> dict[str, int]:
    """Replace the person's name and e-mail address in every text that names them; returns
    the rows changed per model. Runs inside the erasure's transaction, the rows locked from
    their read to their update. A row whose `version` guards its edits gets a new one, so
    whoever has it open sees that it changed rather than writing the name back."""
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
        guards_edits = texts.guards_edits
        objects = []
        for row in found:
            values = {name: _replaced(row[name], pattern, replacement) for name in texts.names}
            instance = texts.model(pk=row["pk"], **values)
            if guards_edits:
                instance.version = F("version") + 1  # type: ignore[attr-defined]
            objects.append(instance)
        fields = [*texts.names, "version"] if guards_edits else list(texts.names)
        texts.model._default_manager.bulk_update(objects, fields)
        changed[texts.key] = len(objects)
    return changed
