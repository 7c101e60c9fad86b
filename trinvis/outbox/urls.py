from django.urls import path

from trinvis.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.outbox_list, name="list"),
    path("retry", views.outbox_retry, name="retry"),
]
