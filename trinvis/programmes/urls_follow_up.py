"""URLs of the follow-up: the conversations with the municipalities after each workshop,
the internal note per workshop, and the programme dashboard with its CSV download."""

from django.urls import path

from trinvis.programmes.views import dashboard, follow_up

urlpatterns = [
    path("<int:pk>/follow-up/", follow_up.follow_up, name="follow_up"),
    path(
        "follow-up/workshops/<int:pk>/municipalities/<int:candidate>/",
        follow_up.conversation,
        name="follow_up_conversation",
    ),
    path("follow-up/workshops/<int:pk>/note/", follow_up.internal_note, name="follow_up_note"),
    path("<int:pk>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<int:pk>/dashboard.csv", dashboard.dashboard_csv, name="dashboard_csv"),
]
