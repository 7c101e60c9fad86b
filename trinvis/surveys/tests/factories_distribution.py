"""A small SØM-like questionnaire and surveys of it, for the distribution and answer tests.

Pages of the questionnaire (forms.AnswerPlan): 1. "changes" (yes/no, required); 2. the
follow-up "what_changed" (only if changes = yes, required) and "goals" (multiple choice);
3. a matrix "benefit" of two Likert items (the first required), "recommend" (0–10, only
if a goal "jobs" was chosen) and "age" (a number below 120); a note.
"""

from typing import Any

from trinvis.organisations.models import Organisation
from trinvis.surveys.models import Invitation, Questionnaire, Survey
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.services_responses import survey_create
from trinvis.surveys.tasks import token_hash
from trinvis.surveys.xlsform import (
    Choice,
    ChoiceList,
    MatrixItem,
    Question,
    QuestionType,
    Section,
    likert_choice_list,
)
from trinvis.surveys.xlsform import Questionnaire as Definition

TITLE = "Participant survey (test)"
BOB_TOKEN = "bob-known-token-for-tests-0123456789"


def _t(en: str, da: str = "") -> dict[str, str]:
    return {"en": en, "da": da or f"{en} (da)"}


def definition() -> Definition:
    yes_no = ChoiceList("yes_no", (Choice("yes", _t("Yes", "Ja")), Choice("no", _t("No", "Nej"))))
    goals = ChoiceList(
        "goals",
        (
            Choice("jobs", _t("Jobs")),
            Choice("language", _t("Language")),
            Choice("other", _t("Other")),
        ),
    )
    return Definition(
        title=TITLE,
        default_language="en",
        languages=("en", "da"),
        choice_lists=(yes_no, goals, likert_choice_list(languages=("en", "da"))),
        items=(
            Section(
                "about",
                _t("About the programme", "Om forløbet"),
                items=(
                    Question(
                        "changes",
                        QuestionType.SINGLE_CHOICE,
                        _t("Did you see changes?", "Så du ændringer?"),
                        required=True,
                        choice_list="yes_no",
                    ),
                    Question(
                        "what_changed",
                        QuestionType.LONG_TEXT,
                        _t("What changed?"),
                        hints=_t("A few words are enough."),
                        required=True,
                        relevant="${changes} = 'yes'",
                    ),
                    Question(
                        "goals",
                        QuestionType.MULTIPLE_CHOICE,
                        _t("Which goals did you set?"),
                        choice_list="goals",
                    ),
                ),
            ),
            Section(
                "rating",
                _t("Your rating"),
                items=(
                    Question("intro", QuestionType.NOTE, _t("Rate the programme.")),
                    Question(
                        "benefit",
                        QuestionType.MATRIX,
                        _t("How much did you benefit?"),
                        choice_list="extent",
                        items=(
                            MatrixItem("useful", _t("It was useful"), required=True),
                            MatrixItem("relevant", _t("It was relevant")),
                        ),
                    ),
                    Question(
                        "recommend",
                        QuestionType.SCALE_0_10,
                        _t("Would you recommend it?"),
                        relevant="selected(${goals}, 'jobs')",
                    ),
                    Question(
                        "age",
                        QuestionType.INTEGER,
                        _t("Your age"),
                        constraint=". < 120",
                        constraint_messages=_t("Enter an age below 120."),
                    ),
                ),
            ),
        ),
    )


def make_questionnaire(organisation: Organisation | None) -> Questionnaire:
    found = Questionnaire.objects.filter(organisation=organisation, title=TITLE).first()
    return found or questionnaire_create(
        by=None, organisation=organisation, definition=definition()
    )


def make_survey(organisation: Organisation, *, mode: str = "personal", title: str = "") -> Survey:
    title = title or f"{TITLE} · {organisation.name} · {mode}"
    found = Survey.objects.filter(organisation=organisation, title=title).first()
    if found:
        return found
    return survey_create(
        by=None,
        questionnaire=make_questionnaire(organisation),
        organisation=organisation,
        title=title,
        mode=mode,
    )


def invite_with_token(survey: Survey, user: Any, token: str) -> Invitation:
    """An invitation whose link token is known (only its hash is stored, as always)."""
    invitation, _created = Invitation.objects.get_or_create(
        survey=survey, user=user, defaults={"token_hash": token_hash(token)}
    )
    return invitation
