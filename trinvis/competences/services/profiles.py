"""Create, change and import competence profiles with their competences.

A profile and its competences are saved together: `profile_update` takes the whole list of
competences as the form shows it (changed, new and left out = removed), checks the version
the form was opened on (optimistic locking) and writes everything or nothing.
"""

from collections.abc import Sequence

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.competences.interchange import CompetenceData, ProfileData
from trinvis.competences.models import Competence, Profile, Rating
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations.models import Organisation


class ProfileConflict(Exception):
    """Someone saved the profile after the form was opened; nothing was written."""

    def __init__(self, profile: Profile) -> None:
        super().__init__("profile changed since it was opened")
        self.profile = profile


def _text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser or file sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _check_thresholds(high: int, medium: int) -> None:
    if high < 1 or medium < 1 or high > medium:
        raise ValidationError(
            {
                "vulnerability_high_below": [
                    _(
                        "Choose whole numbers with 1 ≤ high ≤ medium: vulnerability is high "
                        "when fewer people than the first number meet the expected level, and "
                        "medium when fewer than the second do."
                    )
                ]
            }
        )


def _free_id_number(organisation: Organisation, wanted: str, *, exclude: int | None = None) -> str:
    base = (slugify(wanted) or "profile")[:90]
    profiles = Profile.objects.filter(organisation=organisation, id_number__startswith=base)
    if exclude is not None:
        profiles = profiles.exclude(pk=exclude)
    taken = set(profiles.values_list("id_number", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _id_number_taken(organisation: Organisation, id_number: str, *, exclude: int | None) -> bool:
    profiles = Profile.objects.filter(organisation=organisation, id_number=id_number)
    if exclude is not None:
        profiles = profiles.exclude(pk=exclude)
    return profiles.exists()


def _fill_profile(profile: Profile, data: ProfileData) -> None:
    _check_thresholds(data.vulnerability_high_below, data.vulnerability_medium_below)
    profile.name = data.name.strip()
    profile.applies_to = data.applies_to.strip()
    profile.description = _text(data.description)
    profile.strategy_goal = _text(data.strategy_goal)
    profile.vulnerability_high_below = data.vulnerability_high_below
    profile.vulnerability_medium_below = data.vulnerability_medium_below


def _competence_rows(profile: Profile, competences: Sequence[CompetenceData]) -> list[Competence]:
    """Unsaved competences in the order given (position = index), every row checked first."""
    problems: list[str] = []
    used = {c.id_number.strip() for c in competences if c.id_number.strip()}
    seen: set[str] = set()
    rows = []
    counter = 0
    for index, given in enumerate(competences):
        id_number = given.id_number.strip()
        if not id_number:
            counter += 1
            while f"c{counter}" in used:
                counter += 1
            id_number = f"c{counter}"
            used.add(id_number)
        elif id_number in seen:
            problems.append(
                _("Competence %(n)s: the ID number %(id)s is used twice.")
                % {"n": index + 1, "id": id_number}
            )
        seen.add(id_number)
        competence = Competence(
            pk=given.pk,
            profile=profile,
            category=given.category,
            name=given.name.strip(),
            description=_text(given.description),
            expected_level=given.expected_level,
            goal=_text(given.goal),
            id_number=id_number,
            position=index,
        )
        try:
            # Uniqueness is checked above, for the whole list at once.
            competence.full_clean(
                exclude=["profile"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                label = _field_label(field_name)
                for message in messages:
                    problems.append(
                        _("Competence %(n)s, %(field)s: %(message)s")
                        % {"n": index + 1, "field": label, "message": message}
                    )
        rows.append(competence)
    if problems:
        raise ValidationError({"competences": problems})
    return rows


def _field_label(name: str) -> str:
    try:
        return str(getattr(Competence._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _save_new(
    *, by: User, organisation: Organisation, data: ProfileData, refuse_duplicate_id: bool
) -> Profile:
    profile = Profile(organisation=organisation, created_by=by)
    _fill_profile(profile, data)
    wanted = data.id_number.strip()
    if wanted and refuse_duplicate_id and _id_number_taken(organisation, wanted, exclude=None):
        raise ValidationError(
            {
                "id_number": [
                    _(
                        "%(organisation)s already has a profile with the ID number %(id)s. "
                        "Change the existing profile instead, or give the file another ID "
                        "number."
                    )
                    % {"organisation": organisation.name, "id": wanted}
                ]
            }
        )
    profile.id_number = (
        wanted
        if wanted and not _id_number_taken(organisation, wanted, exclude=None)
        else _free_id_number(organisation, wanted or data.name)
    )
    profile.full_clean()
    profile.save()
    Competence.objects.bulk_create(_competence_rows(profile, data.competences))
    return profile


def _audit(*, by: User, profile: Profile, change: str, competences: int) -> None:
    audit_record(
        action=AuditEvent.Action.COMPETENCE_PROFILE_CHANGED,
        actor=by,
        organisation_id=profile.organisation_id,
        target=profile.name,
        details={"profile": profile.pk, "change": change, "competences": competences},
    )


@transaction.atomic
def profile_create(
    *, by: User, organisation: Organisation, data: ProfileData, source: str = "form"
) -> Profile:
    """A new profile; a blank or taken ID number becomes a free one made from the name.

    `source` says in the audit log where it came from ("form", "example").
    """
    profile = _save_new(by=by, organisation=organisation, data=data, refuse_duplicate_id=False)
    _audit(by=by, profile=profile, change=f"created ({source})", competences=len(data.competences))
    return profile


@transaction.atomic
def profile_import(*, by: User, organisation: Organisation, data: ProfileData) -> Profile:
    """A new profile from a read file (interchange). Refused when the organisation already
    has a profile with the file's ID number: importing the same framework twice."""
    profile = _save_new(by=by, organisation=organisation, data=data, refuse_duplicate_id=True)
    _audit(by=by, profile=profile, change="imported", competences=len(data.competences))
    return profile


@transaction.atomic
def profile_update(*, by: User, profile: Profile, base_version: int, data: ProfileData) -> Profile:
    """Save the profile's fields and its whole list of competences.

    A competence in `data` with a `pk` changes that competence, one without is new, and a
    saved competence left out is removed, unless it has ratings in any round: removing it
    would delete what people said about themselves, so the save is refused. `base_version`
    is the version the form was opened on; when someone saved since, `ProfileConflict` is
    raised and nothing is written.
    """
    current = Profile.objects.select_for_update().get(pk=profile.pk)
    if current.version != base_version:
        raise ProfileConflict(current)
    _fill_profile(current, data)
    wanted = data.id_number.strip()
    if wanted and _id_number_taken(current.organisation, wanted, exclude=current.pk):
        raise ValidationError(
            {
                "id_number": [
                    _("Another profile of the organisation has the ID number %(id)s.")
                    % {"id": wanted}
                ]
            }
        )
    current.id_number = wanted or _free_id_number(
        current.organisation, data.name, exclude=current.pk
    )
    current.version = base_version + 1
    current.full_clean()

    existing = {c.pk: c for c in Competence.objects.filter(profile=current)}
    kept = {given.pk for given in data.competences if given.pk is not None}
    if kept - existing.keys():
        raise ValidationError(
            {
                "competences": [
                    _(
                        "A competence in the form is no longer in the profile. Open the "
                        "profile again and redo your change."
                    )
                ]
            }
        )
    removed = [pk for pk in existing if pk not in kept]
    rated = sorted(
        {
            existing[pk].name
            for pk in Rating.objects.filter(competence_id__in=removed).values_list(
                "competence_id", flat=True
            )
        }
    )
    if rated:
        raise ValidationError(
            {
                "competences": [
                    _(
                        "%(names)s cannot be removed: people have rated it in an assessment "
                        "round, and removing it would delete their ratings. Change its name "
                        "or description instead."
                    )
                    % {"names": ", ".join(f"“{name}”" for name in rated)}
                ]
            }
        )
    rows = _competence_rows(current, data.competences)
    current.save()
    Competence.objects.filter(pk__in=removed).delete()
    changed = [row for row in rows if row.pk is not None]
    renamed = [row for row in changed if row.id_number != existing[row.pk].id_number]
    if renamed:
        # Two rows swapping ID numbers would break the unique constraint half-way.
        Competence.objects.bulk_update(
            [Competence(pk=row.pk, id_number=f"~moving-{row.pk}") for row in renamed], ["id_number"]
        )
    Competence.objects.bulk_update(
        changed,
        ["category", "name", "description", "expected_level", "goal", "id_number", "position"],
    )
    Competence.objects.bulk_create([row for row in rows if row.pk is None])
    _audit(by=by, profile=current, change="changed", competences=len(rows))
    return current
