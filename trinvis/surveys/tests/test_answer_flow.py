"""Answering through the public links: pages, saving for later, required questions, skip
logic, constraints, submitting once, frozen attributes, languages and the link states."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World, add_member
from trinvis.organisations.models import Membership
from trinvis.surveys.models import Answer, Response, Survey
from trinvis.surveys.services_responses import survey_close
from trinvis.surveys.tests.factories_distribution import (
    BOB_TOKEN,
    invite_with_token,
    make_survey,
)

PAGE_1 = {"changes": "yes", "page": "1", "action": "next"}
PAGE_2 = {"what_changed": "We meet employers", "goals": ["jobs", "other"], "page": "2"}
PAGE_3 = {"benefit/useful": "4", "benefit/relevant": "5", "recommend": "9", "age": "41"}


@pytest.fixture
def survey(world: World) -> Survey:
    survey = make_survey(world.municipality_a)
    invite_with_token(survey, world.bob, BOB_TOKEN)
    return survey


def link() -> str:
    return reverse("answer:personal", kwargs={"token": BOB_TOKEN})


def post(client: Client, data: dict[str, Any], **extra: str) -> Any:
    return client.post(link(), {"action": "next", **data, **extra})


def answers(response: Response) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for answer in Answer.objects.filter(response=response).select_related("question"):
        number = answer.number
        value = answer.choice or answer.text or (str(number.normalize()) if number else "")
        found.setdefault(answer.question.key, []).append(value)
    return found


def answer_all(client: Client) -> Any:
    post(client, PAGE_1)
    post(client, PAGE_2)
    return post(client, {**PAGE_3, "page": "3", "action": "submit"})


def test_the_link_needs_no_login_and_shows_the_first_page(survey: Survey) -> None:
    page = Client().get(link())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Did you see changes?" in html
    assert "What changed?" not in html  # on the next page, and only if changes = yes
    assert "Page 1 of" in html


def test_next_requires_the_required_question_and_saves_nothing(survey: Survey) -> None:
    page = post(Client(), {"page": "1"})
    assert page.status_code == 200
    assert "Answer this question." in page.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_save_and_continue_later_keeps_partial_answers(survey: Survey, world: World) -> None:
    client = Client()
    saved = post(client, {"page": "1", "action": "save"})  # nothing answered: allowed
    assert saved.status_code == 302
    assert "saved=1" in saved["Location"]
    post(client, PAGE_1)
    post(client, {"goals": ["language"], "page": "2", "action": "save"})
    response = Response.objects.get(survey=survey)
    assert response.submitted_at is None
    assert answers(response) == {"changes": ["yes"], "goals": ["language"]}
    again = Client().get(link() + "?page=2")
    assert 'value="language" id="q2-1" checked' in again.content.decode()


def test_follow_up_appears_only_to_those_who_saw_changes(survey: Survey) -> None:
    client = Client()
    to_page_2 = post(client, PAGE_1)
    page_2 = client.get(to_page_2["Location"]).content.decode()
    assert "What changed?" in page_2
    post(client, {**PAGE_1, "changes": "no"})
    page_2 = client.get(link() + "?page=2").content.decode()
    assert "What changed?" not in page_2
    assert "Which goals did you set?" in page_2


def test_submitting_drops_answers_to_questions_skip_logic_hides(survey: Survey) -> None:
    client = Client()
    # Answers "yes", writes a follow-up, goes back and says "no": the follow-up is hidden.
    post(client, PAGE_1)
    post(client, PAGE_2)
    post(client, {**PAGE_1, "changes": "no"})
    done = post(client, {**PAGE_3, "page": "3", "action": "submit"})
    assert done.status_code == 302
    assert done["Location"] == reverse("answer:thanks")
    response = Response.objects.get(survey=survey)
    assert response.submitted_at is not None
    stored = answers(response)
    assert "what_changed" not in stored
    assert stored["changes"] == ["no"]
    assert stored["goals"] == ["jobs", "other"]
    assert stored["benefit/useful"] == ["4"]


def test_a_hidden_question_is_not_required(survey: Survey) -> None:
    client = Client()
    post(client, {**PAGE_1, "changes": "no"})
    post(client, {"page": "2"})  # what_changed hidden, goals optional
    done = post(client, {"benefit/useful": "3", "page": "3", "action": "submit"})
    assert done["Location"] == reverse("answer:thanks")
    response = Response.objects.get(survey=survey)
    assert "recommend" not in answers(response)  # hidden: no goal "jobs"


def test_submit_with_a_required_question_unanswered_sends_back_to_its_page(
    survey: Survey,
) -> None:
    client = Client()
    post(client, PAGE_1)
    # Page 2 skipped by address: its required follow-up is missing.
    done = post(client, {**PAGE_3, "page": "3", "action": "submit"})
    assert done.status_code == 302
    assert "page=2" in done["Location"]
    assert "incomplete=1" in done["Location"]
    response = Response.objects.get(survey=survey)
    assert response.submitted_at is None
    assert answers(response)["age"] == ["41"]  # the last page was saved all the same


def test_a_constraint_refuses_the_answer_with_its_message(survey: Survey) -> None:
    client = Client()
    post(client, PAGE_1)
    post(client, PAGE_2)
    page = post(client, {**PAGE_3, "age": "130", "page": "3", "action": "submit"})
    assert page.status_code == 200
    assert "Enter an age below 120." in page.content.decode()
    assert Response.objects.get(survey=survey).submitted_at is None


def test_an_answer_outside_the_options_is_refused(survey: Survey) -> None:
    page = post(Client(), {"changes": "maybe", "page": "1"})
    assert "Choose among the options shown." in page.content.decode()


def test_submitted_once_the_link_says_so_and_nothing_changes(survey: Survey) -> None:
    client = Client()
    answer_all(client)
    response = Response.objects.get(survey=survey)
    before = answers(response)
    again = post(client, {**PAGE_3, "age": "50", "page": "3", "action": "submit"})
    assert again.status_code == 200
    assert "Your answers are in" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert answers(Response.objects.get(survey=survey)) == before
    assert "already submitted" in Client().get(link()).content.decode()


def test_attributes_are_frozen_from_the_membership_at_submission(
    survey: Survey, world: World
) -> None:
    add_member(world.bob, world.municipality_a, Membership.Role.CONTACT_PERSON)
    answer_all(Client())
    response = Response.objects.get(survey=survey)
    assert response.user == world.bob
    assert response.organisation == world.team_a
    assert response.municipality == world.municipality_a
    assert response.country == "DK"
    assert response.size_class == "large"
    assert response.unit_type == "employment"
    assert response.role == "employee"
    assert response.contact_person is True
    # Frozen: a later change of role does not reach the response.
    Membership.objects.filter(user=world.bob, organisation=world.team_a).update(role="leader")
    response.refresh_from_db()
    assert response.role == "employee"


def test_someone_else_logged_in_answers_as_the_invited_person(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    page = client.get(link()).content.decode()
    assert "This is the personal link of Bob Employee" in page
    answer_all(client)
    assert Response.objects.get(survey=survey).user == world.bob


def test_a_closed_survey_shows_a_friendly_page(survey: Survey) -> None:
    survey_close(by=None, survey=survey)
    page = Client().get(link())
    assert page.status_code == 200
    assert "The survey is closed" in page.content.decode()
    assert post(Client(), PAGE_1).status_code == 200
    assert not Response.objects.filter(survey=survey).exists()


def test_an_unknown_link_is_a_404_with_an_explanation(survey: Survey) -> None:
    page = Client().get(
        reverse("answer:personal", kwargs={"token": "wrong"}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_the_form_is_in_the_persons_language_with_a_switch(survey: Survey, world: World) -> None:
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    page = Client().get(link()).content.decode()
    assert "Så du ændringer?" in page
    assert '<html lang="da"' in page
    english = Client().get(link() + "?lang=en").content.decode()
    assert "Did you see changes?" in english
    assert 'hreflang="da"' in english


def test_matrix_is_a_table_of_radios_with_row_and_column_headers(survey: Survey) -> None:
    client = Client()
    post(client, PAGE_1)
    post(client, PAGE_2)
    page = client.get(link() + "?page=3").content.decode()
    assert '<th scope="row"' in page
    assert '<th scope="col"' in page
    assert "<legend" in page
    assert "To a very large extent" in page
    assert 'aria-labelledby="q3-label q3-c4"' in page


def test_open_link_stores_no_identity(world: World, client_of: Any) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    url = reverse("answer:open", kwargs={"open_token": survey.open_token})
    client = client_of(world.alice)  # logged in or not: the open link stays anonymous
    first = client.get(url).content.decode()
    assert "No name, no e-mail, no IP address." in first
    key = first.split('name="k" value="')[1].split('"')[0]
    client.post(url, {**PAGE_1, "k": key})
    client.post(url, {**PAGE_2, "action": "next", "k": key})
    done = client.post(url, {**PAGE_3, "page": "3", "action": "submit", "k": key})
    assert done["Location"] == reverse("answer:thanks")
    response = Response.objects.get(survey=survey)
    assert response.user is None
    assert response.invitation is None
    assert response.organisation is None
    assert response.role == ""
    # A retried submit finds the submitted response: still one.
    client.post(url, {**PAGE_3, "page": "3", "action": "submit", "k": key})
    assert Response.objects.filter(survey=survey).count() == 1


def test_open_link_continues_later_by_its_address(world: World) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    url = reverse("answer:open", kwargs={"open_token": survey.open_token})
    client = Client()
    key = client.get(url).content.decode().split('name="k" value="')[1].split('"')[0]
    saved = client.post(url, {**PAGE_1, "action": "save", "k": key})
    assert f"k={key}" in saved["Location"]
    later = Client().get(saved["Location"]).content.decode()
    assert 'value="yes" id="q0-0" checked' in later


def test_answer_page_query_count_does_not_grow_with_answers(
    survey: Survey, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    post(client, PAGE_1)
    post(client, PAGE_2)
    with django_assert_max_num_queries(8):
        assert client.get(link() + "?page=3").status_code == 200
