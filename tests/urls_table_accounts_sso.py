"""Rows of the URL table (tests/urls_table.py) for single sign-on (trinvis/accounts/oidc/).

The URLs are always mounted, and answer 404 to everyone while no TRINVIS_OIDC_* setting
configures a provider (as here: the matrix runs with the defaults). Configured, the start
redirects anyone to the provider and the callback redirects to the login page or onwards;
trinvis/accounts/tests/test_oidc.py covers that against a provider stub. All three are GET
only; the third is where the provider sends the browser back after its logout (the logout
itself is accounts:logout, in tests/urls_table.py).
"""

from tests.urls_table import NOT_ALLOWED, NOT_FOUND, Case, Route, everyone

ACCOUNTS_SSO: dict[str, Route] = {
    "accounts:sso_start": Route(
        (Case("not configured", get=everyone(NOT_FOUND), post=everyone(NOT_ALLOWED)),),
        public=True,
    ),
    "accounts:sso_callback": Route(
        (Case("not configured", get=everyone(NOT_FOUND), post=everyone(NOT_ALLOWED)),),
        public=True,
    ),
    "accounts:sso_logged_out": Route(
        (Case("not configured", get=everyone(NOT_FOUND), post=everyone(NOT_ALLOWED)),),
        public=True,
    ),
}
