"""axe-core on the letter pages of an agency programme with real content (a plain GET of the
URL table shows them mostly empty) and in the states no plain GET shows: the preview of
both kinds of letter (addresses to fill in, a fallback to English, a municipality without a
template, a letter sent before), a template refused for its placeholders or saved by someone
else meanwhile, the letters changed after the preview, a second sending refused until
confirmed; a letter waiting in the outbox; and sending from choice to log without
JavaScript."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.programmes.models import Candidate, Letter, LetterTemplate, Workshop
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.tests.factories_letters import (
    candidate_a_with_contact,
    failed_letter_of,
    letter_of,
    make_letter,
    make_template,
    taking_part,
    waiting_letter_of,
    workshop_of,
)

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> tuple[Candidate, Candidate, Workshop]:
    """Municipality A (Danish) with an invitation sent, one waiting in the outbox and a letter
    refused, and a Norwegian
    town, for which the programme has no Norwegian template (English stands in)."""
    a = candidate_a_with_contact(world)
    workshop = workshop_of(world)
    town = taking_part(
        a.programme, country="NO", code="5001", name="Town", email="nina@n.example", contact="Nina"
    )
    make_template(a.programme, language="da")
    make_template(a.programme, language="en")
    make_template(a.programme, kind=LetterKind.CHIEF_EXECUTIVE, language="da")
    letter_of(world)
    waiting_letter_of(world)
    failed_letter_of(world)
    return a, town, workshop


def _preview_url(
    programme_id: int, kind: str, candidates: list[Candidate], workshop: Workshop
) -> str:
    chosen = "".join(f"&municipalities={candidate.pk}" for candidate in candidates)
    return (
        reverse("programmes:letters_send", args=[programme_id])
        + f"?step=preview&kind={kind}&workshop={workshop.pk}{chosen}"
    )


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    a, town, workshop = _content(world)
    programme_id = a.programme_id
    sent = letter_of(world)
    failed = failed_letter_of(world)
    waiting = waiting_letter_of(world)
    for user in (world.fiona, world.alice):
        page = open_as(user)
        names: list[tuple[str, list[int | str]]] = [
            ("programmes:letters", [programme_id]),
            ("programmes:candidate_letters", [a.pk]),
            ("programmes:letter", [sent.pk]),
            ("programmes:letter", [failed.pk]),
            ("programmes:letter", [waiting.pk]),
        ]
        if user == world.fiona:
            names += [
                ("programmes:letters_send", [programme_id]),
                ("programmes:letter_resend", [failed.pk]),
                ("programmes:letter_template", [programme_id, "invitation", "nb"]),
                ("programmes:candidate_letters", [town.pk]),
            ]
        for name, args in names:
            page.goto(reverse(name, args=args))
            assert_no_violations(page, where=f"{user.full_name}: {name}")
    page = open_as(world.fiona)
    url = reverse("programmes:letter_template", args=[programme_id, "invitation", "nb"])
    page.goto(url + "?start=default")
    assert_no_violations(page, where="a template from the default")
    LetterTemplate.objects.filter(language="en").delete()
    for kind in (LetterKind.INVITATION, LetterKind.CHIEF_EXECUTIVE):
        page.goto(_preview_url(programme_id, kind, [a, town], workshop))
        expect(page.locator("#preview")).to_be_visible()
        assert_no_violations(page, where=f"the preview of {kind}")


def test_forms_in_their_other_states_pass_axe(world: World, open_as: OpenAs) -> None:
    a, town, workshop = _content(world)
    page = open_as(world.fiona)
    url = reverse("programmes:letter_template", args=[a.programme_id, "invitation", "da"])
    page.goto(url)
    page.locator("#id_body").fill("Dear {Contact} {")
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="a template refused for its placeholders")

    page.goto(url)
    LetterTemplate.objects.filter(language="da", kind="invitation").update(version=5)
    _submit(page, "main form button[type=submit]", ".ds-alert")
    expect(page.locator(".ds-alert").first).to_contain_text("Someone else saved the template")
    assert_no_violations(page, where="a template saved meanwhile")

    page.goto(_preview_url(a.programme_id, LetterKind.INVITATION, [a, town], workshop))
    LetterTemplate.objects.filter(language="da", kind="invitation").update(body="Ny {contact}")
    _submit(page, "button:has-text('Send 2 letters')", ".ds-alert")
    expect(page.locator(".ds-alert").first).to_contain_text("The letters changed")
    assert_no_violations(page, where="the letters changed since the preview")
    _submit(page, "button:has-text('Send 2 letters')", ".ds-error-summary")
    expect(page.locator(".ds-error-summary")).to_contain_text("This letter was sent before")
    assert_no_violations(page, where="a second sending refused until confirmed")
    assert not mail.outbox

    page.goto(reverse("programmes:letter_resend", args=[failed_letter_of(world).pk]))
    page.locator("#id_to_email").fill("")
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="sending again without an address")


def test_letters_are_sent_without_javascript(world: World, open_as: OpenAs) -> None:
    a = candidate_a_with_contact(world)
    workshop = workshop_of(world)
    make_template(a.programme, language="da")
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("programmes:letters_send", args=[a.programme_id]))
    page.get_by_label("Invitation to a workshop").check()
    page.locator("#id_workshop").select_option(str(workshop.pk))
    _submit(page, "text=Show the letters", "#preview")
    expect(page.locator("#preview ~ form")).to_contain_text("Kære Carla Contact")
    _submit(page, "text=Send 1 letter", ".trinvis-messages")
    expect(page.locator("#log")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["carla@a.example"]]
    assert Letter.objects.select_related("message").get().state == Letter.Outcome.SENT
    make_letter(a, workshop=workshop, outcome=Letter.Outcome.FAILED, subject="Again")
    checked = open_as(world.fiona)
    checked.goto(reverse("programmes:letters", args=[a.programme_id]))
    assert_no_violations(checked, where="the log after sending")
