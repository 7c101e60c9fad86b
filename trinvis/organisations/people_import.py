"""CSV import of people (name, e-mail, unit, role): all rows are checked before any is saved.

The file may come from Excel in any of our languages: UTF-8 with or without BOM, separated by
comma, semicolon or tab, with headers and role names in Danish, Norwegian or English.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import invitation_send_after_commit

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
COLUMNS = ("name", "email", "unit", "role")
HEADER_ALIASES = {
    "name": {"name", "navn", "full name", "fulde navn", "fullt navn"},
    "email": {"email", "e-mail", "e-mail address", "epost", "e-post", "e-postadresse", "mail"},
    "unit": {"unit", "enhed", "enhet", "organisation", "organisasjon"},
    "role": {"role", "rolle"},
}
# Role names as people write them, whether or not the translation catalogues are compiled
# and whatever wording the translators choose for the labels.
ROLE_ALIASES = {
    "employee": {"medarbejder", "medarbeider", "ansat", "ansatt"},
    "leader": {"leder", "leiar"},
    "development_consultant": {"udviklingskonsulent", "utviklingskonsulent"},
    "contact_person": {"kontaktperson"},
    "facilitator": {"facilitator", "fasilitator"},
    "administrator": {"administrator"},
}


class ImportFailed(Exception):
    """The file was refused; `errors` lists (line number or None, message)."""

    def __init__(self, errors: list[tuple[int | None, str]]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class PlannedRow:
    line: int
    name: str
    email: str
    organisation: Organisation
    role: str


@dataclass
class ImportResult:
    created_people: int = 0
    added_memberships: int = 0
    changed_roles: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added_memberships + self.changed_roles + self.unchanged


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            [(None, _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”."))]
        ) from None


def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for language in ("da", "nb", "en"):
        with translation.override(language):
            for role in Membership.Role:
                lookup[str(role.label).casefold()] = role.value
    lookup.update({role.value: role.value for role in Membership.Role})
    lookup.update({alias: value for value, aliases in ROLE_ALIASES.items() for alias in aliases})
    return lookup


def _header_map(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().casefold()
        for column, aliases in HEADER_ALIASES.items():
            if name in aliases:
                positions[column] = index
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        labels = {"name": _("name"), "email": _("e-mail"), "unit": _("unit"), "role": _("role")}
        raise ImportFailed(
            [
                (
                    1,
                    _("The first line has no column for %(column)s. Accepted names: %(names)s.")
                    % {
                        "column": labels[column],
                        "names": ", ".join(sorted(HEADER_ALIASES[column])),
                    },
                )
                for column in missing
            ]
        )
    return positions


def parse_people_csv(*, data: bytes, organisation: Organisation, by: User) -> list[PlannedRow]:
    """Check every row; raise ImportFailed with all problems, or return the rows to save."""
    if len(data) > MAX_BYTES:
        raise ImportFailed([(None, _("The file is larger than 2 MB."))])
    text = _decode(data)
    if not text.strip():
        raise ImportFailed([(None, _("The file is empty."))])
    try:
        dialect: Any = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    positions = _header_map(next(reader))

    units: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.filter(path__startswith=organisation.path):
        units.setdefault(org.name.strip().casefold(), []).append(org)
    roles = _role_lookup()
    scope = scope_for(by)
    errors: list[tuple[int | None, str]] = []
    planned: list[PlannedRow] = []
    seen_emails: dict[str, int] = {}

    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(planned) + len(errors) >= MAX_ROWS:
            errors.append(
                (
                    line,
                    _("The file has more than %(max)s rows.")
                    % {"max": number_format(MAX_ROWS, force_grouping=True)},
                )
            )
            break
        cells = {
            column: (row[i].strip() if i < len(row) else "") for column, i in positions.items()
        }
        row_errors: list[str] = []
        if not cells["name"]:
            row_errors.append(_("The name is missing"))
        email = cells["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            row_errors.append(_("“%(email)s” is not a valid e-mail address") % {"email": email})
        else:
            if email in seen_emails:
                row_errors.append(
                    _("%(email)s is already on line %(line)s")
                    % {"email": email, "line": seen_emails[email]}
                )
            seen_emails.setdefault(email, line)
        unit_key = cells["unit"].casefold()
        matches = [organisation] if not unit_key else units.get(unit_key, [])
        target = matches[0] if len(matches) == 1 else None
        if not matches:
            row_errors.append(
                _("There is no unit called “%(unit)s” in %(organisation)s")
                % {"unit": cells["unit"], "organisation": organisation.name}
            )
        elif target is None:
            row_errors.append(
                _("More than one unit is called “%(unit)s”") % {"unit": cells["unit"]}
            )
        role = roles.get(cells["role"].casefold())
        if role is None:
            row_errors.append(_("“%(role)s” is not a role") % {"role": cells["role"]})
        elif target is not None and role not in scope.grantable_roles(target.pk):
            row_errors.append(
                _("You may not give the role “%(role)s”") % {"role": Membership.Role(role).label}
            )
        if row_errors:
            errors.append((line, "; ".join(row_errors) + "."))
        else:
            assert target is not None and role is not None
            planned.append(PlannedRow(line, cells["name"], email, target, role))
    errors.extend(_changes_not_allowed(planned, by=by))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda error: error[0] or 0))
    if not planned:
        raise ImportFailed([(None, _("The file has no people in it."))])
    return planned


def _changes_not_allowed(planned: list[PlannedRow], *, by: User) -> list[tuple[int | None, str]]:
    """Rows changing a membership the importer may not change, by membership_change_role's rules."""
    existing = {
        (m.user.email.lower(), m.organisation_id): m
        for m in Membership.objects.filter(
            user__email__in=[row.email for row in planned],
            organisation__in={row.organisation.pk for row in planned},
        ).select_related("user")
    }
    scope = scope_for(by)
    errors: list[tuple[int | None, str]] = []
    for row in planned:
        membership = existing.get((row.email, row.organisation.pk))
        if membership is None or (membership.role == row.role and membership.is_active):
            continue
        if membership.user_id == by.pk:
            errors.append((row.line, _("You cannot change your own role. Ask another leader.")))
        elif membership.role not in scope.grantable_roles(row.organisation.pk):
            errors.append(
                (
                    row.line,
                    _("Only an administrator may change the role of %(email)s.")
                    % {"email": row.email},
                )
            )
    return errors


@transaction.atomic
def people_import(
    *, organisation: Organisation, data: bytes, by: User, base_url: str, request: Any = None
) -> ImportResult:
    """Import all rows or none. New people get an invitation e-mail after the import commits."""
    rows = parse_people_csv(data=data, organisation=organisation, by=by)
    result = ImportResult()
    users = {u.email.lower(): u for u in User.objects.filter(email__in=[r.email for r in rows])}
    memberships = {
        (m.user_id, m.organisation_id): m
        for m in Membership.objects.filter(
            user__in=users.values(), organisation__in={r.organisation for r in rows}
        )
    }
    for row in rows:
        user = users.get(row.email)
        if user is None:
            user = User(email=row.email, full_name=row.name, language=by.language)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            users[row.email] = user
            result.created_people += 1
        elif not user.is_active:
            # Deactivated when their last membership was; the import makes them a member again.
            user.is_active = True
            user.save(update_fields=["is_active"])
        membership = memberships.get((user.pk, row.organisation.pk))
        if membership is None:
            Membership.objects.create(
                user=user, organisation=row.organisation, role=row.role, invited_by=by
            )
            result.added_memberships += 1
            if not user.has_usable_password():
                invitation_send_after_commit(
                    user=user, organisation=row.organisation, by=by, base_url=base_url
                )
        elif membership.role != row.role or not membership.is_active:
            membership.role = row.role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active", "updated_at"])
            result.changed_roles += 1
        else:
            result.unchanged += 1
    audit_record(
        action=AuditEvent.Action.PEOPLE_IMPORTED,
        actor=by,
        request=request,
        organisation_id=organisation.pk,
        target=organisation.name,
        details={
            "rows": len(rows),
            "created_people": result.created_people,
            "added_memberships": result.added_memberships,
            "changed_roles": result.changed_roles,
        },
    )
    return result
