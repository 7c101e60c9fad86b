"""When an agreed personal learning goal has stalled: the rule behind a leader's list of
"goals without progress".

A goal is agreed so that it is revisited at follow-up talks; the point of the list is to
show a leader where that has stopped happening, or where the talks say it does not work.
Plain values in, a verdict out: no queries, so the rule is tested on its own.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from trinvis.learning.models import LearningGoal

Outcome = LearningGoal.Outcome

# A first review is due this long after the course ended...
FIRST_REVIEW_AFTER_DAYS = 30
# ...and another one this long after the latest.
REVIEW_EVERY_DAYS = 90


class Reason(StrEnum):
    NOT_REVIEWED_AFTER_COURSE = "not_reviewed_after_course"
    NOT_REVIEWED_SINCE_AGREED = "not_reviewed_since_agreed"
    NO_RECENT_REVIEW = "no_recent_review"
    NOT_ACHIEVED = "not_achieved"


@dataclass(frozen=True)
class Stall:
    """Why a goal is on the list, and since when (the day the reason started)."""

    reason: Reason
    since: datetime.date


def stalled(
    *,
    today: datetime.date,
    agreed_on: datetime.date,
    course_ended_on: datetime.date | None,
    last_review_on: datetime.date | None,
    last_outcome: str | None,
) -> Stall | None:
    """Whether an agreed goal shows no progress, and why; None when it is on track.

    - Achieved at its latest review: done, never on the list.
    - Latest review "not achieved": on the list (the talk found it does not work).
    - Reviewed before: on the list when the latest review is `REVIEW_EVERY_DAYS` or more
      old (a partly achieved goal must keep being followed up).
    - Never reviewed, with a course (`course_ended_on`: its last day): on the list once the
      course ended more than `FIRST_REVIEW_AFTER_DAYS` ago; not before, for a goal agreed
      ahead of a course has nothing to review until the course is over.
    - Never reviewed, with no dated course to wait for (mentoring, side-by-side training):
      on the list `REVIEW_EVERY_DAYS` or more after it was agreed.
    """
    if last_outcome == Outcome.ACHIEVED:
        return None
    if last_review_on is not None:
        if last_outcome == Outcome.NOT_ACHIEVED:
            return Stall(Reason.NOT_ACHIEVED, last_review_on)
        if (today - last_review_on).days >= REVIEW_EVERY_DAYS:
            return Stall(Reason.NO_RECENT_REVIEW, last_review_on)
        return None
    if course_ended_on is not None:
        if (today - course_ended_on).days > FIRST_REVIEW_AFTER_DAYS:
            return Stall(Reason.NOT_REVIEWED_AFTER_COURSE, course_ended_on)
        return None
    if (today - agreed_on).days >= REVIEW_EVERY_DAYS:
        return Stall(Reason.NOT_REVIEWED_SINCE_AGREED, agreed_on)
    return None
