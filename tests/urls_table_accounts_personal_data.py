"""Rows of the URL table (tests/urls_table.py) for a person's rights over their data.

The downloads carry no id: each logged-in persona gets their own data, and there is no URL
for anyone else's. The erasure page is the platform administrator's alone: everyone else
gets 403 whoever the person is (so the answer tells nobody which ids exist), the
administrator 404 for an id nobody has. Its POST without the confirmation box shows the
form again and erases nobody; erasing oneself is refused on the page. The list of dormant
accounts is the administrator's alone too.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, logged_in, only_admin
from trinvis.accounts.tests.factories_personal_data import erasable_person

if TYPE_CHECKING:
    from conftest import World

OK, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.FORBIDDEN, Answer.NOT_FOUND


def _erin(world: "World") -> dict[str, Any]:
    return {"pk": erasable_person(world).pk}


def _the_administrator(world: "World") -> dict[str, Any]:
    return {"pk": world.admin.pk}


def _nobody(world: "World") -> dict[str, Any]:
    return {"pk": 999_999}


ACCOUNTS_PERSONAL_DATA: dict[str, Route] = {
    "accounts:my_data_json": Route((Case("own data", get=logged_in(OK), html=False),)),
    "accounts:my_data_pdf": Route((Case("own data", get=logged_in(OK), html=False),)),
    "accounts:dormant_accounts": Route((Case("the list", get=only_admin()),)),
    "accounts:person_erase": Route(
        (
            Case("an employee", kwargs=_erin, get=only_admin(), post=only_admin()),
            Case(
                "the administrator themself",
                kwargs=_the_administrator,
                get=only_admin(),
                post=only_admin(),
                post_data={"confirm": "on"},
            ),
            Case(
                "no such person",
                kwargs=_nobody,
                get={**only_admin(), "admin": NOT_FOUND},
                post={**only_admin(), "admin": NOT_FOUND},
            ),
        )
    ),
}
