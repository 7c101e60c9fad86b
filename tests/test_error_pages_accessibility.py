"""The error pages (500, and 503 while the database does not answer) pass axe in each
language, with their style sheets loaded from the live server."""

import pytest
from django.template import loader
from django.urls import reverse
from django.utils import translation

from tests.axe import assert_no_violations
from tests.conftest import OpenAs

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("language", ["da", "nb", "en"])
@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_pass_axe(template: str, language: str, open_as: OpenAs) -> None:
    with translation.override(language):
        html = loader.get_template(template).render()
    page = open_as(None)
    page.goto(reverse("accounts:login"))  # the live server's address, for the style sheets
    page.set_content(html, wait_until="load")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert_no_violations(page, where=f"{template} in {language}")
