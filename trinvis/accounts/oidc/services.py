"""Writes of single sign-on: linking a provider's identity to an account, and the account
of a person the provider vouches for."""

from django.db import transaction

from trinvis.accounts.models import SingleSignOnIdentity, User


@transaction.atomic
def sso_identity_link(*, user: User, issuer: str, subject: str) -> SingleSignOnIdentity:
    identity = SingleSignOnIdentity(user=user, issuer=issuer, subject=subject)
    identity.full_clean()
    identity.save()
    return identity


@transaction.atomic
def sso_user_create(*, email: str, full_name: str) -> User:
    """An account for a person the provider vouches for (only with TRINVIS_OIDC_CREATE_USERS):
    no password and no memberships; an administrator gives them their roles."""
    user = User(email=email, full_name=full_name or email)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
