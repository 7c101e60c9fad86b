"""A question's table as the results page and the report write it: one header cell per
column, hidden groups as one cell across the row saying why, figures in the page's
language."""

from html.parser import HTMLParser

import pytest
from django.utils import translation

from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.charts import question_figure
from trinvis.surveys.results import survey_results
from trinvis.surveys.templatetags.survey_results import question_table, suppressed
from trinvis.surveys.tests.factories_results import add_responses, make_survey

# 3 contact persons are too few; the leaders (6) are then hidden too, to protect them.
ROLES = ["leader"] * 6 + ["employee"] * 10 + ["contact_person"] * 3


class Rows(HTMLParser):
    """Each row's cells: (tag, attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, dict[str, str | None], str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.rows[-1].append((tag, dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self.rows and self.rows[-1]:
            tag, attrs, text = self.rows[-1][-1]
            self.rows[-1][-1] = (tag, attrs, text + data)


@pytest.fixture
def results(world):
    survey = make_survey(organisation=world.agency)
    add_responses(survey, [{"role": role, "useful": "4"} for role in ROLES])
    return survey_results(survey=survey, by="role")


def _rows(results, key: str) -> list[list[tuple[str, dict[str, str | None], str]]]:
    table = results.table(key)
    parser = Rows()
    parser.feed(question_table(table, results))
    return parser.rows


def test_every_row_is_as_wide_as_the_head(results) -> None:
    table = results.table("useful")
    head, *body = _rows(results, "useful")
    assert [text for _tag, _attrs, text in head][:2] == ["Role", "n"]
    assert len(head) == 1 + table.width
    assert len(body) == len(table.rows)
    for row, cells in zip(table.rows, body, strict=True):
        assert cells[0] == ("th", {"scope": "row"}, row.label)
        if row.shown:
            assert len(cells) == 1 + table.width
        else:
            assert cells[1][1] == {
                "colspan": str(table.width),
                "class": "trinvis-results__suppressed",
            }


def test_hidden_groups_say_why(results) -> None:
    cells = {row[0][2]: row[1][2] for row in _rows(results, "useful")[1:]}
    assert cells["Contact person"] == "fewer than 5 respondents"
    assert cells["Leader"] == "hidden (see note)"


def test_figures_follow_the_language(results) -> None:
    with translation.override("da"):
        total = _rows(results, "useful")[-1]
        assert total[1][2] == "19"
        assert "4,00" in [text for _tag, _attrs, text in total]
        assert _rows(results, "useful")[0][1][2] == "n"
        assert suppressed(Suppressed.TOO_FEW, 5) == "færre end 5 respondenter"
    with translation.override("nb"):
        assert "4,00" in [text for _tag, _attrs, text in _rows(results, "useful")[-1]]
        assert suppressed(Suppressed.COMPLEMENTARY, 5) != "hidden (see note)"


def test_a_charts_table_rounds_its_shares_as_the_question_table_does(world) -> None:
    # Two in three: 66.7 %, which reads "67 %" in both tables (it once read "66 %" under
    # the chart, whose numbers were cut off rather than rounded).
    survey = make_survey(organisation=world.agency)
    add_responses(survey, [{"useful": "4"}] * 6 + [{"useful": "5"}] * 3)
    results = survey_results(survey=survey)
    table = results.table("useful")
    assert table is not None
    figure = question_figure(table, id="chart")
    assert figure is not None
    _group, chart_cells = figure.rows[-1]
    table_cells = [text for _tag, _attrs, text in _rows(results, "useful")[-1]]
    assert "6 (67 %)" in chart_cells
    assert "6 (67 %)" in table_cells
