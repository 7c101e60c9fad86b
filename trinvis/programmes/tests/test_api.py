"""The programmes API: the user's programmes, one programme with its municipalities (the
contact person only for those who run it), its workshops with their run sheets, and its
dashboard for those who run it, the linked surveys each user may read; 401 for anonymous,
404 outside, and a municipality sees only its own municipality."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.api import api
from conftest import World
from trinvis.programmes import api as programmes_api
from trinvis.programmes.models import AgencyProgramme, AgreedItem, Candidate
from trinvis.programmes.tests.factories_follow_up import make_conversation
from trinvis.programmes.tests.factories_workshops import (
    add_line,
    candidate_of,
    make_programme,
    make_workshop,
    other_candidate,
    programme_of,
)
from trinvis.surveys.tests.factories_results import make_survey

TODAY = timezone.localdate()


@pytest.fixture
def programme(world: World) -> AgencyProgramme:
    """The agency's programme: municipality A (contact Carla) and a town take part."""
    found = programme_of(world)
    Candidate.objects.filter(pk=candidate_of(world).pk).update(
        contact_name="Carla Contact", contact_email="carla@a.example"
    )
    other_candidate(world)
    return found


def _url(name: str, programme: AgencyProgramme | None = None) -> str:
    if programme is None:
        return reverse(f"api:{name}")
    return reverse(f"api:{name}", kwargs={"programme_id": programme.pk})


def test_anonymous_gets_401(world: World, programme: AgencyProgramme) -> None:
    for url in (
        _url("programme_list"),
        _url("programme_detail", programme),
        _url("programme_workshops", programme),
        _url("programme_dashboard", programme),
    ):
        assert Client().get(url).status_code == 401


def test_the_list_holds_the_programmes_the_user_runs_or_takes_part_in(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    make_programme(world.region_no, name="Norwegian programme")  # fiona does not run it
    fiona = client_of(world.fiona).get(_url("programme_list")).json()
    assert [(item["name"], item["runs"]) for item in fiona] == [(programme.name, True)]
    assert fiona[0]["owner_name"] == "Agency"
    alice = client_of(world.alice).get(_url("programme_list")).json()
    assert [(item["id"], item["runs"]) for item in alice] == [(programme.pk, False)]
    admin = client_of(world.admin).get(_url("programme_list")).json()
    assert {item["name"] for item in admin} == {programme.name, "Norwegian programme"}
    assert all(item["runs"] for item in admin)
    assert client_of(world.charlie).get(_url("programme_list")).json() == []


def test_the_working_group_runs_a_programme_in_the_list(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    programme.working_group.add(world.charlie)
    charlie = client_of(world.charlie).get(_url("programme_list")).json()
    assert [(item["id"], item["runs"]) for item in charlie] == [(programme.pk, True)]


def test_the_detail_shows_the_municipalities_in_reach(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    fiona = client_of(world.fiona).get(_url("programme_detail", programme)).json()
    assert fiona["runs"] is True
    names = {item["area"]["name"]: item for item in fiona["municipalities"]}
    assert set(names) == {"Municipality A", "Town 1"}
    a = names["Municipality A"]
    assert a["area"] == {"country": "DK", "code": "461", "name": "Municipality A"}
    assert a["status"] == Candidate.Status.CONFIRMED
    assert a["contact"]["name"] == "Carla Contact"
    for user in (world.alice, world.bob):
        body = client_of(user).get(_url("programme_detail", programme)).json()
        assert body["runs"] is False
        assert [item["area"]["name"] for item in body["municipalities"]] == ["Municipality A"]
        assert body["municipalities"][0]["contact"] is None
    assert client_of(world.charlie).get(_url("programme_detail", programme)).status_code == 404
    missing = reverse("api:programme_detail", kwargs={"programme_id": 999_999})
    assert client_of(world.fiona).get(missing).status_code == 404


def test_the_detail_names_the_linked_surveys_the_user_may_read(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    agency = make_survey(organisation=world.agency, title="Participant survey")
    own = make_survey(organisation=world.municipality_a, title="A's own survey")
    make_survey(organisation=world.agency, title="Not linked")
    programme.surveys.add(agency, own)
    url = _url("programme_detail", programme)
    seen = {
        persona: client_of(getattr(world, persona)).get(url).json()["survey_ids"]
        for persona in ("fiona", "alice", "admin")
    }
    assert seen == {
        "fiona": [agency.pk],
        "alice": [own.pk],
        "admin": sorted([agency.pk, own.pk]),
    }


def test_the_workshops_come_with_their_run_sheets(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    first = make_workshop(programme, number=1)
    make_workshop(programme, number=2, starts_on=first.starts_on + datetime.timedelta(days=40))
    add_line(first, activity="Sharing", at="13:00", minutes=60)
    add_line(first, activity="Welcome", at="09:00", minutes=30)
    for user in (world.fiona, world.alice, world.bob):
        body = client_of(user).get(_url("programme_workshops", programme)).json()
        assert [item["number"] for item in body] == [1, 2]
        assert [line["activity"] for line in body[0]["run_sheet"]] == ["Welcome", "Sharing"]
        assert body[0]["run_sheet"][0]["starts_at"] == "09:00:00"
        assert body[1]["run_sheet"] == []
    assert client_of(world.charlie).get(_url("programme_workshops", programme)).status_code == 404


def test_the_dashboard_is_for_those_who_run_the_programme(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    workshop = make_workshop(programme, number=1, starts_on=TODAY - datetime.timedelta(days=60))
    make_conversation(
        workshop,
        candidate_of(world),
        planned_for=TODAY - datetime.timedelta(days=7),
        items=[("Map the jobs", AgreedItem.Progress.DONE), ("Mentors", "not_started")],
    )
    response = client_of(world.fiona).get(_url("programme_dashboard", programme))
    assert response.status_code == 200
    body = response.json()
    assert body["goals_source"] == "follow_up_items"
    rows = {row["name"]: row for row in body["municipalities"]}
    a = rows["Municipality A"]
    assert (a["goals_set"], a["goals_worked_on"], a["follow_ups_overdue"]) == (2, 1, 1)
    assert a["plan_run_id"] is None and a["steps_done"] is None
    assert body["totals"]["municipalities"] == 2
    assert body["surveys"] == []
    survey = make_survey(organisation=world.agency, title="Participant survey")
    make_survey(organisation=world.agency, title="Not linked")
    programme.surveys.add(survey)
    [line] = client_of(world.fiona).get(_url("programme_dashboard", programme)).json()["surveys"]
    assert (line["id"], line["title"], line["responses"], line["invited"]) == (
        survey.pk,
        "Participant survey",
        0,
        0,
    )
    assert line["response_rate"] is None
    for user in (world.alice, world.bob, world.charlie):
        assert client_of(user).get(_url("programme_dashboard", programme)).status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_answers_cost_the_same_for_few_and_many(
    world: World, client_of, programme: AgencyProgramme
) -> None:
    fiona = client_of(world.fiona)
    urls = [
        _url("programme_list"),
        _url("programme_detail", programme),
        _url("programme_workshops", programme),
        _url("programme_dashboard", programme),
    ]
    workshop = make_workshop(programme, number=1)
    add_line(workshop)
    programme.surveys.add(make_survey(organisation=world.agency))
    few = [_queries(fiona, url) for url in urls]
    for number in range(2, 8):
        programme.surveys.add(make_survey(organisation=world.agency, title=f"Survey {number}"))
        add_line(make_workshop(programme, number=number), activity=f"Line {number}")
        make_programme(world.agency, name=f"Programme {number}")
        town = other_candidate(world, code=f"80{number:02d}", name=f"Town {number}")
        make_conversation(workshop, town, items=[("Item", AgreedItem.Progress.DONE)])
    assert [_queries(fiona, url) for url in urls] == few


def test_its_schemas_keep_their_own_names_in_the_api_description() -> None:
    """Schema names are global in the OpenAPI document: a name another app's API uses too
    would replace one of the two descriptions."""
    schemas = api.get_openapi_schema()["components"]["schemas"]
    for schema in (
        programmes_api.AgencyProgrammeOut,
        programmes_api.AgencyProgrammeDetailOut,
        programmes_api.ProgrammeWorkshopOut,
        programmes_api.ProgrammeDashboardOut,
        programmes_api.ProgrammeSurveyOut,
    ):
        assert set(schemas[schema.__name__]["properties"]) == set(schema.model_fields)
