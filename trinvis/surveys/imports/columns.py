"""Which column of a response file holds what: a question, one option of a multiple choice,
a respondent attribute, or nothing (ignored).

A mapping is a dict from a normalised heading (reading.normalise_heading) to a target:
"question:<key>", "option:<key>:<choice name>" (a column of 1/0 per option, as XLSForm tools
export a multiple choice besides the column with all chosen names), "attribute:<name>", or
"" to ignore the column. It is remembered per organisation, questionnaire and the file's
headings (models.ColumnMapping), so the next file of the same shape needs no mapping.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.core.imports.problems import Problem
from trinvis.core.imports.reading import headings_key, normalise_heading
from trinvis.surveys.forms import label_in
from trinvis.surveys.imports.values import fold
from trinvis.surveys.models import ColumnMapping, Question, Survey
from trinvis.surveys.xlsform import QuestionType

# The respondent attributes a file may have a column for (Response fields).
ATTRIBUTES: dict[str, Any] = {
    "municipality": gettext_lazy("Municipality"),
    "size_class": gettext_lazy("Municipality size"),
    "role": gettext_lazy("Role"),
    "unit_type": gettext_lazy("Unit type"),
    "contact_person": gettext_lazy("Contact person"),
    "country": gettext_lazy("Country"),
}
# Headings that name an attribute, in the three languages, as people write them.
ATTRIBUTE_HEADINGS = {
    "municipality": {"municipality", "kommune", "kommunenavn", "municipality name"},
    "size_class": {
        "size_class",
        "size",
        "municipality size",
        "størrelse",
        "kommunestørrelse",
        "kommunestorleik",
    },
    "role": {"role", "rolle", "stilling"},
    "unit_type": {"unit_type", "unit type", "unit", "enhed", "enhet", "enhedstype", "enhetstype"},
    "contact_person": {"contact_person", "contact person", "kontaktperson"},
    "country": {"country", "land"},
}
QUESTION, OPTION, ATTRIBUTE = "question", "option", "attribute"


@dataclass(frozen=True)
class Target:
    """What a column holds: kind is "question", "option" or "attribute"."""

    kind: str
    name: str  # a question's key or an attribute's name
    choice: str = ""  # the option, for kind "option"

    @classmethod
    def parse(cls, value: str) -> "Target | None":
        kind, _colon, rest = value.partition(":")
        if kind == OPTION:
            key, _colon, choice = rest.partition(":")
            return cls(OPTION, key, choice) if key and choice else None
        if kind in (QUESTION, ATTRIBUTE) and rest:
            return cls(kind, rest)
        return None

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}" + (f":{self.choice}" if self.kind == OPTION else "")


def mapping_digest(columns: Mapping[str, str]) -> str:
    """A short fingerprint of a mapping: a confirmation carries the one it was shown with."""
    return hashlib.sha256(json.dumps(dict(columns), sort_keys=True).encode()).hexdigest()[:20]


def target_choices(
    questions: Sequence[Question], *, language: str, default: str
) -> list[tuple[str, Any]]:
    """The choices of a column's select: ignore, the questions, the single options of the
    multiple choices, the attributes (grouped)."""
    asked = [
        (str(Target(QUESTION, q.key)), _question_label(q, language, default)) for q in questions
    ]
    options = [
        (
            str(Target(OPTION, q.key, c["name"])),
            f"{_question_label(q, language, default)}: {label_in(c['labels'], language, default)}",
        )
        for q in questions
        if q.kind == QuestionType.MULTIPLE_CHOICE
        for c in q.choices
    ]
    attributes = [(str(Target(ATTRIBUTE, name)), label) for name, label in ATTRIBUTES.items()]
    choices: list[tuple[str, Any]] = [("", _("Ignore this column"))]
    choices.append((_("Questions"), asked))
    if options:
        choices.append((_("One option of a multiple choice (1 = chosen)"), options))
    choices.append((_("About the respondent"), attributes))
    return choices


def _question_label(question: Question, language: str, default: str) -> str:
    return f"{question.key} – {label_in(question.labels, language, default)}"


def guess_columns(headings: Iterable[str], questions: Sequence[Question]) -> dict[str, str]:
    """A first mapping from the headings: a question's name or label (in any language), a
    "question/option" heading, an attribute's name in da/nb/en; anything else ignored."""
    by_text: dict[str, Question] = {}
    for question in questions:
        by_text.setdefault(fold(question.key), question)
    for question in questions:
        for label in question.labels.values():
            if label.strip():
                by_text.setdefault(fold(label), question)
    attributes = {fold(word): name for name, words in ATTRIBUTE_HEADINGS.items() for word in words}
    for name, label in ATTRIBUTES.items():
        attributes.setdefault(fold(name), name)
        attributes.setdefault(fold(str(label)), name)
    guessed: dict[str, str] = {}
    used: set[Target] = set()
    for heading in headings:
        key = normalise_heading(heading)
        if not key or key in guessed:
            continue
        target = _guess(key, by_text, attributes)
        if target is not None and target not in used:
            used.add(target)
            guessed[key] = str(target)
        else:
            guessed[key] = ""
    return guessed


def _guess(
    heading: str, by_text: Mapping[str, Question], attributes: Mapping[str, str]
) -> Target | None:
    # A question's own name or label first: a questionnaire may well ask "Enhed?" itself.
    if heading in by_text:
        return Target(QUESTION, by_text[heading].key)
    if heading in attributes:
        return Target(ATTRIBUTE, attributes[heading])
    # Exports name a question by its path in the form ("rating/benefit/useful"): try the
    # whole heading, then ever shorter ends of it.
    parts = heading.split("/")
    for start in range(len(parts)):
        question = by_text.get("/".join(parts[start:]))
        if question is not None:
            return Target(QUESTION, question.key)
    if len(parts) > 1:
        # "goals/jobs": one column per option of a multiple choice.
        for start in range(len(parts) - 1):
            question = by_text.get("/".join(parts[start:-1]))
            if question is not None and question.kind == QuestionType.MULTIPLE_CHOICE:
                choice = _choice_named(question, parts[-1])
                if choice:
                    return Target(OPTION, question.key, choice)
    return None


def _choice_named(question: Question, text: str) -> str:
    for choice in question.choices:
        names = [choice["name"], *choice["labels"].values()]
        if any(fold(name) == text for name in names):
            return str(choice["name"])
    return ""


def check_columns(
    headings: Sequence[str], columns: Mapping[str, str], questions: Sequence[Question]
) -> tuple[list[tuple[int, Target]], list[Problem]]:
    """The mapped columns as (position in the row, target), and what is wrong with the
    mapping: targets that do not exist, a target chosen twice, headings the file lacks."""
    by_key = {q.key: q for q in questions}
    positions: dict[str, list[int]] = {}
    for index, heading in enumerate(headings):
        positions.setdefault(normalise_heading(heading), []).append(index)
    problems: list[Problem] = []
    resolved: list[tuple[int, Target]] = []
    seen: dict[Target, str] = {}
    whole: set[str] = set()
    per_option: set[str] = set()
    for heading, value in columns.items():
        if not value:
            continue
        shown = _heading_as_written(headings, positions.get(heading)) or heading
        target = Target.parse(value)
        problem = _target_problem(target, by_key) if target else _("This is not a column's use.")
        if problem is None and target is not None and target in seen:
            problem = _("“%(other)s” is already used for the same thing.") % {"other": seen[target]}
        if problem is None and heading not in positions:
            problem = _("The file has no column with this heading.")
        if problem is None and len(positions[heading]) > 1:
            problem = _("Several columns have this heading. Give each column its own heading.")
        if problem is not None or target is None:
            problems.append(Problem(None, shown, problem or ""))
            continue
        seen[target] = shown
        (per_option if target.kind == OPTION else whole).add(target.name)
        resolved.append((positions[heading][0], target))
    for key in sorted(whole & per_option):
        problems.append(
            Problem(
                None,
                key,
                _(
                    "The question has a column of its own and columns per option; choose one "
                    "or the other."
                ),
            )
        )
    if not problems and not any(t.kind in (QUESTION, OPTION) for _i, t in resolved):
        problems.append(Problem(None, "", _("Choose a question for at least one column.")))
    return sorted(resolved, key=lambda pair: pair[0]), problems


def _heading_as_written(headings: Sequence[str], positions: list[int] | None) -> str:
    return headings[positions[0]] if positions else ""


def _target_problem(target: Target, questions: Mapping[str, Question]) -> str | None:
    if target.kind == ATTRIBUTE:
        return None if target.name in ATTRIBUTES else _("There is no such respondent attribute.")
    question = questions.get(target.name)
    if question is None:
        return _("The questionnaire has no question “%(key)s”.") % {"key": target.name}
    if target.kind == OPTION and (
        question.kind != QuestionType.MULTIPLE_CHOICE
        or target.choice not in {c["name"] for c in question.choices}
    ):
        return _("“%(option)s” is not an option of the multiple choice “%(key)s”.") % {
            "option": target.choice,
            "key": target.name,
        }
    return None


# --- remembering ---------------------------------------------------------------------------


def remembered_columns(*, survey: Survey, headings: Sequence[str]) -> dict[str, str] | None:
    """The mapping chosen before for files of these headings, in this organisation."""
    found = (
        ColumnMapping.objects.filter(
            organisation_id=survey.organisation_id,
            questionnaire_id=survey.questionnaire_id,
            headings_key=headings_key(headings),
        )
        .values_list("columns", flat=True)
        .first()
    )
    return dict(found) if found is not None else None


@transaction.atomic
def column_mapping_save(
    *, by: Any, survey: Survey, headings: Sequence[str], columns: Mapping[str, str]
) -> ColumnMapping:
    """Remember how files with these headings map onto the survey's questionnaire."""
    questions = list(Question.objects.filter(questionnaire_id=survey.questionnaire_id))
    normalised = {normalise_heading(h): str(t) for h, t in columns.items()}
    _resolved, problems = check_columns(headings, normalised, questions)
    if problems:
        raise ValidationError(
            [f"{p.column}: {p.message}" if p.column else p.message for p in problems]
        )
    mapping, _created = ColumnMapping.objects.select_for_update().get_or_create(
        organisation_id=survey.organisation_id,
        questionnaire_id=survey.questionnaire_id,
        headings_key=headings_key(headings),
        defaults={"columns": normalised},
    )
    mapping.columns = normalised
    mapping.updated_by = by if getattr(by, "is_authenticated", False) else None
    mapping.full_clean()
    mapping.save()
    return mapping
