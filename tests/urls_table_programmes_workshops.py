"""Rows of the URL table (tests/urls_table.py) for the workshops of an agency programme.

The programme is the agency's (trinvis/programmes/tests/factories_workshops.py): fiona
(facilitator) and admin run it and do everything. Municipality A takes part: alice, its
leader, reads the workshops, their run sheets and agendas, and registers its participants,
answers its homework and starts its plan, but gets 403 on the programme's own writes
(workshops, run sheet lines, tasks); bob, an employee of a team in municipality A, reads
the same and gets 403 on every write. Both get 404 on the evaluation notes, which belong to
the running side, and on another municipality's part. Charlie (municipality B, not in the
programme) gets 404.

Writes without data change nothing: forms are invalid (200), a delete without the version
it was shown at is a conflict (200), a move without a direction returns to the run sheet.
A participant's or a note's delete takes no version; each persona's case runs on its own
fresh data, so the first delete does not hide the object from the next.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_workshops import (
    answer,
    candidate_of,
    line_of,
    note_of,
    other_candidate,
    participant_of,
    programme_of,
    task_of,
    workshop_of,
)

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT, NOT_ALLOWED = (
    Answer.OK,
    Answer.LOGIN,
    Answer.FORBIDDEN,
    Answer.NOT_FOUND,
    Answer.REDIRECT,
    Answer.NOT_ALLOWED,
)


def _programme(world: "World") -> dict[str, Any]:
    return {"pk": programme_of(world).pk}


def _workshop(world: "World") -> dict[str, Any]:
    return {"pk": workshop_of(world).pk}


def _line(world: "World") -> dict[str, Any]:
    return {"pk": line_of(world).pk}


def _participant(world: "World") -> dict[str, Any]:
    return {"pk": participant_of(world).pk}


def _task(world: "World") -> dict[str, Any]:
    return {"pk": task_of(world).pk}


def _note(world: "World") -> dict[str, Any]:
    return {"pk": note_of(world).pk}


def _programme_with_work(world: "World") -> dict[str, Any]:
    """The programme with a workshop with a line and a participant, and a task answered."""
    participant_of(world)
    line_of(world)
    task = task_of(world)
    answer(task, candidate_of(world))
    other_candidate(world)
    return {"pk": task.programme_id}


def _workshop_with_line(world: "World") -> dict[str, Any]:
    participant_of(world)
    return {"pk": line_of(world).workshop_id}


def _workshop_with_notes(world: "World") -> dict[str, Any]:
    return {"pk": note_of(world).workshop_id}


def _candidate_a(world: "World") -> dict[str, Any]:
    return {"pk": candidate_of(world).pk}


def _workshop_and_a(world: "World") -> dict[str, Any]:
    return {"pk": workshop_of(world).pk, "candidate": candidate_of(world).pk}


def _workshop_and_town(world: "World") -> dict[str, Any]:
    return {"pk": workshop_of(world).pk, "candidate": other_candidate(world).pk}


def _task_and_a(world: "World") -> dict[str, Any]:
    return {"pk": task_of(world).pk, "candidate": candidate_of(world).pk}


def _task_and_town(world: "World") -> dict[str, Any]:
    return {"pk": task_of(world).pk, "candidate": other_candidate(world).pk}


# Reading the programme's workshops and municipality A's part.
_READ = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
# Writing municipality A's own part: its write roles (alice) and those who run it.
_ANSWER = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
_ANSWER_DONE = expect(
    LOGIN, alice=REDIRECT, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
# The programme's own writes: the municipality reads them but may not change them.
_RUN = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
_RUN_DONE = expect(
    LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
# The running side's own records (evaluation notes) and another municipality's part.
_RUNNING_ONLY = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
_RUNNING_ONLY_DONE = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
_NO_SUCH = Case("no such object", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND))

PROGRAMMES_WORKSHOPS: dict[str, Route] = {
    "programmes:workshops": Route(
        (
            Case("programme without workshops", kwargs=_programme, get=_READ),
            Case("programme with a workshop", kwargs=_programme_with_work, get=_READ),
            _NO_SUCH,
        )
    ),
    "programmes:workshop_create": Route(
        (Case("programme", kwargs=_programme, get=_RUN, post=_RUN),)
    ),
    "programmes:workshop_detail": Route(
        (
            Case("workshop 1", kwargs=_workshop, get=_READ),
            Case("workshop 1 with participants", kwargs=_workshop_with_line, get=_READ),
            _NO_SUCH,
        )
    ),
    "programmes:workshop_edit": Route((Case("workshop 1", kwargs=_workshop, get=_RUN, post=_RUN),)),
    "programmes:workshop_delete": Route(
        (Case("workshop 1", kwargs=_workshop, get=_RUN, post=_RUN),)
    ),
    "programmes:workshop_run_sheet": Route(
        (
            Case("workshop 1, no lines", kwargs=_workshop, get=_READ),
            Case("workshop 1 with a line", kwargs=_workshop_with_line, get=_READ),
        )
    ),
    "programmes:workshop_agenda": Route((Case("workshop 1", kwargs=_workshop, get=_READ),)),
    "programmes:run_sheet_line_create": Route(
        (Case("workshop 1", kwargs=_workshop, get=_RUN, post=_RUN),)
    ),
    "programmes:run_sheet_line_edit": Route(
        (Case("a line of workshop 1", kwargs=_line, get=_RUN, post=_RUN), _NO_SUCH)
    ),
    "programmes:run_sheet_line_delete": Route(
        (Case("a line of workshop 1", kwargs=_line, get=_RUN, post=_RUN),)
    ),
    # POST only; without a direction nothing moves, and it returns to the run sheet.
    "programmes:run_sheet_line_move": Route(
        (Case("a line of workshop 1", kwargs=_line, get=logged_in(NOT_ALLOWED), post=_RUN_DONE),)
    ),
    "programmes:workshop_participant_create": Route(
        (
            Case("municipality A", kwargs=_workshop_and_a, get=_ANSWER, post=_ANSWER),
            Case(
                "another municipality",
                kwargs=_workshop_and_town,
                get=_RUNNING_ONLY,
                post=_RUNNING_ONLY,
            ),
        )
    ),
    "programmes:workshop_participant_edit": Route(
        (Case("participant of municipality A", kwargs=_participant, get=_ANSWER, post=_ANSWER),)
    ),
    "programmes:workshop_participant_delete": Route(
        (
            Case(
                "participant of municipality A",
                kwargs=_participant,
                get=_ANSWER,
                post=_ANSWER_DONE,
            ),
        )
    ),
    # The seven-step toolkit is not loaded in the table's world: the page says so.
    "programmes:municipality_plan_start": Route(
        (Case("municipality A", kwargs=_candidate_a, get=_ANSWER, post=_ANSWER), _NO_SUCH)
    ),
    "programmes:homework": Route(
        (
            Case("programme without tasks", kwargs=_programme, get=_READ),
            Case("programme with a task", kwargs=_programme_with_work, get=_READ),
        )
    ),
    "programmes:homework_task_create": Route(
        (Case("programme", kwargs=_programme, get=_RUN, post=_RUN),)
    ),
    "programmes:homework_task_edit": Route(
        (Case("task before workshop 1", kwargs=_task, get=_RUN, post=_RUN), _NO_SUCH)
    ),
    "programmes:homework_task_delete": Route(
        (Case("task before workshop 1", kwargs=_task, get=_RUN, post=_RUN),)
    ),
    "programmes:homework_answer": Route(
        (
            # Bob reads the answer; writing it is for alice and those who run the programme.
            Case("municipality A", kwargs=_task_and_a, get=_READ, post=_ANSWER),
            Case(
                "another municipality", kwargs=_task_and_town, get=_RUNNING_ONLY, post=_RUNNING_ONLY
            ),
        )
    ),
    "programmes:workshop_evaluation": Route(
        (
            Case("workshop 1, no notes", kwargs=_workshop, get=_RUNNING_ONLY),
            Case("workshop 1 with a note", kwargs=_workshop_with_notes, get=_RUNNING_ONLY),
        )
    ),
    "programmes:workshop_evaluation_add": Route(
        (Case("workshop 1", kwargs=_workshop, get=_RUNNING_ONLY, post=_RUNNING_ONLY),)
    ),
    "programmes:workshop_evaluation_csv": Route(
        (Case("workshop 1", kwargs=_workshop, get=_RUNNING_ONLY, html=False),)
    ),
    "programmes:workshop_evaluation_delete": Route(
        (Case("a note", kwargs=_note, get=_RUNNING_ONLY, post=_RUNNING_ONLY_DONE),)
    ),
}
