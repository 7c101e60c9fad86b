from django.urls import path

from trinvis.competences.views import rounds

urlpatterns = [
    path("new/", rounds.round_open, name="round_open"),
    path("<int:pk>/", rounds.round_detail, name="round_detail"),
    path("<int:pk>/close/", rounds.round_close, name="round_close"),
    path("<int:pk>/assess/team/", rounds.assess_team, name="assess_team"),
    path("<int:pk>/assess/<slug:kind>/<int:person_pk>/", rounds.assess, name="assess"),
]
