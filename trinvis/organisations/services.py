"""Writes to organisations and memberships. Each checks its rule, saves, and audits."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations import tasks
from trinvis.organisations.access import scope_for, scope_forget
from trinvis.organisations.models import Membership, Organisation

ORGANISATION_FIELDS = ("name", "kind", "country", "municipality_number", "population", "unit_type")


@transaction.atomic
def organisation_create(
    *, by: User | None, parent: Organisation | None, request: Any = None, **fields: Any
) -> Organisation:
    organisation = Organisation(parent=parent, **fields)
    organisation.full_clean()
    organisation.save()
    organisation.path = f"{parent.path if parent else '/'}{organisation.pk}/"
    organisation.depth = parent.depth + 1 if parent else 0
    organisation.save(update_fields=["path", "depth"])
    _audit_organisation(organisation, by=by, request=request, change="created")
    if by is not None:
        scope_forget(by)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: User, request: Any = None, **fields: Any
) -> Organisation:
    # Compare with the stored row: a ModelForm bound to `organisation` has already set the new
    # values on it, and comparing with those would find nothing to save.
    stored = Organisation.objects.get(pk=organisation.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    if "require_two_factor" in changed and not scope_for(by).is_administrator_of(organisation.pk):
        raise ValidationError(
            {"require_two_factor": _("Only an administrator may change two-factor login.")}
        )
    for name in changed:
        setattr(organisation, name, fields[name])
    organisation.full_clean()
    organisation.save(update_fields=[*changed, "updated_at"])
    if changed:
        _audit_organisation(organisation, by=by, request=request, change="changed", fields=changed)
    return organisation


def _audit_organisation(
    organisation: Organisation, *, by: User | None, request: Any, change: str, fields: Any = ()
) -> None:
    audit_record(
        action=AuditEvent.Action.ORGANISATION_CHANGED,
        actor=by,
        request=request,
        organisation_id=organisation.pk,
        target=organisation.name,
        details={"change": change, "fields": list(fields)},
    )


def _check_may_grant(*, by: User, organisation: Organisation, role: str) -> None:
    if role not in scope_for(by).grantable_roles(organisation.pk):
        raise ValidationError(
            {
                "role": _("You may not give the role “%(role)s” here.")
                % {"role": Membership.Role(role).label}
            }
        )


@transaction.atomic
def membership_invite(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    by: User,
    base_url: str,
    request: Any = None,
) -> Membership:
    """Add a person to an organisation; a new person gets an e-mail to choose a password."""
    _check_may_grant(by=by, organisation=organisation, role=role)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    is_new_user = user is None
    if user is None:
        user = User(email=email, full_name=full_name.strip(), language=by.language)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is not None and membership.is_active:
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of %(organisation)s.")
                % {"email": email, "organisation": organisation.name}
            }
        )
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role, invited_by=by)
    membership.role = role
    membership.is_active = True
    membership.full_clean()
    membership.save()
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_record(
        action=AuditEvent.Action.PERSON_INVITED,
        actor=by,
        request=request,
        organisation_id=organisation.pk,
        target=email,
        details={"role": role, "new_account": is_new_user},
    )
    if is_new_user or not user.has_usable_password():
        invitation_send_after_commit(user=user, organisation=organisation, by=by, base_url=base_url)
    return membership


def invitation_send_after_commit(
    *, user: User, organisation: Organisation, by: User, base_url: str
) -> None:
    """Queue the invitation e-mail once the transaction that added the person commits."""
    transaction.on_commit(
        lambda: tasks.send_invitation.enqueue(
            user_id=user.pk,
            organisation_name=organisation.name,
            inviter_name=by.full_name or by.email,
            base_url=base_url,
        )
    )


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, by: User, request: Any = None
) -> Membership:
    if membership.user_id == by.pk:
        raise ValidationError({"role": _("You cannot change your own role. Ask another leader.")})
    _check_may_grant(by=by, organisation=membership.organisation, role=role)
    if Membership.Role.ADMINISTRATOR in (membership.role, role):
        # Taking administrator rights away also needs an administrator.
        _check_may_grant(by=by, organisation=membership.organisation, role=membership.role)
    previous = membership.role
    if previous == role:
        return membership
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        action=AuditEvent.Action.ROLE_CHANGED,
        actor=by,
        request=request,
        organisation_id=membership.organisation_id,
        target=membership.user.email,
        details={"from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_set_active(
    *, membership: Membership, active: bool, by: User, request: Any = None
) -> Membership:
    """Deactivate or reactivate a membership; a person with no active membership cannot log in."""
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot deactivate yourself. Ask another leader."))
    if membership.role == Membership.Role.ADMINISTRATOR and not scope_for(by).is_administrator_of(
        membership.organisation_id
    ):
        raise ValidationError(
            _("Only an administrator may deactivate or reactivate an administrator.")
        )
    if membership.is_active == active:
        return membership
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    user = membership.user
    has_other = user.memberships.filter(is_active=True).exists()
    if user.is_active != (active or has_other) and not user.is_superuser:
        user.is_active = active or has_other
        user.save(update_fields=["is_active"])
    audit_record(
        action=(
            AuditEvent.Action.MEMBERSHIP_REACTIVATED
            if active
            else AuditEvent.Action.MEMBERSHIP_DEACTIVATED
        ),
        actor=by,
        request=request,
        organisation_id=membership.organisation_id,
        target=user.email,
    )
    return membership
