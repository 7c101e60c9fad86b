"""The ranked needs list and the leader's priorities."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from trinvis.competences.models import Assessment, NeedPriority, Round
from trinvis.competences.services.needs import need_priority_set
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rate,
    rated_team_round,
)


def _rated(world: World) -> Round:
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def _competence(round: Round, name: str):
    return round.profile.competences.get(name=name)


def _url(round: Round) -> str:
    return reverse("competences:needs", args=[round.pk])


def test_setting_a_priority_creates_it_then_changes_it(world) -> None:
    round = _rated(world)
    competence = _competence(round, "Working across units")
    need_priority_set(
        by=world.alice, round=round, competence=competence, horizon="short", note=" Soon "
    )
    need_priority_set(by=world.alice, round=round, competence=competence, horizon="long")
    priority = NeedPriority.objects.get()
    assert (priority.horizon, priority.note, priority.decided_by) == ("long", "", world.alice)


def test_a_priority_must_be_a_known_horizon_of_the_rounds_profile(world) -> None:
    round = _rated(world)
    with pytest.raises(ValidationError):
        need_priority_set(
            by=world.alice,
            round=round,
            competence=_competence(round, "Working across units"),
            horizon="someday",
        )
    other = make_profile(world.municipality_b, name="Other")
    with pytest.raises(ValidationError):
        need_priority_set(
            by=world.alice,
            round=round,
            competence=other.competences.get(id_number="c1"),
            horizon="short",
        )
    assert not NeedPriority.objects.exists()


def test_the_needs_are_ranked_with_the_reasoning_visible(world, client_of) -> None:
    html = client_of(world.bob).get(_url(_rated(world))).content.decode()
    first = html.index("Conversations with an interpreter")
    assert first < html.index("Labour-market knowledge") < html.index("Working across units")
    assert "1.5 × 6 × 3 = 27" in html and "1 × 6 × 3 = 18" in html
    assert "Case law on integration" not in html  # no gap: not a need
    assert "learning module will link education activities" in html
    # Read-only for bob: no forms.
    assert 'name="competence"' not in html


def test_a_leader_sets_a_priority_from_the_list(world, client_of) -> None:
    round = _rated(world)
    competence = _competence(round, "Working across units")
    prefix = f"need-{competence.pk}"
    browser = client_of(world.alice)
    page = browser.get(_url(round)).content.decode()
    assert f'name="{prefix}-horizon"' in page
    response = browser.post(
        _url(round),
        {"competence": competence.pk, f"{prefix}-horizon": "short", f"{prefix}-note": "Course"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#need-{competence.pk}")
    priority = NeedPriority.objects.get(round=round, competence=competence)
    assert (priority.horizon, priority.note) == ("short", "Course")
    assert "Short-term priority" in client_of(world.bob).get(_url(round)).content.decode()


def test_a_priority_without_a_horizon_shows_the_error(world, client_of) -> None:
    round = _rated(world)
    competence = _competence(round, "Working across units")
    response = client_of(world.alice).post(_url(round), {"competence": competence.pk})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not NeedPriority.objects.exists()


def test_a_competence_that_is_not_a_need_is_refused(world, client_of) -> None:
    round = _rated(world)
    competence = _competence(round, "Case law on integration")
    response = client_of(world.alice).post(
        _url(round), {"competence": competence.pk, f"need-{competence.pk}-horizon": "short"}
    )
    assert "Choose a need from the list" in response.content.decode()
    assert not NeedPriority.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("bob", 403), ("fiona", 403), ("charlie", 404)])
def test_only_write_roles_set_priorities(world, client_of, persona, status) -> None:
    round = _rated(world)
    competence = _competence(round, "Working across units")
    response = client_of(getattr(world, persona)).post(
        _url(round), {"competence": competence.pk, f"need-{competence.pk}-horizon": "short"}
    )
    assert response.status_code == status
    assert not NeedPriority.objects.exists()


def test_fiona_sees_the_ranked_list_only_for_five_people_or_more(world, client_of) -> None:
    assert "1.5 × 6 × 3 = 27" in client_of(world.fiona).get(_url(_rated(world))).content.decode()
    people = [world.bob, *colleagues(world.team_a, 1)]
    small = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=people,
        by=world.alice,
        title="Small",
        leader_assessment=False,
    )
    for person in people:
        rate(small, kind=Assessment.Kind.SELF, person=person, by=person, levels=[1] * 5)
    html = client_of(world.fiona).get(_url(small)).content.decode()
    assert "Fewer than five people have been assessed" in html
    assert "×" not in html


def test_needs_page_queries_are_fixed(world, client_of, django_assert_max_num_queries) -> None:
    round = _rated(world)
    browser = client_of(world.alice)
    browser.get(_url(round))
    with django_assert_max_num_queries(12):
        assert browser.get(_url(round)).status_code == 200
