"""The learning module's URLs: the start page, then one include per area (each area adds
its own line)."""

from django.urls import include, path

from trinvis.learning.views import index

app_name = "learning"
urlpatterns = [
    path("", index.index, name="index"),
    path("", include("trinvis.learning.urls_catalogue")),
    path("", include("trinvis.learning.urls_personal")),
    path("", include("trinvis.learning.urls_plans")),
    path("", include("trinvis.learning.urls_implementation")),
    path("", include("trinvis.learning.urls_preferences")),
]
