"""Rows of the URL table (tests/urls_table.py) for the letters of an agency programme:
the letters page (templates and log), a template's editor, sending, a municipality's
letters, one letter and sending one again.

The programme is the agency's (trinvis/programmes/tests/factories_letters.py): fiona
(facilitator) and admin run it and do everything. Municipality A takes part: alice, its
leader, and bob, in a team of A, read the letters sent to A (the letters page shows them
only those) and get 403 on the writes — templates, sending, sending again. A letter to
municipality C, only suggested, is not for them (404), nor is C's log. Charlie
(municipality B, not in the programme) gets 404.

Writes without data change nothing: the forms are invalid (200), so no template is saved
and no mail is sent.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_letters import (
    candidate_a_with_contact,
    failed_letter_of,
    letter_of,
    letter_to_suggested_of,
    make_template,
    workshop_of,
)
from trinvis.programmes.tests.factories_programmes import programme_of, suggested_of

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT = Answer.REDIRECT


def _programme(world: "World") -> dict[str, Any]:
    return {"pk": programme_of(world).pk}


def _programme_with_letters(world: "World") -> dict[str, Any]:
    """Templates written, a letter sent to A, one refused, one to municipality C."""
    letter = letter_of(world)
    failed_letter_of(world)
    letter_to_suggested_of(world)
    make_template(letter.programme)
    return {"pk": letter.programme_id}


def _template(kind: str, language: str, *, written: bool) -> Any:
    def build(world: "World") -> dict[str, Any]:
        programme = programme_of(world)
        if written:
            make_template(programme, kind=kind, language=language)
        return {"pk": programme.pk, "kind": kind, "language": language}

    build.__name__ = f"template_{kind}_{language}"
    return build


def _candidate_a(world: "World") -> dict[str, Any]:
    letter_of(world)
    return {"pk": candidate_a_with_contact(world).pk}


def _suggested(world: "World") -> dict[str, Any]:
    letter_to_suggested_of(world)
    return {"pk": suggested_of(world).pk}


def _letter(world: "World") -> dict[str, Any]:
    return {"pk": letter_of(world).pk}


def _failed_letter(world: "World") -> dict[str, Any]:
    return {"pk": failed_letter_of(world).pk}


def _letter_to_suggested(world: "World") -> dict[str, Any]:
    return {"pk": letter_to_suggested_of(world).pk}


def _programme_with_workshop(world: "World") -> dict[str, Any]:
    workshop_of(world)
    candidate_a_with_contact(world)
    make_template(programme_of(world))
    return {"pk": programme_of(world).pk}


# Municipality A's side reads its letters; those who run the programme read all.
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
# The programme's writes: A's side sees the programme, so a write is 403.
_RUN = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
# Another municipality's letters, for those who run the programme only.
_RUNNING_ONLY = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
# A letter that went out has nothing to send again: back to the letter.
_RUNNING_ONLY_BACK = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
_NO_SUCH = Case("no such object", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND))

PROGRAMMES_LETTERS: dict[str, Route] = {
    "programmes:letters": Route(
        (
            Case("programme without letters", kwargs=_programme, get=_READ_A),
            Case("programme with letters", kwargs=_programme_with_letters, get=_READ_A),
            _NO_SUCH,
        )
    ),
    "programmes:letter_template": Route(
        (
            Case(
                "invitation in Danish, not written",
                kwargs=_template("invitation", "da", written=False),
                get=_RUN,
                post=_RUN,
            ),
            Case(
                "letter to the chief executive in English, written",
                kwargs=_template("chief_executive", "en", written=True),
                get=_RUN,
                post=_RUN,
            ),
            Case(
                "no such kind",
                kwargs=lambda world: {"pk": programme_of(world).pk, "kind": "x", "language": "da"},
                get=expect(
                    LOGIN,
                    alice=FORBIDDEN,
                    bob=FORBIDDEN,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=NOT_FOUND,
                ),
            ),
        )
    ),
    "programmes:letters_send": Route(
        (
            Case("programme", kwargs=_programme, get=_RUN, post=_RUN),
            Case("programme with a workshop", kwargs=_programme_with_workshop, get=_RUN, post=_RUN),
        )
    ),
    "programmes:candidate_letters": Route(
        (
            Case("municipality A", kwargs=_candidate_a, get=_READ_A),
            Case("a suggested municipality", kwargs=_suggested, get=_RUNNING_ONLY),
            _NO_SUCH,
        )
    ),
    "programmes:letter": Route(
        (
            Case("an invitation to municipality A", kwargs=_letter, get=_READ_A),
            Case("a refused letter to municipality A", kwargs=_failed_letter, get=_READ_A),
            Case(
                "a letter to a suggested municipality",
                kwargs=_letter_to_suggested,
                get=_RUNNING_ONLY,
            ),
            _NO_SUCH,
        )
    ),
    "programmes:letter_resend": Route(
        (
            Case("a refused letter to municipality A", kwargs=_failed_letter, get=_RUN, post=_RUN),
            Case(
                "a letter to a suggested municipality",
                kwargs=_letter_to_suggested,
                get=_RUNNING_ONLY_BACK,
                post=_RUNNING_ONLY_BACK,
            ),
        )
    ),
}
