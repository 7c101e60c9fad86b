from django.urls import path

from trinvis.toolkits.views import runs

urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("start/", runs.run_start, name="run_start"),
    path("<int:pk>/", runs.run_detail, name="run_detail"),
    path("<int:pk>/steps/<slug:key>/", runs.run_step, name="run_step"),
]
