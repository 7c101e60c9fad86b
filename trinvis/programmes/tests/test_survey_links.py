"""Choosing a programme's surveys: those who run an agency programme or a course programme
link the surveys they may read, ticked where linked; a save keeps the links to surveys the
user cannot read, refuses a survey of another organisation whatever id is posted, checks
the programme's version, and costs the same however many surveys there are. A municipality
taking part gets 403, anyone else 404."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trinvis.programmes.models import AgencyProgramme, CourseProgramme
from trinvis.programmes.services_programmes import ProgrammeConflict
from trinvis.programmes.services_survey_links import course_surveys_link, programme_surveys_link
from trinvis.programmes.tests.factories_courses import course_of, other_course
from trinvis.programmes.tests.factories_workshops import candidate_of, programme_of
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_results import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world: World) -> AgencyProgramme:
    """The agency's programme; municipality A takes part."""
    candidate_of(world)
    return programme_of(world)


def _url(programme: AgencyProgramme) -> str:
    return reverse("programmes:programme_surveys", args=[programme.pk])


def _course_url(course: CourseProgramme) -> str:
    return reverse("programmes:course_surveys", args=[course.pk])


def _linked(found: AgencyProgramme | CourseProgramme) -> set[str]:
    return set(found.surveys.values_list("title", flat=True))


def test_the_page_lists_the_surveys_one_may_read_ticked_where_linked(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    linked = make_survey(organisation=world.agency, title="After workshop 2")
    make_survey(organisation=world.agency, title="Before workshop 1")
    make_survey(organisation=world.municipality_a, title="A's own survey")
    programme.surveys.add(linked)
    response = client_of(world.fiona).get(_url(programme))
    assert response.status_code == 200
    form = response.context["form"]
    assert {label.split(" – ")[0] for _value, label in form.fields["surveys"].choices} == {
        "After workshop 2",
        "Before workshop 1",
    }
    assert form.initial["surveys"] == [str(linked.pk)]
    html = response.content.decode()
    assert "After workshop 2 – Agency, opened" in html
    assert ", open</label>" in html
    assert "A&#x27;s own survey" not in html and "A's own survey" not in html
    assert f'value="{linked.pk}"' in html and "checked" in html


def test_the_owner_links_the_surveys_and_goes_to_the_dashboard(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    first = make_survey(organisation=world.agency, title="After workshop 2")
    second = make_survey(organisation=world.agency, title="A year on")
    programme.surveys.add(first)
    response = client_of(world.fiona).post(
        _url(programme), {"base_version": programme.version, "surveys": [second.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("programmes:dashboard", args=[programme.pk]) + "#surveys"
    )
    assert _linked(programme) == {"A year on"}
    programme.refresh_from_db()
    assert programme.version == 2


def test_a_link_to_a_survey_one_cannot_read_stays(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    agency = make_survey(organisation=world.agency, title="Agency survey")
    own = make_survey(organisation=world.municipality_a, title="A's own survey")
    programme.surveys.add(agency, own)
    fiona = client_of(world.fiona)
    page = fiona.get(_url(programme)).content.decode()
    assert "1 more survey is linked" in page
    fiona.post(_url(programme), {"base_version": programme.version})
    # Fiona unticked the agency's survey; A's survey is not hers to judge.
    assert _linked(programme) == {"A's own survey"}


def test_a_survey_of_another_organisation_cannot_be_linked_even_if_posted(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    own = make_survey(organisation=world.municipality_a, title="A's own survey")
    agency = make_survey(organisation=world.agency, title="Agency survey")
    response = client_of(world.fiona).post(
        _url(programme), {"base_version": programme.version, "surveys": [agency.pk, own.pk]}
    )
    assert response.status_code == 200
    assert "You can only link surveys you may read yourself" in response.content.decode()
    assert _linked(programme) == set()
    with pytest.raises(ValidationError):
        programme_surveys_link(
            by=world.fiona,
            programme=programme,
            base_version=programme.version,
            survey_ids=[own.pk],
        )
    assert _linked(programme) == set()
    programme.refresh_from_db()
    assert programme.version == 1


def test_a_save_on_a_newer_version_is_a_conflict_that_keeps_the_choice(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    survey = make_survey(organisation=world.agency, title="Agency survey")
    stale = programme.version
    programme_surveys_link(by=world.admin, programme=programme, base_version=stale, survey_ids=[])
    fiona = client_of(world.fiona)
    response = fiona.post(_url(programme), {"base_version": stale, "surveys": [survey.pk]})
    assert response.status_code == 200
    assert "Someone else saved the programme" in response.content.decode()
    assert _linked(programme) == set()
    form = response.context["form"]
    assert form.data["base_version"] == str(stale + 1)
    assert form.data.getlist("surveys") == [str(survey.pk)]
    with pytest.raises(ProgrammeConflict):
        programme_surveys_link(
            by=world.fiona, programme=programme, base_version=stale, survey_ids=[survey.pk]
        )
    again = fiona.post(_url(programme), form.data)
    assert again.status_code == 302
    assert _linked(programme) == {"Agency survey"}


def test_the_working_group_links_the_surveys_it_may_read(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    programme.working_group.add(world.charlie)
    theirs = make_survey(organisation=world.unit_b_nav, title="NAV B's survey")
    make_survey(organisation=world.agency, title="Agency survey")
    charlie = client_of(world.charlie)
    choices = charlie.get(_url(programme)).context["form"].fields["surveys"].choices
    assert [label.split(" – ")[0] for _value, label in choices] == ["NAV B's survey"]
    charlie.post(_url(programme), {"base_version": programme.version, "surveys": [theirs.pk]})
    assert _linked(programme) == {"NAV B's survey"}


def test_a_municipality_reads_but_may_not_link_and_outsiders_get_404(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    survey = make_survey(organisation=world.municipality_a, title="A's own survey")
    data = {"base_version": programme.version, "surveys": [survey.pk]}
    for person in (world.alice, world.bob):
        assert client_of(person).get(_url(programme)).status_code == 403
        assert client_of(person).post(_url(programme), data).status_code == 403
    assert client_of(world.charlie).post(_url(programme), data).status_code == 404
    assert _linked(programme) == set()


# --- course programmes -------------------------------------------------------------------------


def test_the_provider_links_the_course_evaluations(world: World, client_of: Any) -> None:
    course = course_of(world)
    evaluation = make_survey(organisation=world.agency, title="Module 1 evaluation")
    other = make_survey(organisation=world.municipality_a, title="A's own survey")
    fiona = client_of(world.fiona)
    assert fiona.get(_course_url(course)).status_code == 200
    refused = fiona.post(
        _course_url(course), {"base_version": course.version, "surveys": [other.pk]}
    )
    assert refused.status_code == 200 and _linked(course) == set()
    response = fiona.post(
        _course_url(course), {"base_version": course.version, "surveys": [evaluation.pk]}
    )
    assert response["Location"] == (
        reverse("programmes:course_progress", args=[course.pk]) + "#evaluations"
    )
    assert _linked(course) == {"Module 1 evaluation"}
    course.refresh_from_db()
    assert course.version == 2
    stale = fiona.post(_course_url(course), {"base_version": 1})
    assert "Someone else saved the programme" in stale.content.decode()
    assert _linked(course) == {"Module 1 evaluation"}
    with pytest.raises(ValidationError):
        course_surveys_link(
            by=world.fiona, course=course, base_version=course.version, survey_ids=[other.pk]
        )
    detail = fiona.get(reverse("programmes:course_detail", args=[course.pk])).content.decode()
    assert _course_url(course) in detail


def test_the_course_s_readers_get_403_and_another_provider_s_404(
    world: World, client_of: Any
) -> None:
    course = course_of(world)
    survey = make_survey(organisation=world.municipality_a, title="A's own survey")
    data = {"base_version": course.version, "surveys": [survey.pk]}
    for person in (world.alice, world.bob, world.charlie):
        assert client_of(person).post(_course_url(course), data).status_code == 403
    assert client_of(world.fiona).post(_course_url(other_course(world)), data).status_code == 404
    assert _linked(course) == set()


# --- query counts ------------------------------------------------------------------------------


def _queries(client: Any, method: str, url: str, data: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302)
    return len(captured)


def _surveys(world: World, count: int, start: int) -> list[Survey]:
    return [
        make_survey(organisation=world.agency, title=f"Survey {number}")
        for number in range(start, start + count)
    ]


def test_the_page_and_a_save_cost_the_same_for_2_and_20_surveys(
    world: World, client_of: Any, programme: AgencyProgramme
) -> None:
    course = course_of(world)
    fiona = client_of(world.fiona)
    few = _surveys(world, 2, 0)
    fiona.get(_url(programme))

    def costs(surveys: list[Survey]) -> list[int]:
        programme.refresh_from_db()
        course.refresh_from_db()
        ids = [survey.pk for survey in surveys]
        return [
            _queries(fiona, "get", _url(programme)),
            _queries(
                fiona, "post", _url(programme), {"base_version": programme.version, "surveys": ids}
            ),
            _queries(fiona, "get", _course_url(course)),
            _queries(
                fiona, "post", _course_url(course), {"base_version": course.version, "surveys": ids}
            ),
        ]

    first = costs(few)
    many = few + _surveys(world, 18, 2)
    # Linking 18 more (and keeping the first two) costs what linking the first two did.
    assert costs(many) == first
    assert len(_linked(programme)) == len(_linked(course)) == 20
