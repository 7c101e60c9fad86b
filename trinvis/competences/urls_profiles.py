from django.urls import path

from trinvis.competences.views import profiles

urlpatterns = [
    path("", profiles.index, name="index"),
]
