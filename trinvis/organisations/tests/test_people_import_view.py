"""The import page: upload a CSV of people, see what happened or every problem."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.organisations.tests.helpers import csv_file, page_text

GOOD = csv_file("navn;e-mail;enhed;rolle", "Mette Hansen;mette@example.org;Team A;Medarbejder")
BAD = csv_file(
    "name,email,unit,role",
    "Mette Hansen,mette@example.org,Team A,employee",
    "Jens Jensen,jens@example.org,Nowhere,employee",
)


def url(organisation) -> str:
    return reverse("organisations:import", args=[organisation.pk])


def upload(data: bytes) -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")}


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(world.municipality_a)), url(world.municipality_a))


def test_leader_imports_a_file_and_sees_a_summary(world, client_of):
    response = client_of(world.alice).post(url(world.municipality_a), upload(GOOD))

    assert response.status_code == 200
    assert "The import is done: 1 row." in page_text(response)
    assert response.context["result"].created_people == 1
    assert User.objects.filter(email="mette@example.org").exists()


def test_file_with_a_problem_lists_it_by_line_and_imports_nothing(world, client_of):
    response = client_of(world.alice).post(url(world.municipality_a), upload(BAD))

    text = page_text(response)
    assert response.status_code == 400
    assert "Nothing was imported." in text
    assert "<td>3</td><td>There is no unit called “Nowhere” in Municipality A.</td>" in text
    assert not User.objects.filter(email="mette@example.org").exists()


def test_file_that_is_not_utf8_is_refused_with_advice(world, client_of):
    data = csv_file("name,email,unit,role", "Søren,soren@example.org,,employee", encoding="cp1252")

    response = client_of(world.alice).post(url(world.municipality_a), upload(data))

    assert response.status_code == 400
    assert "save it as “CSV UTF-8”" in page_text(response)


def test_employee_gets_403(world, client_of):
    response = client_of(world.bob).post(url(world.team_a), upload(GOOD))

    assert response.status_code == 403
    assert not User.objects.filter(email="mette@example.org").exists()


def test_outsider_gets_404(world, client_of):
    response = client_of(world.charlie).post(url(world.municipality_a), upload(GOOD))

    assert response.status_code == 404
    assert client_of(world.fiona).get(url(world.municipality_a)).status_code == 404
    assert not User.objects.filter(email="mette@example.org").exists()
