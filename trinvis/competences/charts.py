"""The competence spiders: the team's median against the expected level, one person's own
and leader's rating, and a profile's development between two rounds.

Each returns a `Figure` (trinvis.reports.charts): the Vega-Lite spec, a summary in words for
screen readers, and the same figures as a table.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from trinvis.competences.models import Competence
from trinvis.competences.selectors import Matrix, PersonRating
from trinvis.reports.charts import Figure, RadarChart, Series


def _chart(
    axes: Sequence[str], series: Sequence[Series], *, description: str, legend: str
) -> RadarChart:
    return RadarChart(
        axes=list(axes),
        series=list(series),
        description=description,
        legend_title=legend,
        value_title=_("level"),
        axis_title=_("competence"),
        series_title=legend,
    )


def _below(competences: Sequence[Competence], values: Sequence[float | None]) -> list[str]:
    return [
        competence.name
        for competence, value in zip(competences, values, strict=True)
        if value is not None and value < competence.expected_level
    ]


def team_spider(matrix: Matrix, *, id: str = "team-spider") -> Figure:
    """Team median against the expected level, per competence."""
    competences = [row.competence for row in matrix.rows]
    medians = [row.figures.team_median for row in matrix.rows]
    expected_name, median_name = _("Expected level"), _("Team median")
    below = _below(competences, medians)
    if below:
        summary = _(
            "Competence spider of %(count)s competences: the team median is below the "
            "expected level in %(below)s."
        ) % {"count": len(competences), "below": ", ".join(below)}
    else:
        summary = _(
            "Competence spider of %(count)s competences: the team median meets the expected "
            "level in every competence that was rated."
        ) % {"count": len(competences)}
    chart = _chart(
        [c.name for c in competences],
        [
            Series(expected_name, [float(c.expected_level) for c in competences]),
            Series(median_name, medians),
        ],
        description=summary,
        legend=_("Series"),
    )
    return Figure(
        id=id,
        chart=chart,
        caption=_("Team spider: team median and expected level"),
        summary=summary,
        axis_header=_("Competence"),
    )


def person_spider(ratings: Sequence[PersonRating], *, id: str = "person-spider") -> Figure:
    """One person's own rating and their leader's against the expected level."""
    competences = [rating.competence for rating in ratings]
    own = [float(r.self_rating.level) if r.self_rating else None for r in ratings]
    leader = [float(r.leader_rating.level) if r.leader_rating else None for r in ratings]
    series = [Series(_("Expected level"), [float(c.expected_level) for c in competences])]
    if any(value is not None for value in own):
        series.append(Series(_("Own rating"), own))
    if any(value is not None for value in leader):
        series.append(Series(_("Leader's rating"), leader))
    differing = [r.competence.name for r in ratings if r.conversation_point]
    summary = _("Competence spider of %(count)s competences: %(series)s.") % {
        "count": len(competences),
        "series": ", ".join(s.name for s in series),
    }
    if differing:
        summary += " " + _("Own and leader's rating differ by two or more in %(names)s.") % {
            "names": ", ".join(differing)
        }
    return Figure(
        id=id,
        chart=_chart(
            [c.name for c in competences], series, description=summary, legend=_("Series")
        ),
        caption=_("Competence spider: own rating, leader's rating and expected level"),
        summary=summary,
        axis_header=_("Competence"),
    )


def development_spider(
    rows: Sequence[tuple[Competence, float | None, float | None]],
    *,
    before: str,
    after: str,
    id: str = "development-spider",
) -> Figure:
    """Team median per competence in two rounds of the same profile."""
    competences = [competence for competence, _first, _second in rows]
    first = [value for _c, value, _second in rows]
    second = [value for _c, _first, value in rows]
    rose = [c.name for c, a, b in rows if a is not None and b is not None and b > a]
    fell = [c.name for c, a, b in rows if a is not None and b is not None and b < a]
    summary = _(
        "Team median in %(before)s and %(after)s. Rose in: %(rose)s. Fell in: %(fell)s."
    ) % {
        "before": before,
        "after": after,
        "rose": ", ".join(rose) or _("none"),
        "fell": ", ".join(fell) or _("none"),
    }
    chart = _chart(
        [c.name for c in competences],
        [
            Series(_("Expected level"), [float(c.expected_level) for c in competences]),
            Series(_("Before: %(round)s") % {"round": before}, first),
            Series(_("After: %(round)s") % {"round": after}, second),
        ],
        description=summary,
        legend=_("Series"),
    )
    return Figure(
        id=id,
        chart=chart,
        caption=_("Team median before and after"),
        summary=summary,
        axis_header=_("Competence"),
    )
