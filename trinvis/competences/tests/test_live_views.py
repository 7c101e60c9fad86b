"""The five-phase toolkit's competence worksheets show this module's data in place."""

import datetime

import pytest

from conftest import World
from trinvis.competences.tests.factories import make_profile, rated_team_round
from trinvis.toolkits.models import Run, Toolkit
from trinvis.toolkits.services import CONTENT_DIR, run_start, toolkits_load


@pytest.fixture
def run(world: World) -> Run:
    toolkits_load(paths=[CONTENT_DIR / "strategic-education.yaml"])
    toolkit = Toolkit.objects.get(slug="strategic-education", organisation__isnull=True)
    return run_start(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title="Competences 2027",
        responsible=world.alice,
        participants=[],
        start_date=datetime.date(2027, 1, 4),
        target_date=None,
        by=world.alice,
    )


def _page(client, run: Run, key: str) -> str:
    response = client.get(f"/toolkits/runs/{run.pk}/worksheets/{key}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_worksheet_lists_the_organisations_profiles(
    world: World, run: Run, client_of
) -> None:
    profile = make_profile(world.municipality_a, name="Integration work 2027")
    make_profile(world.municipality_b, name="Bergen's own profile")
    html = _page(client_of(world.alice), run, "competence-profile")
    assert f'href="/competences/profiles/{profile.pk}/"' in html
    assert "Bergen's own profile" not in html
    assert "New competence profile" in html


def test_the_assessment_worksheet_shows_the_rounds_and_the_way_to_the_matrix(
    world: World, run: Run, client_of, django_assert_max_num_queries
) -> None:
    round = rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )
    client = client_of(world.alice)
    _page(client, run, "competence-assessment")
    with django_assert_max_num_queries(16):
        html = _page(client, run, "competence-assessment")
    assert f'href="/competences/rounds/{round.pk}/matrix/"' in html
    assert "Open an assessment round" in html


def test_an_empty_assessment_worksheet_says_what_to_do(world: World, run: Run, client_of) -> None:
    html = _page(client_of(world.alice), run, "competence-assessment")
    assert "No assessment round yet" in html
