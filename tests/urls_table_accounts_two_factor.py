"""Rows of the URL table (tests/urls_table.py) for two-factor login.

In the matrix the administrator has an authenticator app and a session that gave the code
(platform administrators must use two-factor login); the other personas have none. So the
code step sends everyone on (nothing to check), set-up is open to everyone without an app,
and removing is only for the one who has an app. The recovery codes page shows codes only
right after they were made, so a plain GET goes back to the profile. The forms are posted
without a code: the answer is the form with its error, and nothing changes.
"""

from tests.urls_table import LOGIN, Answer, Case, Route, expect, logged_in

OK, REDIRECT = Answer.OK, Answer.REDIRECT

_HAS_APP_ONLY = expect(
    LOGIN, alice=REDIRECT, bob=REDIRECT, charlie=REDIRECT, fiona=REDIRECT, admin=OK
)
_WITHOUT_APP_ONLY = expect(LOGIN, alice=OK, bob=OK, charlie=OK, fiona=OK, admin=REDIRECT)

ACCOUNTS_TWO_FACTOR: dict[str, Route] = {
    "accounts:two_factor_verify": Route(
        (
            Case(
                "nothing to verify",
                get=logged_in(REDIRECT),
                post=logged_in(REDIRECT),
                post_data={"code": ""},
            ),
        )
    ),
    "accounts:two_factor_setup": Route(
        (Case("set up", get=_WITHOUT_APP_ONLY, post=_WITHOUT_APP_ONLY, post_data={"code": ""}),)
    ),
    "accounts:two_factor_recovery_codes": Route(
        (Case("shown once, made anew", get=logged_in(REDIRECT), post=logged_in(REDIRECT)),)
    ),
    "accounts:two_factor_remove": Route(
        (Case("turn off", get=_HAS_APP_ONLY, post=_HAS_APP_ONLY, post_data={"code": ""}),)
    ),
}
