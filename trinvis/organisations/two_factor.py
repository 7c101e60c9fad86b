"""The organisations' part of the two-factor rule (accounts.two_factor.policy asks it).

A person must use two-factor login when they hold an active membership in an organisation
that requires it, or in any organisation below one that does: a municipality that requires
it covers its units and teams. An organisation's requirement does not reach up: the agency's
facilitators are covered by the agency's own setting, not by a municipality's.
"""

from typing import Any

from django.db.models import Exists, OuterRef

from trinvis.organisations.models import Membership, Organisation


def membership_requires_two_factor(user: Any) -> bool:
    """One query: is any requiring organisation on the path of one of the user's memberships?"""
    if not getattr(user, "pk", None):
        return False
    member_below = Membership.objects.filter(
        user=user, is_active=True, organisation__path__startswith=OuterRef("path")
    )
    return (
        Organisation.objects.filter(require_two_factor=True).filter(Exists(member_below)).exists()
    )
