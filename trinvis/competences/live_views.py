"""The five-phase toolkit's competence worksheets, shown live from this module.

In a run of "strategic use of continuing education", the competence-profile worksheet shows
the profiles of the run's organisation (and those it inherits from above), and the
competence-assessment worksheet shows its assessment rounds with their progress and the way
to the matrix: the data lives here once, not copied into a worksheet.
"""

from typing import Any

from django.http import HttpRequest

from trinvis.competences.access import profiles_for_user, rounds_for_user
from trinvis.competences.selectors import rounds_with_progress
from trinvis.organisations.access import scope_for
from trinvis.toolkits.registry import LiveView, register_live_view


def _profiles(run: Any, request: HttpRequest) -> LiveView:
    organisation = run.organisation
    ancestors = [int(part) for part in organisation.path.strip("/").split("/")]
    profiles = (
        profiles_for_user(user=request.user)
        .filter(organisation_id__in=ancestors)
        .prefetch_related("competences")
    )
    context = {
        "profiles": profiles,
        "may_create": scope_for(request.user).can_write(organisation.pk),
    }
    return "competences/live/profiles.html", context


def _rounds(run: Any, request: HttpRequest) -> LiveView:
    rounds = rounds_for_user(user=request.user).filter(
        organisation__path__startswith=run.organisation.path
    )
    context = {
        "rounds": rounds_with_progress(rounds),
        "may_open": scope_for(request.user).can_write(run.organisation_id),
    }
    return "competences/live/rounds.html", context


register_live_view("competence-profile", _profiles)
register_live_view("competence-assessment", _rounds)
