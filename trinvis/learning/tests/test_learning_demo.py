"""The demo catalogue: Odense's courses, workshop, mentoring and a programme of four modules
in two paths, linked to the demo profile's competences, with adopted principles; Bergen's
smaller catalogue; and loading twice changes nothing.

The loaders it builds on (organisations, competences) are called directly rather than the
whole `load_demo`, which also builds survey data this test does not need.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.competences import demo as competences_demo
from trinvis.core import demo as core_demo
from trinvis.learning import demo
from trinvis.learning.models import Activity, Path, PathStep, Principle, Programme
from trinvis.learning.services.principles import STARTER_SET
from trinvis.organisations import demo as organisations_demo

Kind = Activity.Kind


@pytest.fixture
def loaded(db: None) -> None:
    organisations_demo.load()
    competences_demo.load()
    demo.load()


def _snapshot() -> dict[str, Any]:
    return {
        "activities": sorted(
            Activity.objects.values_list("pk", "title", "version", "starts_on", "programme_id")
        ),
        "competence_links": Activity.competences.through.objects.count(),
        "programmes": sorted(Programme.objects.values_list("pk", "version")),
        "paths": sorted(Path.objects.values_list("pk", "name")),
        "steps": sorted(PathStep.objects.values_list("path_id", "activity_id", "position")),
        "principles": sorted(Principle.objects.values_list("pk", "title", "position")),
    }


def test_the_loader_runs_after_the_competence_demo() -> None:
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[demo.load] > orders[competences_demo.load]


def test_odense_has_a_varied_catalogue_linked_to_its_competences(loaded: None) -> None:
    odense = Activity.objects.filter(organisation__name="Odense Kommune")
    kinds = set(odense.values_list("kind", flat=True))
    assert {
        Kind.EXTERNAL_COURSE,
        Kind.INTERNAL_COURSE,
        Kind.MODULE,
        Kind.MENTORING,
        Kind.WORKSHOP,
    } <= kinds
    linked = odense.filter(competences__profile__organisation__name="Odense Kommune")
    assert linked.distinct().count() == odense.count()
    course = odense.get(title="Den jobrettede samtale")
    assert course.headings and course.reminder_days == [7, 90] and course.follow_up_day_at


def test_odense_programme_combines_four_modules_in_two_paths(loaded: None) -> None:
    programme = Programme.objects.get(organisation__name="Odense Kommune")
    assert programme.modules.filter(kind=Kind.MODULE).count() == 4
    paths = list(programme.paths.order_by("name"))
    assert len(paths) == 2
    for path in paths:
        positions = list(path.steps.order_by("position").values_list("position", flat=True))
        assert positions == [1, 2, 3]
    first_modules = {path.steps.get(position=1).activity.title for path in paths}
    assert first_modules == {"Modul 1: Det lokale arbejdsmarked og virksomhedernes behov"}


def test_both_municipalities_adopted_the_principles(loaded: None) -> None:
    for name in ("Odense Kommune", "Bergen kommune"):
        assert Principle.objects.filter(organisation__name=name).count() == len(STARTER_SET)
    assert Activity.objects.filter(organisation__name="Bergen kommune").count() >= 3


def test_loading_twice_changes_nothing(loaded: None) -> None:
    before = _snapshot()
    demo.load()
    assert _snapshot() == before


def test_the_leader_opens_the_programme_and_a_module(loaded: None) -> None:
    client = Client()
    client.force_login(User.objects.get(email="alice@example.org"))
    programme = Programme.objects.get(organisation__name="Odense Kommune")
    page = client.get(reverse("learning:programme_detail", args=[programme.pk]))
    assert page.status_code == 200
    assert "Forløb for jobkonsulenter" in page.content.decode()
    first = programme.modules.get(title__startswith="Modul 1")
    assert client.get(reverse("learning:activity_detail", args=[first.pk])).status_code == 200
