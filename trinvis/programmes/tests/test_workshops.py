"""The workshop pages: the programme's workshops with their warnings, a workshop's page,
its editors and their conflicts, the run sheet and its printable agenda, participants per
municipality, the evaluation notes and starting a municipality's plan; who may do what on
the municipality side and on the running side; and the pages' query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trinvis.programmes.models import (
    MunicipalityPlan,
    RunSheetItem,
    Workshop,
    WorkshopEvaluation,
    WorkshopParticipant,
)
from trinvis.programmes.services_workshop_participants import municipality_plan_start
from trinvis.programmes.tests.factories_workshops import (
    FIRST_DAY,
    UnitType,
    add_line,
    add_note,
    add_participant,
    candidate_of,
    make_workshop,
    other_candidate,
    programme_of,
    workshop_of,
)
from trinvis.toolkits.models import Run
from trinvis.toolkits.services import CONTENT_DIR, toolkits_load


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _full_house(workshop: Workshop, candidate) -> None:
    """All three qualifying units and a leader who decides."""
    add_participant(workshop, candidate, name="Rita", unit_type=UnitType.REFUGEE_SERVICE)
    add_participant(workshop, candidate, name="Ada", unit_type=UnitType.ADULT_EDUCATION)
    add_participant(
        workshop, candidate, name="Jon", unit_type=UnitType.EMPLOYMENT, decision_authority=True
    )


def _workshop_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "number": 2,
        "title": "Workshop on steps 5 to 7",
        "starts_on": "2027-05-03",
        "ends_on": "2027-05-04",
        "place": "Hotel Fjord",
        "goal": "Goals for the work ahead",
    }
    data.update(changes)
    return data


# --- the workshops list ---------------------------------------------------------------------------


def test_the_list_shows_dates_place_participants_and_warnings(world: World, client_of) -> None:
    programme = programme_of(world)
    first = workshop_of(world)
    make_workshop(programme, number=2, starts_on=datetime.date(2027, 6, 1))
    add_participant(first, candidate_of(world))
    html = _html(client_of(world.fiona), reverse("programmes:workshops", args=[programme.pk]))
    assert "1. Workshop 1" in html and "Town hall" in html
    assert "<td>1</td>" in html  # one participant at workshop 1
    assert "No participant from: Adult education and language centre, Jobcentre / NAV." in html
    assert "No leader with decision authority." in html
    assert "Workshop 2 starts more than two months after workshop 1 ended" in html
    assert "New workshop" in html


def test_a_municipality_sees_its_own_participants_and_warnings_only(
    world: World, client_of
) -> None:
    programme = programme_of(world)
    workshop = workshop_of(world)
    _full_house(workshop, candidate_of(world))
    town = other_candidate(world)
    add_participant(workshop, town, name="Tove")
    html = _html(client_of(world.alice), reverse("programmes:workshops", args=[programme.pk]))
    assert "<td>3</td>" in html
    assert "Town 1" not in html
    assert "New workshop" not in html
    fiona = _html(client_of(world.fiona), reverse("programmes:workshops", args=[programme.pk]))
    assert "<td>4</td>" in fiona and "Town 1" in fiona


def test_people_outside_the_programme_get_404(world: World, client_of) -> None:
    workshop = workshop_of(world)
    line = add_line(workshop)
    client = client_of(world.charlie)
    for url in (
        reverse("programmes:workshops", args=[workshop.programme_id]),
        reverse("programmes:workshop_detail", args=[workshop.pk]),
        reverse("programmes:workshop_run_sheet", args=[workshop.pk]),
        reverse("programmes:workshop_agenda", args=[workshop.pk]),
        reverse("programmes:run_sheet_line_edit", args=[line.pk]),
    ):
        assert client.get(url).status_code == 404, url


# --- creating, changing and deleting a workshop ---------------------------------------------------


def test_those_who_run_the_programme_create_a_workshop(world: World, client_of) -> None:
    programme = programme_of(world)
    workshop_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:workshop_create", args=[programme.pk])
    assert 'value="2"' in _html(client, url)  # the next number is offered
    response = client.post(url, _workshop_data())
    created = Workshop.objects.get(programme=programme, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:workshop_detail", args=[created.pk])
    assert (created.place, created.ends_on) == ("Hotel Fjord", datetime.date(2027, 5, 4))


def test_a_workshop_needs_a_free_number_and_days_in_order(world: World, client_of) -> None:
    programme = programme_of(world)
    workshop_of(world)
    client = client_of(world.admin)
    url = reverse("programmes:workshop_create", args=[programme.pk])
    html = client.post(url, _workshop_data(number=1, ends_on="2027-05-01")).content.decode()
    assert "The programme already has a workshop 1." in html
    assert "The last day cannot be before the first day." in html
    assert Workshop.objects.filter(programme=programme).count() == 1


def test_the_municipality_side_may_not_change_workshops(world: World, client_of) -> None:
    workshop = workshop_of(world)
    for user in (world.alice, world.bob):
        client = client_of(user)
        assert (
            client.get(reverse("programmes:workshop_detail", args=[workshop.pk])).status_code == 200
        )
        for name in ("workshop_edit", "workshop_delete", "run_sheet_line_create"):
            assert client.post(reverse(f"programmes:{name}", args=[workshop.pk])).status_code == 403
        url = reverse("programmes:workshop_create", args=[workshop.programme_id])
        assert client.post(url, _workshop_data()).status_code == 403


def test_saving_over_a_newer_version_is_a_conflict(world: World, client_of) -> None:
    workshop = workshop_of(world)
    Workshop.objects.filter(pk=workshop.pk).update(version=workshop.version + 1, place="Library")
    response = client_of(world.fiona).post(
        reverse("programmes:workshop_edit", args=[workshop.pk]),
        _workshop_data(number=1, base_version=workshop.version),
    )
    assert "Someone else changed the workshop while you were editing" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.place == "Library"
    assert f'name="base_version" value="{workshop.version}"' in response.content.decode()


def test_the_workshop_cannot_shrink_below_its_run_sheet(world: World, client_of) -> None:
    workshop = workshop_of(world)
    add_line(workshop, activity="Sharing", day=2)
    response = client_of(world.fiona).post(
        reverse("programmes:workshop_edit", args=[workshop.pk]),
        _workshop_data(
            number=1,
            starts_on=FIRST_DAY.isoformat(),
            ends_on=FIRST_DAY.isoformat(),
            base_version=workshop.version,
        ),
    )
    assert "The run sheet has lines on day 2." in response.content.decode()


def test_deleting_needs_the_version_shown(world: World, client_of) -> None:
    workshop = workshop_of(world)
    add_participant(workshop, candidate_of(world))
    client = client_of(world.fiona)
    url = reverse("programmes:workshop_delete", args=[workshop.pk])
    assert "1 registered participant" in _html(client, url)
    stale = client.post(url, {"base_version": workshop.version - 1})
    assert "Nothing is deleted" in stale.content.decode()
    response = client.post(url, {"base_version": workshop.version})
    assert response["Location"] == reverse("programmes:workshops", args=[workshop.programme_id])
    assert not Workshop.objects.filter(pk=workshop.pk).exists()


# --- the run sheet and the agenda -----------------------------------------------------------------


def _line_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "day": 1,
        "starts_at": "09:30",
        "minutes": 45,
        "activity": "Step 1: the labour demand",
        "purpose": "See which jobs are there",
        "how": "Short talk and group work",
        "materials": "Worksheet",
        "responsible": "Fiona",
    }
    data.update(changes)
    return data


def test_a_line_is_added_with_its_end_worked_out(world: World, client_of) -> None:
    workshop = workshop_of(world)
    client = client_of(world.fiona)
    response = client.post(
        reverse("programmes:run_sheet_line_create", args=[workshop.pk]), _line_data()
    )
    line = RunSheetItem.objects.get(workshop=workshop)
    assert response["Location"].endswith(f"#line-{line.pk}")
    html = _html(client, reverse("programmes:workshop_run_sheet", args=[workshop.pk]))
    assert "09:30–10:15" in html and "45 minutes" in html
    assert "Short talk and group work" in html
    # The next line is offered where this one ends.
    form = _html(client, reverse("programmes:run_sheet_line_create", args=[workshop.pk]))
    assert 'value="10:15"' in form


def test_a_line_must_fit_the_workshop_and_the_day(world: World, client_of) -> None:
    workshop = workshop_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:run_sheet_line_create", args=[workshop.pk])
    html = client.post(url, _line_data(day=3)).content.decode()
    assert "Choose a day from 1 to 2: the workshop lasts 2 days." in html
    html = client.post(url, _line_data(starts_at="23:30", minutes=45)).content.decode()
    assert "The line would end after midnight; shorten it." in html
    assert not RunSheetItem.objects.exists()


def test_overlaps_and_gaps_are_flagged_on_the_run_sheet(world: World, client_of) -> None:
    workshop = workshop_of(world)
    add_line(workshop, activity="Welcome", at="09:00", minutes=30)
    add_line(workshop, activity="Talk", at="09:20", minutes=30)
    add_line(workshop, activity="Group work", at="10:00", minutes=60)
    html = _html(
        client_of(world.fiona), reverse("programmes:workshop_run_sheet", args=[workshop.pk])
    )
    assert "2 lines overlap the one before them or leave time nobody planned" in html
    assert "Overlaps: starts 10 minutes before the line before it ends." in html
    assert "Gap: 10 minutes nobody planned before it." in html


def test_moving_a_line_earlier_swaps_it_with_its_neighbour(world: World, client_of) -> None:
    workshop = workshop_of(world)
    welcome = add_line(workshop, activity="Welcome", at="09:00", minutes=30)
    coffee = add_line(workshop, activity="Coffee", at="09:30", minutes=15)
    response = client_of(world.fiona).post(
        reverse("programmes:run_sheet_line_move", args=[coffee.pk]),
        {
            "direction": "earlier",
            "base_version": coffee.version,
            "earlier_id": welcome.pk,
            "earlier_version": welcome.version,
        },
    )
    assert response["Location"].endswith(f"#line-{coffee.pk}")
    welcome.refresh_from_db()
    coffee.refresh_from_db()
    assert (coffee.starts_at, welcome.starts_at) == (datetime.time(9, 0), datetime.time(9, 15))
    assert (coffee.version, welcome.version) == (2, 2)


def test_a_move_on_an_old_view_moves_nothing(world: World, client_of) -> None:
    workshop = workshop_of(world)
    welcome = add_line(workshop, activity="Welcome", at="09:00", minutes=30)
    coffee = add_line(workshop, activity="Coffee", at="09:30", minutes=15)
    RunSheetItem.objects.filter(pk=welcome.pk).update(version=5)
    client = client_of(world.fiona)
    response = client.post(
        reverse("programmes:run_sheet_line_move", args=[coffee.pk]),
        {
            "direction": "earlier",
            "base_version": coffee.version,
            "earlier_id": welcome.pk,
            "earlier_version": 1,
        },
        follow=True,
    )
    assert (
        "Someone changed the run sheet meanwhile; nothing was moved." in response.content.decode()
    )
    coffee.refresh_from_db()
    assert coffee.starts_at == datetime.time(9, 30)


def test_editing_and_deleting_a_line_check_its_version(world: World, client_of) -> None:
    line = add_line(workshop_of(world))
    client = client_of(world.fiona)
    edit = reverse("programmes:run_sheet_line_edit", args=[line.pk])
    response = client.post(edit, _line_data(base_version=line.version + 3))
    assert "Someone else changed the line while you were editing" in response.content.decode()
    client.post(edit, _line_data(base_version=line.version, minutes=20))
    line.refresh_from_db()
    assert (line.minutes, line.version) == (20, 2)
    delete = reverse("programmes:run_sheet_line_delete", args=[line.pk])
    assert "Nothing is deleted" in client.post(delete, {"base_version": 1}).content.decode()
    client.post(delete, {"base_version": 2})
    assert not RunSheetItem.objects.filter(pk=line.pk).exists()


def test_the_agenda_prints_the_times_per_day_for_everyone_taking_part(
    world: World, client_of
) -> None:
    workshop = workshop_of(world)
    add_line(workshop, activity="Welcome", at="09:00", minutes=30)
    add_line(workshop, activity="Sharing", day=2, at="13:00", minutes=90)
    html = _html(client_of(world.alice), reverse("programmes:workshop_agenda", args=[workshop.pk]))
    assert "programmes/workshops.css" in html  # the print stylesheet
    assert "Day 1, Wednesday March 10, 2027" in html
    assert "09:00–09:30" in html and "13:00–14:30" in html
    assert "<form" not in html.split('id="main"')[1]


# --- participants ---------------------------------------------------------------------------------


def _participant_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Bob Employee",
        "email": "",
        "unit_type": UnitType.EMPLOYMENT,
        "position": "Job consultant",
    }
    data.update(changes)
    return data


def test_the_municipality_registers_its_own_participants(world: World, client_of) -> None:
    workshop = workshop_of(world)
    candidate = candidate_of(world)
    url = reverse("programmes:workshop_participant_create", args=[workshop.pk, candidate.pk])
    response = client_of(world.alice).post(url, _participant_data(email="BOB@example.org"))
    assert response["Location"].endswith(f"#municipality-{candidate.pk}")
    person = WorkshopParticipant.objects.get(workshop=workshop)
    # Bob's e-mail belongs to a member of a unit of the municipality: he is linked.
    assert (person.candidate, person.user) == (candidate, world.bob)
    html = _html(client_of(world.alice), reverse("programmes:workshop_detail", args=[workshop.pk]))
    assert "in Trinvis" in html
    assert "No participant from: Refugee service / integration, Adult education" in html


def test_an_e_mail_outside_the_municipality_links_nobody(world: World, client_of) -> None:
    workshop = workshop_of(world)
    candidate = candidate_of(world)
    client_of(world.fiona).post(
        reverse("programmes:workshop_participant_create", args=[workshop.pk, candidate.pk]),
        _participant_data(email="charlie@example.org", decision_authority="on"),
    )
    person = WorkshopParticipant.objects.get(workshop=workshop)
    assert person.user is None and person.decision_authority


def test_a_reader_of_the_municipality_may_not_register(world: World, client_of) -> None:
    workshop = workshop_of(world)
    candidate = candidate_of(world)
    person = add_participant(workshop, candidate)
    client = client_of(world.bob)
    create = reverse("programmes:workshop_participant_create", args=[workshop.pk, candidate.pk])
    assert client.get(create).status_code == 403
    assert client.post(create, _participant_data()).status_code == 403
    for name in ("workshop_participant_edit", "workshop_participant_delete"):
        assert client.post(reverse(f"programmes:{name}", args=[person.pk])).status_code == 403
    html = _html(client, reverse("programmes:workshop_detail", args=[workshop.pk]))
    assert person.name in html and "Register a participant" not in html


def test_a_municipality_cannot_register_for_another(world: World, client_of) -> None:
    workshop = workshop_of(world)
    town = other_candidate(world)
    person = add_participant(workshop, town, name="Tove")
    client = client_of(world.alice)
    url = reverse("programmes:workshop_participant_create", args=[workshop.pk, town.pk])
    assert client.post(url, _participant_data()).status_code == 404
    edit = reverse("programmes:workshop_participant_edit", args=[person.pk])
    assert client.get(edit).status_code == 404


def test_participants_are_changed_and_removed(world: World, client_of) -> None:
    workshop = workshop_of(world)
    person = add_participant(workshop, candidate_of(world))
    client = client_of(world.alice)
    client.post(
        reverse("programmes:workshop_participant_edit", args=[person.pk]),
        _participant_data(
            name="Rita R.", unit_type=UnitType.REFUGEE_SERVICE, decision_authority="on"
        ),
    )
    person.refresh_from_db()
    assert (person.name, person.decision_authority) == ("Rita R.", True)
    client.post(reverse("programmes:workshop_participant_delete", args=[person.pk]))
    assert not WorkshopParticipant.objects.exists()


def test_a_full_house_has_no_warning(world: World, client_of) -> None:
    workshop = workshop_of(world)
    _full_house(workshop, candidate_of(world))
    html = _html(client_of(world.fiona), reverse("programmes:workshop_detail", args=[workshop.pk]))
    assert "All three qualifying units and a leader with decision authority are registered." in html


# --- evaluation notes -----------------------------------------------------------------------------


def test_notes_are_typed_one_after_the_other(world: World, client_of) -> None:
    workshop = workshop_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:workshop_evaluation_add", args=[workshop.pk])
    good = re.search(r'<textarea[^>]*name="good"[^>]*>', _html(client, url))
    assert good is not None and "autofocus" in good.group(0)
    response = client.post(url, {"day": 2, "good": "Sharing", "better": "More coffee", "next": "1"})
    assert response["Location"] == f"{url}?day=2"
    again = _html(client, response["Location"])
    assert "1 note typed in for this day so far." in again
    assert '<option value="2" selected>' in again
    response = client.post(url, {"day": 2, "good": "", "better": "Longer breaks"})
    assert response["Location"] == reverse("programmes:workshop_evaluation", args=[workshop.pk])
    assert list(WorkshopEvaluation.objects.values_list("day", "better")) == [
        (2, "More coffee"),
        (2, "Longer breaks"),
    ]


def test_an_empty_note_is_refused(world: World, client_of) -> None:
    workshop = workshop_of(world)
    url = reverse("programmes:workshop_evaluation_add", args=[workshop.pk])
    html = client_of(world.fiona).post(url, {"day": 1, "good": " ", "better": ""}).content.decode()
    assert "Write what was good, what could be better, or both." in html
    assert not WorkshopEvaluation.objects.exists()


def test_the_notes_are_listed_per_day_and_downloaded(world: World, client_of) -> None:
    workshop = workshop_of(world)
    add_note(workshop, good="Sharing", better="=cmd")
    add_note(workshop, good="Group work", better="", day=2)
    client = client_of(world.fiona)
    html = _html(client, reverse("programmes:workshop_evaluation", args=[workshop.pk]))
    assert "Day 1, Wednesday March 10, 2027: 1 note" in html
    assert "Day 2, Thursday March 11, 2027: 1 note" in html
    response = client.get(reverse("programmes:workshop_evaluation_csv", args=[workshop.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Day,Date,What was good,What could be better"
    assert lines[1] == "1,2027-03-10,Sharing,'=cmd"  # formula-like text neutralised
    assert lines[2] == "2,2027-03-11,Group work,"


def test_the_municipalities_do_not_see_the_notes(world: World, client_of) -> None:
    workshop = workshop_of(world)
    note = add_note(workshop)
    client = client_of(world.alice)
    for url in (
        reverse("programmes:workshop_evaluation", args=[workshop.pk]),
        reverse("programmes:workshop_evaluation_add", args=[workshop.pk]),
        reverse("programmes:workshop_evaluation_csv", args=[workshop.pk]),
        reverse("programmes:workshop_evaluation_delete", args=[note.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Evaluation notes" not in _html(
        client, reverse("programmes:workshop_detail", args=[workshop.pk])
    )


def test_a_note_is_deleted(world: World, client_of) -> None:
    note = add_note(workshop_of(world))
    client_of(world.fiona).post(reverse("programmes:workshop_evaluation_delete", args=[note.pk]))
    assert not WorkshopEvaluation.objects.exists()


# --- the municipality's plan ----------------------------------------------------------------------


@pytest.fixture
def seven_steps(db: None) -> None:
    toolkits_load(paths=[CONTENT_DIR / "qualification-paths.yaml"])


def test_the_municipality_starts_its_plan_as_a_run_of_the_seven_steps(
    world: World, client_of, seven_steps: None
) -> None:
    workshop = workshop_of(world)
    candidate = candidate_of(world)
    add_participant(workshop, candidate, name="Bob", email="bob@example.org", user=world.bob)
    client = client_of(world.alice)
    url = reverse("programmes:municipality_plan_start", args=[candidate.pk])
    form = _html(client, f"{url}?workshop={workshop.pk}")
    assert "<li>Map the demand for labour</li>" in form
    response = client.post(
        f"{url}?workshop={workshop.pk}",
        {"title": "Our recipe", "responsible": world.alice.pk, "start_date": "2027-03-10"},
    )
    plan = MunicipalityPlan.objects.get(candidate=candidate)
    run = Run.objects.get(pk=plan.run_id)
    assert response["Location"] == reverse("toolkits:run_detail", args=[run.pk])
    assert (run.organisation, run.toolkit.slug, run.responsible) == (
        world.municipality_a,
        "qualification-paths",
        world.alice,
    )
    assert list(run.participants.all()) == [world.bob]
    assert run.steps.count() == 7
    # The workshop page shows how far the plan has come, to both sides.
    for user in (world.alice, world.fiona):
        html = _html(client_of(user), reverse("programmes:workshop_detail", args=[workshop.pk]))
        assert "0 of 7 steps done." in html and "Next:" in html
    # Starting again goes to the plan that exists.
    again = client.post(
        url, {"title": "Twice", "responsible": world.alice.pk, "start_date": "2027-03-10"}
    )
    assert again["Location"] == reverse("toolkits:run_detail", args=[run.pk])
    assert MunicipalityPlan.objects.count() == 1


def test_the_agency_starts_it_with_a_linked_participant_responsible(
    world: World, client_of, seven_steps: None
) -> None:
    workshop = workshop_of(world)
    candidate = candidate_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:municipality_plan_start", args=[candidate.pk])
    assert "Nobody to be responsible yet" in _html(client, url)
    add_participant(workshop, candidate, name="Bob", email="bob@example.org", user=world.bob)
    html = _html(client, url)
    assert "Alice Leader" not in html  # the agency is offered no list of the municipality's people
    response = client.post(
        f"{url}?workshop={workshop.pk}",
        {"title": "Plan", "responsible": world.bob.pk, "start_date": "2027-03-10"},
    )
    # Fiona follows the municipality as figures: back to the workshop, not into the run.
    assert (
        response["Location"]
        == reverse("programmes:workshop_detail", args=[workshop.pk])
        + f"#municipality-{candidate.pk}"
    )
    assert MunicipalityPlan.objects.get(candidate=candidate).run.responsible == world.bob


def test_a_reader_may_not_start_the_plan_and_outsiders_get_404(
    world: World, client_of, seven_steps: None
) -> None:
    candidate = candidate_of(world)
    url = reverse("programmes:municipality_plan_start", args=[candidate.pk])
    assert client_of(world.bob).get(url).status_code == 403
    assert client_of(world.charlie).get(url).status_code == 404
    town = other_candidate(world)
    html = _html(
        client_of(world.fiona), reverse("programmes:municipality_plan_start", args=[town.pk])
    )
    assert "Nobody to be responsible yet" in html


def test_without_the_toolkit_the_plan_waits(world: World, client_of) -> None:
    candidate = candidate_of(world)
    html = _html(
        client_of(world.alice), reverse("programmes:municipality_plan_start", args=[candidate.pk])
    )
    assert "The seven-step toolkit is not loaded" in html
    assert '<form method="post" class="trinvis-form"' not in html


# --- query counts ---------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(world: World, workshop: Workshop, count: int) -> None:
    for number in range(count):
        town = other_candidate(world, code=f"{6000 + number}", name=f"Town {number}")
        _full_house(workshop, town)
        add_line(workshop, activity=f"Line {number}", at=f"{10 + number % 10:02d}:00")
        add_note(workshop, good=f"Note {number}")


def test_the_pages_do_not_grow_with_the_data(world: World, client_of, seven_steps: None) -> None:
    programme = programme_of(world)
    workshop = workshop_of(world)
    make_workshop(programme, number=2, starts_on=datetime.date(2027, 4, 20))
    municipality_plan_start(
        by=world.alice,
        candidate=candidate_of(world),
        responsible=world.alice,
        title="Our recipe",
        start_date=FIRST_DAY,
    )
    client = client_of(world.fiona)
    urls = [
        reverse("programmes:workshops", args=[programme.pk]),
        reverse("programmes:workshop_detail", args=[workshop.pk]),
        reverse("programmes:workshop_run_sheet", args=[workshop.pk]),
        reverse("programmes:workshop_agenda", args=[workshop.pk]),
        reverse("programmes:workshop_evaluation", args=[workshop.pk]),
    ]
    _grow(world, workshop, 1)
    before = [_queries(client, url) for url in urls]
    _grow(world, workshop, 8)
    assert [_queries(client, url) for url in urls] == before
