"""The builder page's outline: every section and question in reading order, with what
the page says about each (its number, type, whether it is required, its skip rule in words
or, when the builder cannot read it, as written) and which ways it can move."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trinvis.surveys.builder.rules import Source, rule_from, rule_in_words, sources_of
from trinvis.surveys.builder.tree import Place, text_of
from trinvis.surveys.preview import type_in_words
from trinvis.surveys.xlsform import Item, QuestionType, Section
from trinvis.surveys.xlsform import Questionnaire as Definition


@dataclass
class Entry:
    """A section or question of the outline, with what the page says about it."""

    item: Item
    place: Place
    label: str
    kind_label: str
    depth: int
    number: int = 0
    required: bool = False
    rule_words: str = ""
    custom_rule: str = ""
    may_move_up: bool = True
    may_move_down: bool = True
    children: list["Entry"] = field(default_factory=list)

    @property
    def is_section(self) -> bool:
        return isinstance(self.item, Section)

    @property
    def add_below(self) -> str:
        return str(Place(self.place.parent, self.place.index + 1))


def outline(definition: Definition) -> list[Entry]:
    """The questionnaire as nested entries in reading order; questions are numbered as the
    preview numbers them, and a skip rule is said in words where the builder can read it."""
    default = definition.default_language
    sources: list[Source] = []
    numbers = iter(range(1, 10_000))

    def rule(item: Item, entry: Entry) -> None:
        if not item.relevant:
            return
        found = rule_from(item.relevant, sources)
        source = next((s for s in sources if found and s.name == found.question), None)
        if found and source:
            entry.rule_words = rule_in_words(found, source, default)
        else:
            entry.custom_rule = item.relevant

    def visit(items: tuple[Item, ...], parent: str, depth: int) -> list[Entry]:
        entries = []
        for index, item in enumerate(items):
            entry = Entry(
                item=item,
                place=Place(parent, index),
                label=text_of(item.labels, default) or item.name,
                kind_label=_("Section") if isinstance(item, Section) else type_in_words(item.type),
                depth=depth,
                may_move_up=bool(parent) or index > 0,
                may_move_down=bool(parent) or index < len(items) - 1,
            )
            rule(item, entry)
            if isinstance(item, Section):
                entry.children = visit(item.items, item.name, depth + 1)
            else:
                if item.type is not QuestionType.NOTE:
                    entry.number = next(numbers)
                entry.required = item.required or any(row.required for row in item.items)
                sources.extend(sources_of(definition, item))
            entries.append(entry)
        return entries

    return visit(definition.items, "", 0)
