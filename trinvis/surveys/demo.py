"""Demo data: the agency's participant survey after the workshops, with simulated answers.

The agency (fiona's organisation) sends the library's participant survey to the demo
people of both municipalities; about four in five answer. The answers are simulated with a
seeded Random, so every load gives the same results. The role breakdown has small groups
(one development consultant, one contact person) that the results page suppresses.
"""

import datetime
import hashlib
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys.models import Answer, Invitation, Question, Questionnaire, Response, Survey

LIBRARY_SLUG = "participant-survey"
TITLE = "Deltakerundersøkelse etter fagsamlingene (demo)"
SEED = 44
ANSWER_SHARE = 0.8
# Weights for the Likert points 1–5 and "don't know": mostly positive, as in SØM.
LIKERT_WEIGHTS = (1, 3, 8, 12, 7, 1)
TEXTS = {
    "da": ["Mere tid til gruppearbejde.", "Godt at møde de andre kommuner.", "Svært at følge op."],
    "nb": [
        "Mer tid til gruppearbeid.",
        "Nyttig å møte de andre kommunene.",
        "Vanskelig å følge opp.",
    ],
    "en": ["More time for group work.", "Good to meet the other municipalities."],
}
UNIT_OPTION = {"employment": "nav", "adult_education": "adult_education"}


def _questionnaire() -> Questionnaire | None:
    found = Questionnaire.objects.filter(organisation__isnull=True, slug=LIBRARY_SLUG).first()
    if found is None:
        from trinvis.surveys.library import questionnaires_load

        questionnaires_load()
        found = Questionnaire.objects.filter(organisation__isnull=True, slug=LIBRARY_SLUG).first()
    return found


def participants(agency: Organisation) -> list[User]:
    """The demo people in the municipalities below the agency, by e-mail for a fixed order."""
    return list(
        User.objects.filter(
            memberships__organisation__path__startswith=agency.path,
            memberships__organisation__kind__in=[
                Organisation.Kind.MUNICIPALITY,
                Organisation.Kind.UNIT,
                Organisation.Kind.TEAM,
            ],
            memberships__is_active=True,
        )
        .distinct()
        .order_by("email")
    )


def _options(question: Question) -> list[str]:
    return [choice["name"] for choice in question.choices]


def _answers(
    rng: random.Random, questions: list[Question], attributes: dict[str, Any], language: str
) -> dict[str, Any]:
    """One respondent's answers; follow-up questions only where the skip logic asks them."""
    values: dict[str, Any] = {}
    for question in questions:
        key, options = question.key, _options(question)
        if key == "role":
            values[key] = "leader" if attributes.get("role") == "leader" else "employee"
        elif key == "unit":
            values[key] = UNIT_OPTION.get(attributes.get("unit_type", ""), "other")
        elif key == "contact_person":
            values[key] = "yes" if attributes.get("contact_person") else "no"
        elif key == "worked_further":
            values[key] = "yes" if rng.random() < 0.77 else "no"
        elif key == "reasons_not":
            if values.get("worked_further") == "no":
                values[key] = rng.sample(options, rng.randint(1, 2))
        elif key == "seen_changes":
            values[key] = "yes" if rng.random() < 0.44 else "no"
        elif key.startswith("change_") and values.get("seen_changes") != "yes":
            continue
        elif key == "goals_worked_on":
            chosen = [o for o in values.get("goals_set", []) if rng.random() < 0.7]
            if rng.random() < 0.77 and chosen:
                values[key] = chosen
        elif question.kind == "likert":
            values[key] = rng.choices(options, weights=LIKERT_WEIGHTS[: len(options)])[0]
        elif question.kind == "multiple_choice":
            values[key] = rng.sample(options, rng.randint(1, min(3, len(options))))
        elif question.kind == "single_choice" and options:
            values[key] = rng.choice(options)
        elif question.kind in ("long_text", "short_text") and rng.random() < 0.5:
            values[key] = rng.choice(TEXTS.get(language, TEXTS["en"]))
    return values


def _answer_rows(
    response: Response, questions: dict[str, Question], values: dict[str, Any]
) -> list[Answer]:
    rows = []
    for key, value in values.items():
        question = questions[key]
        if isinstance(value, list):
            rows += [Answer(response=response, question=question, choice=v) for v in value]
        elif question.kind in ("long_text", "short_text"):
            rows.append(Answer(response=response, question=question, text=value))
        else:
            rows.append(Answer(response=response, question=question, choice=value))
    return rows


def simulate_answers(
    survey: Survey, *, seed: int = SEED, share: float = ANSWER_SHARE, always: Any = ()
) -> int:
    """Answer the survey's open invitations as the invited people might: about `share` of
    them answer (everyone in `always`), with a seeded, realistic spread of answers. Returns
    the number of responses stored. Attributes are frozen as a real submission does."""
    from trinvis.surveys.services_responses import respondent_attributes

    questionnaire = survey.questionnaire
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position"))
    by_key = {question.key: question for question in questions}
    always_ids = {user.pk for user in always}
    rng = random.Random(seed)
    now = timezone.now()
    answers: list[Answer] = []
    invitations = (
        survey.invitations.filter(response__isnull=True)
        .select_related("user")
        .order_by("user__email")
    )
    stored = 0
    for index, invitation in enumerate(invitations):
        user = invitation.user
        if user.pk not in always_ids and rng.random() > share:
            continue
        attributes = respondent_attributes(user=user, survey=survey)
        language = user.language or questionnaire.default_language
        response = Response.objects.create(
            survey=survey,
            invitation=invitation,
            user=user,
            language=language,
            submitted_at=now - datetime.timedelta(days=9, hours=index),
            **attributes,
        )
        answers += _answer_rows(response, by_key, _answers(rng, questions, attributes, language))
        stored += 1
    Answer.objects.bulk_create(answers)
    return stored


@demo.register(order=40)
@transaction.atomic
def load() -> None:
    agency = Organisation.objects.filter(name="Nordisk Integrationsnetværk (demo)").first()
    questionnaire = _questionnaire()
    if agency is None or questionnaire is None:
        return
    if Survey.objects.filter(organisation=agency, title=TITLE).exists():
        return
    fiona = User.objects.filter(email="fiona@example.org").first()
    survey = Survey.objects.create(
        questionnaire=questionnaire,
        organisation=agency,
        title=TITLE,
        wave="2025",
        mode=Survey.Mode.PERSONAL,
        minimum_group=5,
        opened_by=fiona,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    people = participants(agency)
    sent = timezone.now() - datetime.timedelta(days=10)
    Invitation.objects.bulk_create(
        Invitation(
            survey=survey,
            user=user,
            token_hash=hashlib.sha256(f"demo-{survey.pk}-{user.pk}".encode()).hexdigest(),
            sent_at=sent,
        )
        for user in people
    )
    # People in roles other than leader and employee always answer, so the small groups show.
    special = User.objects.filter(
        pk__in=[user.pk for user in people],
        memberships__role__in=[
            Membership.Role.CONTACT_PERSON,
            Membership.Role.DEVELOPMENT_CONSULTANT,
        ],
    )
    simulate_answers(survey, always=list(special))
