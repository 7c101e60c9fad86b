"""URLs of contact and anchoring: the programme's letters (templates and log), a template's
editor, sending, a municipality's letters, one letter, and sending one again."""

from django.urls import path

from trinvis.programmes.views import letters as views

urlpatterns = [
    path("<int:pk>/letters/", views.letters, name="letters"),
    path("<int:pk>/letters/send/", views.send, name="letters_send"),
    path(
        "<int:pk>/letters/templates/<str:kind>/<str:language>/",
        views.template_edit,
        name="letter_template",
    ),
    path("municipalities/<int:pk>/letters/", views.candidate_letters, name="candidate_letters"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/resend/", views.letter_resend, name="letter_resend"),
]
