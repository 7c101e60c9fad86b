"""The builder's edits: pure functions from a definition to a new one (see the package
docstring)."""

from collections.abc import Collection
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trinvis.surveys import expressions
from trinvis.surveys.builder.tree import (
    Place,
    all_names,
    ascii_name,
    children,
    clean_labels,
    insert,
    locate,
    located,
    prune,
    replaced,
    set_children,
    unique_name,
)
from trinvis.surveys.xlsform import (
    Choice,
    ChoiceList,
    Item,
    Labels,
    MatrixItem,
    Question,
    QuestionType,
    Section,
)
from trinvis.surveys.xlsform import Questionnaire as Definition
from trinvis.surveys.xlsform.model import CHOICE_TYPES, LIKERT_POINTS

SCALE_TYPES = frozenset({QuestionType.LIKERT, QuestionType.MATRIX})


@dataclass(frozen=True)
class StatementDraft:
    """A matrix statement as the editor gives it; `name` is "" for a new one."""

    name: str
    labels: Labels
    required: bool = False


@dataclass(frozen=True)
class QuestionDraft:
    """A question as the editor gives it, before the builder names it and its options.

    `relevant` and `constraint` None: keep what the question has (a hand-written expression
    the editor only shows). `choices` of the choice types: a choice named "" is named from its
    label. `scale`: the ready scale the choices are (its key names a new list), "" otherwise.
    """

    type: QuestionType
    labels: Labels
    hints: Labels = field(default_factory=dict)
    required: bool = False
    relevant: str | None = ""
    constraint: str | None = ""
    constraint_messages: Labels = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    scale: str = ""
    statements: tuple[StatementDraft, ...] = ()


def _first_text(labels: Labels, definition: Definition) -> str:
    return labels.get(definition.default_language) or next(iter(labels.values()), "")


def _named_choices(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    given = [choice.name.strip() for choice in choices if choice.name.strip()]
    if len(set(given)) != len(given):
        raise ValidationError(_("Two options have the same stored value; make each one unique."))
    taken = set(given)
    named = []
    for choice in choices:
        name = choice.name.strip()
        if not name:
            text = next((text for text in choice.labels.values() if text), "")
            name = unique_name(ascii_name(text, fallback="option"), taken)
            taken.add(name)
        named.append(Choice(name, clean_labels(choice.labels)))
    return tuple(named)


def _use_choice_list(
    definition: Definition,
    *,
    owner: str,
    current: str,
    choices: tuple[Choice, ...],
    base: str,
) -> tuple[Definition, str]:
    """The name of a list holding `choices` for the question `owner`: its current list when
    unchanged, an identical list when there is one (questions on one scale share it), its own
    list changed in place when no other question uses it, else a new list named from `base`.
    A list other questions use is never changed under them."""
    lists = {choice_list.name: choice_list for choice_list in definition.choice_lists}
    if current in lists and lists[current].choices == choices:
        return definition, current
    for choice_list in definition.choice_lists:
        if choice_list.choices == choices:
            return definition, choice_list.name
    shared = any(
        question.choice_list == current and question.name != owner
        for question in definition.questions()
    )
    if current in lists and not shared and base == owner:
        changed = tuple(
            ChoiceList(current, choices) if choice_list.name == current else choice_list
            for choice_list in definition.choice_lists
        )
        return replace(definition, choice_lists=changed), current
    name = unique_name(base, lists.keys())
    added = (*definition.choice_lists, ChoiceList(name, choices))
    return replace(definition, choice_lists=added), name


def _check_relevant(expression: str, names: Collection[str]) -> None:
    problems = expressions.check(expression, names=names, allow_current=False)
    if problems:
        raise ValidationError([_(problem.template) % problem.params for problem in problems])


def question_put(
    definition: Definition, draft: QuestionDraft, *, name: str = "", place: Place | None = None
) -> tuple[Definition, str]:
    """The definition with the drafted question added at `place`, or (given `name`) that
    question changed, and the question's name. Names of the question and of statements it
    had stay; new ones come from the label."""
    old: Question | None = None
    if name:
        _old_place, found = located(definition, name)
        if not isinstance(found, Question):
            raise ValidationError(_("This item is a section, not a question."))
        old = found
    elif place is None:
        raise ValueError("a new question needs a place")
    kind = draft.type
    labels = clean_labels(draft.labels)
    if not labels:
        raise ValidationError(_("Write the question's text."))
    taken = all_names(definition)
    name = name or unique_name(ascii_name(_first_text(labels, definition), fallback="q"), taken)
    taken.add(name)
    statements = _statements(definition, draft, old, taken) if kind is QuestionType.MATRIX else ()
    choice_list = ""
    if kind in CHOICE_TYPES:
        choices = _named_choices(draft.choices)
        if kind is QuestionType.LIKERT and not ChoiceList("", choices).is_likert:
            raise ValidationError(_("A five-point scale needs the points 1 to 5."))
        least = 2 if kind in (QuestionType.SINGLE_CHOICE, *SCALE_TYPES) else 1
        if len(choices) < least:
            raise ValidationError(
                _("Give the question at least %(count)s options.") % {"count": least}
            )
        definition, choice_list = _use_choice_list(
            definition,
            owner=name,
            current=old.choice_list if old else "",
            choices=choices,
            base=(draft.scale + ("_dont_know" if len(choices) > LIKERT_POINTS else ""))
            if draft.scale
            else name,
        )
    answerable = kind not in (QuestionType.MATRIX, QuestionType.NOTE)
    relevant = (old.relevant if old else "") if draft.relevant is None else draft.relevant.strip()
    if draft.constraint is None:
        constraint, messages = (old.constraint, old.constraint_messages) if old else ("", {})
    else:
        constraint, messages = draft.constraint.strip(), clean_labels(draft.constraint_messages)
    if relevant:
        _check_relevant(relevant, all_names(definition) | {name})
    question = Question(
        name=name,
        type=kind,
        labels=labels,
        hints=clean_labels(draft.hints),
        required=draft.required and answerable,
        relevant=relevant,
        constraint=constraint if answerable else "",
        constraint_messages=messages if answerable and constraint else {},
        choice_list=choice_list,
        items=statements,
    )
    if old is None:
        assert place is not None
        return prune(insert(definition, question, place)), name
    return prune(replaced(definition, name, question)), name


def _statements(
    definition: Definition, draft: QuestionDraft, old: Question | None, taken: set[str]
) -> tuple[MatrixItem, ...]:
    had = {row.name for row in old.items} if old else set()
    rows = []
    for statement in draft.statements:
        labels = clean_labels(statement.labels)
        if not labels:
            continue
        name = statement.name if statement.name in had else ""
        had.discard(name)
        name = name or unique_name(ascii_name(_first_text(labels, definition), fallback="s"), taken)
        taken.add(name)
        rows.append(MatrixItem(name, labels, statement.required))
    if not rows:
        raise ValidationError(_("Write at least one statement."))
    return tuple(rows)


def section_put(
    definition: Definition,
    *,
    labels: Labels,
    relevant: str | None,
    name: str = "",
    place: Place | None = None,
) -> tuple[Definition, str]:
    """The definition with a new section at `place`, or (given `name`) that section's title
    and skip rule changed (its questions stay), and the section's name."""
    labels = clean_labels(labels)
    if not labels:
        raise ValidationError(_("Write the section's title."))
    if name:
        _place, old = located(definition, name)
        if not isinstance(old, Section):
            raise ValidationError(_("This item is a question, not a section."))
        kept = old.relevant if relevant is None else relevant.strip()
        if kept:
            _check_relevant(kept, all_names(definition))
        return replaced(definition, name, replace(old, labels=labels, relevant=kept)), name
    if place is None:
        raise ValueError("a new section needs a place")
    name = unique_name(
        ascii_name(_first_text(labels, definition), fallback="section"), all_names(definition)
    )
    relevant = (relevant or "").strip()
    if relevant:
        _check_relevant(relevant, all_names(definition))
    return insert(definition, Section(name, labels, relevant), place), name


def item_move(definition: Definition, name: str, *, up: bool) -> Definition:
    """One step in reading order: a question steps into a neighbouring section (at its end
    going up, its start going down) and out of its own at the edge; a section swaps with
    its neighbour, or leaves the section it is in at the edge."""
    place, item = located(definition, name)
    siblings = children(definition, place.parent)
    target = place.index + (-1 if up else 1)
    without = siblings[: place.index] + siblings[place.index + 1 :]
    if 0 <= target < len(siblings):
        neighbour = siblings[target]
        if isinstance(item, Question) and isinstance(neighbour, Section):
            moved = set_children(definition, place.parent, without)
            inside = Place(neighbour.name, len(neighbour.items) if up else 0)
            return insert(moved, item, inside)
        swapped = list(siblings)
        swapped[place.index], swapped[target] = neighbour, item
        return set_children(definition, place.parent, tuple(swapped))
    if not place.parent:
        raise ValidationError(
            _("It is already first.") if up else _("It is already last."),
        )
    section_place, _section = locate(definition, place.parent)
    moved = set_children(definition, place.parent, without)
    outside = Place(section_place.parent, section_place.index + (0 if up else 1))
    return insert(moved, item, outside)


def item_remove(definition: Definition, name: str, *, keep_contents: bool = False) -> Definition:
    """Without the item; a section's questions go with it unless `keep_contents`, which
    leaves them where the section was."""
    place, item = located(definition, name)
    siblings = children(definition, place.parent)
    kept = item.items if isinstance(item, Section) and keep_contents else ()
    remaining = (*siblings[: place.index], *kept, *siblings[place.index + 1 :])
    return prune(set_children(definition, place.parent, remaining))


def settings_put(
    definition: Definition, *, title: str, languages: tuple[str, ...], default_language: str
) -> Definition:
    """New title and languages. Texts in a language left out are deleted, unless that
    would leave something without any text."""
    dropped = set(definition.languages) - set(languages)
    if dropped:
        definition = _without_languages(definition, dropped)
    return replace(
        definition, title=title.strip(), languages=languages, default_language=default_language
    )


def _without_languages(definition: Definition, dropped: set[str]) -> Definition:
    mute: list[str] = []

    def keep(labels: Labels, *, needed: bool = False) -> Labels:
        kept = {language: text for language, text in labels.items() if language not in dropped}
        if needed and labels and not kept:
            mute.append(_first_text(labels, definition))
        return kept

    def item(found: Item) -> Item:
        if isinstance(found, Section):
            return replace(
                found,
                labels=keep(found.labels, needed=True),
                items=tuple(item(child) for child in found.items),
            )
        return replace(
            found,
            labels=keep(found.labels, needed=True),
            hints=keep(found.hints),
            constraint_messages=keep(found.constraint_messages),
            items=tuple(replace(row, labels=keep(row.labels, needed=True)) for row in found.items),
        )

    items = tuple(item(found) for found in definition.items)
    lists = tuple(
        ChoiceList(
            choice_list.name,
            tuple(
                Choice(choice.name, keep(choice.labels, needed=True))
                for choice in choice_list.choices
            ),
        )
        for choice_list in definition.choice_lists
    )
    if mute:
        raise ValidationError(
            _(
                "These texts are only written in a language you are removing; write them in "
                "another language first: %(texts)s"
            )
            % {"texts": "; ".join(f"“{text}”" for text in mute[:5])}
        )
    return replace(definition, items=items, choice_lists=lists)
