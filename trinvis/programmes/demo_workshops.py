"""Demo: the agency programme "Kvalifisering i introduksjonsprogrammet" (demo.py) at work,
half-way: the mapping is done, the first workshop has been held and the second lies ahead.

What it shows, and where:
- Mapping: a conversation with each of the four municipalities taking part, tagged with the
  challenges they named; the compilation counts them (few employers involved: all four),
  the theme decision follows the count with its reasoning, and the deep-mapping checklist
  on the theme is answered by Bergen and one invented municipality.
- Workshops: workshop 1 (two days, some six weeks ago) and workshop 2 (in about two weeks,
  so well within two months of the first: the demo shows a programme that keeps pace; the
  spacing warning appears as soon as workshop 2 is moved later). Both have timed run
  sheets. At workshop 1 Bergen and Eksempelkommune 10 brought all three qualifying units
  and a leader who can decide; Eksempelkommune 8 came without adult education, and
  Eksempelkommune 11 without a leader: the workshop pages warn about both. For workshop 2,
  two municipalities have registered; the other two have not yet.
- Homework before each workshop, all answered for the first, half for the second; the
  end-of-day evaluation notes of workshop 1; each municipality's plan as a run of the
  seven-step toolkit with its first steps done.
- Follow-up after workshop 1: three conversations held, with agreed items in every state,
  and one planned for last week but not held (overdue on the dashboard); the internal note
  that sums them up for workshop 2.
- The programme is linked to the agency's participant survey (surveys/demo.py).

Without the shipped toolkits (`make run` loads them before the demo) the plans are left
out. The invented municipalities get one leader each, a demo person who can log in, so their
plans have someone responsible and their side of the programme can be seen. Every date
counts from the day the demo is loaded. Loading twice changes nothing: once the programme
has a workshop or a mapping conversation, the loader leaves it alone.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.organisations.models import Membership, Organisation
from trinvis.programmes import demo as programme_demo
from trinvis.programmes.models import (
    AgencyProgramme,
    AgreedItem,
    Candidate,
    DeepMappingAnswer,
    HomeworkSubmission,
    InternalNote,
    MappingConversation,
    ThemeDecision,
    Workshop,
    WorkshopEvaluation,
)
from trinvis.programmes.selectors_workshops import seven_step_toolkit
from trinvis.programmes.services_follow_up import ConversationInput as FollowUpInput
from trinvis.programmes.services_follow_up import ItemInput, internal_note_save
from trinvis.programmes.services_follow_up import conversation_save as follow_up_save
from trinvis.programmes.services_homework import NEW, TaskInput, answer_save, task_create
from trinvis.programmes.services_mapping import (
    AnswerInput,
    ConversationInput,
    answers_save,
    conversation_save,
    point_add,
    theme_decide,
)
from trinvis.programmes.services_workshop_participants import (
    ParticipantInput,
    municipality_plan_start,
    participant_create,
)
from trinvis.programmes.services_workshops import (
    LineInput,
    WorkshopInput,
    evaluation_add,
    line_create,
    workshop_create,
)
from trinvis.surveys import demo as survey_demo
from trinvis.surveys.models import Survey
from trinvis.toolkits.models import RunStep, RunStepChange
from trinvis.toolkits.services import run_step_update

UnitType = Organisation.UnitType
Progress = AgreedItem.Progress
State = DeepMappingAnswer.State

BERGEN = programme_demo.BERGEN
TEN, EIGHT, ELEVEN = "9903", "9901", "9904"
# Workshop 1 began on the Tuesday at least this many days before the load day; workshop 2
# begins eight weeks after it (within the two months after workshop 1 ended).
WORKSHOP_1_DAYS_AGO = 40
WEEKS_BETWEEN = 8
TUESDAY = 1


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    """A moment of a day, for the records whose time of writing is shown."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def workshop_starts() -> tuple[datetime.date, datetime.date]:
    """The first days of workshops 1 and 2 (two-day workshops, on Tuesdays)."""
    latest = _day(-WORKSHOP_1_DAYS_AGO)
    first = latest - datetime.timedelta(days=(latest.weekday() - TUESDAY) % 7)
    return first, first + datetime.timedelta(weeks=WEEKS_BETWEEN)


# --- the invented municipalities' leaders ------------------------------------------------------


LEADERS = {
    TEN: ("Sigrid Aune", "eksempelkommune10.example.no"),
    EIGHT: ("Hanne Vold", "eksempelkommune8.example.no"),
    ELEVEN: ("Astrid Nes", "eksempelkommune11.example.no"),
}


def _leader(candidate: Candidate) -> User | None:
    """The municipality's leader: Kari Nilsen in Bergen, a new demo person elsewhere."""
    from trinvis.organisations.demo import _email, _member, _person

    if candidate.area.code == BERGEN:
        return User.objects.filter(email="kari.nilsen@bergen.example.no").first()
    found = LEADERS.get(candidate.area.code)
    if found is None or candidate.organisation is None:
        return None
    name, domain = found
    email = _email(name, domain)
    person = User.objects.filter(email=email).first() or _person(email, name, "nb")
    _member(person, candidate.organisation, Membership.Role.LEADER)
    return person


# --- mapping -----------------------------------------------------------------------------------


FEW_EMPLOYERS = "Lite samarbeid med arbeidsgivere"
LANGUAGE_WAIT = "Lang ventetid på norskopplæring"
UNCLEAR_ROLES = "Uklar ansvarsdeling mellom enhetene"
LITTLE_WORK = "For lite arbeidsrettet innhold i programmet"
HEALTH = "Mange deltakere med helseutfordringer"


@dataclass(frozen=True)
class Guide:
    """The conversation guide as filled in with one municipality."""

    days_ago: int
    participants: str
    about_programme: str
    own_view: str
    causes: str
    needs_ahead: str
    challenges: tuple[str, ...]


MAPPINGS = {
    BERGEN: Guide(
        130,
        "Kommunalsjef, leder for flyktningtjenesten, rektor ved voksenopplæringen og en "
        "avdelingsleder i NAV.",
        "Rundt 220 deltakere. Programmet er godt organisert, men løpene er like for alle, og "
        "det er lite praksis ute hos arbeidsgivere det første året.",
        "Kommunen mener resultatene er for svake tatt i betraktning arbeidsmarkedet i byen.",
        "Enhetene planlegger hver for seg; NAV kommer sent inn, og ingen har oversikt over "
        "arbeidsgiverne de ulike enhetene snakker med.",
        "Felles kartlegging ved oppstart og en felles arbeidsgiverstrategi.",
        (FEW_EMPLOYERS, UNCLEAR_ROLES, LITTLE_WORK),
    ),
    TEN: Guide(
        124,
        "Kommunalsjef og koordinatorene fra de tre enhetene.",
        "Rundt 40 deltakere, mange med kort skolegang. Voksenopplæringen har ansvaret for det "
        "meste av innholdet.",
        "De er ikke fornøyd: under halvparten går rett over i arbeid eller utdanning.",
        "Mye tid går til norsk i klasserom; få deltakere har praksis, og helse blir fulgt opp "
        "for sent.",
        "Kombinasjonsløp med norsk og praksis, og tettere samarbeid med fastlegene.",
        (FEW_EMPLOYERS, UNCLEAR_ROLES, LITTLE_WORK, HEALTH),
    ),
    EIGHT: Guide(
        118,
        "Enhetsleder i flyktningtjenesten og en veileder fra NAV; voksenopplæringen meldte avbud.",
        "Rundt 90 deltakere. Mange venter flere måneder på plass i norskopplæringen.",
        "Resultatene varierer mye fra år til år, og kommunen vet ikke helt hvorfor.",
        "Ventetid i starten gjør løpene lange, og det er få faste avtaler med arbeidsgivere.",
        "Raskere oppstart i norsk, og noen faste arbeidsgivere å samarbeide med.",
        (FEW_EMPLOYERS, LANGUAGE_WAIT, LITTLE_WORK),
    ),
    ELEVEN: Guide(
        111,
        "Rådgiver i flyktningtjenesten, en lærer og en veileder fra NAV.",
        "Rundt 35 deltakere. Små fagmiljøer, og mye hviler på enkeltpersoner.",
        "Et år etter programmet er resultatene bedre enn rett etter, men fortsatt lave.",
        "Enhetene møtes sjelden; ansvaret for arbeidsgiverkontakten er ikke plassert.",
        "Tydelig ansvarsdeling og en leder som følger arbeidet.",
        (FEW_EMPLOYERS, LANGUAGE_WAIT, UNCLEAR_ROLES),
    ),
}
THEME = "Arbeidsgiversamarbeid i kvalifiseringsløpene"
THEME_REASONING = (
    "Alle fire kommunene nevnte lite samarbeid med arbeidsgivere, og tre av dem at "
    "programmet har for lite arbeidsrettet innhold. Et felles tema om arbeidsgivere treffer "
    "alle, og det henger sammen med ansvarsdelingen mellom enhetene, som tre kommuner tok "
    "opp. Ventetid på norskopplæring tas opp med de to kommunene det gjelder, utenfor "
    "fagsamlingene."
)
CHECKLIST = (
    "Kommunen har en felles oversikt over arbeidsgiverne enhetene samarbeider med.",
    "Det er avklart hvem som har ansvaret for kontakten med arbeidsgiverne.",
    "Deltakerne får praksis hos en arbeidsgiver i løpet av det første året.",
    "Praksisen har et mål som er avtalt med deltaker og arbeidsgiver.",
    "Ledelsen følger med på hvor mange som har arbeidsrettet innhold i planen sin.",
)
# The checklist answers of two municipalities, point by point.
CHECKLIST_ANSWERS = {
    BERGEN: (
        (State.NEEDS_IMPROVEMENT, "Hver enhet har sin egen liste."),
        (State.NEEDS_IMPROVEMENT, ""),
        (State.IN_PLACE, "Gjelder de fleste, men ikke alle."),
        (State.NEEDS_IMPROVEMENT, "Målene er ofte uklare."),
        (State.IN_PLACE, ""),
    ),
    TEN: (
        (State.NEEDS_IMPROVEMENT, ""),
        (State.NEEDS_IMPROVEMENT, "Ingen har det i dag."),
        (State.NEEDS_IMPROVEMENT, "Bare noen få får praksis."),
    ),
}


def _mapping(programme: AgencyProgramme, by: User, candidates: dict[str, Candidate]) -> None:
    """The conversations, dated when held; the theme decided a week after the last one;
    the checklist."""
    for code, mapping in MAPPINGS.items():
        conversation = conversation_save(
            by=by,
            candidate=candidates[code],
            base_version=0,
            data=ConversationInput(
                held_on=_day(-mapping.days_ago),
                participants=mapping.participants,
                about_programme=mapping.about_programme,
                figures="Tallene fra SSB for de siste tre årene ble gått gjennom sammen.",
                own_view=mapping.own_view,
                causes=mapping.causes,
                needs_ahead=mapping.needs_ahead,
                new_challenges=mapping.challenges,
            ),
        )
        MappingConversation.objects.filter(pk=conversation.pk).update(
            updated_at=_at(_day(-mapping.days_ago))
        )
    theme = theme_decide(
        by=by, programme=programme, base_version=0, theme=THEME, reasoning=THEME_REASONING
    )
    last = min(mapping.days_ago for mapping in MAPPINGS.values())
    ThemeDecision.objects.filter(pk=theme.pk).update(decided_at=_at(_day(7 - last)))
    points = [point_add(by=by, programme=programme, text=text) for text in CHECKLIST]
    for code, answers in CHECKLIST_ANSWERS.items():
        answers_save(
            by=by,
            candidate=candidates[code],
            answers=[
                AnswerInput(point=point, state=state, note=note)
                for point, (state, note) in zip(points, answers, strict=False)
            ],
        )


# --- workshops and their run sheets ------------------------------------------------------------


# (number, title, themes, days before the first day of the registration deadline)
WORKSHOPS = (
    (
        1,
        "Fagsamling 1: Arbeidsgiverne inn i løpet",
        "Arbeidsgiversamarbeid: hvordan tre enheter kan møte arbeidsgiverne som én kommune.",
        21,
    ),
    (
        2,
        "Fagsamling 2: Fra plan til praksis",
        "Erfaringer siden forrige samling, og hvordan planene holdes levende.",
        7,
    ),
)
# One line per row: day | start | minutes | activity | purpose | how | materials | responsible.
RUN_SHEETS = {
    1: """
1 | 09:30 | 30 | Velkommen og runde rundt bordet | Bli kjent og sette rammen. | Hver kommune
  presenterer seg kort. | Navnelapper | Fiona
1 | 10:00 | 60 | Tallene våre | Se egne resultater ved siden av andres. | Kort innlegg, deretter
  samtale i kommunegruppene. | Utskrift av nøkkeltall | Fiona
1 | 11:00 | 15 | Pause | | | |
1 | 11:15 | 75 | Funn fra kartleggingen | Et felles bilde av utfordringene. | Vi viser
  sammenstillingen; gruppene kjenner seg igjen eller utfordrer den. | Plakat med
  utfordringene | Fiona
1 | 12:30 | 45 | Lunsj | | | |
1 | 13:15 | 90 | Arbeidsgiveren forteller | Forstå hva arbeidsgivere trenger. | To
  arbeidsgivere fra regionen i samtale med salen. | | Magnus Brekke
1 | 14:45 | 30 | Dagens evaluering | Justere dag 2. | Hver deltaker skriver én ting som var
  bra og én som kan bli bedre. | Lapper | Fiona
2 | 09:00 | 120 | Oppskriften: steg 1 og 2 | Starte kommunens egen plan. | Kommunegruppene
  arbeider med arbeidskraftbehovet og tiltakene. | Arbeidsark for de sju stegene | Fiona
2 | 11:00 | 60 | Lunsj og kafébord | Lære av hverandre. | Kommunene bytter bord og deler ett
  grep de vil prøve. | |
2 | 12:00 | 90 | Avtaler fram mot neste samling | Gjøre planen konkret. | Hver kommune
  skriver tre avtaler med ansvarlig og frist. | Avtaleskjema | Fiona
2 | 13:30 | 30 | Evaluering og avslutning | Lære til neste gang. | Lappene samles inn og
  skrives inn samme dag. | Lapper | Fiona
""",
    2: """
1 | 09:30 | 45 | Hva har skjedd siden sist? | Dele erfaringer. | Hver kommune forteller om
  én avtale som er fulgt opp. | | Fiona
1 | 10:15 | 90 | Oppskriften: steg 3 og 4 | Komme videre i planen. | Arbeid i
  kommunegruppene med støtte fra fasilitator. | Arbeidsark for de sju stegene | Fiona
1 | 11:45 | 45 | Lunsj | | | |
1 | 12:30 | 90 | Mål som kan følges | Sette mål for deltakerne som ledelsen følger. | Kort
  innlegg og gruppearbeid. | | Fiona
1 | 14:00 | 30 | Evaluering | Lære til neste gang. | Lapper som på første samling. | Lapper |
  Fiona
2 | 09:00 | 120 | Veien videre | Avtale oppfølgingen det neste halvåret. | Hver kommune lager
  en tidsplan for sine neste steg. | | Fiona
""",
}


def run_sheet_lines(table: str) -> list[LineInput]:
    """The lines of a table above: a row goes on over the indented lines that follow it."""
    rows: list[str] = []
    for line in table.strip().splitlines():
        if line.startswith(" ") and rows:
            rows[-1] += " " + line.strip()
        else:
            rows.append(line)
    lines = []
    for row in rows:
        day, start, minutes, activity, purpose, how, materials, responsible = (
            cell.strip() for cell in row.split("|")
        )
        lines.append(
            LineInput(
                day=int(day),
                starts_at=datetime.time.fromisoformat(start),
                minutes=int(minutes),
                activity=activity,
                purpose=purpose,
                how=how,
                materials=materials,
                responsible=responsible,
            )
        )
    return lines


def _workshops(programme: AgencyProgramme, by: User) -> dict[int, Workshop]:
    workshops = {}
    for (number, title, themes, deadline), first in zip(WORKSHOPS, workshop_starts(), strict=True):
        workshop = workshop_create(
            by=by,
            programme=programme,
            data=WorkshopInput(
                number=number,
                title=title,
                starts_on=first,
                ends_on=first + datetime.timedelta(days=1),
                place="Bergen, Kompetansesenteret",
                target_group="Ledere og ansatte i flyktningtjenesten, voksenopplæringen og NAV.",
                background="Kartleggingssamtalene med de fire kommunene.",
                goal="Flere deltakere i arbeidsrettede løp med praksis hos en arbeidsgiver.",
                themes=themes,
                cost="Gratis; kommunene dekker reise.",
                registration_deadline=first - datetime.timedelta(days=deadline),
            ),
        )
        for line in run_sheet_lines(RUN_SHEETS[number]):
            line_create(by=by, workshop=workshop, data=line)
        workshops[number] = workshop
    return workshops


# --- participants ------------------------------------------------------------------------------


LEADER = "leader"  # stands for the municipality's leader, who has decision authority
# Per municipality: (name or LEADER, unit, position), registered for workshop 1.
PEOPLE = {
    BERGEN: (
        (LEADER, UnitType.REFUGEE_SERVICE, "Kommunalsjef for inkludering"),
        ("Magnus Brekke", UnitType.REFUGEE_SERVICE, "Rådgiver"),
        ("Ingrid Haugland", UnitType.ADULT_EDUCATION, "Lærer"),
        ("Sindre Bakken", UnitType.EMPLOYMENT, "Veileder i NAV"),
    ),
    TEN: (
        (LEADER, UnitType.REFUGEE_SERVICE, "Kommunalsjef"),
        ("Per Rønning", UnitType.REFUGEE_SERVICE, "Programrådgiver"),
        ("Jonas Eide", UnitType.ADULT_EDUCATION, "Lærer"),
        ("Maria Solberg", UnitType.EMPLOYMENT, "Veileder i NAV"),
    ),
    # No one from adult education: the warning.
    EIGHT: (
        (LEADER, UnitType.REFUGEE_SERVICE, "Enhetsleder"),
        ("Eva Lunde", UnitType.REFUGEE_SERVICE, "Programrådgiver"),
        ("Ali Rahimi", UnitType.EMPLOYMENT, "Veileder i NAV"),
    ),
    # All three units, but no leader who can decide: the warning.
    ELEVEN: (
        ("Tor Hauge", UnitType.REFUGEE_SERVICE, "Programrådgiver"),
        ("Line Berg", UnitType.ADULT_EDUCATION, "Lærer"),
        ("Kjetil Moe", UnitType.EMPLOYMENT, "Veileder i NAV"),
    ),
}
# Registered for workshop 2 so far: Bergen as before, Eksempelkommune 11 with its leader.
SECOND = {
    BERGEN: PEOPLE[BERGEN],
    ELEVEN: ((LEADER, UnitType.REFUGEE_SERVICE, "Kommunalsjef"), *PEOPLE[ELEVEN]),
}


def _email_of(name: str, candidate: Candidate) -> str:
    """Bergen's participants are demo people with their Trinvis e-mail (so they are linked);
    the invented municipalities' have an address of their own."""
    from trinvis.organisations.demo import _email

    if candidate.area.code == BERGEN:
        return _email(name, "bergen.example.no")
    return _email(name, LEADERS[candidate.area.code][1])


def _register(
    workshop: Workshop,
    by: User,
    candidates: dict[str, Candidate],
    leaders: dict[str, User],
    people: Mapping[str, Sequence[tuple[str, str, str]]],
) -> None:
    for code, entries in people.items():
        candidate = candidates[code]
        for name, unit, position in entries:
            leader = name == LEADER
            person_name = leaders[code].full_name if leader else name
            participant_create(
                by=by,
                workshop=workshop,
                candidate=candidate,
                data=ParticipantInput(
                    name=person_name,
                    unit_type=unit,
                    email=leaders[code].email if leader else _email_of(name, candidate),
                    position=position,
                    decision_authority=leader,
                ),
            )


# --- homework and evaluation -------------------------------------------------------------------


# (before workshop, title, description, days before the workshop it is due, answers)
HOMEWORK = (
    (
        1,
        "Beskriv kvalifiseringsløpet slik det er i dag",
        "Tegn opp løpet en typisk deltaker går gjennom, fra bosetting til programslutt, og "
        "marker hvor arbeidsgiverne kommer inn.",
        7,
        {
            BERGEN: "Løpet er tegnet opp; arbeidsgiverne kommer først inn i andre år.",
            TEN: "Vi så at praksis bare skjer mot slutten, og da for få.",
            EIGHT: "Ventetiden før norskopplæringen er tydelig markert.",
            ELEVEN: "Løpet er beskrevet, men hver enhet tegnet sin egen versjon.",
        },
    ),
    (
        2,
        "Kartlegg arbeidsgiverne dere samarbeider med",
        "Lag en felles liste over arbeidsgiverne alle tre enhetene har kontakt med, og hva "
        "samarbeidet går ut på.",
        5,
        {
            BERGEN: "Listen har 34 arbeidsgivere; 9 av dem har NAV og voksenopplæringen begge "
            "kontakt med uten å vite det.",
            TEN: "Vi fant 12 arbeidsgivere, de fleste i helse og omsorg.",
        },
    ),
)
EVALUATION = (
    (1, "Nyttig å se tallene våre ved siden av de andre kommunenes.", "Mindre tid til innlegg."),
    (1, "Arbeidsgiverne som fortalte, var konkrete og ærlige.", ""),
    (1, "", "Vi trengte mer tid i egen kommunegruppe."),
    (2, "Godt å gå hjem med tre avtaler.", "Kafébordene ble litt korte."),
    (2, "Arbeidsarkene hjalp oss å komme i gang med planen.", ""),
    (2, "Det var bra at både NAV og voksenopplæringen var med.", "Savnet noen fra ledelsen."),
)


def _homework(
    programme: AgencyProgramme,
    by: User,
    workshops: dict[int, Workshop],
    candidates: dict[str, Candidate],
    leaders: dict[str, User],
) -> None:
    """The tasks and the answers, each answered some days before the due day (or today)."""
    for number, title, description, days_before, answers in HOMEWORK:
        workshop = workshops[number]
        due = workshop.starts_on - datetime.timedelta(days=days_before)
        task = task_create(
            by=by,
            programme=programme,
            data=TaskInput(title=title, description=description, due=due, before_workshop=workshop),
        )
        for index, (code, answer) in enumerate(answers.items()):
            saved = answer_save(
                by=leaders[code],
                task=task,
                candidate=candidates[code],
                answer=answer,
                base_version=NEW,
            )
            day = min(due, timezone.localdate()) - datetime.timedelta(days=len(answers) - index)
            HomeworkSubmission.objects.filter(pk=saved.pk).update(submitted_at=_at(day))


def _evaluation(workshop: Workshop, by: User) -> None:
    """The notes typed in at the end of each day."""
    for day, good, better in EVALUATION:
        note = evaluation_add(by=by, workshop=workshop, day=day, good=good, better=better)
        written = workshop.starts_on + datetime.timedelta(days=day - 1)
        WorkshopEvaluation.objects.filter(pk=note.pk).update(created_at=_at(written, 16))


# --- the municipalities' plans -------------------------------------------------------------


# Per municipality: steps done, and whether the next one is under way.
PLAN_STEPS = {BERGEN: (2, True), TEN: (1, True), EIGHT: (1, False), ELEVEN: (0, True)}


def _plans(candidates: dict[str, Candidate], leaders: dict[str, User], workshop: Workshop) -> None:
    for code, (done, going) in PLAN_STEPS.items():
        candidate, leader = candidates[code], leaders[code]
        plan = municipality_plan_start(
            by=leader,
            candidate=candidate,
            responsible=leader,
            title=f"{candidate.area.name}: arbeidsrettede kvalifiseringsløp",
            start_date=workshop.ends_on,
            target_date=workshop.ends_on + datetime.timedelta(days=300),
        )
        steps = list(RunStep.objects.filter(run=plan.run).order_by("position"))
        for index, step in enumerate(steps[: done + int(going)]):
            finished = index < done
            run_step_update(
                step=step,
                version=step.version,
                status=RunStep.Status.DONE if finished else RunStep.Status.IN_PROGRESS,
                owner=leader,
                due_date=None if finished else _day(30),
                notes="Gjennomgått på fagsamling 1." if finished else "",
                by=leader,
            )
        # The plan was begun at the workshop; its history says so.
        RunStepChange.objects.filter(step__run=plan.run).update(at=_at(workshop.ends_on, 13))


# --- follow-up ---------------------------------------------------------------------------------


# Per municipality: (days from the load day it was held, or else planned for; notes; the
# items agreed, with their status).
FOLLOW_UPS = {
    BERGEN: (
        -25,
        None,
        "God framdrift. Samarbeidsmøtet er i gang, og NAV deltar fast.",
        (
            ("Fast samarbeidsmøte hver måned mellom de tre enhetene", Progress.DONE),
            ("Felles mal for individuell plan med arbeidsrettet mål", Progress.UNDER_WAY),
            ("Tre nye arbeidsgivere med avtale om språkpraksis", Progress.NOT_STARTED),
        ),
    ),
    TEN: (
        -20,
        None,
        "Kombinasjonsløpet er planlagt; helsesamarbeidet venter til neste halvår.",
        (
            ("Kombinasjonsløp med norsk og praksis for ti deltakere", Progress.UNDER_WAY),
            ("Felles arbeidsgiverliste for enhetene", Progress.UNDER_WAY),
            ("Avtale med fastlegene om tidlig helseoppfølging", Progress.DROPPED),
        ),
    ),
    EIGHT: (
        -18,
        None,
        "Voksenopplæringen må inn i arbeidet; de var ikke med på samlingen.",
        (
            ("Voksenopplæringen med i planarbeidet", Progress.DONE),
            ("Kortere ventetid før norskopplæringen starter", Progress.NOT_STARTED),
        ),
    ),
    # Planned for last week and not held: overdue.
    ELEVEN: (
        None,
        -6,
        "",
        (("Kommunalsjefen følger arbeidet og kommer på neste samling", Progress.NOT_STARTED),),
    ),
}
INTERNAL_NOTE = (
    "Tre av fire samtaler er holdt. Samarbeidet mellom enhetene er kommet i gang der alle tre "
    "var med på samlingen; Eksempelkommune 8 mangler fortsatt voksenopplæringen, og "
    "Eksempelkommune 11 trenger en leder som følger arbeidet. Til fagsamling 2: mer tid i "
    "kommunegruppene, kortere innlegg, og en runde om hvordan avtalene følges opp. "
    "Samtalen med Eksempelkommune 11 må holdes før samlingen."
)


def _follow_up(
    workshop: Workshop, by: User, candidates: dict[str, Candidate], today: datetime.date
) -> None:
    for code, (held, planned, notes, items) in FOLLOW_UPS.items():
        day = held if held is not None else planned
        assert day is not None
        follow_up_save(
            by=by,
            candidate=candidates[code],
            workshop=workshop,
            base_version=0,
            data=FollowUpInput(
                planned_for=_day(day),
                held_on=_day(held) if held is not None else None,
                notes=notes,
                items=[ItemInput(text=text, progress=progress) for text, progress in items],
            ),
            today=today,
        )
    note = internal_note_save(by=by, workshop=workshop, base_version=0, summary=INTERNAL_NOTE)
    InternalNote.objects.filter(pk=note.pk).update(updated_at=_at(today - datetime.timedelta(3)))


# --- the survey link ---------------------------------------------------------------------------


def _link_survey(programme: AgencyProgramme) -> None:
    survey = Survey.objects.filter(organisation=programme.owner, title=survey_demo.TITLE).first()
    if survey is not None:
        programme.surveys.add(survey)


# --- the loader --------------------------------------------------------------------------------


@demo.register(order=61)
@transaction.atomic
def load() -> None:
    programme = AgencyProgramme.objects.filter(
        owner__name=programme_demo.AGENCY, name=programme_demo.NAME
    ).first()
    fiona = User.objects.filter(email="fiona@example.org").first()
    if programme is None or fiona is None:
        return
    if (
        Workshop.objects.filter(programme=programme).exists()
        or MappingConversation.objects.filter(candidate__programme=programme).exists()
    ):
        return
    candidates = {
        candidate.area.code: candidate
        for candidate in Candidate.objects.filter(
            programme=programme, status__in=(Candidate.Status.CONFIRMED, Candidate.Status.ADDED)
        ).select_related("area", "organisation")
    }
    if not set(MAPPINGS) <= set(candidates):
        return  # the shortlist is not the one demo.py confirms: nothing to build on
    leaders = {code: _leader(candidates[code]) for code in MAPPINGS}
    found = {code: leader for code, leader in leaders.items() if leader is not None}
    if len(found) != len(leaders):
        return
    _link_survey(programme)
    _mapping(programme, fiona, candidates)
    workshops = _workshops(programme, fiona)
    _register(workshops[1], fiona, candidates, found, PEOPLE)
    _register(workshops[2], fiona, candidates, found, SECOND)
    _homework(programme, fiona, workshops, candidates, found)
    _evaluation(workshops[1], fiona)
    if seven_step_toolkit() is not None:  # `make run` loads the toolkits before the demo
        _plans(candidates, found, workshops[1])
    _follow_up(workshops[1], fiona, candidates, timezone.localdate())
