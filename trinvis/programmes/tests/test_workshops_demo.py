"""The demo agency programme at work (demo_workshops.py): mapping with a compiled count and
a theme, two workshops within two months with run sheets, the unit-coverage warnings for
two municipalities and none for two others, homework, evaluation notes, plans, follow-up
with an overdue conversation, the survey link; and loading twice changes nothing.

The loaders it builds on run first, in their order: organisations, the shipped toolkits
(the seven-step model the plans run), the participant survey, the key figures and the
programme with its confirmed shortlist.
"""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo as core_demo
from trinvis.indicators import demo as indicators_demo
from trinvis.organisations import demo as organisations_demo
from trinvis.organisations.models import Organisation
from trinvis.programmes import demo as programmes_demo
from trinvis.programmes import demo_courses, demo_workshops
from trinvis.programmes.models import (
    AgencyProgramme,
    AgreedItem,
    DeepMappingAnswer,
    FollowUpConversation,
    HomeworkSubmission,
    InternalNote,
    MappingConversation,
    MunicipalityPlan,
    RunSheetItem,
    ThemeDecision,
    Workshop,
    WorkshopEvaluation,
    WorkshopParticipant,
)
from trinvis.programmes.selectors_mapping import compilation_of
from trinvis.programmes.selectors_workshops import spacing_for
from trinvis.surveys import demo as surveys_demo
from trinvis.toolkits.models import RunStep
from trinvis.toolkits.services import toolkits_load

Progress = AgreedItem.Progress


@pytest.fixture
def programme(db: None) -> AgencyProgramme:
    organisations_demo.load()
    toolkits_load()
    surveys_demo.load()
    indicators_demo.load()
    programmes_demo.load()
    demo_workshops.load()
    return AgencyProgramme.objects.get(name=programmes_demo.NAME)


def _client(email: str) -> Client:
    user = User.objects.get(email=email)
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_mapping_is_compiled_and_the_theme_decided(programme: AgencyProgramme) -> None:
    assert MappingConversation.objects.filter(candidate__programme=programme).count() == 4
    compilation = compilation_of(programme)
    counts = {row.name: row.total for row in compilation.rows}
    assert counts[demo_workshops.FEW_EMPLOYERS] == 4
    assert max(counts.values()) == 4 and min(counts.values()) == 1
    # All four are in Vestland, so the count per region is the whole count.
    assert compilation.regions == ("Vestland",)
    theme = ThemeDecision.objects.get(programme=programme)
    assert theme.theme == demo_workshops.THEME and theme.decided_at < timezone.now()
    answered = DeepMappingAnswer.objects.filter(item__programme=programme)
    assert answered.values("candidate").distinct().count() == 2
    assert answered.filter(state=DeepMappingAnswer.State.IN_PLACE).exists()
    assert answered.filter(state=DeepMappingAnswer.State.NEEDS_IMPROVEMENT).exists()


def test_two_workshops_with_run_sheets_keep_pace(programme: AgencyProgramme) -> None:
    first, second = Workshop.objects.filter(programme=programme).order_by("number")
    today = timezone.localdate()
    assert first.ends_on < today < second.starts_on
    assert first.starts_on.weekday() == second.starts_on.weekday() == 1  # Tuesdays
    assert spacing_for(programme=programme) == []
    assert RunSheetItem.objects.filter(workshop=first, day=2).exists()
    assert RunSheetItem.objects.filter(workshop=second).count() >= 5
    assert first.registration_deadline and first.registration_deadline < first.starts_on
    agenda = _page(_client("fiona@example.org"), "programmes:workshop_agenda", first.pk)
    assert "09:30–10:00" in agenda and "Velkommen og runde rundt bordet" in agenda


def test_the_workshop_pages_warn_about_missing_units_and_leaders(
    programme: AgencyProgramme,
) -> None:
    first = Workshop.objects.get(programme=programme, number=1)
    client = _client("fiona@example.org")
    listing = _page(client, "programmes:workshops", programme.pk)
    lacking = listing[listing.index("1. Fagsamling 1") : listing.index("2. Fagsamling 2")]
    assert "2 municipalities lack someone" in lacking
    assert "No participant from: Adult education and language centre." in lacking
    assert "No leader with decision authority." in lacking
    detail = _page(client, "programmes:workshop_detail", first.pk)
    complete = "All three qualifying units and a leader with decision authority are registered."
    assert detail.count(complete) == 2
    # Bergen's participants are its demo people, linked to them; elsewhere the leaders are
    # (Eksempelkommune 11's did not come).
    people = WorkshopParticipant.objects.filter(workshop=first).select_related("candidate__area")
    assert all(person.user_id for person in people if person.candidate.area.code == "4601")
    linked = {person.candidate.area.code for person in people if person.user_id}
    assert linked == {"4601", "9901", "9903"}


def test_homework_evaluation_and_plans(programme: AgencyProgramme) -> None:
    first = Workshop.objects.get(programme=programme, number=1)
    submissions = HomeworkSubmission.objects.filter(task__programme=programme)
    assert submissions.count() == 6
    assert all(answer.submitted_at <= timezone.now() for answer in submissions)
    assert WorkshopEvaluation.objects.filter(workshop=first).values("day").distinct().count() == 2
    plans = MunicipalityPlan.objects.filter(candidate__programme=programme)
    assert plans.count() == 4
    done = RunStep.objects.filter(run__in=plans.values("run"), status=RunStep.Status.DONE)
    assert done.count() == 4
    assert RunStep.objects.filter(
        run__in=plans.values("run"), status=RunStep.Status.IN_PROGRESS
    ).exists()


def test_follow_up_has_every_state_and_one_overdue(programme: AgencyProgramme) -> None:
    first = Workshop.objects.get(programme=programme, number=1)
    conversations = FollowUpConversation.objects.filter(after_workshop=first)
    assert conversations.filter(held_on__isnull=False).count() == 3
    overdue = conversations.get(held_on__isnull=True)
    assert overdue.planned_for and overdue.planned_for < timezone.localdate()
    states = set(AgreedItem.objects.filter(conversation__in=conversations).values_list("progress"))
    assert states == {(progress,) for progress in Progress.values}
    assert InternalNote.objects.filter(after_workshop=first).exists()
    dashboard = _page(_client("fiona@example.org"), "programmes:dashboard", programme.pk)
    assert "Total, 4 municipalities" in dashboard
    assert programme.surveys.filter(title=surveys_demo.TITLE).exists()
    assert surveys_demo.TITLE in dashboard


def test_a_municipality_sees_its_own_part(programme: AgencyProgramme) -> None:
    """The invented municipalities' leaders are demo people in Vestland, who see their own
    municipality at the workshop and no other."""
    sigrid = User.objects.get(email="sigrid.aune@eksempelkommune10.example.no")
    municipality = Organisation.objects.get(name="Eksempelkommune 10")
    assert municipality.parent is not None and municipality.parent.name == "Vestland"
    assert sigrid.memberships.filter(organisation=municipality).exists()
    first = Workshop.objects.get(programme=programme, number=1)
    page = _page(_client(sigrid.email), "programmes:workshop_detail", first.pk)
    assert "Eksempelkommune 10" in page and "Eksempelkommune 8" not in page


def _snapshot() -> dict[str, Any]:
    models: list[Any] = [
        MappingConversation,
        DeepMappingAnswer,
        Workshop,
        RunSheetItem,
        WorkshopParticipant,
        HomeworkSubmission,
        WorkshopEvaluation,
        MunicipalityPlan,
        FollowUpConversation,
        AgreedItem,
        InternalNote,
        User,
    ]
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models
    } | {
        "steps": sorted(RunStep.objects.values_list("pk", "status")),
        "versions": sorted(FollowUpConversation.objects.values_list("pk", "version")),
        "surveys": list(AgencyProgramme.objects.values_list("surveys", flat=True)),
    }


def test_loading_twice_changes_nothing(programme: AgencyProgramme) -> None:
    before = _snapshot()
    demo_workshops.load()
    programmes_demo.load()
    assert _snapshot() == before


def test_the_dates_follow_the_load_day(programme: AgencyProgramme) -> None:
    first, second = demo_workshops.workshop_starts()
    latest = timezone.localdate() - datetime.timedelta(days=demo_workshops.WORKSHOP_1_DAYS_AGO)
    assert latest - datetime.timedelta(days=6) <= first <= latest
    assert (second - first).days == 7 * demo_workshops.WEEKS_BETWEEN


def test_the_loader_runs_after_the_programme_and_the_survey() -> None:
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[programmes_demo.load] < orders[demo_workshops.load] < orders[demo_courses.load]
    assert orders[surveys_demo.load] < orders[demo_workshops.load]
