"""What the course report holds, for those who run a course programme: its progress
against the target in all and per region, the completion rate, the chart's figures, and the
results of the surveys linked to it (its course evaluations), protected by
`survey_summaries`.

Progress comes from the progress page's selector (selectors_course_progress), so the
report says what the page says; it counts people and names nobody. A fixed number of
queries however many enrolments there are; each linked survey adds its own fixed cost.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from trinvis.programmes.models import CourseProgramme
from trinvis.programmes.selectors_course_progress import Progress, course_progress
from trinvis.programmes.selectors_surveys import (
    SurveySummary,
    course_surveys,
    survey_lines,
    survey_summaries,
)


@dataclass(frozen=True)
class CourseReport:
    course: CourseProgramme
    made_at: datetime.datetime
    progress: Progress
    surveys: list[SurveySummary]

    @property
    def today(self) -> datetime.date:
        return self.progress.today


def course_report(*, course: CourseProgramme, user: Any, today: datetime.date) -> CourseReport:
    """The report of a course programme the user runs (the view checks it)."""
    return CourseReport(
        course=course,
        made_at=timezone.now(),
        progress=course_progress(course=course, today=today),
        surveys=survey_summaries(survey_lines(course_surveys(course=course, user=user))),
    )
