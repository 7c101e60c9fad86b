"""Issue 7's "done" scenario, through the pages as the demo's people would do it.

It starts from the demo as it stands once the agency's programme has its criteria and a
confirmed shortlist (programmes/demo.py) and the course provider's programme is running
(programmes/demo_courses.py); the mapping, workshops and follow-up that
programmes/demo_workshops.py loads are what Fiona, the agency's facilitator, does here by
hand, so that loader is left out.

Fiona imports a statistics-bank export of the share in work or education right after the
introduction programme for 2025 (upload → columns → check → confirm) and sees the values.
The 55 % rule then leaves out a small municipality below 55 % for want of participants;
she lowers the participant threshold (a regional adaptation), reads it among the matches
with the reason, saves the shortlist and confirms it with a note. She records mapping
conversations with three municipalities, tagging the challenges they name, reads the
compiled count and records the theme. She plans two workshops with run sheets (workshop 2
first too late, which the page warns about, then moved), registers participants — one
municipality without adult education gets the unit-coverage warning — and the Bergen
leader starts and works on her municipality's plan. After workshop 1 Fiona records the
follow-up conversations with their agreed items, one conversation planned and then
missed, and writes the internal note; the dashboard shows the numbers. Then the course
provider (the same agency, as Fiona) reads its progress towards 800 participants by
region.
"""

import datetime
import html
import io
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.forms import forms_of, post_form
from trinvis.accounts.models import User
from trinvis.indicators import demo as indicators_demo
from trinvis.indicators.models import ImportBatch, Indicator, Value
from trinvis.organisations import demo as organisations_demo
from trinvis.programmes import demo as programmes_demo
from trinvis.programmes import demo_courses
from trinvis.programmes.models import (
    AgencyProgramme,
    AgreedItem,
    Candidate,
    CourseEnrolment,
    CourseProgramme,
    FollowUpConversation,
    InternalNote,
    MappingConversation,
    MunicipalityPlan,
    RunSheetItem,
    ThemeDecision,
    Workshop,
    WorkshopParticipant,
)
from trinvis.toolkits.models import RunStep
from trinvis.toolkits.services import toolkits_load

pytestmark = pytest.mark.django_db

# The demo is loaded on a Tuesday in January 2027; every date below counts from there.
START = datetime.datetime(2027, 1, 12, 8, tzinfo=datetime.UTC)
RIGHT_AFTER = "work-education-right-after"
# A statistics-bank export (semicolon-separated, decimal commas) of the share in work or
# education right after the introduction programme, 2025.
EXPORT = [
    ["region", "statistikkvariabel", "år", "Personer i arbeid eller utdanning (prosent)"],
    ["0 Hele landet", "Rett etter introduksjonsprogrammet", "2025", "50,8"],
    ["4601 Bergen", "Rett etter introduksjonsprogrammet", "2025", "54,8"],
    ["9901 Eksempelkommune 8", "Rett etter introduksjonsprogrammet", "2025", "50,2"],
    ["9902 Eksempelkommune 9", "Rett etter introduksjonsprogrammet", "2025", "53,1"],
    ["9903 Eksempelkommune 10", "Rett etter introduksjonsprogrammet", "2025", "47,6"],
    ["9904 Eksempelkommune 11", "Rett etter introduksjonsprogrammet", "2025", "52,3"],
    ["9905 Eksempelkommune 12", "Rett etter introduksjonsprogrammet", "2025", "51,4"],
    ["9906 Eksempelkommune 13", "Rett etter introduksjonsprogrammet", "2025", "57,9"],
]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Any) -> None:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")


def _english(email: str) -> User:
    """The demo person, reading English (the assertions do)."""
    user = User.objects.get(email=email)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _client(user: User) -> Client:
    """A browser logged in as `user` now (a session started before the clock moved ahead
    would have expired)."""
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    """The page's main content as text, tags dropped and white space collapsed."""
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    body = body[body.find("<main") : body.find("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _row(text: str, start: str, end: str) -> str:
    """The text from `start` up to (not including) the next `end` after it."""
    at = text.index(start)
    return text[at : text.index(end, at + len(start))]


def _csv(rows: list[list[str]]) -> io.BytesIO:
    file = io.BytesIO(("\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8"))
    file.name = "13215_2025.csv"
    return file


def _load_demo() -> None:
    organisations_demo.load()
    toolkits_load()
    indicators_demo.load()
    programmes_demo.load()
    demo_courses.load()


# --- 1. key figures ---------------------------------------------------------------------------


def _import_key_figures(client: Client, agency_pk: int) -> None:
    indicator = Indicator.objects.get(key=RIGHT_AFTER, owner=None)
    upload = client.get(reverse("indicators:import_upload") + f"?indicator={indicator.pk}")
    assert upload.status_code == 200
    posted = client.post(
        reverse("indicators:import_upload"),
        {
            "file": _csv(EXPORT),
            "indicator": indicator.pk,
            "organisation": agency_pk,
            "country": "NO",
            "source": "SSB, tabell 13215",
        },
    )
    assert posted.status_code == 302 and posted["Location"].endswith("/columns/")
    columns = posted["Location"]
    # The value column is guessed from its unit ("prosent"); "utdanning" in the same
    # heading is not taken for the education breakdown.
    guessed = forms_of(client.get(columns).content.decode())[2].values
    value_column = str(EXPORT[0].index("Personer i arbeid eller utdanning (prosent)"))
    assert guessed["area"] == ["0"] and guessed["period"] == ["2"]
    assert guessed["value"] == [value_column]
    assert guessed["breakdown_education"] != [value_column]
    mapped = post_form(client, columns, {})
    assert mapped.status_code == 302 and mapped["Location"].endswith("/check/"), _text(mapped)
    check = _text(client.get(mapped["Location"]))
    assert "The file has 8 values: 8 new, 0 replacing ones imported before." in check
    assert "Norway as a whole 2025 total 50.8" in check
    assert "9905 Eksempelkommune 12 2025 total 51.4" in check
    confirmed = post_form(client, mapped["Location"], {})
    batch = ImportBatch.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("indicators:import_detail", args=[batch.pk])
    record = _text(client.get(confirmed["Location"]))
    assert "8 values imported: 8 new, 0 updated." in record
    stored = Value.objects.filter(indicator=indicator, period="2025", area__code="9905").get()
    assert stored.value == Decimal("51.4") and stored.source == "SSB, tabell 13215"
    assert stored.batch_id == batch.pk
    # The key figure's page for the municipality shows the new year after the demo's.
    page = _text(client.get(reverse("indicators:indicator", args=[indicator.pk]) + "?area=NO:9905"))
    assert "Eksempelkommune 12" in page
    assert "2025" in page and "51.4" in page and "58.1" in page  # 2024: the demo's figure


# --- 2. the 55 % rule and the shortlist -------------------------------------------------------


def _select(client: Client, programme: AgencyProgramme) -> Candidate:
    selection = reverse("programmes:selection", args=[programme.pk])
    page = _text(client.get(selection))
    assert "One of: In work or education right after the programme below 55 %" in page
    # The imported figures count: Bergen is still below 55 % with its 2025 figure.
    bergen = _row(page, "Bergen (4601)", "Confirmed")
    assert "In work or education right after the programme: 54.8 % in 2025 (below 55 %)" in bergen
    # Eksempelkommune 12 is below 55 % too, but has too few participants for the rule.
    missed = _row(page, "Eksempelkommune 12:", "Eksempelkommune 13:")
    assert "Participants in the introduction programme: 21 in 2024 (less than 30)" in missed
    assert "Eksempelkommune 12 (9905)" not in page

    # Vestland adapts the rule to its smaller municipalities: 20 participants are enough.
    criteria = reverse("programmes:criteria", args=[programme.pk])
    form = forms_of(client.get(criteria).content.decode())[2].values
    row = next(
        name.removesuffix("-indicator")
        for name, value in form.items()
        if name.endswith("-indicator") and value == ["introduction-participants"]
    )
    assert form[f"{row}-threshold"] == ["30"]
    saved = post_form(client, criteria, {f"{row}-threshold": "20"})
    assert saved.status_code == 302, _text(saved)
    page = _text(client.get(selection))
    assert "Participants in the introduction programme at least 20" in page
    match = _row(page, "Eksempelkommune 12 (9905)", "Not yet")
    assert "In work or education right after the programme: 51.4 % in 2025 (below 55 %)" in match
    assert "Participants in the introduction programme: 21 in 2024 (at least 20)" in match

    # Saved as the shortlist, it is suggested with its rank and reasons, and confirmed.
    saved = post_form(
        client, selection, {}, action=reverse("programmes:shortlist_save", args=[programme.pk])
    )
    assert saved.status_code == 302
    twelve = Candidate.objects.get(programme=programme, area__code="9905")
    assert twelve.status == Candidate.Status.SUGGESTED
    assert (
        "In work or education right after the programme: 51.4 % in 2025 (below 55 %)"
        in twelve.reasons["en"]
    )
    listed = _row(_text(client.get(selection)), "The shortlist", "Bergen")
    assert "Eksempelkommune 12 Suggested by the criteria" in listed
    assert "Not decided yet" in listed
    candidate = reverse("programmes:candidate", args=[twelve.pk])
    decided = post_form(
        client,
        candidate,
        {"decision": "confirm", "confirm-note": "Lavt resultat; Vestland tar med mindre kommuner."},
        action=reverse("programmes:candidate_decide", args=[twelve.pk]),
    )
    assert decided.status_code == 302
    assert "Eksempelkommune 12 takes part in the programme." in _text(client.get(candidate))
    twelve.refresh_from_db()
    assert twelve.status == Candidate.Status.CONFIRMED and twelve.organisation is not None
    return twelve


# --- 3. mapping ---------------------------------------------------------------------------------

FEW_EMPLOYERS = "Few employers involved"
LANGUAGE_WAIT = "Long waits for language training"
UNCLEAR_ROLES = "Unclear roles between the units"
# Who named what, in the order the conversations are held; the first to name a challenge
# types it, the others tick it (one types it again in other capitals: it counts as one).
CONVERSATIONS = (
    ("4601", (), (FEW_EMPLOYERS, UNCLEAR_ROLES)),
    ("9901", (FEW_EMPLOYERS,), (LANGUAGE_WAIT,)),
    ("9903", (FEW_EMPLOYERS, UNCLEAR_ROLES), ("long waits for LANGUAGE training",)),
)


def _map(client: Client, programme: AgencyProgramme, taking_part: dict[str, Candidate]) -> None:
    held = timezone.localdate() - datetime.timedelta(days=20)
    for code, ticked, typed in CONVERSATIONS:
        candidate = taking_part[code]
        url = reverse("programmes:mapping_conversation", args=[candidate.pk])
        tags = {tag.name: tag.pk for tag in programme.challenge_tags.filter(name__in=ticked)}
        assert set(tags) == set(ticked)
        saved = post_form(
            client,
            url,
            {
                "held_on": held.isoformat(),
                "participants": "Leder for flyktningtjenesten, rektor og en veileder fra NAV.",
                "own_view": "Resultatene er for svake.",
                "causes": "Arbeidsgiverne kommer sent inn i løpet.",
                "needs_ahead": "En felles arbeidsgiverstrategi.",
                "challenges": list(tags.values()) or None,
                "new_challenges": ", ".join(typed),
            },
        )
        assert saved.status_code == 302, _text(saved)
    conversations = MappingConversation.objects.filter(candidate__programme=programme)
    assert conversations.count() == 3
    assert programme.challenge_tags.count() == 3

    # The compiled count: each challenge once per municipality that named it.
    compilation = _text(client.get(reverse("programmes:mapping_compilation", args=[programme.pk])))
    assert "3 municipalities have a recorded conversation." in compilation
    table = compilation[compilation.index("The chart's figures as a table") :]
    assert f"{FEW_EMPLOYERS} 3 (100 %)" in table
    assert f"{LANGUAGE_WAIT} 2 (67 %)" in table and f"{UNCLEAR_ROLES} 2 (67 %)" in table

    # The theme follows the count, with its reasoning.
    theme = reverse("programmes:mapping_theme", args=[programme.pk])
    basis = _text(client.get(theme))
    assert f"Municipalities (of 3) {FEW_EMPLOYERS} 3" in basis
    reasoning = "Alle tre kommunene nevnte få arbeidsgivere; det blir temaet for fagsamlingene."
    decided = post_form(client, theme, {"theme": "Arbeidsgiversamarbeid", "reasoning": reasoning})
    assert decided.status_code == 302, _text(decided)
    mapping = _text(client.get(reverse("programmes:mapping", args=[programme.pk])))
    assert "Arbeidsgiversamarbeid" in mapping and reasoning in mapping
    assert ThemeDecision.objects.get(programme=programme).decided_by is not None


# --- 4. workshops -------------------------------------------------------------------------------

WORKSHOP_1 = datetime.date(2027, 2, 9)  # Tuesday and Wednesday
TOO_LATE = datetime.date(2027, 4, 20)  # more than two months after 10 February
IN_TIME = datetime.date(2027, 3, 30)
LINES = {
    1: (
        ("1", "09:00", "30", "Velkommen", "Sette rammen for dagene."),
        ("1", "09:30", "90", "Tallene våre", "Se egne resultater ved siden av andres."),
        ("2", "09:00", "120", "Oppskriften: steg 1 og 2", "Starte kommunens egen plan."),
    ),
    2: (("1", "10:00", "60", "Siden sist", "Dele erfaringer med avtalene."),),
}


def _workshop_fields(number: int, starts_on: datetime.date) -> dict[str, Any]:
    return {
        "number": number,
        "title": f"Fagsamling {number}",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + datetime.timedelta(days=1)).isoformat(),
        "place": "Bergen",
        "target_group": "Ledere og ansatte i de tre enhetene.",
        "goal": "Arbeidsgiverne inn i kvalifiseringsløpene.",
        "registration_deadline": (starts_on - datetime.timedelta(days=14)).isoformat(),
    }


def _plan_workshops(client: Client, programme: AgencyProgramme) -> tuple[Workshop, Workshop]:
    create = reverse("programmes:workshop_create", args=[programme.pk])
    listing = reverse("programmes:workshops", args=[programme.pk])
    for number, starts_on in ((1, WORKSHOP_1), (2, TOO_LATE)):
        created = post_form(client, create, _workshop_fields(number, starts_on))
        assert created.status_code == 302, _text(created)
    first, second = Workshop.objects.filter(programme=programme).order_by("number")
    page = _text(client.get(listing))
    assert (
        "Workshop 2 starts more than two months after workshop 1 ended: on April 20, 2027, "
        "while April 10, 2027 would keep the work going." in page
    )
    # Moved to the end of March, the warning goes.
    edit = reverse("programmes:workshop_edit", args=[second.pk])
    moved = post_form(client, edit, _workshop_fields(2, IN_TIME))
    assert moved.status_code == 302, _text(moved)
    assert "more than two months after" not in _text(client.get(listing))

    for workshop in (first, second):
        add = reverse("programmes:run_sheet_line_create", args=[workshop.pk])
        for day, starts_at, minutes, activity, purpose in LINES[workshop.number]:
            added = post_form(
                client,
                add,
                {
                    "day": day,
                    "starts_at": starts_at,
                    "minutes": minutes,
                    "activity": activity,
                    "purpose": purpose,
                    "responsible": "Fiona",
                },
            )
            assert added.status_code == 302, _text(added)
    assert RunSheetItem.objects.filter(workshop__programme=programme).count() == 4
    agenda = _text(client.get(reverse("programmes:workshop_agenda", args=[first.pk])))
    assert "Day 1, Tuesday Feb. 9, 2027" in agenda and "Day 2, Wednesday Feb. 10, 2027" in agenda
    assert "09:00–09:30 Velkommen Sette rammen for dagene. Fiona" in agenda
    assert "09:30–11:00 Tallene våre" in agenda and "09:00–11:00 Oppskriften: steg 1 og 2" in agenda
    second.refresh_from_db()
    return first, second


# (municipality, name, e-mail, unit, decides); Eksempelkommune 8 brings nobody from adult
# education.
PARTICIPANTS = (
    ("4601", "Kari Nilsen", "kari.nilsen@bergen.example.no", "refugee_service", True),
    ("4601", "Ingrid Haugland", "ingrid.haugland@bergen.example.no", "adult_education", False),
    ("4601", "Sindre Bakken", "sindre.bakken@bergen.example.no", "employment", False),
    ("9901", "Hanne Vold", "hanne.vold@eksempel8.example.no", "refugee_service", True),
    ("9901", "Ali Rahimi", "ali.rahimi@eksempel8.example.no", "employment", False),
    ("9903", "Sigrid Aune", "sigrid.aune@eksempel10.example.no", "refugee_service", True),
    ("9903", "Jonas Eide", "jonas.eide@eksempel10.example.no", "adult_education", False),
    ("9903", "Maria Solberg", "maria.solberg@eksempel10.example.no", "employment", False),
)


def _register(client: Client, workshop: Workshop, taking_part: dict[str, Candidate]) -> None:
    for code, name, email, unit, decides in PARTICIPANTS:
        url = reverse(
            "programmes:workshop_participant_create", args=[workshop.pk, taking_part[code].pk]
        )
        registered = post_form(
            client,
            url,
            {
                "name": name,
                "email": email,
                "unit_type": unit,
                "position": "Leder" if decides else "Rådgiver",
                "decision_authority": "on" if decides else None,
            },
        )
        assert registered.status_code == 302, _text(registered)
    assert WorkshopParticipant.objects.filter(workshop=workshop).count() == len(PARTICIPANTS)
    assert WorkshopParticipant.objects.get(name="Kari Nilsen").user is not None

    # The workshop page: who came from where, and what each municipality lacks.
    page = _text(client.get(reverse("programmes:workshop_detail", args=[workshop.pk])))
    complete = "All three qualifying units and a leader with decision authority are registered."
    assert _row(page, "Bergen", "Participants from Bergen").endswith(complete + " ")
    assert complete in _row(page, "Eksempelkommune 10", "Participants from Eksempelkommune 10")
    assert "Eksempelkommune 8 No participant from: Adult education and language centre." in page
    assert "Eksempelkommune 12 Nobody is registered yet." in page
    assert "Kari Nilsen in Trinvis" in page
    # The overview sums it up per workshop.
    listing = _text(client.get(reverse("programmes:workshops", args=[workshop.programme_id])))
    first = _row(listing, "1. Fagsamling 1", "2. Fagsamling 2")
    assert "Bergen 8 3 municipalities lack someone" in first
    assert "Eksempelkommune 8 : No participant from: Adult education and language centre." in first
    assert "Bergen :" not in first and "Eksempelkommune 10 :" not in first


def _start_plan(workshop: Workshop, bergen: Candidate) -> MunicipalityPlan:
    """Bergen's leader starts her municipality's plan from the workshop and, having done the
    first step at the workshop, marks it done."""
    kari = _english("kari.nilsen@bergen.example.no")
    client = _client(kari)
    start = reverse("programmes:municipality_plan_start", args=[bergen.pk])
    started = post_form(client, f"{start}?workshop={workshop.pk}", {})
    plan = MunicipalityPlan.objects.select_related("run").get(candidate=bergen)
    assert started.status_code == 302
    assert started["Location"] == reverse("toolkits:run_detail", args=[plan.run.pk])
    assert plan.run.responsible == kari
    assert set(plan.run.participants.values_list("email", flat=True)) == {
        "kari.nilsen@bergen.example.no",
        "ingrid.haugland@bergen.example.no",
        "sindre.bakken@bergen.example.no",
    }
    step = RunStep.objects.filter(run=plan.run).order_by("position").first()
    assert step is not None
    url = reverse("toolkits:run_step", args=[plan.run.pk, step.key])
    done = post_form(client, url, {"status": "done", "notes": "Gjort på fagsamling 1."})
    assert done.status_code == 302, _text(done)
    step.refresh_from_db()
    assert step.status == RunStep.Status.DONE
    return plan


# --- 5. follow-up and the dashboard ------------------------------------------------------------

HELD = datetime.date(2027, 2, 17)
PLANNED = datetime.date(2027, 2, 22)
# (municipality, held on, planned for, agreed items with their status)
FOLLOW_UPS = (
    (
        "4601",
        HELD,
        HELD,
        (
            ("Fast samarbeidsmøte mellom de tre enhetene", "done"),
            ("Felles mal for individuell plan", "under_way"),
            ("Tre nye arbeidsgivere med språkpraksis", "not_started"),
        ),
    ),
    (
        "9901",
        HELD,
        HELD,
        (
            ("Voksenopplæringen med i planarbeidet", "under_way"),
            ("Kortere ventetid før norskopplæringen", "dropped"),
        ),
    ),
    ("9903", None, PLANNED, (("Felles arbeidsgiverliste", "not_started"),)),
)
NOTE = "To samtaler holdt. Eksempelkommune 8 må få med voksenopplæringen før fagsamling 2."


def _follow_up(client: Client, workshop: Workshop, taking_part: dict[str, Candidate]) -> None:
    for code, held, planned, agreed in FOLLOW_UPS:
        url = reverse("programmes:follow_up_conversation", args=[workshop.pk, taking_part[code].pk])
        fields: dict[str, Any] = {
            "planned_for": planned.isoformat(),
            "held_on": held.isoformat() if held else "",
            "notes": "Gjennomgang av avtalene fra fagsamlingen.",
        }
        for number, (text, progress) in enumerate(agreed, start=1):
            fields[f"new_{number}_text"] = text
            fields[f"new_{number}_progress"] = progress
        saved = post_form(client, url, fields)
        assert saved.status_code == 302, _text(saved)
    items = AgreedItem.objects.filter(conversation__after_workshop=workshop)
    assert items.count() == 6
    assert set(items.values_list("progress", flat=True)) == {
        "done",
        "under_way",
        "not_started",
        "dropped",
    }
    overview = reverse("programmes:follow_up", args=[workshop.programme_id])
    page = _text(client.get(overview))
    after = _row(page, "After workshop 1", "After workshop 2")
    assert "2 of 5 conversations held." in after
    note = reverse("programmes:follow_up_note", args=[workshop.pk])
    written = post_form(client, note, {"text": NOTE})
    assert written.status_code == 302, _text(written)
    assert InternalNote.objects.get(after_workshop=workshop).text == NOTE


def _dashboard(client: Client, programme: AgencyProgramme) -> None:
    overview = _text(client.get(reverse("programmes:follow_up", args=[programme.pk])))
    assert "2 of 5 conversations held. 1 is overdue." in overview
    assert "Eksempelkommune 10 – the conversation Overdue: planned for 02/22/2027" in overview
    assert "Written, last changed 02/19/2027." in overview

    page = _text(client.get(reverse("programmes:dashboard", args=[programme.pk])))
    # Per municipality: steps done of the plan, goals set and worked on (the agreed items),
    # follow-ups held and overdue.
    assert "Bergen 1 of 7 Next: Assess and adjust the measures you have 3 2 1 0 " in page
    assert "Eksempelkommune 8 No plan yet 2 1 1 0 " in page
    assert "Eksempelkommune 10 No plan yet 1 0 0 1 " in page
    assert "Eksempelkommune 12 No plan yet 0 0 0 0 " in page
    assert "Total, 5 municipalities 1 of 7 (1 plan) 6 3 2 1 " in page
    held = FollowUpConversation.objects.filter(
        candidate__programme=programme, held_on__isnull=False
    )
    assert held.count() == 2


# --- 6. the course provider ----------------------------------------------------------------------


def _course_progress(client: Client) -> None:
    """The provider's progress page: the target, and per region the people enrolled and
    completed, as the enrolments stand."""
    course = CourseProgramme.objects.get(programme__name=demo_courses.NAME)
    page = _text(client.get(reverse("programmes:course_progress", args=[course.pk])))
    enrolments = CourseEnrolment.objects.filter(course=course)
    enrolled = enrolments.filter(state__in=("confirmed", "completed"))
    completed = enrolments.filter(state="completed")
    assert f"{enrolled.count()} enrolled, {completed.count()} of them completed." in page
    assert "The target is 800 by" in page
    table = page[page.index("Progress per region") :]
    for region, target, municipality in (
        ("Region Syddanmark", 500, "Odense Kommune"),
        ("Vestland", 300, "Bergen kommune"),
    ):
        row = _row(table, f"{region} {target} ", "%")
        here = enrolled.filter(municipality__name=municipality).count()
        done = completed.filter(municipality__name=municipality).count()
        assert here > 0 and done > 0
        assert re.search(rf" {here}( Behind)? {done} \d+ $", row), (row, here, done)
    assert "All regions 800 " in table


def test_a_facilitator_runs_the_programme_and_a_provider_reads_its_progress() -> None:
    with time_machine.travel(START):
        _load_demo()
        fiona = _english("fiona@example.org")
        programme = AgencyProgramme.objects.get(name=programmes_demo.NAME)
        fiona_client = _client(fiona)
        _import_key_figures(fiona_client, programme.owner_id)
        twelve = _select(fiona_client, programme)
        taking_part = {
            candidate.area.code: candidate
            for candidate in Candidate.objects.filter(
                programme=programme, status=Candidate.Status.CONFIRMED
            ).select_related("area")
        }
        assert set(taking_part) == {"4601", "9901", "9903", "9904", "9905"}
        assert taking_part["9905"] == twelve
        _map(fiona_client, programme, taking_part)
        first, second = _plan_workshops(fiona_client, programme)
        _register(fiona_client, first, taking_part)
        assert (second.starts_on, second.ends_on) == (IN_TIME, IN_TIME + datetime.timedelta(1))

    with time_machine.travel(datetime.datetime(2027, 2, 10, 15, tzinfo=datetime.UTC)):
        _start_plan(first, taking_part["4601"])

    # A week and a half after workshop 1: two conversations held, one planned for Monday.
    with time_machine.travel(datetime.datetime(2027, 2, 19, 9, tzinfo=datetime.UTC)):
        _follow_up(_client(fiona), first, taking_part)

    # The next week the planned conversation has not been held: it is overdue.
    with time_machine.travel(datetime.datetime(2027, 2, 24, 9, tzinfo=datetime.UTC)):
        _dashboard(_client(fiona), programme)

    with time_machine.travel(datetime.datetime(2027, 2, 24, 10, tzinfo=datetime.UTC)):
        _course_progress(_client(fiona))
