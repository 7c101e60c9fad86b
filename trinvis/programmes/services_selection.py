"""Write a programme's selection: its criteria, and the shortlist they give.

The selection rule and the suggested municipalities carry versions. The criteria form
sends the rule's version it was opened on; "Save as shortlist" sends the version of the
criteria the user saw evaluated, so a shortlist is never saved from criteria someone has
changed meanwhile. Saving the shortlist writes the matches as suggested municipalities with
their rank and reasons; municipalities already decided on (confirmed, added by hand or
removed) are left as they are. A suggestion the criteria no longer give is dropped, unless
work has begun with it (a letter, a mapping conversation…): then it stays, marked as no
longer meeting the criteria, so nothing recorded is lost.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.indicators.links import breakdown_of
from trinvis.indicators.models import Indicator
from trinvis.programmes.models import AgencyProgramme, Candidate, SelectionRule
from trinvis.programmes.selection import Criteria, to_json
from trinvis.programmes.selectors_selection import selection_of
from trinvis.programmes.services_programmes import ProgrammeConflict

Status = Candidate.Status


def _check_criteria(criteria: Criteria) -> None:
    """Every indicator the criteria name exists and has the breakdowns they use."""
    sources = criteria.sources
    indicators = {
        indicator.key: indicator
        for indicator in Indicator.objects.filter(key__in={source[0] for source in sources})
    }
    errors = []
    for key, breakdown, _period in sorted(sources):
        indicator = indicators.get(key)
        if indicator is None:
            errors.append(_("There is no indicator “%(key)s”.") % {"key": key})
        elif not set(breakdown_of(breakdown)) <= set(indicator.breakdowns):
            errors.append(
                _("“%(name)s” has no breakdown “%(breakdown)s”.")
                % {"name": indicator.label, "breakdown": breakdown}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def selection_rule_save(
    *,
    by: User,
    programme: AgencyProgramme,
    base_version: int,
    country: str,
    criteria: Criteria,
) -> SelectionRule:
    """Write the programme's criteria; `base_version` 0 when there were none. The
    programme row is locked first, so two first saves cannot both create a rule."""
    AgencyProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    current = SelectionRule.objects.select_for_update().filter(programme=programme).first()
    if (current.version if current else 0) != base_version:
        raise ProgrammeConflict(current)
    _check_criteria(criteria)
    rule = current or SelectionRule(programme=programme)
    rule.country = country
    rule.criteria = to_json(criteria)
    rule.updated_by = by
    rule.version = base_version + 1
    rule.full_clean()
    rule.save()
    return rule


@dataclass(frozen=True)
class ShortlistReport:
    created: int
    updated: int
    decided: int  # matches already decided on, left as they were
    dropped: int
    kept: int  # suggestions no longer given, kept for the work recorded with them


def _with_records(candidates: list[Candidate]) -> set[int]:
    """The candidates something else refers to (letters, a mapping conversation,
    participants…): one query, whatever parts of the programme record work."""
    if not candidates:
        return set()
    relations = {
        f"has_{index}": Exists(
            relation.related_model._default_manager.filter(**{relation.field.name: OuterRef("pk")})
        )
        for index, relation in enumerate(Candidate._meta.related_objects)
    }
    rows = Candidate.objects.filter(pk__in=[c.pk for c in candidates]).annotate(**relations)
    return {row.pk for row in rows if any(getattr(row, name) for name in relations)}


def _no_longer_meets(today: datetime.date) -> dict[str, list[str]]:
    """The reason of a suggestion the criteria no longer give, in every language."""
    reasons = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            checked = formats.date_format(today, "DATE_FORMAT")
            reasons[language] = [
                _("No longer meets the criteria (checked %(date)s).") % {"date": checked}
            ]
    return reasons


@transaction.atomic
def shortlist_save(*, by: User, programme: AgencyProgramme, base_version: int) -> ShortlistReport:
    """Write the criteria's matches as suggested municipalities with rank and reasons;
    `ProgrammeConflict` when the criteria changed after `base_version`."""
    rule = SelectionRule.objects.select_for_update().filter(programme=programme).first()
    if rule is None or rule.version != base_version:
        raise ProgrammeConflict(rule)
    selection = selection_of(rule=rule)
    if selection.criteria.is_empty:
        raise ValidationError(_("Write the criteria first: without them every municipality fits."))
    existing = {
        candidate.area_id: candidate
        for candidate in Candidate.objects.select_for_update().filter(programme=programme)
    }
    worded = selection.reasons_in_every_language()
    created, updated, decided = [], [], 0
    for match in selection.evaluation.matches:
        candidate = existing.pop(match.municipality.area_id, None)
        if candidate is None:
            created.append(
                Candidate(
                    programme=programme,
                    area_id=match.municipality.area_id,
                    status=Status.SUGGESTED,
                    rank=match.rank,
                    reasons=worded[match.municipality.area_id],
                )
            )
        elif candidate.status == Status.SUGGESTED:
            candidate.rank = match.rank
            candidate.reasons = worded[match.municipality.area_id]
            candidate.version += 1
            updated.append(candidate)
        else:
            decided += 1
    stale = [c for c in existing.values() if c.status == Status.SUGGESTED]
    keep = _with_records(stale)
    no_longer = _no_longer_meets(timezone.localdate())
    for candidate in stale:
        if candidate.pk in keep:
            candidate.rank = None
            candidate.reasons = no_longer
            candidate.version += 1
            updated.append(candidate)
    Candidate.objects.bulk_create(created)
    Candidate.objects.bulk_update(updated, ["rank", "reasons", "version"])
    Candidate.objects.filter(pk__in=[c.pk for c in stale if c.pk not in keep]).delete()
    return ShortlistReport(
        created=len(created),
        updated=len(updated) - len(keep),
        decided=decided,
        dropped=len(stale) - len(keep),
        kept=len(keep),
    )
