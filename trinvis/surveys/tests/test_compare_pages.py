"""The compare page: leaders against employees on every scale item, one wave of a
questionnaire against another, the biggest differences marked in words and first on
request, each side protected as on the results page, and both tables as CSV."""

import csv
import io

import pytest

from trinvis.surveys import compare
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey


def _people(role: str, count: int, useful: str, talks: str, recommend: int) -> list[dict]:
    return [
        {
            "role": role,
            "useful": useful,
            "benefit/talks": talks,
            "recommend": recommend,
            "goals_set": ["labour"] if index % 2 else ["labour", "language"],
        }
        for index in range(count)
    ]


@pytest.fixture
def survey(world):
    """Leaders find the workshops far more useful than employees do; on the talks they agree."""
    survey = make_survey(organisation=world.agency)
    add_responses(
        survey,
        _people("leader", 6, useful="5", talks="3", recommend=9)
        + _people("employee", 8, useful="2", talks="3", recommend=7),
    )
    return survey


def _wave(first: Survey, title: str, **fields) -> Survey:
    return Survey.objects.create(
        questionnaire=first.questionnaire,
        organisation=fields.pop("organisation", first.organisation),
        title=title,
        mode=Survey.Mode.PERSONAL,
        **fields,
    )


# --- leaders and employees -------------------------------------------------------------------


def test_groups_side_by_side_on_every_scale_item(survey) -> None:
    groups = compare.compare_groups(survey=survey)
    items = {item.key: item for item in groups.items}
    assert list(items) == ["useful", "benefit/talks", "benefit/groups", "recommend"]
    useful = items["useful"]
    assert (useful.first.n, useful.first.mean, useful.first.top_two_box) == (6, 5, 100)
    assert (useful.second.n, useful.second.mean, useful.second.top_two_box) == (8, 2, 0)
    assert useful.difference == -3 and useful.top_two_difference == -100
    assert useful.large
    talks = items["benefit/talks"]
    assert talks.difference == 0 and not talks.large
    assert items["recommend"].length == 10 and items["recommend"].difference == -2
    # Nobody answered the group work: both sides hidden, no difference.
    assert not items["benefit/groups"].first.shown and items["benefit/groups"].difference is None
    assert groups.first_respondents == (6, None) and groups.second_respondents == (8, None)


def test_biggest_differences_first(survey) -> None:
    ordered = compare.biggest_first(compare.compare_groups(survey=survey).items)
    assert [item.key for item in ordered] == [
        "useful",
        "recommend",
        "benefit/talks",
        "benefit/groups",
    ]


def test_a_group_below_the_minimum_is_hidden_with_its_reason(world) -> None:
    """Three leaders are too few; six contact persons are hidden with them (the smallest
    other role), so the employees stay shown and the leaders cannot be worked out."""
    survey = make_survey(organisation=world.agency)
    add_responses(
        survey,
        _people("leader", 3, "5", "3", 9)
        + _people("employee", 8, "2", "3", 7)
        + _people("contact_person", 6, "4", "3", 8),
    )
    useful = compare.compare_groups(survey=survey).items[0]
    assert useful.first.suppressed is Suppressed.TOO_FEW and useful.first.mean is None
    assert useful.second.shown and useful.second.n == 8
    assert useful.difference is None and not useful.large
    assert useful.first.note == "Fewer than 5 respondents"


def test_both_groups_hidden_when_hiding_one_would_give_it_away(world) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, _people("leader", 3, "5", "3", 9) + _people("employee", 8, "2", "3", 7))
    useful = compare.compare_groups(survey=survey).items[0]
    assert useful.first.suppressed is Suppressed.TOO_FEW
    assert useful.second.suppressed is Suppressed.COMPLEMENTARY


def test_page_marks_large_differences_in_words_and_sorts(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    html = client.get(f"/surveys/{survey.pk}/compare/").content.decode()
    assert "Leaders and employees" in html
    assert html.count("Large difference</span>") == 2  # useful (3 points), recommend (2 of 10)
    assert 'data-chart="groups-chart-spec"' in html
    assert html.index("The workshops were useful") < html.index("Would you recommend it?")
    ordered = client.get(f"/surveys/{survey.pk}/compare/?order=difference").content.decode()
    table = ordered[ordered.index("<tbody>") :]
    assert table.index("Would you recommend it?") < table.index("Talks")
    assert '<option value="difference" selected>' in ordered


def test_results_page_links_to_the_compare_page(survey, world, client_of) -> None:
    html = client_of(world.fiona).get(f"/surveys/{survey.pk}/results/").content.decode()
    assert f'href="/surveys/{survey.pk}/compare/"' in html
    assert "Compare groups / waves" in html


def test_groups_csv(survey, world, client_of) -> None:
    response = client_of(world.fiona).get(f"/surveys/{survey.pk}/compare/groups.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == [
        "Item",
        "Question",
        "Leaders: n",
        "Leaders: mean",
        "Leaders: top 2 box (per cent)",
    ]
    useful = next(row for row in rows if row[0] == "useful")
    assert useful[2:8] == ["6", "5.0", "100.0", "8", "2.0", "0.0"]
    assert useful[8:11] == ["-3.0", "-100.0", "yes"]
    groups = next(row for row in rows if row[0] == "benefit/groups")
    assert "Fewer than 5 respondents" in groups[-1]


def test_csv_neutralises_formulas(world, client_of) -> None:
    survey = make_survey(organisation=world.agency)
    question = survey.questionnaire.questions.get(key="useful")
    question.labels = {"en": "=HYPERLINK(1)"}
    question.save(update_fields=["labels"])
    add_responses(survey, _people("leader", 5, "5", "3", 9) + _people("employee", 5, "2", "3", 7))
    response = client_of(world.fiona).get(f"/surveys/{survey.pk}/compare/groups.csv")
    assert "'=HYPERLINK(1)" in response.content.decode()


# --- waves -----------------------------------------------------------------------------------


def test_waves_side_by_side_with_the_change(survey, world, client_of) -> None:
    later = _wave(survey, "After the course", wave="after")
    add_responses(later, _people("employee", 10, "4", "3", 8))
    client = client_of(world.fiona)
    page = client.get(f"/surveys/{later.pk}/compare/?other={survey.pk}")
    html = page.content.decode()
    assert f'<option value="{survey.pk}" selected>' in html
    assert "After the course (after)" in html
    wave = page.context["wave"]
    assert wave.first.survey == survey  # the older first, whichever page asks
    useful = next(item for item in wave.scale_items if item.key == "useful")
    assert (useful.first.n, useful.first.mean) == (14, (6 * 5 + 8 * 2) / 14)
    assert (useful.second.n, useful.second.mean) == (10, 4)
    assert useful.difference == pytest.approx(4 - 46 / 14)
    goals = next(item for item in wave.choice_items if item.key == "goals_set")
    language = next(option for option in goals.options if option.label == "Goal: language")
    assert language.first == pytest.approx(100 * 7 / 14) and language.second == 50
    assert 'data-chart="waves-chart-spec"' in html

    response = client.get(f"/surveys/{later.pk}/compare/waves-{survey.pk}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    useful_row = next(row for row in rows if row and row[0] == "useful")
    assert useful_row[5:7] == ["10", "4.0"]
    language_row = next(row for row in rows if len(row) > 1 and row[1] == "Goal: language")
    assert language_row[0] == "Which goals did you set?" and language_row[2:4] == ["50.0", "50.0"]


def test_a_small_wave_is_hidden(survey) -> None:
    later = _wave(survey, "Few answers")
    add_responses(later, _people("employee", 3, "4", "3", 8))
    wave = compare.compare_waves(survey=survey, other=later)
    useful = next(item for item in wave.scale_items if item.key == "useful")
    assert useful.first.shown and useful.second.suppressed is Suppressed.TOO_FEW
    assert useful.difference is None
    goals = next(item for item in wave.choice_items if item.key == "goals_set")
    assert all(option.second is None for option in goals.options)


def test_waves_of_another_questionnaire_are_refused(survey, world) -> None:
    other = make_survey(organisation=world.agency, title="Another questionnaire")
    with pytest.raises(ValueError, match="same questionnaire"):
        compare.compare_waves(survey=survey, other=other)


def test_only_waves_the_user_may_read_are_offered(world, client_of) -> None:
    mine = make_survey(organisation=world.municipality_a)
    add_responses(mine, generated(6))
    theirs = _wave(mine, "Municipality B's wave", organisation=world.municipality_b)
    add_responses(theirs, generated(6, seed=2))
    alice = client_of(world.alice)
    html = alice.get(f"/surveys/{mine.pk}/compare/?other={theirs.pk}").content.decode()
    assert "Municipality B's wave" not in html
    assert "There is no other survey of this questionnaire that you may see." in html
    assert alice.get(f"/surveys/{mine.pk}/compare/waves-{theirs.pk}.csv").status_code == 404
    assert alice.get(f"/surveys/{mine.pk}/compare/waves-{mine.pk}.csv").status_code == 404
    assert client_of(world.charlie).get(f"/surveys/{mine.pk}/compare/").status_code == 404


def test_page_query_count_does_not_grow_with_responses(
    world, client_of, django_assert_max_num_queries
) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(150))
    later = _wave(survey, "later")
    add_responses(later, generated(150, seed=3))
    client = client_of(world.fiona)
    with django_assert_max_num_queries(45):
        assert client.get(f"/surveys/{survey.pk}/compare/?other={later.pk}").status_code == 200
