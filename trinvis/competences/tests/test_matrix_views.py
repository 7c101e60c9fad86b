"""The matrix page, a person's page and the development page: who sees what, and the audit."""

import re

import pytest
from django.urls import reverse

from conftest import World, add_member, make_user
from trinvis.competences.models import Assessment, Category, Competence, Profile, Rating, Round
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rate,
    rated_team_round,
)
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership

COLLEAGUES = [f"Colleague {n}" for n in range(1, 6)]


def _rated(world: World) -> Round:
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def _small(world: World, *, title: str = "Small round") -> Round:
    people = [world.bob, *colleagues(world.team_a, 1)]
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=people,
        by=world.alice,
        title=title,
        leader_assessment=False,
    )
    for person in people:
        rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=[3] * 5)
    return round


def _matrix_url(round: Round, **query: str) -> str:
    url = reverse("competences:matrix", args=[round.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _big_round(world: World, *, people: int, competences: int) -> Round:
    """A self + leader round with every rating submitted, written in bulk."""
    profile = Profile.objects.create(
        organisation=world.municipality_a,
        name=f"Big profile {people}x{competences}",
        id_number=f"big-{people}-{competences}",
    )
    categories = list(Category)
    made = Competence.objects.bulk_create(
        Competence(
            profile=profile,
            category=categories[index % 4],
            name=f"Competence {index:02d}",
            expected_level=3 + index % 2,
            id_number=f"c{index}",
            position=index,
        )
        for index in range(competences)
    )
    team = colleagues(world.team_a, people - 1)
    round = make_round(
        profile=profile,
        organisation=world.team_a,
        people=[world.bob, *team],
        by=world.alice,
        title=f"Big round {people}x{competences}",
    )
    for index, person in enumerate([world.bob, *team]):
        for kind, offset in ((Assessment.Kind.SELF, 1), (Assessment.Kind.LEADER, 0)):
            assessment = Assessment.objects.create(
                round=round,
                kind=kind,
                person=person,
                assessor=person if kind == Assessment.Kind.SELF else world.alice,
                submitted_at=round.opened_at,
                version=1,
            )
            Rating.objects.bulk_create(
                Rating(
                    assessment=assessment,
                    competence=competence,
                    level=1 + (index + number + offset * 2) % 5,
                )
                for number, competence in enumerate(made)
            )
    return round


# --- the leader's full matrix


def test_leader_sees_every_person_with_levels_and_the_computed_columns(world, client_of) -> None:
    round = _rated(world)
    html = client_of(world.alice).get(_matrix_url(round)).content.decode()
    for number, name in enumerate(["Bob Employee", *COLLEAGUES], start=1):
        assert f"M{number}</a><br>{name}" in html
    # Grouped by the four categories, in their order.
    positions = [html.index(str(c.label)) for c in Category]
    assert positions == sorted(positions)
    # Colour is never alone: the cells say meets/below in words and with a symbol.
    assert "▲</span> meets" in html and "▼</span> below" in html
    assert 'class="trinvis-cell--below"' in html
    # The computed columns: meeting, median, gap and vulnerability as a tag with text.
    assert "0 of 6" in html and "6 of 6" in html
    assert "2.5" in html
    assert 'data-color="danger">High</span>' in html
    # The rule in words, from the profile's thresholds, and the combination-round note.
    assert "Vulnerability is high when fewer than 2 people meet the expected level" in html
    assert "the leader&#x27;s rating where it is given, otherwise the person&#x27;s own" in html
    # Bob's own rating (5) is shown beside the leader's (2) where it differs.
    assert "own: 5" in html


def test_leader_sees_conversation_points_linking_to_the_person(world, client_of) -> None:
    round = _rated(world)
    html = client_of(world.alice).get(_matrix_url(round)).content.decode()
    section = html[html.index("Topics for the appraisal talks") :]
    person_url = reverse("competences:person", args=[round.pk, world.bob.pk])
    assert f'href="{person_url}">M1 Bob Employee</a>' in section
    assert "Labour-market knowledge — own rating 5, leader's rating 2" in section
    assert "Conversations with an interpreter — own rating 4, leader's rating 2" in section
    assert "MUS" in section


def test_leader_sees_the_team_spider_with_its_table(world, client_of) -> None:
    html = client_of(world.alice).get(_matrix_url(_rated(world))).content.decode()
    assert 'data-chart="team-spider-spec" role="img" aria-label="Competence spider of 5' in html
    assert '<script id="team-spider-spec" type="application/json">' in html
    assert "The chart's figures as a table" in html
    assert "vendor/vega-interpreter.js" in html and "reports/charts.js" in html


def test_opening_the_full_matrix_is_audited(world, client_of) -> None:
    round = _rated(world)
    client_of(world.alice).get(_matrix_url(round))
    event = AuditEvent.objects.get(action=AuditEvent.Action.RATINGS_VIEWED)
    assert event.actor == world.alice
    assert event.details == {"round": round.pk, "view": "matrix"}
    assert event.organisation_id == world.team_a.pk


def test_the_profile_rule_links_to_its_edit_page_for_those_who_may_change_it(
    world, client_of
) -> None:
    round = _rated(world)
    html = client_of(world.alice).get(_matrix_url(round)).content.decode()
    url = reverse("competences:profile_edit", args=[round.profile_id])
    assert f'href="{url}"' in html
    assert url not in client_of(world.bob).get(_matrix_url(round)).content.decode()


# --- everyone else: the team's figures, five people or more


def test_bob_sees_the_teams_figures_and_nothing_personal(world, client_of) -> None:
    round = _rated(world)
    response = client_of(world.bob).get(_matrix_url(round))
    html = response.content.decode()
    assert response.status_code == 200
    for name in COLLEAGUES:
        assert name not in html
    assert "M1" not in html and "own: " not in html
    assert "Topics for the appraisal talks" not in html
    assert reverse("competences:person", args=[round.pk, world.bob.pk]) not in html
    assert "0 of 6" in html and 'data-color="danger">High</span>' in html
    assert 'data-chart="team-spider-spec"' in html
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RATINGS_VIEWED).exists()


def test_fiona_sees_the_figures_of_a_round_of_five_or_more(world, client_of) -> None:
    round = _rated(world)
    html = client_of(world.fiona).get(_matrix_url(round)).content.decode()
    assert "0 of 6" in html
    for name in ["Bob Employee", *COLLEAGUES]:
        assert name not in html
    # The round's own page is not hers to open: no breadcrumb link to it.
    assert f'href="{reverse("competences:round_detail", args=[round.pk])}"' not in html


@pytest.mark.parametrize("persona", ["bob", "fiona"])
def test_fewer_than_five_people_are_explained_not_shown(world, client_of, persona) -> None:
    round = _small(world)
    html = client_of(getattr(world, persona)).get(_matrix_url(round)).content.decode()
    assert "Figures for fewer than five people are shown only to the unit's leaders" in html
    assert "of 2</td>" not in html
    assert "data-chart" not in html
    assert "Colleague 1" not in html


def test_leader_sees_a_small_round_in_full(world, client_of) -> None:
    html = client_of(world.alice).get(_matrix_url(_small(world))).content.decode()
    assert "Colleague 1" in html and "2 of 2" in html


def test_charlie_in_another_municipality_gets_404(world, client_of) -> None:
    assert client_of(world.charlie).get(_matrix_url(_rated(world))).status_code == 404


def test_a_team_only_round_says_the_agreed_level_counts_for_everyone(world, client_of) -> None:
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob, *colleagues(world.team_a, 5)],
        by=world.alice,
        title="Team only",
        self_assessment=False,
        leader_assessment=False,
        team_assessment=True,
    )
    rate(round, kind=Assessment.Kind.TEAM, person=None, by=world.bob, levels=[4, 3, 3, 3, 3])
    html = client_of(world.bob).get(_matrix_url(round)).content.decode()
    assert "that level counts for everyone in the round" in html
    assert "6 of 6" in html


# --- sorting and paging


def _row_order(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("Topics for the appraisal talks")]
    return re.findall(r'<th scope="row">([^<]+)', body)


def test_sorting_by_gap_puts_the_biggest_gap_first(world, client_of) -> None:
    html = client_of(world.alice).get(_matrix_url(_rated(world), sort="gap")).content.decode()
    assert _row_order(html)[:3] == [
        "Conversations with an interpreter",
        "Labour-market knowledge",
        "Working across units",
    ]
    assert re.search(r'<th scope="col" aria-sort="descending"><a[^>]*>Gap', html)
    assert "Group by category again" in html


@pytest.mark.parametrize(
    ("sort", "first", "direction"),
    [
        ("name", "Case law on integration", "ascending"),
        ("median", "Working across units", "ascending"),
        ("vulnerability", "Conversations with an interpreter", "descending"),
    ],
)
def test_sorting_links_order_the_rows(world, client_of, sort, first, direction) -> None:
    html = client_of(world.alice).get(_matrix_url(_rated(world), sort=sort)).content.decode()
    assert _row_order(html)[0] == first
    assert f'aria-sort="{direction}"' in html


def test_an_unknown_sort_falls_back_to_the_categories(world, client_of) -> None:
    html = client_of(world.alice).get(_matrix_url(_rated(world), sort="evil")).content.decode()
    assert _row_order(html)[0] == "Labour-market knowledge"
    assert "aria-sort" not in html


def test_people_are_paged_thirty_at_a_time_and_figures_stay_over_everyone(world, client_of) -> None:
    round = _big_round(world, people=35, competences=4)
    browser = client_of(world.alice)
    first = browser.get(_matrix_url(round)).content.decode()
    second = browser.get(_matrix_url(round, page="2")).content.decode()
    assert "M30</a>" in first and "M31</a>" not in first
    assert "M31</a>" in second and "M35</a>" in second and "M1</a>" not in second
    figures = re.findall(r"\d+ of 35", first)
    assert figures and figures == re.findall(r"\d+ of 35", second)
    assert "Page 1 of 2" in first


@pytest.mark.parametrize(("people", "competences"), [(6, 5), (30, 5), (6, 40), (30, 40)])
def test_matrix_queries_do_not_grow_with_people_or_competences(
    world, client_of, django_assert_max_num_queries, people, competences
) -> None:
    round = _big_round(world, people=people, competences=competences)
    browser, colleague = client_of(world.alice), client_of(world.bob)
    browser.get(_matrix_url(round))  # warm the session
    # session, user, scope (2), header organisation, round, participant (breadcrumb and
    # access), the matrix (4), the audit insert and its savepoints.
    with django_assert_max_num_queries(16):
        assert browser.get(_matrix_url(round)).status_code == 200
    with django_assert_max_num_queries(14):
        assert colleague.get(_matrix_url(round)).status_code == 200


# --- a person's page


def _person_url(round: Round, person) -> str:
    return reverse("competences:person", args=[round.pk, person.pk])


def test_bob_sees_his_own_ratings_side_by_side_with_the_spider(world, client_of) -> None:
    round = _rated(world)
    html = client_of(world.bob).get(_person_url(round, world.bob)).content.decode()
    assert "Your ratings" in html
    assert "Talk about it" in html  # 5 against 2 on the first competence
    assert "Difference (own − leader's)" in html
    assert "<td>3</td>" in html  # the difference 5 − 2
    assert 'data-chart="person-spider-spec"' in html
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RATINGS_VIEWED).exists()


def test_a_person_does_not_see_the_leaders_draft(world, client_of) -> None:
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob],
        by=world.alice,
        title="Drafts",
    )
    rate(round, kind=Assessment.Kind.SELF, person=world.bob, by=world.bob, levels=[3] * 5)
    rate(
        round,
        kind=Assessment.Kind.LEADER,
        person=world.bob,
        by=world.alice,
        levels=[1] * 5,
        submit=False,
    )
    bobs = client_of(world.bob).get(_person_url(round, world.bob)).content.decode()
    alices = client_of(world.alice).get(_person_url(round, world.bob)).content.decode()
    assert "Talk about it" not in bobs
    assert "Talk about it" in alices  # the leader sees the draft: 3 against 1


def test_a_leader_opening_a_persons_ratings_is_audited_with_the_person(world, client_of) -> None:
    round = _rated(world)
    assert client_of(world.alice).get(_person_url(round, world.bob)).status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.RATINGS_VIEWED)
    assert event.target == world.bob.email
    assert event.details == {"round": round.pk, "view": "person", "person": world.bob.pk}


@pytest.mark.parametrize("persona", ["bob", "charlie", "fiona"])
def test_nobody_else_opens_a_colleagues_ratings(world, client_of, persona) -> None:
    round = _rated(world)
    colleague = colleagues(world.team_a, 1)[0]
    response = client_of(getattr(world, persona)).get(_person_url(round, colleague))
    assert response.status_code == 404


def test_a_development_consultant_sees_figures_not_people(world, client_of) -> None:
    consultant = make_user("dora@example.org", "Dora Consultant", language="en")
    add_member(consultant, world.municipality_a, Membership.Role.DEVELOPMENT_CONSULTANT)
    round = _rated(world)
    html = client_of(consultant).get(_matrix_url(round)).content.decode()
    assert "0 of 6" in html and "Colleague 1" not in html
    assert client_of(consultant).get(_person_url(round, world.bob)).status_code == 404


# --- development between two rounds


def _development_url(profile_pk: int, **query: int) -> str:
    url = reverse("competences:development", args=[profile_pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _second_round(world: World, first: Round) -> Round:
    people = list(first.people.order_by("full_name"))
    round = make_round(
        profile=first.profile,
        organisation=world.team_a,
        people=people,
        by=world.alice,
        title="Autumn assessment",
        leader_assessment=False,
    )
    for person in people:
        rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=[4, 3, 4, 3, 3])
    return round


def test_development_compares_the_two_latest_rounds_by_default(world, client_of) -> None:
    first = _rated(world)
    _small(world, title="Small in between")
    second = _second_round(world, first)
    browser = client_of(world.bob)
    html = browser.get(_development_url(first.profile_id)).content.decode()
    # The latest two are the small round and the autumn round: the small one is hidden.
    assert "Fewer than five people were assessed in:" in html
    html = browser.get(
        _development_url(first.profile_id, before=first.pk, after=second.pk)
    ).content.decode()
    assert "Before: Spring assessment" in html and "After: Autumn assessment" in html
    assert "+1 rose" in html  # Labour-market knowledge: median 3 → 4
    assert 'data-chart="development-spider-spec"' in html
    assert "Colleague 1" not in html


def test_development_with_one_round_says_so(world, client_of) -> None:
    round = _rated(world)
    html = client_of(world.fiona).get(_development_url(round.profile_id)).content.decode()
    assert "assessed in one round so far" in html


def test_development_of_a_profile_with_no_round_in_reach_is_404(world, client_of) -> None:
    round = _rated(world)
    assert client_of(world.charlie).get(_development_url(round.profile_id)).status_code == 404


@pytest.mark.parametrize("competences", [5, 40])
def test_person_page_queries_do_not_grow_with_competences(
    world, client_of, django_assert_max_num_queries, competences
) -> None:
    round = _big_round(world, people=6, competences=competences)
    browser = client_of(world.alice)
    browser.get(_person_url(round, world.bob))
    with django_assert_max_num_queries(14):
        assert browser.get(_person_url(round, world.bob)).status_code == 200
