from django.urls import include, path

app_name = "surveys"
urlpatterns = [
    path("", include("trinvis.surveys.urls_questionnaires")),
    path("", include("trinvis.surveys.urls_distribution")),
    path("", include("trinvis.surveys.urls_results")),
    path("", include("trinvis.surveys.urls_compare")),
    path("", include("trinvis.surveys.urls_report")),
    path("", include("trinvis.surveys.urls_imports")),
    path("", include("trinvis.surveys.urls_builder")),
]
