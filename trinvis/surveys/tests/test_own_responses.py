"""A respondent sees the answers they gave through a personal link, and deletes them."""

from django.urls import reverse

from conftest import World
from trinvis.surveys.models import Answer, Question, Response
from trinvis.surveys.tests.factories_distribution import BOB_TOKEN, invite_with_token, make_survey


def _bobs_response(world: World) -> Response:
    survey = make_survey(world.municipality_a)
    invitation = invite_with_token(survey, world.bob, BOB_TOKEN)
    response = Response.objects.create(survey=survey, invitation=invitation, user=world.bob)
    choice = Question.objects.filter(questionnaire=survey.questionnaire).exclude(choices=[]).first()
    text = Question.objects.filter(questionnaire=survey.questionnaire, choices=[]).first()
    assert choice is not None and text is not None
    Answer.objects.create(response=response, question=choice, choice=choice.choices[0]["name"])
    Answer.objects.create(response=response, question=text, text="Weekly visits to employers")
    return response


def test_a_respondent_reads_their_own_answers_in_words(world: World, client_of) -> None:
    response = _bobs_response(world)
    choice = Question.objects.filter(questionnaire=response.survey.questionnaire).exclude(
        choices=[]
    )[0]
    page = client_of(world.bob).get(reverse("surveys:my_responses")).content.decode()
    assert response.survey.title in page
    assert choice.choices[0]["labels"]["en"] in page
    assert "Weekly visits to employers" in page


def test_nobody_else_sees_or_deletes_them(world: World, client_of) -> None:
    response = _bobs_response(world)
    page = client_of(world.alice).get(reverse("surveys:my_responses")).content.decode()
    assert "Weekly visits to employers" not in page
    delete = reverse("surveys:my_response_delete", args=[response.pk])
    assert client_of(world.alice).post(delete).status_code == 404
    assert Response.objects.filter(pk=response.pk).exists()


def test_deleting_removes_the_response_and_its_answers(world: World, client_of) -> None:
    response = _bobs_response(world)
    reply = client_of(world.bob).post(reverse("surveys:my_response_delete", args=[response.pk]))
    assert reply.status_code == 302
    assert not Response.objects.filter(pk=response.pk).exists()
    assert not Answer.objects.filter(response_id=response.pk).exists()


def test_the_page_reads_in_a_fixed_number_of_queries(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    _bobs_response(world)
    client = client_of(world.bob)
    client.get(reverse("surveys:my_responses"))
    with django_assert_max_num_queries(12):
        client.get(reverse("surveys:my_responses"))
