"""The motivation check: five questions scored 1–5, worded by the organisation or as
shipped, repeated over time with a trend; a drop of two or more is a conversation point."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World
from trinvis.core.models import AuditEvent
from trinvis.learning import motivation
from trinvis.learning.audit import PERSONAL_RECORD_OPENED
from trinvis.learning.models import MotivationCheck, MotivationQuestions
from trinvis.learning.selectors_personal import check_rows, person_checks, questions_for_person
from trinvis.learning.services.motivation import check_create
from trinvis.learning.tests.factories_personal import extra_people, make_check
from trinvis.reports.charts.lines import LineChart

TODAY = timezone.localdate
ALL_FOUR = {"meaning": 4, "ability": 4, "will": 4, "frame": 4, "benefit": 4}


def _days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


# --- the pure parts ---------------------------------------------------------------------------


def test_a_drop_of_two_or_more_is_a_conversation_point() -> None:
    before = {"meaning": 5, "ability": 3, "will": 4, "frame": 2, "benefit": 4}
    after = {"meaning": 3, "ability": 2, "will": 5, "frame": 1, "benefit": 1}
    assert motivation.drops(before, after) == ["meaning", "benefit"]
    assert motivation.drops(None, after) == []


def test_the_nearest_wording_in_the_readers_language_wins() -> None:
    team = {"will": {"en": "Team will?"}}
    municipality = {"will": {"en": "Municipality will?"}, "meaning": {"da": "Mening?"}}
    questions = {q.dimension: q for q in motivation.questions_for("en", [team, municipality])}
    assert questions["will"].text == "Team will?" and questions["will"].own_wording
    # Danish wording is never shown to an English reader: the shipped English text is.
    assert questions["meaning"].text == str(motivation.SHIPPED_QUESTIONS["meaning"])
    assert not questions["meaning"].own_wording
    danish = {q.dimension: q for q in motivation.questions_for("da", [team, municipality])}
    assert danish["meaning"].text == "Mening?"


def test_stored_wording_is_reduced_to_known_dimensions_languages_and_texts() -> None:
    stored = {
        "will": {"en": "  Will?  ", "xx": "Unknown", "nb": ""},
        "mood": {"en": "Not a dimension"},
        "frame": "not a mapping",
    }
    assert motivation.valid_questions(stored) == {"will": {"en": "Will?"}}
    assert motivation.valid_questions(["not", "a", "mapping"]) == {}


def test_the_shipped_questions_are_translated() -> None:
    english = {q.dimension: q.text for q in motivation.questions_for("en", [])}
    assert english["meaning"] == "How meaningful is it for you to use what you learn?"
    assert set(english) == set(motivation.DIMENSIONS)


# --- taking the check -------------------------------------------------------------------------


def test_a_person_takes_the_check(world: World, client_of) -> None:
    page = client_of(world.bob).get(reverse("learning:motivation_create")).content.decode()
    assert "How meaningful is it for you to use what you learn?" in page
    response = client_of(world.bob).post(
        reverse("learning:motivation_create"),
        {**ALL_FOUR, "frame": 2, "taken_on": TODAY().isoformat(), "note": "Busy month"},
    )
    check = MotivationCheck.objects.get()
    assert response["Location"] == reverse("learning:motivation_check", args=[check.pk])
    assert (check.person, check.frame, check.will, check.note) == (world.bob, 2, 4, "Busy month")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"will": 6}, "Select a valid choice."),
        ({"will": ""}, "Choose a number from 1 to 5."),
        ({"taken_on": (TODAY() + datetime.timedelta(days=2)).isoformat()}, "cannot lie ahead"),
    ],
)
def test_bad_answers_are_refused(world: World, client_of, changes, message) -> None:
    data = {**ALL_FOUR, "taken_on": TODAY().isoformat(), **changes}
    response = client_of(world.bob).post(reverse("learning:motivation_create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not MotivationCheck.objects.exists()


def test_nobody_answers_the_check_for_someone_else(world: World) -> None:
    with pytest.raises(ValidationError):
        check_create(by=world.alice, person=world.bob, taken_on=TODAY(), scores=ALL_FOUR)


# --- the trend --------------------------------------------------------------------------------


def test_the_trend_is_a_line_per_question_with_the_figures_as_a_table(
    world: World, client_of
) -> None:
    make_check(world.bob, taken_on=_days_ago(60), will=5, frame=4)
    make_check(world.bob, taken_on=_days_ago(30), will=5, frame=4)
    make_check(world.bob, taken_on=_days_ago(1), will=3, frame=1)
    page = client_of(world.bob).get(reverse("learning:motivation")).content.decode()
    found = re.search(r'<script id="motivation-trend-spec" type="application/json">(.*?)<', page)
    assert found is not None
    spec = json.loads(found.group(1))
    rows = spec["datasets"]["lines"]
    assert len(rows) == 15 and {row["series"] for row in rows} == {
        "Meaning",
        "Ability",
        "Will",
        "Frame and permission",
        "Benefit",
    }
    assert [row["value"] for row in rows if row["series"] == "Will"] == [5.0, 5.0, 3.0]
    # The latest check fell by 3 on frame and 2 on will: both are conversation points.
    assert "Conversation points for your next follow-up talk" in page
    assert "Frame and permission fell from 4 to 1" in page and "Will fell from 5 to 3" in page
    assert "Fell by two or more since the check before: Will, Frame and permission." in page


def test_a_small_change_is_no_conversation_point(world: World, client_of) -> None:
    make_check(world.bob, taken_on=_days_ago(30), will=4)
    make_check(world.bob, taken_on=_days_ago(1), will=3)
    page = client_of(world.bob).get(reverse("learning:motivation")).content.decode()
    assert "Conversation points" not in page


def test_two_checks_on_one_day_keep_their_own_points(world: World) -> None:
    make_check(world.bob, taken_on=_days_ago(1))
    make_check(world.bob, taken_on=_days_ago(1), meaning=2)
    figure = motivation.trend_figure(check_rows(person_checks(world.bob)))
    assert isinstance(figure.chart, LineChart)
    first, second = figure.chart.points
    assert first != second and second.endswith("(2)")
    assert figure.rows[1][1][0] == "2" and figure.rows[1][1][-1] == "Meaning"


# --- wording per organisation ----------------------------------------------------------------


def test_an_organisation_words_the_questions_and_the_units_below_use_it(
    world: World, client_of
) -> None:
    url = reverse("learning:motivation_questions_edit", args=[world.municipality_a.pk])
    form = client_of(world.alice).get(url).content.decode()
    token = re.search(r'name="base_token" value="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    data = {"base_token": token, "meaning_en": "Does using it make sense in your job?"}
    response = client_of(world.alice).post(url, data)
    assert response.status_code == 302
    stored = MotivationQuestions.objects.get(organisation=world.municipality_a).questions
    assert stored == {"meaning": {"en": "Does using it make sense in your job?"}}
    # Bob's team is below the municipality: his check asks the municipality's question.
    check_form = client_of(world.bob).get(reverse("learning:motivation_create")).content.decode()
    assert "Does using it make sense in your job?" in check_form
    assert str(motivation.SHIPPED_QUESTIONS["will"]) in check_form
    # Team A's own wording is nearer.
    MotivationQuestions.objects.create(
        organisation=world.team_a, questions={"meaning": {"en": "Team A asks this."}}
    )
    with translation.override("en"):
        questions = questions_for_person(world.bob, "en")
    assert questions[0].text == "Team A asks this."
    # Charlie's municipality is untouched.
    assert questions_for_person(world.charlie, "en")[0].text == str(
        motivation.SHIPPED_QUESTIONS["meaning"]
    )


def test_two_people_wording_at_once_do_not_overwrite_each_other(world: World, client_of) -> None:
    url = reverse("learning:motivation_questions_edit", args=[world.municipality_a.pk])
    form = client_of(world.alice).get(url).content.decode()
    token = re.search(r'name="base_token" value="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    client_of(world.admin).post(url, {"base_token": token, "will_en": "Admin's wording"})
    response = client_of(world.alice).post(url, {"base_token": token, "will_en": "Alice's"})
    assert response.status_code == 200
    assert "Someone else saved the wording" in response.content.decode()
    stored = MotivationQuestions.objects.get(organisation=world.municipality_a).questions
    assert stored == {"will": {"en": "Admin's wording"}}


def test_only_write_roles_word_the_questions(world: World, client_of) -> None:
    people = extra_people(world)
    assert (
        client_of(people.consultant).get(reverse("learning:motivation_questions")).status_code
        == 200
    )
    team_url = reverse("learning:motivation_questions_edit", args=[world.team_a.pk])
    assert client_of(world.bob).get(team_url).status_code == 403
    assert client_of(world.charlie).get(team_url).status_code == 404


# --- privacy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["colleague", "consultant", "unit_employee", "fiona", "charlie"])
def test_only_the_person_and_their_leaders_open_a_check(world: World, who: str) -> None:
    people = extra_people(world)
    outsider = getattr(people, who, None) or getattr(world, who)
    check = make_check(world.bob)
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("learning:motivation_check", args=[check.pk])).status_code == 404
    assert client.get(reverse("learning:person", args=[world.bob.pk])).status_code == 404


def test_a_leader_opening_a_check_is_audited(world: World, client_of) -> None:
    check = make_check(world.bob)
    response = client_of(world.alice).get(reverse("learning:motivation_check", args=[check.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=PERSONAL_RECORD_OPENED)
    assert event.details["record"] == "motivation_check" and event.actor == world.alice
