"""A line chart: values over ordered points (dates of repeated measurements), one line per
series on a fixed scale, so a trend reads at a glance and two charts of the same scale
compare. Series differ by dash pattern and point shape as well as by colour, as in the
radar chart. Built like the other charts: the layers once per shape, the rows in `datasets`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import altair as alt

from trinvis.reports.charts.common import (
    COLOURS,
    DASHES,
    GRID,
    LABEL,
    LABEL_LIMIT,
    SHAPES,
    Frozen,
    Series,
    cached_spec,
    check_series,
    placeholder,
    placeholder_series,
    to_svg,
)


@dataclass(frozen=True)
class LineChart:
    """Lines of `series` over `points` (labels in order, each once), on `low`…`high`."""

    points: Sequence[str]
    series: Sequence[Series]
    title: str = ""
    description: str = ""
    low: int = 1
    high: int = 5
    # The distance between the value axis's ticks: 1 for a short scale (1–5, 0–10); a wide
    # one (0–100 %, inhabitants) needs a larger step to stay readable.
    tick_step: int = 1
    width: int = 480
    height: int = 240
    legend_title: str = ""
    point_title: str = "point"
    value_title: str = "value"
    series_title: str = "series"
    extra: dict[str, Any] = field(default_factory=dict)

    # Titles put into the cached layers afterwards, as the series' names are (common.py).
    TEXTS: ClassVar[tuple[str, ...]] = ("point_title", "value_title", "series_title")

    def __post_init__(self) -> None:
        check_series(self.series, len(self.points), "point")
        if len(set(self.points)) != len(self.points):
            raise ValueError("every point needs its own label")

    def rows(self) -> list[dict[str, Any]]:
        """One row per value; a missing value leaves the point out (the line bridges it)."""
        return [
            {
                "series": series.name,
                "point": point,
                "position": position,
                "value": value,
            }
            for series in self.series
            for position, (point, value) in enumerate(zip(self.points, series.values, strict=True))
            if value is not None
        ]

    def table(self) -> list[tuple[str, list[float | None]]]:
        """One row per point, one value per series (for screen readers)."""
        return [
            (point, [series.values[index] for series in self.series])
            for index, point in enumerate(self.points)
        ]

    def chart(self) -> alt.LayerChart:
        return lines(self)

    def spec(self, *, validate: bool = False) -> dict[str, Any]:
        """As RadarChart.spec: the layers built once per shape, the rows in `datasets`; the
        value scale, which differs from chart to chart as the series names do, put in."""
        spec = cached_spec(self, validate=validate, rows={"lines": self.rows()})
        if not validate:
            for layer in spec["layer"]:
                y = layer["encoding"]["y"]
                y["scale"]["domain"] = [self.low, self.high]
                y["axis"]["values"] = self.ticks()
        return spec

    def ticks(self) -> list[int]:
        return list(range(self.low, self.high + 1, self.tick_step))

    def _shape(self) -> "LineChart":
        return replace(
            self,
            points=(),
            series=placeholder_series(self.series),
            low=0,
            high=1,
            tick_step=1,
            point_title=placeholder("point_title", 0),
            value_title=placeholder("value_title", 0),
            series_title=placeholder("series_title", 0),
            title="",
            description="",
            extra=Frozen(self.extra),
        )

    def svg(self) -> str:
        return to_svg(self.spec())


def lines(chart: LineChart) -> alt.LayerChart:
    """The chart's layers; their rows come from `datasets` (see LineChart.spec)."""
    names = [series.name for series in chart.series]
    used = len(names)
    legend = alt.Legend(title=chart.legend_title or None, orient="bottom", symbolStrokeWidth=2)
    colour = alt.Color(
        "series:N", scale=alt.Scale(domain=names, range=list(COLOURS[:used])), legend=legend
    )
    dash = alt.StrokeDash(
        "series:N",
        scale=alt.Scale(domain=names, range=[list(d) for d in DASHES[:used]]),
        legend=legend,
    )
    shape = alt.Shape(
        "series:N", scale=alt.Scale(domain=names, range=list(SHAPES[:used])), legend=legend
    )
    x = alt.X(
        "point:O",
        sort=alt.EncodingSortField("position", op="min"),
        title=chart.point_title,
        axis=alt.Axis(labelLimit=LABEL_LIMIT, labelColor=LABEL, labelAngle=0, ticks=False),
    )
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=[chart.low, chart.high]),
        title=chart.value_title,
        axis=alt.Axis(
            values=chart.ticks(),
            format="d",
            gridColor=GRID,
            gridOpacity=0.4,
            labelColor=LABEL,
        ),
    )
    tooltip = [
        alt.Tooltip("series:N", title=chart.series_title),
        alt.Tooltip("point:O", title=chart.point_title),
        alt.Tooltip("value:Q", title=chart.value_title),
    ]
    data = alt.Data(name="lines")
    layered = alt.layer(
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=dash, detail="series:N", order="position:Q"),
        alt.Chart(data)
        .mark_point(filled=True, size=60, opacity=1)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
    ).properties(width=chart.width, height=chart.height)
    if chart.title:
        layered = layered.properties(title=chart.title)
    if chart.description:
        layered = layered.properties(description=chart.description)
    return layered.configure(
        font="Inter, Segoe UI, system-ui, sans-serif", view={"stroke": None}, **chart.extra
    )
