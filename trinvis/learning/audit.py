"""The audit trail of personal learning records: whenever someone other than the person
opens their goals, logbook, motivation checks or talks — on a page or through the API — it
is written to the audit log, so the person can learn who read what about them.

Shared by the pages (views/) and the JSON API (api_personal.py), so both log the same event
with the same details.
"""

from django.http import HttpRequest

from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record, client_ip
from trinvis.learning.selectors_personal import primary_organisation
from trinvis.organisations.models import Membership

# One event for every kind of record; the kind ("learning_goal", "follow_up", ...) and its
# id are in the details.
PERSONAL_RECORD_OPENED = AuditEvent.Action.LEARNING_RECORDS_VIEWED


def audit_opened(
    request: HttpRequest,
    *,
    person: User,
    record: str,
    pk: int | None = None,
    organisation_id: int | None = None,
) -> None:
    """Log that the user opened another person's personal learning record."""
    if request.user.pk == person.pk:
        return
    if organisation_id is None:
        organisation = primary_organisation(person)
        organisation_id = organisation.pk if organisation else None
    audit_record(
        action=PERSONAL_RECORD_OPENED,
        actor=request.user,
        request=request,
        organisation_id=organisation_id,
        target=person.email,
        details={"person": person.pk, "record": record, **({"pk": pk} if pk else {})},
    )


def audit_opened_list(request: HttpRequest, *, people: list[User], record: str) -> None:
    """Log one event per other person whose records a list page shows (a page of them), in
    two queries however many: each person sees that their shared entries were read."""
    viewer = request.user
    if not isinstance(viewer, User):
        return
    others = {person.pk: person for person in people if person.pk != viewer.pk}
    if not others:
        return
    first_organisation: dict[int, int] = {}
    memberships = (
        Membership.objects.filter(user_id__in=others, is_active=True)
        .order_by("created_at", "pk")
        .values_list("user_id", "organisation_id")
    )
    for user_id, organisation_id in memberships:
        first_organisation.setdefault(user_id, organisation_id)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=PERSONAL_RECORD_OPENED,
            actor=viewer,
            actor_label=viewer.email,
            ip_address=client_ip(request),
            organisation_id=first_organisation.get(pk),
            target=person.email[:254],
            subject=person,
            details={"person": pk, "record": record},
        )
        for pk, person in others.items()
    )
