"""URLs of a person's own settings: reminder mails and the calendar address, and the
calendar feed that address serves."""

from django.urls import path, re_path

from trinvis.learning.views import preferences

urlpatterns = [
    path("me/settings/", preferences.preferences, name="preferences"),
    # The key is what services.preferences makes: URL-safe base64, nothing else.
    re_path(
        r"^calendar/(?P<key>[A-Za-z0-9_-]+)\.ics$",
        preferences.calendar_feed,
        name="calendar_feed",
    ),
]
