"""The five-point competence scale, in the user's language (DOMAIN.md section 3, phase 2)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Level:
    value: int
    label: str | Promise
    descriptor: str | Promise


LEVELS = (
    Level(1, _("Novice"), _("Needs instruction and clear rules to carry out the task.")),
    Level(
        2,
        _("Advanced beginner"),
        _("Starts to master concrete tasks, but is still unsure and needs support."),
    ),
    Level(
        3,
        _("Practised performer"),
        _("Takes responsibility and carries out the task satisfactorily."),
    ),
    Level(
        4,
        _("Competent performer"),
        _("Uses insight, experience and judgement; sees the whole situation."),
    ),
    Level(
        5,
        _("Expert"),
        _("Does the right thing by intuition, may bend the rules when needed, and teaches others."),
    ),
)
BY_VALUE = {level.value: level for level in LEVELS}


def label(value: int | None) -> str:
    """'3 Practised performer', or an en dash for no level."""
    if value is None:
        return "–"
    return f"{value} {BY_VALUE[value].label}"
