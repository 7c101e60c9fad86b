"""The selection page and deciding on municipalities: the criteria editor, "Save as
shortlist" (decided municipalities untouched, stale suggestions dropped unless work was
recorded with them), confirming (linking or creating the municipality's organisation),
removing and adding by hand with a note, the contact person, and the version checks."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trinvis.indicators.models import Area
from trinvis.indicators.tests.factories import add_values, area_of, make_area, shipped
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_create
from trinvis.programmes.forms_selection import PREFIX
from trinvis.programmes.models import AgencyProgramme, Candidate, Letter, SelectionRule
from trinvis.programmes.services_selection import shortlist_save
from trinvis.programmes.tests.factories_programmes import (
    candidate_a_of,
    make_programme,
    programme_of,
    suggested_of,
)

Status = Candidate.Status
RIGHT_AFTER = "work-education-right-after"


def _figures(area: Area, *, right_after: float, participants: float | None = None) -> None:
    add_values(shipped(RIGHT_AFTER), area, {"2024": right_after})
    add_values(shipped("work-education-one-year-after"), area, {"2024": 65})
    if participants is not None:
        add_values(shipped("introduction-participants"), area, {"2024": participants})


@pytest.fixture
def selection(world: World) -> AgencyProgramme:
    """Municipality A (confirmed) and E match; C (suggested earlier) and F fail now; G has
    no participant figure."""
    programme = programme_of(world)
    _figures(area_of(world.municipality_a), right_after=48, participants=40)
    _figures(make_area("DK", "101", "Municipality C"), right_after=70, participants=40)
    _figures(make_area("DK", "102", "Municipality E"), right_after=50, participants=35)
    _figures(make_area("DK", "103", "Municipality F"), right_after=70, participants=50)
    _figures(make_area("DK", "104", "Municipality G"), right_after=40)
    return programme


def _save(world: World, programme: AgencyProgramme) -> None:
    shortlist_save(by=world.fiona, programme=programme, base_version=programme.selection.version)


def _statuses(programme: AgencyProgramme) -> dict[str, str]:
    return dict(Candidate.objects.filter(programme=programme).values_list("area__name", "status"))


# --- the selection page and the shortlist --------------------------------------------------------


def test_the_page_shows_the_matches_with_reasons_and_those_lacking_figures(
    world: World, selection: AgencyProgramme, client_of: Any
) -> None:
    response = client_of(world.fiona).get(reverse("programmes:selection", args=[selection.pk]))
    page = response.content.decode()
    matches = [m.municipality.name for m in response.context["evaluation"].matches]
    assert matches == ["Municipality A", "Municipality E"]  # ranked by the share, lowest first
    assert "In work or education right after the programme: 48.0 % in 2024 (below 55 %)" in page
    assert "Municipality G" in page
    assert "Participants in the introduction programme: no figure" in page
    assert "Not meeting the criteria: 2 municipalities" in page


def test_the_page_takes_as_many_queries_for_many_municipalities(
    world: World, selection: AgencyProgramme, client_of: Any
) -> None:
    client = client_of(world.fiona)
    url = reverse("programmes:selection", args=[selection.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(30):
        _figures(
            make_area("DK", f"{200 + number}", f"Town {number}"), right_after=45, participants=40
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_saving_the_shortlist_suggests_the_matches_and_leaves_decided_ones(
    world: World, selection: AgencyProgramme
) -> None:
    confirmed = candidate_a_of(world)
    _save(world, selection)
    assert _statuses(selection) == {
        "Municipality A": Status.CONFIRMED,
        "Municipality E": Status.SUGGESTED,
    }
    suggested = Candidate.objects.get(programme=selection, area__code="102")
    assert suggested.rank == 2
    assert suggested.shown_reasons[0].startswith(
        "In work or education right after the programme: 50.0"
    )
    # Stored in every language, so each reader gets the reasons in their own.
    assert set(suggested.reasons) == {"da", "nb", "en"}
    assert suggested.reasons["nb"][0] != suggested.reasons["en"][0]
    after = Candidate.objects.get(pk=confirmed.pk)
    assert (after.version, after.rank, after.reasons) == (confirmed.version, None, [])


def test_a_stale_suggestion_with_work_recorded_stays_marked(
    world: World, selection: AgencyProgramme
) -> None:
    stale = suggested_of(world)
    Letter.objects.create(
        programme=selection,
        candidate=stale,
        kind="chief_executive",
        language="da",
        to_email="chief@example.org",
        subject="About the programme",
        body="…",
        outcome="sent",
    )
    _save(world, selection)
    stale.refresh_from_db()
    assert stale.status == Status.SUGGESTED and stale.rank is None
    assert stale.shown_reasons[0].startswith("No longer meets the criteria")


def test_the_shortlist_is_not_saved_from_criteria_changed_meanwhile(
    world: World, selection: AgencyProgramme, client_of: Any
) -> None:
    response = client_of(world.fiona).post(
        reverse("programmes:shortlist_save", args=[selection.pk]),
        {"base_version": selection.selection.version - 1},
        follow=True,
    )
    assert "The criteria were changed after you looked" in response.content.decode()
    assert _statuses(selection) == {
        "Municipality A": Status.CONFIRMED,
        "Municipality C": Status.SUGGESTED,
    }


def test_a_municipality_never_sees_the_selection(
    world: World, selection: AgencyProgramme, client_of: Any
) -> None:
    alice = client_of(world.alice)
    assert alice.get(reverse("programmes:selection", args=[selection.pk])).status_code == 404
    response = alice.post(
        reverse("programmes:shortlist_save", args=[selection.pk]),
        {"base_version": selection.selection.version},
    )
    assert response.status_code == 403


# --- the criteria editor -------------------------------------------------------------------------


def _criteria_data(version: int, rows: list[dict[str, str]], **main: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "base_version": version,
        "country": "DK",
        "exclude": "",
        "exclude_note": "",
        "rank_indicator": RIGHT_AFTER,
        "rank_breakdown": "",
        "rank_order": "asc",
        f"{PREFIX}-TOTAL_FORMS": len(rows),
        f"{PREFIX}-INITIAL_FORMS": 0,
        **main,
    }
    for index, row in enumerate(rows):
        defaults = {"breakdown": "", "period": "", "compare": "below", "combine": "all"}
        for name, value in {**defaults, **row}.items():
            data[f"{PREFIX}-{index}-{name}"] = value
    return data


ROWS = [
    {"indicator": RIGHT_AFTER, "threshold": "55", "combine": "1"},
    {"indicator": "work-education-one-year-after", "threshold": "60", "combine": "1"},
    {"indicator": "introduction-participants", "compare": "at_least", "threshold": "30"},
    {"indicator": "", "threshold": ""},
]


def test_the_editor_writes_the_criteria_with_an_either_or_group(
    world: World, client_of: Any
) -> None:
    shipped()
    programme = make_programme(world.agency)
    area_of(world.municipality_a)
    response = client_of(world.fiona).post(
        reverse("programmes:criteria", args=[programme.pk]),
        _criteria_data(0, ROWS, exclude="461", size_classes=["large"]),
    )
    assert response.status_code == 302
    rule = SelectionRule.objects.get(programme=programme)
    assert rule.version == 1 and rule.country == "DK"
    group, participants = rule.criteria["all"]
    assert [c["threshold"] for c in group["any"]] == ["55", "60"]
    assert participants["compare"] == "at_least"
    assert rule.criteria["exclude"] == ["461"]
    assert rule.criteria["size_classes"] == ["large"]
    # The editor shows them again as rows, the group numbered.
    page = client_of(world.fiona).get(reverse("programmes:criteria", args=[programme.pk]))
    assert page.context["formset"].initial[1]["combine"] == "1"
    assert page.context["form"].initial["exclude"] == "461 Municipality A"


def test_the_editor_refuses_a_breakdown_the_figure_does_not_have(
    world: World, client_of: Any
) -> None:
    shipped()
    programme = make_programme(world.agency)
    rows = [{"indicator": RIGHT_AFTER, "threshold": "55", "breakdown": "colour=blue"}]
    response = client_of(world.fiona).post(
        reverse("programmes:criteria", args=[programme.pk]), _criteria_data(0, rows)
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["breakdown"]
    assert not SelectionRule.objects.exists()


def test_more_rows_keeps_the_input_and_saves_nothing(world: World, client_of: Any) -> None:
    shipped()
    programme = make_programme(world.agency)
    response = client_of(world.fiona).post(
        reverse("programmes:criteria", args=[programme.pk]),
        {**_criteria_data(0, ROWS[:1]), "more": "1"},
    )
    formset = response.context["formset"]
    assert len(formset.forms) == 4
    assert formset.forms[0]["threshold"].value() == "55"
    assert not SelectionRule.objects.exists()


def test_criteria_saved_meanwhile_are_a_conflict_that_keeps_the_input(
    world: World, selection: AgencyProgramme, client_of: Any
) -> None:
    rows = [{"indicator": RIGHT_AFTER, "threshold": "50"}]
    response = client_of(world.fiona).post(
        reverse("programmes:criteria", args=[selection.pk]), _criteria_data(0, rows)
    )
    assert response.status_code == 200 and response.context["conflict"]
    assert response.context["formset"].forms[0]["threshold"].value() == "50"
    assert response.context["form"]["base_version"].value() == "1"
    assert SelectionRule.objects.get(programme=selection).version == 1


# --- deciding ------------------------------------------------------------------------------------


def _decide(client: Any, candidate: Candidate, decision: str, note: str = "") -> Any:
    return client.post(
        reverse("programmes:candidate_decide", args=[candidate.pk]),
        {
            "decision": decision,
            f"{decision}-base_version": candidate.version,
            f"{decision}-note": note,
        },
    )


def test_confirming_creates_the_municipality_under_the_owner_and_says_so(
    world: World, client_of: Any
) -> None:
    candidate = suggested_of(world)
    add_values(shipped("population"), candidate.area, {"2023": 12_000, "2024": 12_400})
    client = client_of(world.fiona)
    page = client.get(reverse("programmes:candidate", args=[candidate.pk])).content.decode()
    assert "confirming creates one, named Municipality C, under Agency" in page
    response = _decide(client, candidate, "confirm", "Fits the programme")
    assert response.status_code == 302
    candidate.refresh_from_db()
    organisation = candidate.organisation
    assert candidate.status == Status.CONFIRMED and candidate.decided_by == world.fiona
    assert candidate.note == "Fits the programme" and candidate.decided_at is not None
    assert organisation is not None and organisation.parent == world.agency
    assert (organisation.country, organisation.municipality_number) == ("DK", "101")
    assert organisation.population == 12_400
    assert Area.objects.get(pk=candidate.area_id).organisation == organisation


def test_confirming_links_the_municipality_trinvis_has(world: World, client_of: Any) -> None:
    candidate = suggested_of(world)
    existing = organisation_create(
        by=None,
        parent=world.region_dk,
        name="Kommune C",
        kind=Organisation.Kind.MUNICIPALITY,
        country="DK",
        municipality_number="101",
        population=9_000,
    )
    _decide(client_of(world.fiona), candidate, "confirm")
    candidate.refresh_from_db()
    assert candidate.organisation == existing
    assert Organisation.objects.filter(municipality_number="101").count() == 1


def test_confirming_without_a_population_figure_explains_what_to_do(
    world: World, client_of: Any
) -> None:
    candidate = suggested_of(world)
    response = _decide(client_of(world.fiona), candidate, "confirm")
    assert response.status_code == 200
    assert "no population figure to create one with" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Status.SUGGESTED and candidate.organisation is None


def test_removing_needs_a_note(world: World, client_of: Any) -> None:
    candidate = suggested_of(world)
    client = client_of(world.fiona)
    response = _decide(client, candidate, "remove")
    assert response.status_code == 200
    assert response.context["forms"]["remove"].errors["note"]
    _decide(client, candidate, "remove", "Already in another programme")
    candidate.refresh_from_db()
    assert candidate.status == Status.REMOVED
    assert candidate.note == "Already in another programme"


def test_a_decision_on_an_older_version_is_a_conflict_that_keeps_the_note(
    world: World, client_of: Any
) -> None:
    candidate = suggested_of(world)
    Candidate.objects.filter(pk=candidate.pk).update(version=5)
    response = _decide(client_of(world.fiona), candidate, "remove", "My reason")
    assert response.status_code == 200 and response.context["conflict"]
    form = response.context["forms"]["remove"]
    assert form["note"].value() == "My reason" and form["base_version"].value() == "5"
    assert Candidate.objects.get(pk=candidate.pk).status == Status.SUGGESTED


def test_each_reader_gets_the_reasons_in_their_own_language(
    world: World, selection: AgencyProgramme, client_of: Any
) -> None:
    _save(world, selection)
    suggested = Candidate.objects.get(programme=selection, area__code="102")
    url = reverse("programmes:candidate", args=[suggested.pk])
    world.fiona.language = "nb"
    world.fiona.save(update_fields=["language"])

    page = client_of(world.fiona).get(url).content.decode()

    assert suggested.reasons["nb"][0] in page
    assert suggested.reasons["en"][0] not in page


def test_a_municipality_reads_its_entry_but_not_the_reasons_and_may_not_decide(
    world: World, client_of: Any
) -> None:
    candidate = candidate_a_of(world)
    Candidate.objects.filter(pk=candidate.pk).update(reasons=["Low share"], note="Internal")
    alice = client_of(world.alice)
    page = alice.get(reverse("programmes:candidate", args=[candidate.pk])).content.decode()
    assert "Carla Contact" in page
    assert "Low share" not in page and "Internal" not in page
    assert _decide(alice, candidate, "remove", "No").status_code == 403
    charlie = client_of(world.charlie)
    assert charlie.get(reverse("programmes:candidate", args=[candidate.pk])).status_code == 404


# --- adding by hand ------------------------------------------------------------------------------


def test_adding_by_hand_needs_a_note_and_takes_part_at_once(world: World, client_of: Any) -> None:
    programme = programme_of(world)
    area = make_area("DK", "150", "Municipality H")
    add_values(shipped("population"), area, {"2024": 30_000})
    make_area("NO", "5001", "Norwegian town")
    client = client_of(world.fiona)
    url = reverse("programmes:candidate_add", args=[programme.pk])
    choices = client.get(url).context["form"].fields["area"].queryset
    assert list(choices.values_list("code", flat=True)) == ["150"]  # Danish, not yet listed
    assert client.post(url, {"area": area.pk, "note": ""}).status_code == 200
    response = client.post(url, {"area": area.pk, "note": "Asked to join"})
    added = Candidate.objects.get(programme=programme, area=area)
    assert response["Location"] == reverse("programmes:candidate", args=[added.pk])
    assert added.status == Status.ADDED and added.decided_by == world.fiona
    assert added.organisation is not None and added.organisation.name == "Municipality H"


# --- the contact person --------------------------------------------------------------------------


def test_the_contact_person_is_saved_with_a_version_check(world: World, client_of: Any) -> None:
    candidate = suggested_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:candidate_contact", args=[candidate.pk])
    data = {
        "base_version": candidate.version,
        "name": "Nora Contact",
        "email": "nora@example.org",
        "phone": "+45 11 22 33 44",
        "role": "Head of the refugee service",
    }
    assert client.post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.contact_name, candidate.contact_email) == ("Nora Contact", "nora@example.org")
    response = client.post(url, {**data, "name": "Stale"})
    assert response.status_code == 200 and response.context["conflict"]
    assert response.context["form"]["name"].value() == "Stale"
    assert Candidate.objects.get(pk=candidate.pk).contact_name == "Nora Contact"
