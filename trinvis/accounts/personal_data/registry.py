"""The types the list of personal-data sources (sources.py) is made of.

A `Source` is one place that holds data about a person: a model, the condition that finds
the person's rows in it, the fields the download shows, and what erasure does to those rows
(`Erase`), with the reason. Fields are ORM paths (`"activity__title"`) read with
`values()`, so a source costs one query however many rows the person has.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.apps import apps
from django.db.models import Expression, Model, Q, QuerySet
from django.db.models import Field as ModelField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User


class Erase(Enum):
    """What erasure does to a source's rows."""

    # The rows go.
    DELETE = "delete"
    # The rows stay, with the fields in `Source.clear` overwritten: free texts emptied, links
    # to the person cut. What is counted (levels, states, answers) stays.
    ANONYMISE = "anonymise"
    # The rows stay as they are: they point at the person's account, which loses its name and
    # e-mail address, so what they say is no longer about anyone named.
    KEEP = "keep"
    # The account itself: anonymised by the erasure service, last of all.
    ACCOUNT = "account"

    @property
    def label(self) -> Promise:
        return ERASE_LABELS[self]


ERASE_LABELS: dict[Erase, Promise] = {
    Erase.DELETE: _("Deleted"),
    Erase.ANONYMISE: _("Anonymised: texts removed, figures kept"),
    Erase.KEEP: _("Kept, without the name"),
    Erase.ACCOUNT: _("Name and e-mail address replaced, login closed"),
}


@dataclass(frozen=True)
class Field:
    """One value of a row in the download.

    `path` is an ORM path (`"organisation__name"`) or an expression (annotated under the
    key). The heading is `label`, else the verbose name of the path's first field.
    `convert` turns the stored value into what is shown (given the reader's language)."""

    key: str
    path: str | Expression | None = None
    label: Promise | str | None = None
    convert: Callable[[Any, str], Any] | None = None

    @property
    def lookup(self) -> str | Expression:
        return self.key if self.path is None else self.path


@dataclass(frozen=True)
class Source:
    """One place with data about a person (see the module docstring)."""

    key: str
    title: Promise
    model: str
    where: Callable[[User], Q]
    fields: tuple[Field, ...]
    erase: Erase
    # Why erasure does what it does here: shown to the administrator before they confirm.
    reason: Promise
    # The relations to the user this source accounts for, as "field" names on `model`; the
    # registry test fails for a relation to the user no source and no exclusion names.
    links: tuple[str, ...] = ()
    # For Erase.ANONYMISE: the values written over the rows (given the person).
    clear: Callable[[User], Mapping[str, Any]] | None = None
    order_by: tuple[str, ...] = ("pk",)

    def __post_init__(self) -> None:
        if (self.erase is Erase.ANONYMISE) != (self.clear is not None):
            raise ValueError(f"{self.key}: `clear` is for Erase.ANONYMISE sources, and only them")

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def rows(self, person: User) -> QuerySet[Any]:
        """The person's rows, each once. A condition across a many-to-many or an OR of two
        joins can match a row twice; a subquery of ids, unlike DISTINCT, leaves the query
        free to order by and read any column."""
        objects = self.model_class._default_manager
        return objects.filter(pk__in=objects.filter(self.where(person)).values("pk"))

    def model_field(self, path: str) -> ModelField | None:
        """The model field at the end of an ORM path; None for a path that is no field."""
        model: Any = self.model_class
        found: Any = None
        for name in path.split("__"):
            if model is None:
                return None
            found = model._meta.get_field(name)
            model = found.related_model if found.is_relation else None
        return found if isinstance(found, ModelField) else None

    def label_of(self, column: Field) -> str:
        if column.label is not None:
            return str(column.label)
        name = column.lookup if isinstance(column.lookup, str) else column.key
        first = self.model_class._meta.get_field(name.split("__")[0])
        return str(getattr(first, "verbose_name", column.key))


@dataclass(frozen=True)
class Exclusion:
    """A relation to the user that is deliberately not a source, and why."""

    link: str  # "app_label.Model.field"
    reason: str


@dataclass
class Registry:
    sources: tuple[Source, ...]
    exclusions: tuple[Exclusion, ...]
    by_key: dict[str, Source] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {source.key: source for source in self.sources}
        if len(self.by_key) != len(self.sources):
            raise ValueError("two personal-data sources share a key")

    def covered_links(self) -> set[str]:
        """Every "app_label.Model.field" relation a source or an exclusion accounts for."""
        named = {f"{source.model}.{link}" for source in self.sources for link in source.links}
        return named | {exclusion.link for exclusion in self.exclusions}
