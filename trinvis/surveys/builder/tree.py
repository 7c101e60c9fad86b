"""Names, places and the tree of sections and questions: the plumbing of the builder's
edits (see the package docstring)."""

import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from trinvis.surveys.xlsform import (
    Item,
    Labels,
    Question,
    Section,
)
from trinvis.surveys.xlsform import Questionnaire as Definition


def text_of(labels: Labels, default: str) -> str:
    """A text in the reader's language, else the questionnaire's default, else any."""
    language = translation.get_language() or default
    return labels.get(language) or labels.get(default) or next(iter(labels.values()), "")


def clean_labels(labels: Labels) -> Labels:
    """Texts without surrounding space; an empty text is no text (as XLSForm reads it)."""
    return {language: text.strip() for language, text in labels.items() if text.strip()}


# --- names -------------------------------------------------------------------------------

NAME_LENGTH = 40
# Letters that NFKD does not take apart; the rest of Latin script loses its accents.
_TRANSLITERATION = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss", "ð": "d"}
)
# pyxform keeps "meta" for the form's metadata; XML keeps names that start with "xml".
_RESERVED = frozenset({"meta"})


def ascii_name(text: str, *, fallback: str) -> str:
    """`text` as an XLSForm name: lower-case ASCII words joined by "_", starting with a letter,
    at most NAME_LENGTH characters (whole words where they fit)."""
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())
    name = ""
    for word in words:
        if len(name) + len(word) + 1 > NAME_LENGTH:
            break
        name = f"{name}_{word}" if name else word
    name = name or (words[0][:NAME_LENGTH] if words else "")
    if not name or not name[0].isalpha() or name.startswith("xml") or name in _RESERVED:
        name = f"{fallback}_{name}"[:NAME_LENGTH].rstrip("_")
    return name


def unique_name(base: str, taken: Collection[str]) -> str:
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}_{number}"
    return name


def all_names(definition: Definition) -> set[str]:
    """Every name in the survey sheet: sections, questions and matrix statements."""
    names: set[str] = set()
    for _place, item in walk(definition.items):
        names.add(item.name)
        if isinstance(item, Question):
            names.update(row.name for row in item.items)
    return names


# --- where items are ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where an item sits: in the section named `parent` ("" at the top level), at `index`."""

    parent: str
    index: int

    def __str__(self) -> str:
        return f"{self.parent}:{self.index}"

    @classmethod
    def parse(cls, text: str) -> "Place | None":
        parent, separator, index = text.rpartition(":")
        return cls(parent, int(index)) if separator and index.isdigit() else None


def walk(items: tuple[Item, ...], parent: str = "") -> Iterator[tuple[Place, Item]]:
    """Every section and question with its place, in the order respondents meet them."""
    for index, item in enumerate(items):
        yield Place(parent, index), item
        if isinstance(item, Section):
            yield from walk(item.items, item.name)


def locate(definition: Definition, name: str) -> tuple[Place, Item]:
    """The place and the item named `name`; KeyError when there is none."""
    for place, item in walk(definition.items):
        if item.name == name:
            return place, item
    raise KeyError(name)


def located(definition: Definition, name: str) -> tuple[Place, Item]:
    try:
        return locate(definition, name)
    except KeyError:
        raise ValidationError(
            _("This item is no longer in the questionnaire; someone may have deleted it.")
        ) from None


def children(definition: Definition, parent: str) -> tuple[Item, ...]:
    """The items of a section ("" for the top level); KeyError when there is no such section."""
    if not parent:
        return definition.items
    _place, section = locate(definition, parent)
    if not isinstance(section, Section):
        raise KeyError(parent)
    return section.items


def places(definition: Definition) -> list[tuple[Place, Item | None, Section | None]]:
    """Every place a new item can go, in reading order: (place, the item it comes after or
    None at a section's start, the section it is in or None at the top level)."""
    found: list[tuple[Place, Item | None, Section | None]] = []

    def visit(items: tuple[Item, ...], section: Section | None) -> None:
        parent = section.name if section else ""
        found.append((Place(parent, 0), None, section))
        for index, item in enumerate(items):
            if isinstance(item, Section):
                visit(item.items, item)
            found.append((Place(parent, index + 1), item, section))

    visit(definition.items, None)
    return found


def _with_children(items: tuple[Item, ...], parent: str, new: tuple[Item, ...]) -> tuple[Item, ...]:
    if not parent:
        return new
    return tuple(
        replace(item, items=new if item.name == parent else _with_children(item.items, parent, new))
        if isinstance(item, Section)
        else item
        for item in items
    )


def set_children(definition: Definition, parent: str, new: tuple[Item, ...]) -> Definition:
    return replace(definition, items=_with_children(definition.items, parent, new))


def insert(definition: Definition, item: Item, place: Place) -> Definition:
    try:
        siblings = children(definition, place.parent)
    except KeyError:
        siblings = None
    if siblings is None or not 0 <= place.index <= len(siblings):
        raise ValidationError(
            _("That place is no longer in the questionnaire; choose where to add it again.")
        )
    return set_children(
        definition, place.parent, (*siblings[: place.index], item, *siblings[place.index :])
    )


def prune(definition: Definition) -> Definition:
    """Without the choice lists no question uses any more."""
    used = {question.choice_list for question in definition.questions()}
    return replace(
        definition,
        choice_lists=tuple(lists for lists in definition.choice_lists if lists.name in used),
    )


def replaced(definition: Definition, name: str, item: Item) -> Definition:
    place, _old = located(definition, name)
    siblings = list(children(definition, place.parent))
    siblings[place.index] = item
    return set_children(definition, place.parent, tuple(siblings))
