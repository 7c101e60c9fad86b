"""The five-question motivation check: the shipped wording, an organisation's own wording,
the drops that make a check a conversation point, and the trend over repeated checks.

Five things decide whether what someone learned is used at work (DOMAIN.md §3, the
personal and workplace factors of transfer): that it means something to them, that they
believe they can, that they want to, that the frame allows it, and that it pays off. Each is
scored 1 (not at all) to 5 (fully). No queries here: the callers fetch the organisations'
wording and the checks.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trinvis.reports.charts.bars import ChartFigure
from trinvis.reports.charts.common import Series
from trinvis.reports.charts.lines import LineChart

DIMENSIONS = ("meaning", "ability", "will", "frame", "benefit")
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
LOWEST, HIGHEST = 1, 5
# A fall this large on one dimension since the previous check is worth talking about.
NOTABLE_DROP = 2

# Short names for tables, chart legends and the agenda of a follow-up talk.
DIMENSION_NAMES: dict[str, Promise] = {
    "meaning": _("Meaning"),
    "ability": _("Ability"),
    "will": _("Will"),
    "frame": _("Frame and permission"),
    "benefit": _("Benefit"),
}

# The shipped questions, in our own words; translated through the catalogues.
SHIPPED_QUESTIONS: dict[str, Promise] = {
    "meaning": _("How meaningful is it for you to use what you learn?"),
    "ability": _("How sure are you that you can use what you learn in your daily work?"),
    "will": _("How much do you want to change the way you work with what you learn?"),
    "frame": _(
        "How far do your workday and your leader give you the time and permission to "
        "try out what you learn?"
    ),
    "benefit": _("How much do you expect to gain, you and the people you work for, from using it?"),
}

SCALE_LABELS: dict[int, Promise] = {
    1: _("1 – not at all"),
    2: _("2 – a little"),
    3: _("3 – partly"),
    4: _("4 – largely"),
    5: _("5 – fully"),
}


def valid_questions(value: object) -> dict[str, dict[str, str]]:
    """An organisation's stored wording reduced to what the check can use: known
    dimensions and languages, non-empty texts. Anything else in the JSON is ignored."""
    if not isinstance(value, Mapping):
        return {}
    cleaned: dict[str, dict[str, str]] = {}
    for dimension in DIMENSIONS:
        texts = value.get(dimension)
        if not isinstance(texts, Mapping):
            continue
        kept = {
            language: text.strip()
            for language, text in texts.items()
            if language in LANGUAGES and isinstance(text, str) and text.strip()
        }
        if kept:
            cleaned[dimension] = kept
    return cleaned


@dataclass(frozen=True)
class Question:
    """One question as the person sees it, and where its wording comes from."""

    dimension: str
    name: str
    text: str
    own_wording: bool


def questions_for(
    language: str, wordings_nearest_first: Sequence[Mapping[str, object]]
) -> list[Question]:
    """The five questions in `language`: for each dimension the text of the nearest
    organisation (the person's own, then those above it) that worded it in that language,
    else the shipped text. A text in another language is never shown instead: the shipped
    question in the reader's language is better than one they may not read."""
    cleaned = [valid_questions(wording) for wording in wordings_nearest_first]
    questions = []
    for dimension in DIMENSIONS:
        text = next(
            (
                wording[dimension][language]
                for wording in cleaned
                if language in wording.get(dimension, {})
            ),
            None,
        )
        questions.append(
            Question(
                dimension=dimension,
                name=str(DIMENSION_NAMES[dimension]),
                text=text if text is not None else str(SHIPPED_QUESTIONS[dimension]),
                own_wording=text is not None,
            )
        )
    return questions


def scores_of(check: object) -> dict[str, int]:
    """The five scores of a check (any object with one attribute per dimension)."""
    return {dimension: int(getattr(check, dimension)) for dimension in DIMENSIONS}


def drops(previous: Mapping[str, int] | None, current: Mapping[str, int]) -> list[str]:
    """The dimensions that fell by NOTABLE_DROP or more since the previous check."""
    if previous is None:
        return []
    return [
        dimension
        for dimension in DIMENSIONS
        if previous[dimension] - current[dimension] >= NOTABLE_DROP
    ]


def drops_over_time(checks: Iterable[object]) -> list[list[str]]:
    """For checks in the order they were taken: each one's drops against the one before."""
    result = []
    previous: dict[str, int] | None = None
    for check in checks:
        scores = scores_of(check)
        result.append(drops(previous, scores))
        previous = scores
    return result


class TrendPoint(Protocol):
    """A check as the trend reads it (selectors_personal.CheckRow)."""

    @property
    def taken_on(self) -> datetime.date: ...

    @property
    def scores(self) -> dict[str, int]: ...

    @property
    def drops(self) -> list[str]: ...


def _point_labels(dates: Sequence[datetime.date]) -> list[str]:
    """Short dates; a second check on the same day gets a number, as every point needs its
    own label."""
    labels: list[str] = []
    for day in dates:
        label = date_format(day, "SHORT_DATE_FORMAT")
        count = sum(1 for other in dates[: len(labels)] if other == day)
        labels.append(f"{label} ({count + 1})" if count else label)
    return labels


def trend_figure(points: Sequence[TrendPoint], *, id: str = "motivation-trend") -> ChartFigure:
    """One line per dimension over the dates of the checks, with the same figures as a
    table and a summary in words: the latest scores and any notable drop."""
    labels = _point_labels([point.taken_on for point in points])
    names = [str(DIMENSION_NAMES[dimension]) for dimension in DIMENSIONS]
    latest = points[-1]
    summary = gettext(
        "%(count)s motivation checks from %(first)s to %(last)s. Latest: %(scores)s."
    ) % {
        "count": len(points),
        "first": labels[0],
        "last": labels[-1],
        "scores": ", ".join(
            f"{name} {latest.scores[dimension]}"
            for name, dimension in zip(names, DIMENSIONS, strict=True)
        ),
    }
    if latest.drops:
        summary += " " + gettext("Fell by two or more since the check before: %(names)s.") % {
            "names": ", ".join(str(DIMENSION_NAMES[d]) for d in latest.drops)
        }
    chart = LineChart(
        points=labels,
        series=[
            Series(name, [float(point.scores[dimension]) for point in points])
            for name, dimension in zip(names, DIMENSIONS, strict=True)
        ],
        description=summary,
        low=LOWEST,
        high=HIGHEST,
        legend_title=gettext("Question"),
        point_title=gettext("Date"),
        value_title=gettext("Score (1–5)"),
        series_title=gettext("Question"),
    )
    flagged = gettext("Conversation point")
    return ChartFigure(
        id=id,
        chart=chart,
        caption=gettext("Motivation over time"),
        summary=summary,
        row_header=gettext("Date"),
        columns=[*names, flagged],
        rows=[
            (
                label,
                [
                    *(str(point.scores[dimension]) for dimension in DIMENSIONS),
                    ", ".join(str(DIMENSION_NAMES[d]) for d in point.drops) or "–",
                ],
            )
            for label, point in zip(labels, points, strict=True)
        ],
    )
