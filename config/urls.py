from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("trinvis.core.urls")),
    path("accounts/", include("trinvis.accounts.urls")),
    path("organisations/", include("trinvis.organisations.urls")),
    path("toolkits/", include("trinvis.toolkits.urls")),
    path("competences/", include("trinvis.competences.urls")),
    path("learning/", include("trinvis.learning.urls")),
    path("surveys/", include("trinvis.surveys.urls")),
    path("indicators/", include("trinvis.indicators.urls")),
    path("programmes/", include("trinvis.programmes.urls")),
    path("s/", include("trinvis.surveys.urls_answer")),
    path("outbox/", include("trinvis.outbox.urls")),  # e-mail outbox, administrators only
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]

# A database that does not answer gives 503 "back in a moment", not the 500 page.
handler500 = "trinvis.core.views.server_error"
