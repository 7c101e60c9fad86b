from django.urls import include, path

app_name = "toolkits"
urlpatterns = [
    path("", include("trinvis.toolkits.urls_catalogue")),
    path("runs/", include("trinvis.toolkits.urls_runs")),
    path("runs/", include("trinvis.toolkits.urls_worksheets")),
]
