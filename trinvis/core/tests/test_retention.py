"""Retention by the calendar (core/retention.py and the apps' retention_rules.py): each rule
removes what is past its period and nothing younger, reports how many, keeps every figure
counted from what it removes, and the daily task queues its next run once."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import World, add_member, make_user
from trinvis.accounts.retention_rules import dormant_accounts
from trinvis.accounts.tests.factories_personal_data import bob_with_data
from trinvis.accounts.tests.test_person_erase import _matrix_figures, _survey_figures
from trinvis.competences.models import Rating
from trinvis.core.imports.uploads import upload_directory
from trinvis.core.models import AuditEvent
from trinvis.core.retention import next_run_moment, retention_run, run_retention, schedule_next
from trinvis.core.services import audit_record
from trinvis.organisations.models import Membership
from trinvis.surveys import services_responses
from trinvis.surveys.housekeeping import UNLINKED_LINK
from trinvis.surveys.models import Invitation, Response

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DAY = datetime.timedelta(days=1)


def _at(moment: datetime.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def now() -> datetime.datetime:
    return timezone.now()


# --- audit events ---------------------------------------------------------------------------


def test_audit_events_older_than_the_period_go_and_younger_stay(
    db, settings, now: datetime.datetime
) -> None:
    settings.TRINVIS_RETENTION_AUDIT_YEARS = 3
    with _at(now - datetime.timedelta(days=3 * 366)):
        audit_record(action=AuditEvent.Action.LOGIN, actor_label="old@example.org")
    with _at(now - datetime.timedelta(days=3 * 365 - 2)):
        audit_record(action=AuditEvent.Action.LOGIN, actor_label="recent@example.org")

    done = run_retention(now=now)

    assert done["audit_events"] == 1
    assert list(AuditEvent.objects.values_list("actor_label", flat=True)) == ["recent@example.org"]


def test_the_retention_is_idempotent(db, now: datetime.datetime) -> None:
    with _at(now - datetime.timedelta(days=10 * 365)):
        audit_record(action=AuditEvent.Action.LOGIN, actor_label="old@example.org")

    first, second = run_retention(now=now), run_retention(now=now)

    assert first["audit_events"] == 1
    assert set(second.values()) == {0}


# --- login records ------------------------------------------------------------------------


def test_login_records_older_than_the_period_go(db, settings, now: datetime.datetime) -> None:
    settings.TRINVIS_RETENTION_LOGIN_RECORDS_DAYS = 30
    fields = {"user_agent": "t", "ip_address": "127.0.0.1", "http_accept": "", "path_info": "/"}
    attempt = {"get_data": "", "post_data": ""}
    with _at(now - 31 * DAY):
        AccessAttempt.objects.create(username="old", failures_since_start=5, **attempt, **fields)
        AccessLog.objects.create(username="old", **fields)
    with _at(now - 29 * DAY):
        AccessAttempt.objects.create(username="recent", failures_since_start=1, **attempt, **fields)

    done = run_retention(now=now)

    assert done["login_records"] == 2
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]
    assert not AccessLog.objects.exists()


# --- surveys ------------------------------------------------------------------------------


def test_a_closed_personal_survey_is_cut_loose_from_people_with_its_figures_kept(
    world: World, settings, now: datetime.datetime
) -> None:
    settings.TRINVIS_RETENTION_SURVEY_LINKS_DAYS = 30
    data = bob_with_data(world)
    survey = data.survey
    draft = Response.objects.create(survey=survey, user=world.alice)
    with _at(now - 31 * DAY):
        services_responses.survey_close(by=None, survey=survey)
    figures = _survey_figures(survey)
    linked = Response.objects.filter(survey=survey, user__isnull=False, submitted_at__isnull=False)
    submitted = linked.count()

    done = run_retention(now=now)

    assert done["survey_respondents"] == submitted == 7
    assert not Response.objects.filter(survey=survey, user__isnull=False).exists()
    assert not Response.objects.filter(survey=survey, invitation__isnull=False).exists()
    assert not Response.objects.filter(pk=draft.pk).exists()
    tokens = Invitation.objects.filter(survey=survey).values_list("token_hash", flat=True)
    assert all(token.startswith(UNLINKED_LINK) for token in tokens)
    assert _survey_figures(survey) == figures
    with pytest.raises(ValidationError):
        services_responses.survey_reopen(by=world.alice, survey=survey)
    assert run_retention(now=now)["survey_respondents"] == 0


def test_a_survey_closed_recently_keeps_its_respondents(
    world: World, settings, now: datetime.datetime
) -> None:
    settings.TRINVIS_RETENTION_SURVEY_LINKS_DAYS = 30
    survey = bob_with_data(world).survey
    with _at(now - 29 * DAY):
        services_responses.survey_close(by=None, survey=survey)

    assert run_retention(now=now)["survey_respondents"] == 0
    assert Response.objects.filter(survey=survey, user=world.bob).exists()


def test_competence_figures_are_untouched(world: World, now: datetime.datetime) -> None:
    data = bob_with_data(world)
    matrix = _matrix_figures(data.round)
    ratings = Rating.objects.count()

    with _at(now + 5 * 365 * DAY):
        run_retention()

    assert _matrix_figures(data.round) == matrix
    assert Rating.objects.count() == ratings


# --- import files -------------------------------------------------------------------------


def test_files_of_unfinished_imports_go_after_a_day(
    db, settings, tmp_path: Path, now: datetime.datetime
) -> None:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")
    directory = upload_directory()
    (directory / "left.data").write_bytes(b"a,b\n1,2\n")
    (directory / "left.json").write_text("{}")

    assert run_retention(now=now + DAY / 2)["import_files"] == 0
    assert run_retention(now=now + 2 * DAY)["import_files"] == 2
    assert list(directory.iterdir()) == []


# --- dormant accounts ---------------------------------------------------------------------


def test_an_account_without_an_active_membership_is_flagged_not_erased(
    world: World, settings, now: datetime.datetime
) -> None:
    settings.TRINVIS_RETENTION_DORMANT_MONTHS = 24
    with _at(now - 800 * DAY):
        gone = make_user("gone@example.org", "Gone Person")
        membership = add_member(gone, world.team_a, Membership.Role.EMPLOYEE)
        membership.is_active = False
        membership.save()
    with _at(now - 700 * DAY):
        recent = make_user("recent@example.org", "Recently Gone")
        membership = add_member(recent, world.team_a, Membership.Role.EMPLOYEE)
        membership.is_active = False
        membership.save()

    done = run_retention(now=now)

    assert done["dormant_accounts"] == 1
    assert list(dormant_accounts(now=now)) == [gone]
    gone.refresh_from_db()
    assert gone.is_active and gone.email == "gone@example.org"


# --- the task and the command --------------------------------------------------------------


def test_the_task_queues_its_next_run_once_for_three_in_the_night(
    db, settings, now: datetime.datetime, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = DB_BACKEND

    with django_capture_on_commit_callbacks(execute=True):
        first = schedule_next(now=now)
    with django_capture_on_commit_callbacks(execute=True):
        again = schedule_next(now=now)

    assert first == next_run_moment(now)
    assert timezone.localtime(first).time() == datetime.time(3, 0)
    assert timezone.localdate(first) == timezone.localdate(now) + DAY
    assert again is None
    queued = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert queued.task_path == retention_run.module_path
    assert queued.run_after == first


def test_a_run_of_the_task_queues_tomorrows(
    db, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = DB_BACKEND

    with django_capture_on_commit_callbacks(execute=True):
        done = retention_run.call()

    assert set(done) >= {"audit_events", "login_records", "survey_respondents", "import_files"}
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert list(waiting.values_list("task_path", flat=True)) == [retention_run.module_path]


def test_on_a_backend_that_cannot_defer_nothing_is_queued(db) -> None:
    assert schedule_next() is None


def test_the_command_reports_each_rule(db, now: datetime.datetime) -> None:
    with _at(now - 10 * 365 * DAY):
        audit_record(action=AuditEvent.Action.LOGIN, actor_label="old@example.org")
    out = io.StringIO()

    call_command("run_retention", stdout=out)

    lines = out.getvalue().splitlines()
    assert "audit_events: 1 (Audit events older than the audit period)" in lines
    assert any(line.startswith("survey_respondents: 0") for line in lines)
