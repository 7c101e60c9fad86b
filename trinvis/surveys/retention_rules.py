"""The surveys' retention rule (core/retention.py runs it daily; README "Retention"): the job
itself is in housekeeping.py, beside the surveys' other jobs by the calendar."""

import datetime

from django.utils.translation import gettext_lazy as _

from trinvis.core.retention import register
from trinvis.surveys import housekeeping


@register(
    "survey_respondents",
    _("Responses of closed personal surveys cut loose from the people who gave them"),
    order=20,
)
def survey_respondents_unlink(now: datetime.datetime) -> int:
    return housekeeping.unlink_due(now=now)
