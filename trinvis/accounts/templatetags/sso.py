"""The "Log in with …" link on the login page, shown only when single sign-on is configured."""

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from trinvis.accounts.oidc.provider import sso_configured, sso_label

register = template.Library()


@register.inclusion_tag("accounts/partials/sso_login.html")
def sso_login(next_url: str = "") -> dict[str, Any]:
    if not sso_configured():
        return {"url": ""}
    url = reverse("accounts:sso_start")
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return {"url": url, "label": sso_label()}
