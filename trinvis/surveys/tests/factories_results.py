"""Test data for results: a small participant-survey-like questionnaire, a survey of it, and
submitted responses with frozen attributes written directly (bulk_create), as many as a
test needs. Generated respondents are deterministic (a seeded Random)."""

import random
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from trinvis.organisations.models import Organisation
from trinvis.surveys.models import Answer, Invitation, Question, Questionnaire, Response, Survey
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.xlsform import (
    Choice,
    ChoiceList,
    MatrixItem,
    QuestionType,
    likert_choice_list,
)
from trinvis.surveys.xlsform import Question as Q
from trinvis.surveys.xlsform import Questionnaire as Definition

GOALS = ("labour", "language", "cooperation", "other")
Value = str | int | Decimal | list[str]


def _en(text: str) -> dict[str, str]:
    return {"en": text}


def definition() -> Definition:
    return Definition(
        title="Participant survey (test)",
        default_language="en",
        languages=("en",),
        items=(
            Q(
                "useful",
                QuestionType.LIKERT,
                _en("The workshops were useful"),
                choice_list="extent",
            ),
            Q(
                "benefit",
                QuestionType.MATRIX,
                _en("How much did you benefit?"),
                choice_list="extent",
                items=(
                    MatrixItem("talks", _en("Talks")),
                    MatrixItem("groups", _en("Group work")),
                ),
            ),
            Q(
                "goals_set",
                QuestionType.MULTIPLE_CHOICE,
                _en("Which goals did you set?"),
                choice_list="goals",
            ),
            Q(
                "goals_worked",
                QuestionType.MULTIPLE_CHOICE,
                _en("Which goals did you work on?"),
                choice_list="goals",
            ),
            Q("changes", QuestionType.SINGLE_CHOICE, _en("Did you see changes?"), choice_list="yn"),
            Q("recommend", QuestionType.SCALE_0_10, _en("Would you recommend it?")),
            Q("years", QuestionType.INTEGER, _en("Years in the job")),
            Q("comments", QuestionType.LONG_TEXT, _en("Comments")),
        ),
        choice_lists=(
            likert_choice_list("extent", dont_know=True, languages=("en",)),
            ChoiceList("goals", tuple(Choice(g, _en(f"Goal: {g}")) for g in GOALS)),
            ChoiceList("yn", (Choice("yes", _en("Yes")), Choice("no", _en("No")))),
        ),
    )


def make_questionnaire(organisation: Organisation | None = None) -> Questionnaire:
    return questionnaire_create(by=None, organisation=organisation, definition=definition())


def make_survey(
    *, organisation: Organisation, minimum_group: int = 5, title: str = "Participant survey"
) -> Survey:
    return Survey.objects.create(
        questionnaire=make_questionnaire(organisation),
        organisation=organisation,
        title=title,
        mode=Survey.Mode.PERSONAL,
        minimum_group=minimum_group,
    )


ATTRIBUTES = ("size_class", "role", "unit_type", "contact_person", "country", "municipality")


def add_responses(
    survey: Survey, respondents: Sequence[Mapping[str, Any]], *, submitted: bool = True
) -> list[Response]:
    """One response per mapping: attribute fields (see ATTRIBUTES) and question keys →
    answers (a str option, a list of options, a number, or text for text questions)."""
    questions = {q.key: q for q in Question.objects.filter(questionnaire=survey.questionnaire)}
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_at=now if submitted else None,
            **{k: v for k, v in respondent.items() if k in ATTRIBUTES},
        )
        for respondent in respondents
    )
    answers = []
    for response, respondent in zip(responses, respondents, strict=True):
        for key, value in respondent.items():
            if key in ATTRIBUTES or value is None:
                continue
            question = questions[key]
            if isinstance(value, list):
                answers += [Answer(response=response, question=question, choice=v) for v in value]
            elif question.kind in ("integer", "decimal", "scale_0_10"):
                answers.append(Answer(response=response, question=question, number=Decimal(value)))
            elif question.kind in ("short_text", "long_text"):
                answers.append(Answer(response=response, question=question, text=str(value)))
            else:
                answers.append(Answer(response=response, question=question, choice=str(value)))
    Answer.objects.bulk_create(answers)
    return responses


def invite(survey: Survey, users: Sequence[Any]) -> None:
    Invitation.objects.bulk_create(
        Invitation(survey=survey, user=user, token_hash=f"{survey.pk}-{user.pk}") for user in users
    )


def generated(count: int, *, seed: int = 6, municipalities: Sequence[Any] = ()) -> list[dict]:
    """`count` respondents with a spread of attributes and answers."""
    rng = random.Random(seed)
    people = []
    for _ in range(count):
        scale = ["1", "2", "3", "4", "5", "dont_know"]
        person: dict[str, Any] = {
            "size_class": rng.choice(["small", "medium", "large", "large", ""]),
            "role": rng.choice(["leader", "employee", "employee"]),
            "unit_type": rng.choice(["employment", "adult_education", "refugee_service"]),
            "contact_person": rng.choice([True, False, False, None]),
            "country": rng.choice(["DK", "NO"]),
            "useful": rng.choices(scale, weights=[1, 2, 4, 6, 4, 1])[0],
            "benefit/talks": rng.choice(scale),
            "benefit/groups": rng.choice([*scale, None]),
            "goals_set": rng.sample(GOALS, rng.randint(1, 3)),
            "goals_worked": rng.sample(GOALS, rng.randint(0, 2)) or None,
            "changes": rng.choice(["yes", "no", "yes", None]),
            "recommend": rng.randint(0, 10),
            "years": rng.randint(0, 30),
            "comments": rng.choice(["Good workshops", "More time please", "=cmd()", None]),
        }
        if municipalities:
            person["municipality"] = rng.choice(list(municipalities))
        people.append(person)
    return people


def results_survey(organisation: Organisation) -> Survey:
    """A survey of the organisation with twelve generated responses, made once."""
    title = f"Results of {organisation.name}"
    found = Survey.objects.filter(organisation=organisation, title=title).first()
    if found is None:
        found = make_survey(organisation=organisation, title=title)
        add_responses(found, generated(12))
    return found
