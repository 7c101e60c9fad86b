"""The radar chart: polar coordinates, series told apart three ways, SVG for PDFs."""

import math
from typing import Any

import pytest

from trinvis.reports.charts import COLOURS, DASHES, SHAPES, RadarChart, Series
from trinvis.reports.charts.bars import Bar, GroupedBarChart, StackedBarChart
from trinvis.reports.charts.common import _layers
from trinvis.reports.charts.lines import LineChart

AXES = ["Listening", "Writing", "Planning", "Law"]


def _chart(**kwargs) -> RadarChart:
    return RadarChart(
        axes=AXES,
        series=[Series("Expected", [4, 3, 4, 3]), Series("Team", [3, None, 2.5, 3])],
        legend_title="Series",
        description="A spider",
        **kwargs,
    )


def _rows(spec: dict, layer: dict) -> list[dict]:
    """A layer's rows: the layers name their data, the rows are in the spec's datasets."""
    return spec["datasets"][layer["data"]["name"]]


def _layer(spec: dict, mark: str, field: str) -> dict:
    return next(
        layer
        for layer in spec["layer"]
        if (layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]) == mark
        and field in layer.get("encoding", {})
    )


def test_the_first_axis_points_up_and_the_rest_go_clockwise() -> None:
    chart = _chart()
    assert chart.point(0, 5) == (0.0, 5.0)
    x, y = chart.point(1, 2)
    assert math.isclose(x, 2) and math.isclose(y, 0, abs_tol=1e-9)


def test_each_series_has_its_own_colour_dash_and_shape_in_one_legend() -> None:
    spec = _chart().spec()
    line = _layer(spec, "line", "strokeDash")
    points = _layer(spec, "point", "shape")
    assert line["encoding"]["color"]["scale"]["range"] == list(COLOURS[:2])
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [list(d) for d in DASHES[:2]]
    assert points["encoding"]["shape"]["scale"]["range"] == list(SHAPES[:2])
    assert line["encoding"]["color"]["scale"]["domain"] == ["Expected", "Team"]
    assert line["encoding"]["color"]["legend"]["title"] == "Series"
    assert spec["description"] == "A spider"


def test_a_full_series_is_closed_and_a_missing_value_is_left_out() -> None:
    spec = _chart().spec()
    rows = _rows(spec, _layer(spec, "line", "strokeDash"))
    expected = [r for r in rows if r["series"] == "Expected"]
    team = [r for r in rows if r["series"] == "Team"]
    assert len(expected) == 5 and expected[0]["x"] == expected[-1]["x"]
    assert [r["axis"] for r in team] == ["Listening", "Planning", "Law"]
    assert team[1]["value"] == 2.5


def test_the_table_holds_the_same_figures_as_the_chart() -> None:
    assert _chart().table() == [
        ("Listening", [4, 3]),
        ("Writing", [3, None]),
        ("Planning", [4, 2.5]),
        ("Law", [3, 3]),
    ]


def test_every_axis_has_a_spoke_and_a_label() -> None:
    spec = _chart().spec()
    labels = [
        row["label"]
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text" and layer["mark"].get("fontSize") == 11
        for row in _rows(spec, layer)
    ]
    assert sorted(labels) == sorted(AXES)
    spokes = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert len(_rows(spec, spokes)) == len(AXES)


def test_a_series_needs_one_value_per_axis() -> None:
    with pytest.raises(ValueError, match="one value per axis"):
        RadarChart(axes=AXES, series=[Series("Short", [1, 2])])


def test_the_chart_renders_as_svg_without_a_browser() -> None:
    svg = _chart().svg()
    assert svg.lstrip().startswith("<svg") and "Listening" in svg and "Expected" in svg


@pytest.mark.parametrize("series", [1, 2, 3])
def test_the_spec_the_pages_send_is_valid_vega_lite(series: int) -> None:
    values: list[list[float | None]] = [[4, 3, 4, 3], [3, None, 2.5, 3], [2, 2, 2, 2]]
    chart = RadarChart(axes=AXES, series=[Series(f"Series {n}", values[n]) for n in range(series)])
    assert chart.spec(validate=True) == chart.spec()


def test_charts_of_one_shape_share_layers_but_keep_their_own_rows_and_texts() -> None:
    first = _chart(title="Before")
    second = RadarChart(
        axes=["Other", "Names", "Than", "Before"],
        series=[Series("Expected", [1, 1, 1, 1]), Series("Team", [5, 5, 5, 5])],
        legend_title="Series",
        description="Another spider",
    )
    one, two = first.spec(), second.spec()
    assert one["layer"] == two["layer"]
    assert (one["title"], one["description"]) == ("Before", "A spider")
    assert "title" not in two and two["description"] == "Another spider"
    assert {row["label"] for row in two["datasets"]["labels-center"]} <= set(second.axes)
    assert two == second.spec(validate=True)


def test_charts_whose_series_are_named_differently_are_built_once() -> None:
    """Each page names its lines after its own place or person, and its bars' options after
    its question: the layers are built once for the shape, the names put in after, and each
    spec is still the one Altair builds."""

    def chart(kind: type, names: list[str]) -> Any:
        series = [Series(name, [1, 2]) for name in names]
        if kind is LineChart:  # with a scale of its own, as each municipality's trend has
            high = 10 + len(names[0])
            return LineChart(
                points=["2024", "2025"],
                series=series,
                low=1,
                high=high,
                tick_step=3,
                value_title=f"{names[0]} per cent",  # a unit, in the reader's language
            )
        if kind is GroupedBarChart:
            return GroupedBarChart(categories=["Yes", "No"], series=series)
        if kind is StackedBarChart:  # a question's own options, as each question has
            return StackedBarChart(options=names, bars=[Bar("All", [3, 1])])
        return RadarChart(axes=["A", "B"], series=series)

    for kind in (LineChart, GroupedBarChart, StackedBarChart, RadarChart):
        first = chart(kind, ["Aarhus", "Denmark"])
        first.spec()
        built = _layers.cache_info().misses
        for names in (["Bergen", "Norway"], ['Å & "B" <c>', "x"]):
            other = chart(kind, names)
            assert other.spec() == other.spec(validate=True)
        assert _layers.cache_info().misses == built, kind
