"""Issue 4's "done": in the demo, Odense's leader has a profile built from the shipped example
and a self + leader round for the team's twelve employees; she sees the matrix with a
vulnerable competence flagged, the team spider, the conversation points and the ranked
needs; the profile goes out as Moodle CSV and back in unchanged; an employee of another
municipality reaches none of it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.competences.models import Profile, Round
from trinvis.competences.selectors import round_matrix
from trinvis.organisations.models import Organisation


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRINVIS_ALLOW_DEMO", "1")
    call_command("load_demo", verbosity=0)


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _open_round() -> Round:
    return Round.objects.get(profile__organisation__name="Odense Kommune", closed_at__isnull=True)


def test_the_demo_round_assesses_twelve_employees_of_odense(demo: None) -> None:
    round = _open_round()
    assert round.self_assessment and round.leader_assessment
    matrix = round_matrix(round=round)
    assert len(matrix.people) == 12 and matrix.assessed == 12
    assert any(row.figures.vulnerability.name == "HIGH" for row in matrix.rows)
    assert matrix.conversation_points and matrix.needs


def test_the_leader_sees_the_matrix_spider_conversation_points_and_needs(demo: None) -> None:
    round = _open_round()
    alice = _client("alice@example.org")
    page = alice.get(reverse("competences:matrix", args=[round.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-chart" in html  # the team spider, drawn by the chart script
    assert 'trinvis-tag--high" data-color="danger">Høj</span>' in html  # alice reads Danish
    point = round_matrix(round=round).conversation_points[0]
    person = User.objects.get(pk=point.person)
    assert person.full_name in html
    needs = alice.get(reverse("competences:needs", args=[round.pk]))
    assert needs.status_code == 200
    top = round_matrix(round=round).needs[0]
    assert f"× {top.below} ×" in needs.content.decode()


def test_the_profile_goes_to_moodle_and_comes_back_unchanged(demo: None) -> None:
    profile = Profile.objects.get(organisation__name="Odense Kommune")
    alice = _client("alice@example.org")
    url = reverse("competences:profile_export", args=[profile.pk, "moodle"])
    exported = alice.get(url).content
    team = Organisation.objects.get(parent__name="Odense Kommune", kind="team")
    response = alice.post(
        reverse("competences:profile_import"),
        {
            "organisation": team.pk,
            "file": SimpleUploadedFile("framework.csv", exported, content_type="text/csv"),
        },
    )
    assert response.status_code == 302
    imported = Profile.objects.get(organisation=team)
    again = alice.get(reverse("competences:profile_export", args=[imported.pk, "moodle"]))
    assert again.content == exported


def test_an_employee_of_another_municipality_reaches_none_of_it(demo: None) -> None:
    round = _open_round()
    profile = round.profile
    bob = round.people.get(email="bob@example.org")
    charlie = _client("charlie@example.org")
    urls = [
        reverse("competences:profile_detail", args=[profile.pk]),
        reverse("competences:profile_export", args=[profile.pk, "moodle"]),
        reverse("competences:round_detail", args=[round.pk]),
        reverse("competences:matrix", args=[round.pk]),
        reverse("competences:matrix_export", args=[round.pk, "xlsx"]),
        reverse("competences:needs", args=[round.pk]),
        reverse("competences:person", args=[round.pk, bob.pk]),
        reverse("competences:assess", args=[round.pk, "self", bob.pk]),
        f"/api/competences/profiles/{profile.pk}",
        f"/api/competences/rounds/{round.pk}/matrix",
    ]
    assert [charlie.get(url).status_code for url in urls] == [404] * len(urls)
    listing = charlie.get(reverse("competences:index")).content.decode()
    assert profile.name not in listing and round.title not in listing
