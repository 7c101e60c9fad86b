"""The accounts' retention rules (core/retention.py runs them daily; README "Retention").

- Login records (django-axes: failed attempts, the failure log, the log of logins) go after
  TRINVIS_RETENTION_LOGIN_RECORDS_DAYS days: they serve the lock-out (minutes) and looking
  into a recent attack, not a history of when someone worked.
- Dormant accounts — a person whose every membership was deactivated at least
  TRINVIS_RETENTION_DORMANT_MONTHS months ago and who has not logged in since — are flagged
  for the platform administrator (the page "Dormant accounts", linked from their home page
  while there are any, and the filter "dormant" in Django's admin), never erased by the
  calendar: erasure is the administrator's decision (a person may return, and erasure has
  rules of its own, personal_data/erase.py). The rule reports how many there are.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.accounts.personal_data.sources import ERASED_DOMAIN
from trinvis.core.retention import register

LOGIN_RECORDS = ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog")


def dormant_cutoff(now: datetime.datetime) -> datetime.datetime:
    months = settings.TRINVIS_RETENTION_DORMANT_MONTHS
    return now - datetime.timedelta(days=round(months * 365.25 / 12))


def dormant_accounts(*, now: datetime.datetime) -> QuerySet[User]:
    """Active, not erased, had memberships, has no active one, the last of them changed (was
    deactivated) before the cut-off, and no login since."""
    cutoff = dormant_cutoff(now)
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .exclude(memberships__is_active=True)
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .annotate(last_change=Max("memberships__updated_at"))
        .filter(last_change__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
    )


def dormant_accounts_for_review(*, now: datetime.datetime) -> QuerySet[User]:
    """The dormant accounts as the administrator reviews them: the organisation of the
    membership that changed last (`last_organisation`), the longest dormant first."""
    from trinvis.organisations.models import Membership

    latest = Membership.objects.filter(user=OuterRef("pk")).order_by("-updated_at", "-pk")
    return (
        dormant_accounts(now=now)
        .annotate(last_organisation=Subquery(latest.values("organisation__name")[:1]))
        .order_by(F("last_change").asc(), "pk")
    )


@register("login_records", _("Login records (failed attempts, logins) older than the period"))
def login_records_remove(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=settings.TRINVIS_RETENTION_LOGIN_RECORDS_DAYS)
    removed = 0
    for name in LOGIN_RECORDS:
        if apps.is_installed(name.split(".")[0]):
            model = apps.get_model(name)
            removed += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return removed


@register("dormant_accounts", _("Accounts without an active membership, flagged (not erased)"))
def dormant_accounts_flag(now: datetime.datetime) -> int:
    return dormant_accounts(now=now).count()
