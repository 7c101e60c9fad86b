"""Link surveys to a programme: the participant surveys of an agency programme, the course
evaluations of a course programme (`AgencyProgramme.surveys`, `CourseProgramme.surveys`).

A link is only as wide as the reader: the user links surveys they may read (a survey of
another organisation is refused, whatever id is sent), and a save leaves alone the links to
surveys the user cannot read, because someone who may read them made them and only they
can judge them. So two people with different reach share one list without undoing each
other's work.

The links are part of the programme: a save sends the programme's version the page showed
and raises it, and a save on top of a newer version raises the programme's conflict
(`ProgrammeConflict`, `CourseConflict`) and writes nothing, as the programme's other forms
do. The caller checks that the user runs the programme. A save costs a fixed number of
queries however many surveys are chosen.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.programmes.models import AgencyProgramme, CourseProgramme
from trinvis.programmes.selectors_surveys import linkable_surveys
from trinvis.programmes.services_courses import CourseConflict
from trinvis.programmes.services_programmes import ProgrammeConflict


def _readable(by: User, survey_ids: Iterable[int]) -> set[int]:
    """The chosen surveys, all of which the user may read; a `ValidationError` if not."""
    wanted = set(survey_ids)
    readable = set(linkable_surveys(user=by).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - readable:
        raise ValidationError({"surveys": [_("You can only link surveys you may read yourself.")]})
    return readable


def _relink(current: Any, by: User, chosen: set[int]) -> None:
    """Set the programme's links among the surveys the user may read to `chosen`; the links
    to the others stay."""
    links = current.surveys
    visible = linkable_surveys(user=by).values("pk")
    linked = set(links.filter(pk__in=visible).values_list("pk", flat=True))
    if linked - chosen:
        links.remove(*(linked - chosen))
    if chosen - linked:
        links.add(*(chosen - linked))


@transaction.atomic
def programme_surveys_link(
    *, by: User, programme: AgencyProgramme, base_version: int, survey_ids: Iterable[int]
) -> AgencyProgramme:
    """Link the agency programme to the chosen surveys (its participant surveys)."""
    chosen = _readable(by, survey_ids)
    current = AgencyProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    if current is None or current.version != base_version:
        raise ProgrammeConflict(current)
    _relink(current, by, chosen)
    current.version = base_version + 1
    current.save(update_fields=["version", "updated_at"])
    return current


@transaction.atomic
def course_surveys_link(
    *, by: User, course: CourseProgramme, base_version: int, survey_ids: Iterable[int]
) -> CourseProgramme:
    """Link the course programme to the chosen surveys (its course evaluations)."""
    chosen = _readable(by, survey_ids)
    current = CourseProgramme.objects.select_for_update().filter(pk=course.pk).first()
    if current is None or current.version != base_version:
        raise CourseConflict(current)
    _relink(current, by, chosen)
    current.version = base_version + 1
    current.save(update_fields=["version"])
    return current
