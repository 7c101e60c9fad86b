from django.urls import include, path

app_name = "surveys"
urlpatterns = [
    path("", include("trinvis.surveys.urls_questionnaires")),
    path("", include("trinvis.surveys.urls_distribution")),
    path("", include("trinvis.surveys.urls_results")),
]
