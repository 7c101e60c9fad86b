"""Who may see and change questionnaires, surveys and their results.

- The library (questionnaires without an organisation) is read by every logged-in user; an
  organisation's own questionnaires by the people with detail access to it.
- Surveys belong to an organisation: its survey roles (leader, administrator, development
  consultant, and facilitator: agencies run surveys across their municipalities) create and
  manage them; everyone with detail access to the organisation reads their results, which
  are figures only, with small groups suppressed.
- Answers are personal only as far as a respondent's own response goes: a respondent sees
  and deletes their own non-anonymous responses; nobody else sees a response as a whole.

Views answer 404 outside this and 403 for a write by a role that may only read.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trinvis.organisations.access import WRITE_ROLES, Role, scope_for
from trinvis.organisations.models import Organisation
from trinvis.surveys.models import Questionnaire, Survey

SURVEY_ROLES = WRITE_ROLES | {Role.FACILITATOR}


def may_manage_surveys_in(*, user: Any, organisation_id: int) -> bool:
    return bool(scope_for(user).roles_in(organisation_id) & SURVEY_ROLES)


def organisations_for_surveys(*, user: Any) -> QuerySet[Organisation]:
    """The organisations where the user may create questionnaires and surveys."""
    scope = scope_for(user)
    ids = [org_id for org_id, roles in scope.detail_roles.items() if roles & SURVEY_ROLES]
    return Organisation.objects.filter(pk__in=ids).order_by("path")


def questionnaires_for_user(*, user: Any) -> QuerySet[Questionnaire]:
    scope = scope_for(user)
    questionnaires = Questionnaire.objects.select_related("organisation")
    if scope.is_platform_admin:
        return questionnaires
    return questionnaires.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=scope.detail_ids)
    )


def questionnaire_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Questionnaire:
    """A questionnaire for a view; the library's are never written (copy them first)."""
    found = questionnaires_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    if write and (
        found.organisation_id is None
        or not may_manage_surveys_in(user=user, organisation_id=found.organisation_id)
    ):
        raise PermissionDenied
    return found


def surveys_for_user(*, user: Any) -> QuerySet[Survey]:
    scope = scope_for(user)
    surveys = Survey.objects.select_related("questionnaire", "organisation")
    if scope.is_platform_admin:
        return surveys
    return surveys.filter(organisation_id__in=scope.detail_ids)


def survey_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Survey:
    found = surveys_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    if write and not may_manage_surveys_in(user=user, organisation_id=found.organisation_id):
        raise PermissionDenied
    return found


def may_manage_survey(*, user: Any, survey: Survey) -> bool:
    return may_manage_surveys_in(user=user, organisation_id=survey.organisation_id)
