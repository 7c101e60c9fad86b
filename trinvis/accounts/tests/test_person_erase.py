"""Erasing a person: what only describes them goes, what figures are counted from stays
without their name, the account can no longer be used, and the audit log says who erased
whom and when — not what was erased."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import PASSWORD, add_member
from trinvis.accounts.models import User
from trinvis.accounts.personal_data.erase import (
    PERSON_ERASED,
    erase_preview,
    erase_refusal,
    person_erase,
)
from trinvis.accounts.tests.factories_personal_data import (
    BOBS_ANSWER,
    BOBS_COMMENT,
    bob_with_data,
)
from trinvis.accounts.tests.helpers import is_logged_in, log_in
from trinvis.competences.models import Assessment, Rating
from trinvis.competences.selectors import round_matrix
from trinvis.core.models import AuditEvent
from trinvis.learning.models import (
    Enrolment,
    FollowUp,
    LearningGoal,
    LearningPreferences,
    LogbookEntry,
    MotivationCheck,
)
from trinvis.organisations.models import Membership
from trinvis.programmes.models import CourseEnrolment, WorkshopParticipant
from trinvis.surveys import selectors as survey_selectors
from trinvis.surveys.models import Answer, Invitation, Response


def _survey_figures(survey):
    return (
        survey_selectors.aggregates(survey=survey),
        survey_selectors.aggregates(survey=survey, by="role"),
        survey_selectors.response_counts(survey=survey),
    )


def _matrix_figures(round):
    matrix = round_matrix(round=round)
    return (
        matrix.assessed,
        # The columns follow the names, and the erased person's name changes: compare the
        # levels as a collection.
        [(row.competence.pk, sorted(map(str, row.levels)), row.figures) for row in matrix.rows],
        matrix.needs,
    )


def test_survey_results_and_competence_figures_are_the_same_after_the_erasure(world):
    data = bob_with_data(world)
    survey_before = _survey_figures(data.survey)
    matrix_before = _matrix_figures(data.round)

    person_erase(by=world.admin, person=world.bob)

    assert _survey_figures(data.survey) == survey_before
    assert _matrix_figures(data.round) == matrix_before


def test_records_only_about_the_person_are_deleted(world):
    bob_with_data(world)
    bob = world.bob

    person_erase(by=world.admin, person=bob)

    assert not LearningGoal.objects.filter(person=bob).exists()
    assert not LogbookEntry.objects.filter(author=bob).exists()
    assert not MotivationCheck.objects.filter(person=bob).exists()
    assert not FollowUp.objects.filter(person=bob).exists()
    assert not LearningPreferences.objects.filter(person=bob).exists()
    assert not Membership.objects.filter(user=bob).exists()


def test_figures_stay_and_the_texts_about_the_person_go(world):
    bob_with_data(world)
    bob = world.bob
    levels = sorted(Rating.objects.filter(assessment__person=bob).values_list("level", flat=True))

    person_erase(by=world.admin, person=bob)

    ratings = Rating.objects.filter(assessment__person=bob)
    assert sorted(ratings.values_list("level", flat=True)) == levels
    assert not ratings.exclude(comment="", evidence="").exists()
    assert not Rating.objects.filter(comment=BOBS_COMMENT).exists()
    enrolment = CourseEnrolment.objects.get(person=bob)
    assert (enrolment.purpose, enrolment.position, enrolment.experience_years) == ("", "", None)
    assert Enrolment.objects.filter(person=bob).exists()
    place = WorkshopParticipant.objects.get(user=bob)
    assert (place.name, place.email, place.position) == (f"Erased person #{bob.pk}", "", "")


def test_survey_answers_are_cut_loose_from_the_person_and_the_invitation(world):
    data = bob_with_data(world)
    bob = world.bob
    response = Response.objects.get(user=bob)

    person_erase(by=world.admin, person=bob)

    response.refresh_from_db()
    assert (response.user_id, response.invitation_id) == (None, None)
    assert Answer.objects.filter(response=response, text=BOBS_ANSWER).exists()
    invitation = Invitation.objects.get(survey=data.survey, user=bob)
    assert invitation.token_hash == f"erased-{invitation.pk}"
    # Nothing leads from the person to the answers any more.
    assert not Response.objects.filter(user=bob).exists()
    assert not Response.objects.filter(invitation__user=bob).exists()


def test_the_account_is_anonymised_and_closed(world):
    bob = world.bob

    person_erase(by=world.admin, person=bob)

    erased = User.objects.get(pk=bob.pk)
    assert erased.full_name == f"Erased person #{bob.pk}"
    assert erased.email == f"erased-{bob.pk}@erased.invalid"
    assert not erased.is_active
    assert not erased.has_usable_password()
    assert erased.language == ""
    browser = Client()
    log_in(browser, "bob@example.org", PASSWORD)
    assert not is_logged_in(browser)


def test_other_peoples_data_is_untouched(world):
    bob_with_data(world)
    charlie_before = Response.objects.get(user=world.charlie)

    person_erase(by=world.admin, person=world.bob)

    assert LogbookEntry.objects.filter(author=world.charlie).count() == 1
    assert Response.objects.get(user=world.charlie).pk == charlie_before.pk
    alice_rated = Assessment.objects.filter(assessor=world.alice).count()
    assert alice_rated == 6  # the leader's assessments of bob and his five colleagues stay


def test_the_audit_log_says_who_erased_whom_and_not_what(world):
    bob_with_data(world)
    bob_pk = world.bob.pk

    person_erase(by=world.admin, person=world.bob)

    event = AuditEvent.objects.get(action=PERSON_ERASED)
    assert event.actor == world.admin
    assert event.target == f"Erased person #{bob_pk}"
    assert event.details["person"] == bob_pk
    assert event.details["rows"]["logbook"] == 2
    written = str(event.details) + event.target
    assert "bob@example.org" not in written
    assert "Bob Employee" not in written
    assert "Logbook entry" not in written


def test_preview_counts_what_erasure_touches(world):
    bob_with_data(world)

    preview = {line.source.key: line.count for line in erase_preview(person=world.bob)}

    assert preview["logbook"] == 2
    assert preview["competence_ratings"] == 10
    assert preview["account"] == 1
    assert "implementation_tasks" not in preview  # nothing there: not listed


def test_an_administrator_cannot_erase_themself(world):
    with pytest.raises(ValidationError, match="cannot erase yourself"):
        person_erase(by=world.admin, person=world.admin)
    assert User.objects.get(pk=world.admin.pk).is_active


def test_an_administrator_cannot_be_erased(world):
    other_admin = User.objects.create_superuser(
        email="root@example.org", password=PASSWORD, full_name="Rose Root"
    )
    with pytest.raises(ValidationError, match="is an administrator"):
        person_erase(by=world.admin, person=other_admin)


def test_an_organisations_administrator_cannot_be_erased(world):
    add_member(world.charlie, world.municipality_b, Membership.Role.ADMINISTRATOR)

    assert "administrator" in (erase_refusal(by=world.admin, person=world.charlie) or "")
    with pytest.raises(ValidationError):
        person_erase(by=world.admin, person=world.charlie)
    assert User.objects.get(pk=world.charlie.pk).email == "charlie@example.org"


def test_only_a_platform_administrator_erases(world):
    with pytest.raises(ValidationError, match="Only a platform administrator"):
        person_erase(by=world.alice, person=world.bob)
    assert User.objects.get(pk=world.bob.pk).is_active


def test_an_erased_person_is_not_erased_twice(world):
    person_erase(by=world.admin, person=world.bob)

    with pytest.raises(ValidationError, match="already erased"):
        person_erase(by=world.admin, person=User.objects.get(pk=world.bob.pk))
    assert AuditEvent.objects.filter(action=PERSON_ERASED).count() == 1
