"""The key-figure module's URLs: one include per area (each area adds its own line)."""

from django.urls import include, path

app_name = "indicators"
urlpatterns = [
    path("", include("trinvis.indicators.urls_pages")),
    path("", include("trinvis.indicators.urls_imports")),
]
