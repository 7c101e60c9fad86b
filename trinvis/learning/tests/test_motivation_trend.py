"""The line chart the motivation trend is drawn with (trinvis/reports/charts/lines.py):
valid Vega-Lite, series told apart three ways, a missing value left out, SVG for print."""

import pytest

from trinvis.reports.charts import COLOURS, DASHES, SHAPES, Series
from trinvis.reports.charts.lines import LineChart

POINTS = ["1 Mar", "1 Apr", "1 May"]


def _chart(**kwargs) -> LineChart:
    return LineChart(
        points=POINTS,
        series=[Series("Meaning", [4, 2, 5]), Series("Will", [3, None, 4])],
        legend_title="Question",
        description="Motivation over time",
        **kwargs,
    )


def _layer(spec: dict, mark: str) -> dict:
    return next(layer for layer in spec["layer"] if layer["mark"]["type"] == mark)


def test_the_spec_the_pages_send_is_valid_vega_lite() -> None:
    chart = _chart(title="Trend")
    assert chart.spec(validate=True) == chart.spec()


def test_each_series_has_its_own_colour_dash_and_shape() -> None:
    spec = _chart().spec()
    line, points = _layer(spec, "line"), _layer(spec, "point")
    assert line["encoding"]["color"]["scale"]["range"] == list(COLOURS[:2])
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [list(d) for d in DASHES[:2]]
    assert points["encoding"]["shape"]["scale"]["range"] == list(SHAPES[:2])
    assert spec["description"] == "Motivation over time"


def test_a_missing_value_is_left_out_and_the_scale_is_fixed() -> None:
    chart = _chart()
    rows = chart.spec()["datasets"]["lines"]
    assert [(r["point"], r["value"]) for r in rows if r["series"] == "Will"] == [
        ("1 Mar", 3),
        ("1 May", 4),
    ]
    y = _layer(chart.spec(), "line")["encoding"]["y"]
    assert y["scale"]["domain"] == [1, 5] and y["axis"]["values"] == [1, 2, 3, 4, 5]
    assert chart.table() == [("1 Mar", [4, 3]), ("1 Apr", [2, None]), ("1 May", [5, 4])]


def test_charts_of_one_shape_share_layers_but_keep_their_rows() -> None:
    first = _chart()
    second = LineChart(
        points=["Jan", "Feb"],
        series=[Series("Meaning", [1, 1]), Series("Will", [5, 5])],
        legend_title="Question",
    )
    assert first.spec()["layer"] == second.spec()["layer"]
    assert second.spec() == second.spec(validate=True)
    assert {row["point"] for row in second.spec()["datasets"]["lines"]} == {"Jan", "Feb"}


@pytest.mark.parametrize(
    ("points", "series", "message"),
    [
        (["a", "a"], [Series("x", [1, 2])], "its own label"),
        (["a", "b"], [Series("x", [1])], "one value per point"),
    ],
)
def test_bad_input_is_refused(points, series, message) -> None:
    with pytest.raises(ValueError, match=message):
        LineChart(points=points, series=series)


def test_the_chart_renders_as_svg_without_a_browser() -> None:
    svg = _chart().svg()
    assert svg.lstrip().startswith("<svg") and "Meaning" in svg and "1 Apr" in svg
