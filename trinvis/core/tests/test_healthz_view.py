"""/healthz: what a load balancer or monitor asks to know the service is alive."""

from unittest import mock

from django.db import OperationalError, connection
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.organisations.tasks import send_invitation

URL = reverse("core:healthz")
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_healthy_service_answers_200_with_database_and_task_state(db, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "tasks": {"backend": "ImmediateBackend"},
    }


def test_needs_no_login_and_is_never_cached(db, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_with_the_database_task_backend_it_reports_waiting_tasks(db, client, settings):
    settings.TASKS = DB_BACKEND
    user = User.objects.create_user(email="waiting@example.org", full_name="W")
    send_invitation.enqueue(
        user_id=user.pk, organisation_name="A", inviter_name="B", base_url="http://testserver/"
    )

    response = client.get(URL)

    assert response.json()["tasks"] == {"backend": "DatabaseBackend", "ready": 1}


def test_database_failure_answers_503(db, client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_only_get_is_allowed(db, client):
    assert client.post(URL).status_code == 405
