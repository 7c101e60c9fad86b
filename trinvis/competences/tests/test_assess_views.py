"""The rating form: self, leader and team assessments, drafts, submission and conflicts."""

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from trinvis.competences.models import Assessment, Category, Competence, Rating, Round
from trinvis.competences.selectors import profile_competences
from trinvis.competences.services.rounds import round_close
from trinvis.competences.tests.factories import colleagues, make_profile, make_round, rate

# Measured: session, user, scope (2), header organisation, round, participant, person,
# competences, assessment, ratings. Saving adds the savepoints, the row lock, the ratings
# written in bulk and the audit entry: the same for 5 competences as for 40.
MAX_FORM = 11
MAX_SAVE = 24


def _round(world: World, **changes) -> Round:
    arguments: dict[str, Any] = {
        "profile": make_profile(world.municipality_a),
        "organisation": world.team_a,
        "people": [world.bob, *colleagues(world.team_a, 1)],
        "by": world.alice,
        "team_assessment": True,
    }
    arguments.update(changes)
    return make_round(**arguments)


def _self_url(round: Round, person) -> str:
    return reverse("competences:assess", args=[round.pk, "self", person.pk])


def _leader_url(round: Round, person) -> str:
    return reverse("competences:assess", args=[round.pk, "leader", person.pk])


def _answers(round: Round, levels: list[int | None], version: int = 0, action: str = "draft"):
    data: dict[str, str | int] = {"base_version": version, "action": action}
    for competence, level in zip(profile_competences(profile=round.profile), levels, strict=False):
        if level is not None:
            data[f"level_{competence.pk}"] = level
            data[f"comment_{competence.pk}"] = f"about {competence.name}"
            data[f"evidence_{competence.pk}"] = "a case last week"
    return data


def test_the_form_shows_each_competence_by_category_with_the_scale(world, client_of) -> None:
    round = _round(world)
    response = client_of(world.bob).get(_self_url(round, world.bob))
    html = response.content.decode()
    assert response.status_code == 200
    assert [category for category, _items in response.context["sections"]] == list(Category)
    assert "Labour-market knowledge" in html
    assert "expected: 4 Competent performer" in html
    assert "Takes responsibility and carries out the task satisfactorily." in html
    assert html.count('type="radio"') == 5 * 5
    assert 'name="base_version"' in html


def test_a_draft_keeps_what_is_rated_and_can_leave_the_rest(world, client_of) -> None:
    round = _round(world)
    response = client_of(world.bob).post(
        _self_url(round, world.bob), _answers(round, [4, 3, None, None, None])
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(round=round, kind="self", person=world.bob)
    assert assessment.submitted_at is None
    assert assessment.ratings.count() == 2
    rating = assessment.ratings.get(level=4)
    assert rating.comment == "about Labour-market knowledge"
    assert rating.evidence == "a case last week"


def test_the_saved_draft_is_shown_again(world, client_of) -> None:
    round = _round(world)
    rate(round, kind="self", person=world.bob, by=world.bob, levels=[5], submit=False)
    response = client_of(world.bob).get(_self_url(round, world.bob))
    first = response.context["sections"][0][1][0]
    assert [option.checked for option in first.options] == [False] * 4 + [True]
    assert response.context["form"]["base_version"].value() == 1


def test_submitting_needs_every_competence_rated(world, client_of) -> None:
    round = _round(world)
    browser = client_of(world.bob)
    refused = browser.post(
        _self_url(round, world.bob), _answers(round, [4, 3, 3, None, 2], action="submit")
    )
    assert refused.status_code == 200
    assert len(refused.context["form"].errors) == 1
    assert not Assessment.objects.filter(round=round).exists()
    done = browser.post(_self_url(round, world.bob), _answers(round, [4, 3, 3, 3, 2], 0, "submit"))
    assert done.status_code == 302
    assert done["Location"] == reverse("competences:round_detail", args=[round.pk])
    assert Assessment.objects.get(round=round, kind="self").is_submitted


def test_a_comment_without_a_level_is_not_lost_silently(world, client_of) -> None:
    round = _round(world)
    first = profile_competences(profile=round.profile)[0]
    response = client_of(world.bob).post(
        _self_url(round, world.bob),
        {"base_version": 0, "action": "draft", f"comment_{first.pk}": "I am unsure"},
    )
    assert f"level_{first.pk}" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_a_conflict_keeps_the_input_and_shows_what_the_other_saved(world, client_of) -> None:
    round = _round(world)
    stale = _answers(round, [5, 5, 5, 5, 5], version=0)
    rate(round, kind="leader", person=world.bob, by=world.admin, levels=[1, 2], submit=False)
    response = client_of(world.alice).post(_leader_url(round, world.bob), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this assessment" in html
    assert "Saved meanwhile:" in html and "1 Novice" in html
    first = response.context["sections"][0][1][0]
    assert first.options[4].checked  # the user's own 5 is kept
    assert response.context["form"]["base_version"].value() == "1"
    assert sorted(Rating.objects.values_list("level", flat=True)) == [1, 2]
    # Saving again against the version now stored goes through.
    again = client_of(world.alice).post(_leader_url(round, world.bob), {**stale, "base_version": 1})
    assert again.status_code == 302
    assert sorted(Rating.objects.values_list("level", flat=True)) == [5] * 5


def test_a_closed_round_shows_the_form_read_only(world, client_of) -> None:
    round = _round(world)
    rate(round, kind="self", person=world.bob, by=world.bob, levels=[3, 3], submit=False)
    round_close(by=world.alice, round=round)
    browser = client_of(world.bob)
    page = browser.get(_self_url(round, world.bob))
    html = page.content.decode()
    assert page.status_code == 200
    assert "The round is closed" in html
    assert 'type="radio"' not in html and 'name="action"' not in html
    assert html.count("<dd>3 Practised performer</dd>") == 2
    assert html.count("not rated") == 3
    refused = browser.post(_self_url(round, world.bob), _answers(round, [5] * 5, 1, "submit"))
    assert refused.status_code == 403
    assert sorted(Rating.objects.values_list("level", flat=True)) == [3, 3]


def test_someone_elses_self_assessment_is_not_found(world, client_of) -> None:
    round = _round(world)
    colleague = colleagues(world.team_a, 1)[0]
    assert client_of(world.bob).get(_self_url(round, colleague)).status_code == 404
    assert client_of(world.alice).get(_self_url(round, world.bob)).status_code == 404


def test_only_leaders_open_the_leader_form_the_rest_get_not_found(world, client_of) -> None:
    round = _round(world)
    colleague = colleagues(world.team_a, 1)[0]
    assert client_of(world.alice).get(_leader_url(round, world.bob)).status_code == 200
    # Personal data: a 404 for a colleague, never a 403 that would say it exists.
    assert client_of(world.bob).get(_leader_url(round, colleague)).status_code == 404
    assert client_of(world.bob).post(_leader_url(round, colleague), {}).status_code == 404
    assert client_of(world.charlie).get(_leader_url(round, world.bob)).status_code == 404


def test_the_team_fills_one_shared_form(world, client_of) -> None:
    round = _round(world)
    colleague = colleagues(world.team_a, 1)[0]
    url = reverse("competences:assess_team", args=[round.pk])
    assert client_of(world.bob).post(url, _answers(round, [3, 3])).status_code == 302
    response = client_of(colleague).post(url, _answers(round, [3, 3, 4, 4, 4], 1, "submit"))
    assert response.status_code == 302
    team = Assessment.objects.get(round=round, kind="team")
    assert team.person is None and team.is_submitted and team.assessor == colleague


def test_a_team_member_outside_the_round_may_not_fill_the_team_form(world, client_of) -> None:
    round = _round(world, people=colleagues(world.team_a, 2), title="Without bob")
    url = reverse("competences:assess_team", args=[round.pk])
    assert client_of(world.bob).get(url).status_code == 403
    assert client_of(world.charlie).get(url).status_code == 404


def _long_profile(world: World, count: int):
    profile = make_profile(world.municipality_a, name=f"Long profile {count}")
    for number in range(count - profile.competences.count()):
        Competence.objects.create(
            profile=profile,
            category=list(Category)[number % 4],
            name=f"Extra {number}",
            expected_level=3,
            id_number=f"x{number}",
            position=10 + number,
        )
    return profile


@pytest.mark.parametrize("count", [5, 40])
def test_the_form_has_a_fixed_number_of_queries(
    world, client_of, django_assert_max_num_queries, count
) -> None:
    round = _round(world, profile=_long_profile(world, count), title=f"Long {count}")
    rate(round, kind="self", person=world.bob, by=world.bob, levels=[3] * count, submit=False)
    browser = client_of(world.bob)
    browser.get(reverse("core:home"))
    with django_assert_max_num_queries(MAX_FORM):
        assert browser.get(_self_url(round, world.bob)).status_code == 200
    data = _answers(round, [4] * count, version=1, action="submit")
    with django_assert_max_num_queries(MAX_SAVE):
        assert browser.post(_self_url(round, world.bob), data).status_code == 302
    assert Rating.objects.filter(assessment__round=round, level=4).count() == count
