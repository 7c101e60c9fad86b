"""The compilation of the mapping conversations as a chart: per challenge the share of the
municipalities with a conversation that named it, in all and — when there are few enough
regions to tell apart — per region; with the counts as a table and a spoken summary."""

from django.utils.translation import gettext as _

from trinvis.core.numbers import rounded_text
from trinvis.programmes.selectors_mapping import ChallengeCount, Compilation
from trinvis.reports.charts import COLOURS, ChartFigure, GroupedBarChart, Series

DRAWN = 15  # challenges drawn; the table lists them all
SPOKEN = 3  # challenges read out in the summary


def share(count: int, base: int) -> float | None:
    return 100 * count / base if base else None


def _cell(count: int, base: int) -> str:
    percentage = share(count, base)
    if percentage is None:
        return "–"
    return f"{count} ({rounded_text(percentage, 0)} %)"


def _label(name: str, base: int) -> str:
    return _("%(name)s (n=%(count)d)") % {"name": name, "count": base}


def _summary(compilation: Compilation) -> str:
    base = compilation.conversations
    leading = ", ".join(
        _("“%(name)s” by %(count)d of %(base)d")
        % {"name": row.name, "count": row.total, "base": base}
        for row in compilation.named[:SPOKEN]
    )
    summary = _(
        "Share of the %(base)d municipalities with a mapping conversation that named each "
        "challenge. Named most often: %(leading)s."
    ) % {"base": base, "leading": leading}
    if len(compilation.named) > DRAWN:
        summary += " " + _(
            "The chart shows the %(drawn)d challenges named most often; the table has them all."
        ) % {"drawn": DRAWN}
    return summary


def compilation_figure(compilation: Compilation, *, id: str) -> ChartFigure | None:
    """Grouped bars of the challenges named most often; None before any is named."""
    drawn: tuple[ChallengeCount, ...] = compilation.named[:DRAWN]
    if not drawn:
        return None
    everyone = _label(_("All municipalities"), compilation.conversations)
    regions = [
        _label(region, base)
        for region, base in zip(
            compilation.regions, compilation.conversations_per_region, strict=True
        )
    ]
    series = [Series(everyone, [share(row.total, compilation.conversations) for row in drawn])]
    # One region would repeat the first series; more than the colours could not be told apart.
    if 1 < len(regions) < len(COLOURS):
        series += [
            Series(label, [share(row.per_region[index], base) for row in drawn])
            for index, (label, base) in enumerate(
                zip(regions, compilation.conversations_per_region, strict=True)
            )
        ]
    chart = GroupedBarChart(
        categories=[row.name for row in drawn],
        series=series,
        description=_("Challenges named in the mapping conversations"),
        category_title=_("Challenge"),
        series_title=_("Municipalities"),
        value_title=_("Per cent of the municipalities"),
    )
    return ChartFigure(
        id=id,
        chart=chart,
        caption=_("Challenges named in the mapping conversations"),
        summary=_summary(compilation),
        row_header=_("Challenge"),
        columns=[everyone, *regions],
        rows=[
            (
                row.name,
                [
                    _cell(row.total, compilation.conversations),
                    *(
                        _cell(count, base)
                        for count, base in zip(
                            row.per_region, compilation.conversations_per_region, strict=True
                        )
                    ),
                ],
            )
            for row in compilation.rows
        ],
        open_table=True,
    )


def csv_lines(compilation: Compilation) -> tuple[list[str], list[list[object]]]:
    """The compilation as CSV headers and rows: counts, first the number of municipalities
    with a conversation (the base of every share)."""
    headers = [_("Challenge"), _("All municipalities"), *compilation.regions]
    rows: list[list[object]] = [
        [
            _("Municipalities with a mapping conversation"),
            compilation.conversations,
            *compilation.conversations_per_region,
        ]
    ]
    rows += [[row.name, row.total, *row.per_region] for row in compilation.rows]
    return headers, rows
