from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from trinvis.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required: `user` is a real User."""

    user: User
    htmx: HtmxDetails
