"""Rows of the URL table (tests/urls_table.py) for the e-mail outbox: platform administrators
only. "Retry now" is POST only; a message id nobody has sends nothing and returns to the list."""

from tests.urls_table import NOT_ALLOWED, REDIRECT, Case, Route, logged_in, only_admin

OUTBOX: dict[str, Route] = {
    "outbox:list": Route((Case("the outbox", get=only_admin()),)),
    "outbox:retry": Route(
        (
            Case(
                "retry now",
                get=logged_in(NOT_ALLOWED),
                post={**only_admin(), "admin": REDIRECT},
                post_data={"message": "999999"},
            ),
        )
    ),
}
