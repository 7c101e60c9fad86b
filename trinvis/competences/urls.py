from django.urls import include, path

app_name = "competences"
urlpatterns = [
    path("", include("trinvis.competences.urls_profiles")),
    path("rounds/", include("trinvis.competences.urls_rounds")),
    path("rounds/", include("trinvis.competences.urls_matrix")),
]
