"""Erasing a person: a platform administrator removes what Trinvis holds about someone.

Every source in sources.py says what happens to its rows (deleted, anonymised or kept) and
why; this service applies those decisions in one transaction and anonymises the account
last: "Erased person #id", an address at a reserved domain nobody receives mail at, no
usable password, inactive. Whatever the group figures are counted from stays, so survey
results and competence figures read the same before and after.

The account itself stays rather than being deleted: rows that are kept (survey invitations,
round membership, shared plans) point at it, and a deletion would cascade into them.

Where other people's texts name the person, the name and e-mail address are replaced
(mentions.py).

The audit log records the erasure — who, when, how many rows per source and how many texts
per model named them — and not what was erased.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.accounts.personal_data.mentions import mentions_erase
from trinvis.accounts.personal_data.registry import Erase, Source
from trinvis.accounts.personal_data.sources import ERASED_DOMAIN, REGISTRY, erased_name
from trinvis.core.models import AuditEvent
from trinvis.core.services import client_ip

PERSON_ERASED = AuditEvent.Action.PERSON_ERASED


@dataclass(frozen=True)
class PreviewLine:
    """One source of the person's data and how many of its rows erasure touches."""

    source: Source
    count: int


def is_erased(person: User) -> bool:
    return person.email.endswith("@" + ERASED_DOMAIN)


def _is_administrator(person: User) -> bool:
    membership = apps.get_model("organisations", "Membership")
    return (
        person.is_superuser
        or person.is_staff
        or membership.objects.filter(user=person, role="administrator", is_active=True).exists()
    )


def erase_refusal(*, by: User, person: User) -> str | None:
    """Why `by` may not erase `person`, or None when they may."""
    if not by.is_superuser:
        return _("Only a platform administrator can erase a person.")
    if person.pk == by.pk:
        return _("You cannot erase yourself. Ask another administrator to do it.")
    if is_erased(person):
        return _("This person is already erased.")
    if _is_administrator(person):
        return _(
            "%(name)s is an administrator. Take away their administrator rights first, "
            "then erase them."
        ) % {"name": person.full_name or person.email}
    return None


def erase_preview(*, person: User) -> list[PreviewLine]:
    """The sources that hold something about the person, with their counts: one count
    query per source."""
    lines = [PreviewLine(source, source.rows(person).count()) for source in REGISTRY.sources]
    return [line for line in lines if line.count]


def _apply(source: Source, person: User) -> int:
    rows = source.rows(person)
    if source.erase is Erase.DELETE:
        count = rows.count()
        rows.delete()
        return count
    if source.erase is Erase.ANONYMISE:
        assert source.clear is not None
        return rows.update(**source.clear(person))
    return rows.count()


def _anonymise_account(person: User) -> None:
    person.full_name = erased_name(person)
    person.email = f"erased-{person.pk}@{ERASED_DOMAIN}"
    person.language = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.last_login = None
    # A new password hash also ends every session the person still has.
    person.set_unusable_password()
    person.full_clean()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


@transaction.atomic
def person_erase(*, by: User, person: User, request: HttpRequest | None = None) -> dict[str, int]:
    """Erase the person as the sources decide; returns the rows touched per source key.
    Raises ValidationError when `by` may not (erase_refusal)."""
    person = User.objects.select_for_update().get(pk=person.pk)
    refusal = erase_refusal(by=by, person=person)
    if refusal:
        raise ValidationError(refusal)
    touched: dict[str, int] = {}
    # The account last: some sources find the person's rows by their e-mail address.
    for source in REGISTRY.sources:
        if source.erase is Erase.ACCOUNT:
            continue
        count = _apply(source, person)
        if count:
            touched[source.key] = count
    # Before the account: the texts are searched for its name and address.
    mentions = mentions_erase(person=person)
    _anonymise_account(person)
    AuditEvent.objects.create(
        action=PERSON_ERASED,
        actor=by,
        actor_label=by.email,
        ip_address=client_ip(request),
        target=person.full_name,
        details={"person": person.pk, "rows": touched, "mentions": mentions},
    )
    return touched
