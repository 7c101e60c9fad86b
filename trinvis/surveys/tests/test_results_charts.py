"""The bar charts: valid Vega-Lite, the same spec whether built afresh or from the cached
shape, labelled values, suppressed groups never drawn, SVG for PDFs."""

from trinvis.reports.charts import (
    Bar,
    GroupedBarChart,
    Series,
    StackedBarChart,
    contrast,
    diverging_colours,
    ink_for,
)
from trinvis.surveys.charts import question_figure
from trinvis.surveys.results import survey_results
from trinvis.surveys.tests.factories_results import add_responses, make_survey


def _stacked() -> StackedBarChart:
    return StackedBarChart(
        options=["Low", "Middle", "High"],
        bars=[Bar("Leaders", [1, 1, 2]), Bar("Employees", [0, 3, 1])],
        title="Useful",
    )


def test_stacked_bar_spec_is_valid_and_equals_the_cached_shape() -> None:
    chart = _stacked()
    assert chart.spec(validate=True) == chart.spec()
    rows = chart.spec()["datasets"]["bars"]
    leaders = [row for row in rows if row["bar"] == "Leaders"]
    assert [row["label"] for row in leaders] == ["25 %", "25 %", "50 %"]
    assert leaders[-1]["end"] == 100
    assert not [row for row in rows if row["bar"] == "Employees" and row["option"] == "Low"]


def test_grouped_bar_spec_is_valid() -> None:
    chart = GroupedBarChart(
        categories=["Labour", "Language"],
        series=[Series("Set (n=10)", [50.0, 20.0]), Series("Worked on (n=8)", [25.0, None])],
    )
    assert chart.spec(validate=True) == chart.spec()
    assert len(chart.spec()["datasets"]["groups"]) == 3


def test_labels_contrast_with_their_fill() -> None:
    for fill in diverging_colours(5) + diverging_colours(11):
        assert contrast(fill, ink_for(fill)) >= 4.5


def test_svg_for_pdfs() -> None:
    assert "<svg" in _stacked().svg()


def test_suppressed_groups_are_not_drawn(world) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(
        survey,
        [{"role": "leader", "useful": "5"}] * 6
        + [{"role": "employee", "useful": "4"}] * 7
        + [{"role": "contact_person", "useful": "1"}] * 2,
    )
    table = survey_results(survey=survey, by="role").table("useful")
    assert table is not None
    figure = question_figure(table, id="chart")
    assert figure is not None
    names = {row["bar"] for row in figure.spec["datasets"]["bars"]}
    assert names == {"Employee (n=7)", "All respondents (n=15)"}
    assert [header for header, _cells in figure.rows] == [
        "Employee (n=7)",
        "All respondents (n=15)",
    ]
