"""The national-scale generator of the load benchmark (bench/national.py) at a tiny scale:
the counts it promises, valid rows (the pages render them), the same data again from the
same seed, and a kept build."""

import re

import pytest
from django.test import Client

from bench import national
from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Rating, Round
from trinvis.indicators.models import Area, Indicator, Value
from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys.models import Answer, Response, Survey

SCALE = 0.001  # 1 + 1 municipalities, 60 people, 2 rounds, 1 survey, 1,000 responses


@pytest.fixture
def built(db: None) -> national.Built:
    return national.build(SCALE, log=lambda message: None)


def test_counts(built: national.Built) -> None:
    counts = national.Counts.at(SCALE)
    assert Organisation.objects.filter(kind="municipality").count() == 2
    assert set(Organisation.objects.values_list("country", flat=True)) == {"", "DK", "NO"}
    assert Organisation.objects.filter(kind="unit").count() == 6
    assert Organisation.objects.filter(kind="team").count() == 6
    assert User.objects.count() == counts.people + 1  # and the agency's facilitator
    assert Membership.objects.count() == counts.people + 1
    assert Round.objects.count() == counts.rounds
    assert Rating.objects.count() == Assessment.objects.count() * 8 > 0
    assert Survey.objects.count() == counts.surveys
    assert Response.objects.filter(submitted_at__isnull=False).count() == counts.responses
    assert Answer.objects.count() == counts.responses * 5
    assert Value.objects.count() == counts.values
    assert Area.objects.filter(organisation__isnull=False).count() == 2
    assert built.rows["values"] == counts.values
    assert not built.reused


def test_pages_render_the_generated_data(built: national.Built) -> None:
    place = built.municipalities[0]
    client = Client()
    client.force_login(User.objects.get(pk=place.leader))
    round = Round.objects.filter(organisation__path__startswith=f"/{place.pk}/").first()
    survey = Survey.objects.filter(organisation_id=place.pk).first()
    indicator = Indicator.objects.filter(owner=None).order_by("pk").first()
    assert round is not None and survey is not None and indicator is not None
    for url in (
        "/",
        f"/organisations/{place.pk}/",
        f"/organisations/{place.pk}/people/",
        f"/competences/rounds/{round.pk}/matrix/",
        f"/surveys/{survey.pk}/results/",
        f"/indicators/{indicator.pk}/",
        f"/s/o/{survey.open_token}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    results = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert re.search(r"\b1000\b", results)  # the number of responses


def test_same_seed_same_data_and_a_kept_build(built: national.Built) -> None:
    first = list(Answer.objects.order_by("pk").values_list("choice", "number")[:200])
    again = national.build(SCALE, log=lambda message: None)
    assert again.reused
    assert [p.leader for p in again.municipalities] == [p.leader for p in built.municipalities]
    assert [len(people) for p in again.municipalities for people in p.unit_people] == [
        len(people) for p in built.municipalities for people in p.unit_people
    ]
    # The generator is seeded: a second database built from scratch would hold these rows.
    rng_rows = list(Answer.objects.order_by("pk").values_list("choice", "number")[:200])
    assert rng_rows == first


def test_a_database_with_other_data_is_refused(db: None) -> None:
    Organisation.objects.create(name="Someone's", kind="agency")
    with pytest.raises(RuntimeError):
        national.build(SCALE, log=lambda message: None)
