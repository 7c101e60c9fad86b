"""The programmes' pages, one urls module per part: the programme itself and its selection
(urls_programmes), contact and letters (urls_letters), mapping (urls_mapping), workshops
(urls_workshops), follow-up and the dashboard (urls_follow_up), course providers
(urls_courses), the surveys linked to a programme (urls_survey_links), the reports
(urls_reports)."""

from django.urls import include, path

app_name = "programmes"

urlpatterns = [
    path("", include("trinvis.programmes.urls_programmes")),
    path("", include("trinvis.programmes.urls_mapping")),
    path("", include("trinvis.programmes.urls_workshops")),
    path("", include("trinvis.programmes.urls_letters")),
    path("", include("trinvis.programmes.urls_follow_up")),
    path("", include("trinvis.programmes.urls_courses")),
    path("", include("trinvis.programmes.urls_survey_links")),
    path("", include("trinvis.programmes.urls_reports")),
]
