"""Filters on a survey's results (`?role=leader&size_class=small`): every figure of the page,
the downloads and the API is of the selected respondents, combined with a breakdown when
one is chosen, and the respondents a filter leaves out are protected like a hidden group."""

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook

from trinvis.surveys import exports, selectors
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.models import Question
from trinvis.surveys.results import survey_results
from trinvis.surveys.segments import BREAKDOWNS, parse_filters
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

# 13 leaders (8 in large municipalities, 5 in small), 15 employees (10 large, 5 small);
# each group answers "useful" with its own value. Every cell of role × size is shown.
PEOPLE = (
    [("leader", "large", "5")] * 8
    + [("leader", "small", "4")] * 5
    + [("employee", "large", "3")] * 10
    + [("employee", "small", "2")] * 5
)
# Two contact persons more: a role too small to show, which the other roles must not give
# away.
CONTACT_PERSONS = [("contact_person", "large", "1")] * 2


def _respondents(world, people):
    return [
        {
            "role": role,
            "size_class": size,
            "useful": useful,
            "changes": "yes" if index % 2 else "no",
            "municipality": world.municipality_a if size == "large" else world.municipality_b,
            "comments": f"said by a {role} in a {size} municipality",
        }
        for index, (role, size, useful) in enumerate(people)
    ]


@pytest.fixture
def survey(world):
    survey = make_survey(organisation=world.agency)
    add_responses(survey, _respondents(world, PEOPLE))
    return survey


@pytest.fixture
def with_contacts(world):
    survey = make_survey(organisation=world.agency, title="with contact persons")
    add_responses(survey, _respondents(world, PEOPLE + CONTACT_PERSONS))
    return survey


def _segments(results, key="useful"):
    table = results.table(key)
    assert table is not None
    return table.segments


def _total(results, key="useful"):
    table = results.table(key)
    assert table is not None
    return table.total


# --- what a filter shows -------------------------------------------------------------------


def test_a_filter_restricts_every_figure_to_the_selected_respondents(survey) -> None:
    results = survey_results(survey=survey, where={"size_class": "large"})
    total = _total(results)
    assert total.n == 18 and total.label == "All selected respondents"
    assert total.mean == pytest.approx((8 * 5 + 10 * 3) / 18)
    assert results.selected is not None and results.selected.count == 18
    assert results.filter_description == "Only: Municipality size: Large municipality"
    assert results.rate.responses == 28  # the survey's response rate stays the survey's
    assert _total(results, "changes").n == 18


def test_two_filters_combine(survey) -> None:
    results = survey_results(survey=survey, where={"role": "employee", "size_class": "large"})
    total = _total(results)
    assert (total.n, total.mean) == (10, 3)
    assert [str(line) for line in results.filters] == [
        "Municipality size: Large municipality",
        "Role: Employee",
    ]


def test_a_filter_and_a_breakdown_cross_tabulate(survey) -> None:
    results = survey_results(survey=survey, by="role", where={"size_class": "large"})
    table = results.table("useful")
    assert table is not None
    rows = {row.key: row for row in table.rows}
    assert (rows["leader"].n, rows["leader"].mean) == (8, 5)
    assert (rows["employee"].n, rows["employee"].mean) == (10, 3)
    assert (rows["total"].n, rows["total"].label) == (18, "All selected respondents")
    respondents = {row.line.key: row.count for row in results.respondents}
    assert respondents == {"leader": 8, "employee": 10}


def test_a_cross_tabulation_never_hides_one_cell_alone(with_contacts) -> None:
    """The leaders are hidden as the complement of the two contact persons, so their cells
    are hidden in every table, and in each table the cells next to them are hidden too: the
    large municipalities minus their shown employees would be leaders, and the leaders'
    cells would add up to the leaders."""
    for where, by in (({"size_class": "large"}, "role"), ({"role": "employee"}, "size_class")):
        table = survey_results(survey=with_contacts, by=by, where=where).table("useful")
        assert table is not None
        segments = table.segments
        assert len([row for row in segments if not row.shown]) != 1
        assert all(row.n is None and row.mean is None for row in segments if not row.shown)


def test_a_filter_leaving_out_a_small_group_is_hidden_with_its_reason(with_contacts) -> None:
    """All respondents minus the employees would be the leaders and the two contact persons;
    minus the leaders too, the contact persons: so the leaders are hidden."""
    reasons = {
        role: _total(survey_results(survey=with_contacts, where={"role": role})).suppressed
        for role in ("leader", "employee", "contact_person")
    }
    assert reasons == {
        "leader": Suppressed.COMPLEMENTARY,
        "employee": None,
        "contact_person": Suppressed.TOO_FEW,
    }


def test_a_filter_below_the_minimum_shows_nothing(with_contacts) -> None:
    results = survey_results(survey=with_contacts, where={"role": "contact_person"})
    assert all(table.total.suppressed is Suppressed.TOO_FEW for table in results.questions)
    assert results.selected is not None and results.selected.count is None
    assert results.municipalities == ()


@pytest.mark.parametrize("attribute", ["role", "size_class", "municipality"])
def test_total_minus_the_shown_filters_is_never_one_small_group(with_contacts, attribute) -> None:
    """Differencing across filters, the way anyone could: every value of the attribute as a
    filter, subtracted from the unfiltered total."""
    survey = with_contacts
    everyone = _total(survey_results(survey=survey))
    values = selectors.respondents_by_segment(survey=survey, by=attribute)
    hidden = []
    shown_n = 0
    for value in values:
        total = _total(survey_results(survey=survey, where={attribute: value}))
        if total.shown:
            shown_n += total.n
        else:
            hidden.append(value)
    assert everyone.n is not None
    left_over = everyone.n - shown_n
    assert len(hidden) != 1
    assert left_over == 0 or left_over >= survey.minimum_group


def test_municipalities_are_protected_within_their_known_size_class(world) -> None:
    """The size class of a municipality is public, so the small municipalities' total minus
    the small municipalities shown must not be one municipality."""
    small = [world.municipality_a, world.municipality_b, world.unit_a_job]
    large = [world.agency, world.region_dk]
    survey = make_survey(organisation=world.agency)
    add_responses(
        survey,
        [
            {"municipality": place, "size_class": size, "country": "NO", "useful": "4"}
            for place, size, count in zip(
                small + large, ["small"] * 3 + ["large"] * 2, [3, 10, 12, 8, 30], strict=True
            )
            for _ in range(count)
        ],
    )
    small_total = _total(survey_results(survey=survey, where={"size_class": "small"}))
    assert small_total.n == 25
    rows = {row.key: row for row in _segments(survey_results(survey=survey, by="municipality"))}
    shown_small = [rows[str(place.pk)] for place in small if rows[str(place.pk)].shown]
    assert len(shown_small) == 1 and shown_small[0].n == 12
    assert all(rows[str(place.pk)].shown for place in large)
    filtered = survey_results(survey=survey, by="municipality", where={"size_class": "small"})
    assert [row.n for row in _segments(filtered) if row.shown] == [12]


# --- parsing ---------------------------------------------------------------------------------


def test_invalid_filter_values_are_ignored() -> None:
    assert parse_filters({"role": "nope", "municipality": "x1", "contact_person": "maybe"}) == {}
    assert parse_filters(
        {"role": "leader", "contact_person": "no", "municipality": "7", "size_class": "unknown"}
    ) == {"size_class": None, "role": "leader", "contact_person": False, "municipality": 7}


def test_unknown_filters_select_respondents_without_the_attribute(world) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, [{"size_class": "", "useful": "4"}] * 6 + [{"size_class": "small"}])
    results = survey_results(survey=survey, where={"size_class": None})
    assert results.filter_description == "Only: Municipality size: Not known"
    assert _total(results).n == 6


def test_at_most_two_attributes_are_combined(survey) -> None:
    results = survey_results(
        survey=survey, by="role", where={"size_class": "large", "unit_type": "employment"}
    )
    assert list(results.where) == ["size_class"]
    assert [line.field for line in results.dropped] == ["unit_type"]
    assert "Not applied" in exports.preamble(results)[-1]


# --- the page, the downloads, the API --------------------------------------------------------


def test_page_states_the_filter_and_keeps_it_in_every_link(survey, world, client_of) -> None:
    page = client_of(world.fiona).get(
        f"/surveys/{survey.pk}/results/?by=role&size_class=large&texts=comments"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Only: Municipality size: Large municipality" in html
    assert "18 respondents match the filter" in html
    assert f"/surveys/{survey.pk}/results.xlsx?by=role&amp;size_class=large" in html
    assert f"/surveys/{survey.pk}/results/csv/useful?by=role&amp;size_class=large" in html
    assert '<option value="large" selected>' in html
    # Open answers of the selected respondents only.
    assert "said by a employee in a large municipality" in html
    assert "in a small municipality" not in html


def test_page_explains_a_hidden_filter(with_contacts, world, client_of) -> None:
    client = client_of(world.fiona)
    url = f"/surveys/{with_contacts.pk}/results/?texts=comments&role="
    html = client.get(url + "contact_person").content.decode()
    assert "The filter selects fewer than 5 respondents" in html
    assert "said by a contact_person" not in html
    html = client.get(url + "leader").content.decode()
    assert "is hidden, and so are figures that would let" in html
    assert "said by a leader" not in html


def test_page_warns_about_filters_not_applied(survey, world, client_of) -> None:
    html = (
        client_of(world.fiona)
        .get(f"/surveys/{survey.pk}/results/?by=role&size_class=large&unit_type=employment")
        .content.decode()
    )
    assert "Some filters were not applied" in html
    assert "Unit type: Jobcentre / NAV" in html


def test_downloads_state_the_filter(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    response = client.get(f"/surveys/{survey.pk}/results/csv/useful?role=employee")
    assert "filtered" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Only: Role: Employee"]
    assert rows[1] == []
    assert rows[2][0] == "Group"
    assert rows[3][:2] == ["All selected respondents", "15"]

    book = load_workbook(
        io.BytesIO(client.get(f"/surveys/{survey.pk}/results.xlsx?role=employee").content)
    )
    assert book["useful"]["A2"].value == "Only: Role: Employee"

    html = exports.results_pdf_html(survey_results(survey=survey, where={"role": "employee"}))
    assert "Only: Role: Employee" in html
    assert "15 respondents match the filter" in html


def test_unfiltered_csv_is_unchanged(survey, world, client_of) -> None:
    response = client_of(world.fiona).get(f"/surveys/{survey.pk}/results/csv/useful")
    first = next(csv.reader(io.StringIO(response.content.decode())))
    assert first[0] == "Group"


def test_api_takes_the_same_filters(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    api = client.get(f"/api/surveys/{survey.pk}/results?role=employee&by=size_class").json()
    assert api["filters"] == [{"attribute": "role", "value": "employee", "label": "Employee"}]
    assert api["selected"] == 15 and api["responses"] == 28
    useful = {row["segment"]: row for row in api["rows"] if row["key"] == "useful"}
    assert useful["large"]["n"] == 10 and useful["large"]["counts"]["3"] == 10
    assert useful["small"]["n"] == 5 and useful["small"]["mean"] == 2
    assert useful[None]["segment_label"] == "All selected respondents"

    hidden = client.get(f"/api/surveys/{survey.pk}/results?role=contact_person").json()
    assert hidden["selected"] is None and hidden["selected_suppressed_reason"] == "too_few"
    assert all(row["suppressed"] for row in hidden["rows"])

    ignored = client.get(f"/api/surveys/{survey.pk}/results?role=nobody").json()
    assert ignored["filters"] == [] and ignored["selected"] is None

    schema = client.get("/api/openapi.json").json()
    operation = next(
        path["get"] for url, path in schema["paths"].items() if url.endswith("/results")
    )
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"by", "role", "size_class", "unit_type", "contact_person", "country"} <= names
    assert "municipality" in names


def test_page_query_count_does_not_grow_with_filters_or_data(
    world, client_of, django_assert_max_num_queries
) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(150, municipalities=[world.municipality_a]))
    client = client_of(world.fiona)
    url = f"/surveys/{survey.pk}/results/?by=role&size_class=large&texts=comments"
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


# --- the selectors -----------------------------------------------------------------------------


def test_selectors_filter_like_a_recount(world) -> None:
    survey = make_survey(organisation=world.agency)
    people = generated(80, municipalities=[world.municipality_a, world.municipality_b])
    add_responses(survey, people)
    where = {"role": "employee", "contact_person": False}
    chosen = [p for p in people if p["role"] == "employee" and p["contact_person"] is False]
    useful = Question.objects.get(questionnaire=survey.questionnaire, key="useful")
    data = selectors.aggregates(survey=survey, by="size_class", where=where)
    expected = Counter((p["size_class"], p["useful"]) for p in chosen)
    got = {
        (segment, option): count
        for (question_id, segment), counts in data.options.items()
        if question_id == useful.pk
        for option, count in counts.items()
    }
    assert got == dict(expected)
    assert selectors.response_counts(survey=survey, where=where) == (len(chosen), 0)
    sizes = selectors.respondents_by_segment(survey=survey, by="country", where=where)
    assert sizes == dict(Counter(p["country"] for p in chosen))
    cells = selectors.respondent_cells(survey=survey, fields=["role", "contact_person"])
    assert cells.responses[("employee", False)] == len(chosen)
    assert cells.answered[(useful.pk, ("employee", False))] == len(chosen)
    comments = Question.objects.get(questionnaire=survey.questionnaire, key="comments")
    texts = list(selectors.open_answers(survey=survey, question=comments, where=where))
    assert sorted(texts) == sorted(p["comments"] for p in chosen if p["comments"])


def test_cells_from_the_results_counts_equal_the_cells_counted_apart(world) -> None:
    """The results page hands its unfiltered counts to respondent_cells instead of counting
    the answers twice: the cells must be the same, for every breakdown and none."""
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(60, municipalities=[world.municipality_a]))
    for by in [None, *BREAKDOWNS]:
        fields = [by] if by else []
        counted = selectors.aggregates(survey=survey, by=by)
        assert selectors.respondent_cells(
            survey=survey, fields=fields, unfiltered=counted
        ) == selectors.respondent_cells(survey=survey, fields=fields), by
    with pytest.raises(ValueError, match="not by the cells' fields"):
        selectors.respondent_cells(
            survey=survey, fields=["role"], unfiltered=selectors.aggregates(survey=survey)
        )


def test_unknown_attribute_in_a_filter_is_an_error(world) -> None:
    survey = make_survey(organisation=world.agency)
    with pytest.raises(ValueError, match="cannot filter"):
        selectors.aggregates(survey=survey, where={"email": "x"})
    with pytest.raises(ValueError, match="cannot filter"):
        survey_results(survey=survey, where={"organisation": 1})
