"""The plan's effort before, during and after the course as one 100 % stacked bar, with its
figures and the recommended bands (30-30-40) as a table and a spoken summary."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trinvis.learning.plan_checks import PHASE_LABELS, Effort, Phase, band_in_words
from trinvis.reports.charts import Bar, ChartFigure, StackedBarChart

MINUTES_PER_HOUR = 60


def hours(value: Decimal) -> str:
    return _("%(hours)s h") % {"hours": number_format(value.normalize(), decimal_pos=None)}


def effort_cells(effort: Effort) -> list[str]:
    """Per phase "12 h (24 %)", then the total."""
    cells = [
        _("%(hours)s (%(share)s %%)")
        % {"hours": hours(effort.amount(phase)), "share": effort.share(phase)}
        for phase in Phase
    ]
    return [*cells, hours(effort.total)]


def effort_summary(effort: Effort) -> str:
    """The chart in one sentence, for screen readers."""
    return _(
        "Effort of the plan: %(before)s %% before the course, %(during)s %% during it and "
        "%(after)s %% after it. Recommended: %(before_band)s before, %(during_band)s during "
        "and %(after_band)s after."
    ) % {
        "before": effort.share(Phase.BEFORE),
        "during": effort.share(Phase.DURING),
        "after": effort.share(Phase.AFTER),
        "before_band": band_in_words(Phase.BEFORE),
        "during_band": band_in_words(Phase.DURING),
        "after_band": band_in_words(Phase.AFTER),
    }


def effort_figure(effort: Effort, *, id: str, name: str) -> ChartFigure | None:
    """The bar of the plan's effort; None without any effort (nothing to draw)."""
    if not effort.total:
        return None
    phases = [str(PHASE_LABELS[phase]) for phase in Phase]
    chart = StackedBarChart(
        options=phases,
        # The bar counts whole units: minutes are exact for hours given to one decimal.
        bars=[
            Bar(name, [int(effort.amount(phase) * MINUTES_PER_HOUR) for phase in Phase]),
        ],
        description=_("Effort before, during and after the course"),
        bar_title=_("Plan"),
        option_title=_("Phase"),
        percent_title=_("Per cent of the effort"),
        count_title=_("Minutes"),
    )
    return ChartFigure(
        id=id,
        chart=chart,
        caption=_("Effort before, during and after the course"),
        summary=effort_summary(effort),
        row_header=_("Effort"),
        columns=[*phases, _("Total")],
        rows=[
            (name, effort_cells(effort)),
            (
                _("Recommended (30-30-40)"),
                [*(band_in_words(phase) for phase in Phase), "100 %"],
            ),
        ],
        open_table=True,
    )
